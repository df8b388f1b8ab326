import { example } from './fixtures/examples';
import { defineSchema } from './support/schema';
import { TestServer } from './support/test-server';

/**
 * The example schemas of ../shared/examples built through the admin API, their
 * sample rows written through the REST API (generated ids are the server's,
 * so foreign keys are re-pointed at the new ids) and read back with includes.
 */
describe.each(['content-management', 'helpdesk-ticketing'] as const)('example %s', (name) => {
  let server: TestServer;
  let app: string;
  let token: string;
  const schema = example(name);
  const newIds = new Map<string, string>();

  beforeAll(async () => {
    server = await TestServer.start();
    app = await server.createApp();
    token = (await server.appLogin(app)).access_token;
    await defineSchema(server, app, token, schema.entities, schema.relations);
  });
  afterAll(() => server.close());

  it('accepts every sample row through the API and lists them back', async () => {
    for (const entity of schema.entities) {
      const rows = schema.sample_data?.[entity.name] ?? [];
      const fks = schema.relations
        .filter((r) => r.target === entity.name && r.type !== 'many_to_many')
        .map((r) => r.target_key);
      for (const row of rows) {
        const body: Record<string, unknown> = { ...row };
        delete body[entity.primary_key.field];
        for (const fk of fks) if (typeof body[fk] === 'string') body[fk] = newIds.get(body[fk]) ?? body[fk];
        const res = await server.post(`/api/${app}/${entity.name}`, { token, body });
        expect([res.status, res.body.error]).toEqual([201, undefined]);
        newIds.set(row[entity.primary_key.field] as string, res.body.data[entity.primary_key.field]);
        // Every sent field comes back as sent (dates and numbers in their JSON types).
        for (const [key, value] of Object.entries(body)) {
          if (value === null || typeof value === 'object') continue;
          const type = entity.fields.find((f: any) => f.name === key)?.type;
          const [got, sent] =
            type === 'timestamp'
              ? [Date.parse(res.body.data[key]), Date.parse(value as string)]
              : [res.body.data[key], value];
          expect([key, got]).toEqual([key, sent]);
        }
      }
      const listed = await server.get(`/api/${app}/${entity.name}?per_page=100`, { token });
      expect(listed.status).toBe(200);
      expect(listed.body.meta.total).toBe(rows.length);
      expect(listed.body.data.map((r: any) => r[entity.primary_key.field]).sort()).toEqual(
        rows.map((r) => newIds.get(r[entity.primary_key.field] as string)).sort(),
      );
    }
  });

  it('reads relations back through includes', async () => {
    for (const relation of schema.relations) {
      if (relation.type === 'many_to_many') {
        const links = schema.sample_data?.[relation.join_table] ?? [];
        for (const link of links) {
          await server.sql(
            `rocket_${app}`,
            `INSERT INTO "${relation.join_table}" ("${relation.source_join_key}", "${relation.target_join_key}") VALUES ($1, $2)`,
            [
              newIds.get(link[relation.source_join_key] as string),
              newIds.get(link[relation.target_join_key] as string),
            ],
          );
        }
        const res = await server.get(`/api/${app}/${relation.source}?per_page=100&include=${relation.name}`, { token });
        const linked = res.body.data.reduce((n: number, r: any) => n + r[relation.name].length, 0);
        expect(linked).toBe(links.length);
        continue;
      }
      const children = schema.sample_data?.[relation.target] ?? [];
      const withParent = children.filter((c) => c[relation.target_key] != null).length;
      const res = await server.get(`/api/${app}/${relation.source}?per_page=100&include=${relation.name}`, { token });
      expect(res.status).toBe(200);
      const counted = res.body.data.reduce(
        (n: number, r: any) =>
          n + (Array.isArray(r[relation.name]) ? r[relation.name].length : r[relation.name] ? 1 : 0),
        0,
      );
      expect([relation.name, counted]).toEqual([relation.name, withParent]);
      const reverse = await server.get(`/api/${app}/${relation.target}?per_page=100&include=${relation.name}`, {
        token,
      });
      const parents = reverse.body.data.filter((r: any) => r[relation.name] !== null).length;
      expect([relation.name, parents]).toEqual([relation.name, withParent]);
    }
  });
});
