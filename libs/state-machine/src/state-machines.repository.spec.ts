import { StateMachineInput } from './definition/machine.types';
import {
  deleteMachineQuery,
  findMachineQuery,
  insertMachineQuery,
  listMachinesQuery,
  updateMachineQuery,
} from './state-machines.repository';
import { STATE_MACHINES_DDL } from './state-machines.schema';
import { recordingDb } from './testing/fixtures';

const { db } = recordingDb();
const ID = '6f1c0000-0000-4000-8000-000000000001';
const input: StateMachineInput = {
  entity: 'invoice',
  field: 'status',
  active: true,
  definition: { initial: 'draft', transitions: [{ from: ['draft'], to: 'sent', roles: [], guard: null, actions: [] }] },
};
const sql = (q: { compile(): { sql: string; parameters: readonly unknown[] } }) => {
  const { sql, parameters } = q.compile();
  return { sql, parameters };
};

describe('_state_machines queries (STYLE 2: SQL a reviewer can read)', () => {
  it('table: one machine per (entity, field), removed with its entity', () => {
    expect(STATE_MACHINES_DDL[0]).toContain('REFERENCES _entities(name) ON DELETE CASCADE');
    expect(STATE_MACHINES_DDL[0]).toContain('UNIQUE (entity, field)');
  });

  it('list, optionally of one entity, by entity and field', () => {
    expect(sql(listMachinesQuery(db))).toMatchInlineSnapshot(`
{
  "parameters": [],
  "sql": "select "id", "entity", "field", "definition", "active", "created_at", "updated_at" from "_state_machines" order by "entity", "field"",
}
`);
    expect(sql(listMachinesQuery(db, 'invoice'))).toMatchInlineSnapshot(`
{
  "parameters": [
    "invoice",
  ],
  "sql": "select "id", "entity", "field", "definition", "active", "created_at", "updated_at" from "_state_machines" where "entity" = $1 order by "entity", "field"",
}
`);
  });

  it('find, insert, update, delete', () => {
    expect(sql(findMachineQuery(db, ID))).toMatchInlineSnapshot(`
{
  "parameters": [
    "6f1c0000-0000-4000-8000-000000000001",
  ],
  "sql": "select "id", "entity", "field", "definition", "active", "created_at", "updated_at" from "_state_machines" where "id" = $1",
}
`);
    expect(sql(insertMachineQuery(db, input))).toMatchInlineSnapshot(`
{
  "parameters": [
    "invoice",
    "status",
    "{"initial":"draft","transitions":[{"from":["draft"],"to":"sent","roles":[],"guard":null,"actions":[]}]}",
    true,
  ],
  "sql": "insert into "_state_machines" ("entity", "field", "definition", "active") values ($1, $2, $3, $4) returning "id", "entity", "field", "definition", "active", "created_at", "updated_at"",
}
`);
    expect(sql(updateMachineQuery(db, ID, { ...input, active: false }))).toMatchInlineSnapshot(`
{
  "parameters": [
    "invoice",
    "status",
    "{"initial":"draft","transitions":[{"from":["draft"],"to":"sent","roles":[],"guard":null,"actions":[]}]}",
    false,
    "6f1c0000-0000-4000-8000-000000000001",
  ],
  "sql": "update "_state_machines" set "entity" = $1, "field" = $2, "definition" = $3, "active" = $4, "updated_at" = NOW() where "id" = $5 returning "id", "entity", "field", "definition", "active", "created_at", "updated_at"",
}
`);
    expect(sql(deleteMachineQuery(db, ID))).toMatchInlineSnapshot(`
{
  "parameters": [
    "6f1c0000-0000-4000-8000-000000000001",
  ],
  "sql": "delete from "_state_machines" where "id" = $1 returning "id"",
}
`);
  });
});
