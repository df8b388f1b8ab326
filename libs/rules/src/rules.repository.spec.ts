import { RulesRepository } from './rules.repository';
import { sqlOnlyDb } from './testing/fixtures';

const db = sqlOnlyDb();
const repository = new RulesRepository();
const rule = {
  entity: 'invoice',
  hook: 'before_write' as const,
  type: 'field' as const,
  definition: { field: 'total', operator: 'gte', value: 0, stop_on_fail: false },
  priority: 1,
  active: true,
};

/** The fixed SQL of `_rules`, pinned so a reviewer reads it (STYLE 2). */
describe('RulesRepository SQL', () => {
  it('lists in admin order with the optional filters', () => {
    expect(repository.listQuery(db).compile().sql).toMatchInlineSnapshot(
      `"select "id", "entity", "hook", "type", "definition", "priority", "active", "created_at", "updated_at" from "_rules" order by "entity", "priority", "created_at", "id""`,
    );
    const filtered = repository
      .listQuery(db, { entity: 'invoice', hook: 'before_write', type: 'field', active: true })
      .compile();
    expect(filtered.sql).toMatchInlineSnapshot(
      `"select "id", "entity", "hook", "type", "definition", "priority", "active", "created_at", "updated_at" from "_rules" where "entity" = $1 and "hook" = $2 and "type" = $3 and "active" = $4 order by "entity", "priority", "created_at", "id""`,
    );
    expect(filtered.parameters).toEqual(['invoice', 'before_write', 'field', true]);
  });

  it('inserts with clock_timestamp() and the definition as JSON text', () => {
    const { sql, parameters } = repository.insertQuery(db, rule).compile();
    expect(sql).toMatchInlineSnapshot(
      `"insert into "_rules" ("entity", "hook", "type", "definition", "priority", "active", "created_at", "updated_at") values ($1, $2, $3, $4, $5, $6, clock_timestamp(), clock_timestamp()) returning "id", "entity", "hook", "type", "definition", "priority", "active", "created_at", "updated_at""`,
    );
    expect(parameters[3]).toBe('{"field":"total","operator":"gte","value":0,"stop_on_fail":false}');
  });

  it('replaces and deletes by id', () => {
    expect(repository.updateQuery(db, 'r1', rule).compile().sql).toMatchInlineSnapshot(
      `"update "_rules" set "entity" = $1, "hook" = $2, "type" = $3, "definition" = $4, "priority" = $5, "active" = $6, "updated_at" = now() where "id" = $7 returning "id", "entity", "hook", "type", "definition", "priority", "active", "created_at", "updated_at""`,
    );
    expect(repository.deleteQuery(db, 'r1').compile().sql).toMatchInlineSnapshot(
      `"delete from "_rules" where "id" = $1"`,
    );
  });
});
