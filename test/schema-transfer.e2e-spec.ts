import { example } from './fixtures/examples';
import { TestServer } from './support/test-server';

/** Kinds of metadata that later phases add; whichever this build lacks is reported as not imported. */
const LATER = ['rules', 'state_machines', 'workflows', 'permissions', 'webhooks'];

describe('schema export / import (01 §8)', () => {
  let server: TestServer;

  /** The kinds this build exports, in order: read from the export of an empty app. */
  let kinds: string[];

  beforeAll(async () => {
    server = await TestServer.start();
    const { app, token } = await freshApp();
    const empty = await server.get(`/api/${app}/_admin/export`, { token });
    kinds = Object.keys(empty.body.data).filter((k) => k !== 'version' && k !== 'exported_at');
  });
  afterAll(() => server.close());

  async function freshApp() {
    const app = await server.createApp();
    return { app, token: (await server.appLogin(app)).access_token };
  }

  it.each(['content-management', 'helpdesk-ticketing'] as const)(
    'imports %s with exact counts, then again as a no-op',
    async (name) => {
      const doc = example(name);
      const { app, token } = await freshApp();
      const records = Object.entries(doc.sample_data ?? {}).reduce((n, [, rows]) => n + rows.length, 0);

      const first = await server.post(`/api/${app}/_admin/import`, { token, body: doc });
      expect(first.status).toBe(200);
      const count = (k: string) => ((doc as any)[k] ?? []).length as number;
      const later = LATER.filter((k) => !kinds.includes(k) && count(k) > 0);
      const expectedLater = Object.fromEntries(later.map((k) => [k, count(k)]));
      const perKind = (f: (k: string) => number) =>
        Object.fromEntries([...kinds.map((k) => [k, f(k)]), ['records', 0]]) as Record<string, number>;
      expect(first.body.data).toEqual({
        message: 'Import completed',
        summary: { ...perKind(count), records },
        skipped: perKind(() => 0),
        ...(Object.keys(expectedLater).length ? { not_imported: expectedLater } : {}),
      });
      for (const entity of doc.entities) {
        const res = await server.get(`/api/${app}/${entity.name}?per_page=100`, { token });
        expect([entity.name, res.body.meta.total]).toEqual([
          entity.name,
          (doc.sample_data?.[entity.name] ?? []).length,
        ]);
      }
      // Sample ids are kept, so relations resolve through includes.
      const rel = doc.relations.find((r) => r.type === 'one_to_many')!;
      const parents = await server.get(`/api/${app}/${rel.source}?per_page=100&include=${rel.name}`, { token });
      const linked = parents.body.data.reduce((n: number, r: any) => n + r[rel.name].length, 0);
      expect(linked).toBe((doc.sample_data?.[rel.target] ?? []).filter((c) => c[rel.target_key] != null).length);

      const again = await server.post(`/api/${app}/_admin/import`, { token, body: doc });
      expect(again.status).toBe(200);
      expect(again.body.data.summary).toEqual(perKind(() => 0));
      expect(again.body.data.skipped).toEqual({ ...perKind(count), records });
    },
  );

  it('accepts its own export, wrapped or not, and round-trips to the same document', async () => {
    const a = await freshApp();
    await server.post(`/api/${a.app}/_admin/import`, { token: a.token, body: example('helpdesk-ticketing') });
    await server.sql(
      `rocket_${a.app}`,
      `INSERT INTO _ui_configs (entity, scope, config) VALUES ('ticket', 'default', '{"columns":["title"]}')`,
    );
    const exported = await server.get(`/api/${a.app}/_admin/export`, { token: a.token });
    expect(exported.status).toBe(200);
    expect(Object.keys(exported.body.data)).toEqual(['version', 'exported_at', ...kinds]);
    expect(kinds.slice(0, 2)).toEqual(['entities', 'relations']);
    expect(exported.body.data.entities.map((e: any) => e.name)).toEqual(
      [...exported.body.data.entities.map((e: any) => e.name)].sort(),
    );

    const b = await freshApp();
    const imported = await server.post(`/api/${b.app}/_admin/import`, { token: b.token, body: exported.body });
    expect(imported.status).toBe(200);
    expect(imported.body.data.summary.ui_configs).toBe(1);
    const second = await server.get(`/api/${b.app}/_admin/export`, { token: b.token });
    const strip = (d: any) => ({ ...d, exported_at: undefined });
    expect(strip(second.body.data)).toEqual(strip(exported.body.data));
  });

  it('validates the whole document first and writes nothing when anything is wrong', async () => {
    const { app, token } = await freshApp();
    const doc = example('content-management');
    const broken = {
      ...doc,
      entities: [
        ...doc.entities,
        {
          name: 'bad',
          table: 'bads',
          primary_key: { field: 'id', type: 'uuid' },
          fields: [{ name: 'id', type: 'money' }],
        },
      ],
      relations: [...doc.relations, { ...doc.relations[0], name: 'dangling', target: 'nosuch' }],
    };
    const res = await server.post(`/api/${app}/_admin/import`, { token, body: broken });
    expect(res.status).toBe(422);
    expect(res.body.error.message).toBe('Import validation failed');
    const fields = res.body.error.details.map((d: any) => d.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        `entities[${doc.entities.length}].fields[0].type`,
        `relations[${doc.relations.length}].target`,
      ]),
    );
    const entities = await server.get(`/api/${app}/_admin/entities`, { token });
    expect(entities.body.data).toEqual([]);
    expect(await server.sql(`rocket_${app}`, "SELECT 1 FROM pg_tables WHERE tablename = 'authors'")).toHaveLength(0);
  });

  it.each([
    [{ version: 2 }, 422, 'Unsupported schema version: 2'],
    [{ entities: [] }, 422, 'Unsupported schema version: null'],
    [{ version: '1' }, 422, 'Unsupported schema version: 1'],
    [{ version: 1, entities: 'x' }, 422, 'Import validation failed'],
  ])('refuses %j', async (body, status, message) => {
    const { app, token } = await freshApp();
    const res = await server.post(`/api/${app}/_admin/import`, { token, body });
    expect(res.status).toBe(status);
    expect(res.body.error.message).toBe(message);
  });

  it('reports bad sample rows and keys, keeping the good rows', async () => {
    const { app, token } = await freshApp();
    const doc = example('helpdesk-ticketing');
    const sample = {
      customer: [
        { name: 'Ok', email: 'ok@x.test' },
        { name: 'No email' },
        'not a record',
        { name: 'Dup', email: 'ok@x.test' },
      ],
      _users: [{ email: 'x' }],
    };
    const res = await server.post(`/api/${app}/_admin/import`, { token, body: { ...doc, sample_data: sample } });
    expect(res.status).toBe(200);
    expect(res.body.data.summary.records).toBe(1);
    // A row that hits an existing unique value is skipped, as ON CONFLICT DO NOTHING says (01 §8.4).
    expect(res.body.data.skipped.records).toBe(1);
    expect(res.body.data.errors).toEqual([
      expect.stringMatching(/^record customer\[1\]: email is required/),
      'record customer[2]: record must be an object',
      'sample_data "_users": not an entity or join table',
    ]);
    const customers = await server.get(`/api/${app}/customer`, { token });
    expect(customers.body.meta.total).toBe(1);
  });

  it('allows 10 MiB for imports only', async () => {
    const { app, token } = await freshApp();
    const big = JSON.stringify({ version: 1, sample_data: {}, padding: 'x'.repeat(3 * 1024 * 1024) });
    const ok = await server.post(`/api/${app}/_admin/import`, { token, raw: big });
    expect(ok.status).toBe(200);
    const tooBig = await server.post(`/api/${app}/_admin/import`, {
      token,
      raw: JSON.stringify({ version: 1, padding: 'x'.repeat(11 * 1024 * 1024) }),
    });
    expect(tooBig.status).toBe(413);
    const elsewhere = await server.post(`/api/${app}/_admin/entities`, { token, raw: big });
    expect(elsewhere.status).toBe(413);
  });

  it('is for admins only', async () => {
    const { app } = await freshApp();
    expect((await server.get(`/api/${app}/_admin/export`)).status).toBe(401);
  });
});
