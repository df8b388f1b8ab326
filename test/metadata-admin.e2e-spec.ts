import { example } from './fixtures/examples';
import { TestServer } from './support/test-server';

describe('metadata admin API (01 §6–7)', () => {
  let server: TestServer;
  let app: string;
  let token: string;
  const url = (path = '') => `/api/${app}/_admin${path}`;

  beforeAll(async () => {
    server = await TestServer.start();
    app = await server.createApp();
    token = (await server.appLogin(app)).access_token;
  });
  afterAll(() => server.close());

  const tag = {
    name: 'tag',
    table: 'tags',
    primary_key: { field: 'id', type: 'uuid', generated: true },
    fields: [
      { name: 'id', type: 'uuid', required: true },
      { name: 'label', type: 'string', required: true, unique: true },
    ],
  };

  it('creates an entity and its table, normalised', async () => {
    const res = await server.post(url('/entities'), { token, body: { ...tag, extra: 'dropped' } });
    expect(res.status).toBe(201);
    expect(res.body.data).toEqual({ ...tag, primary_key: { ...tag.primary_key }, soft_delete: false });
    const cols = await server.sql(
      `rocket_${app}`,
      "SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_name = 'tags' ORDER BY ordinal_position",
    );
    expect(cols).toEqual([
      { column_name: 'id', data_type: 'uuid', is_nullable: 'NO' },
      { column_name: 'label', data_type: 'text', is_nullable: 'NO' },
    ]);
    const idx = await server.sql(`rocket_${app}`, "SELECT indexname FROM pg_indexes WHERE tablename = 'tags'");
    expect(idx.map((i) => i.indexname)).toContain('idx_tags_label');
    const list = await server.get(url('/entities'), { token });
    expect(list.body.data.map((r: any) => r.name)).toEqual(['tag']);
    expect(list.body.data[0]).toMatchObject({ name: 'tag', table_name: 'tags', definition: expect.any(Object) });
  });

  it('refuses bad definitions with field-level details', async () => {
    const res = await server.post(url('/entities'), {
      token,
      body: {
        name: 'widget',
        table: 'widgets',
        primary_key: { field: 'id', type: 'uuid', generated: true },
        fields: [
          { name: 'id', type: 'uuid' },
          { name: 'label', type: 'money' },
        ],
      },
    });
    expect(res.status).toBe(422);
    expect(res.body.error).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'unsupported field type: money',
      details: [{ field: 'fields[1].type', rule: 'unsupported_type', message: 'unsupported field type: money' }],
    });
    const cases: Array<[object, string, string]> = [
      [{ ...tag, name: '_secret', table: 'x1' }, 'name', 'invalid_name'],
      [{ ...tag, name: 'auth', table: 'x2' }, 'name', 'reserved'],
      [{ ...tag, name: 'Bad-Name', table: 'x3' }, 'name', 'invalid_name'],
      [{ ...tag, name: 'x4', table: 'x4; DROP TABLE tags' }, 'table', 'invalid_name'],
      [{ ...tag, name: 'x5', table: 'x5', fields: [] }, 'fields', 'required'],
      [
        { ...tag, name: 'x6', table: 'x6', primary_key: { field: 'nope', type: 'uuid' } },
        'primary_key.field',
        'not_found',
      ],
      [
        { ...tag, name: 'x7', table: 'x7', fields: [...tag.fields, { name: 'label', type: 'text' }] },
        'fields[2].name',
        'duplicate',
      ],
      [
        { ...tag, name: 'x8', table: 'x8', fields: [...tag.fields, { name: 'n', type: 'int', default: 'abc' }] },
        'fields[2].default',
        'invalid_value',
      ],
      [
        {
          ...tag,
          name: 'x9',
          table: 'x9',
          fields: [...tag.fields, { name: 's', type: 'string', enum: ['a'], default: 'b' }],
        },
        'fields[2].default',
        'invalid_value',
      ],
      [
        { ...tag, name: 'x10', table: 'x10', primary_key: { field: 'id', type: 'int' } },
        'primary_key.type',
        'mismatch',
      ],
    ];
    for (const [body, field, rule] of cases) {
      const r = await server.post(url('/entities'), { token, body });
      expect(r.status).toBe(422);
      expect(r.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule })]));
    }
    const dup = await server.post(url('/entities'), { token, body: tag });
    expect(dup.status).toBe(409);
    expect(dup.body.error.message).toBe('Entity already exists: tag');
    const sameTable = await server.post(url('/entities'), { token, body: { ...tag, name: 'tag2' } });
    expect(sameTable.status).toBe(409);
    expect(sameTable.body.error.message).toBe('Table already used by entity tag');
  });

  it('updates an entity: adds columns, refuses unsafe changes, keeps removed columns', async () => {
    await server.sql(`rocket_${app}`, "INSERT INTO tags (label) VALUES ('one')");
    const next = {
      ...tag,
      fields: [
        { name: 'id', type: 'uuid', required: true },
        { name: 'color', type: 'string', required: true },
        { name: 'weight', type: 'int', default: 3 },
      ],
    };
    const res = await server.put(url('/entities/tag'), { token, body: next });
    expect(res.status).toBe(200);
    const cols = await server.sql(
      `rocket_${app}`,
      "SELECT column_name, is_nullable, column_default FROM information_schema.columns WHERE table_name = 'tags' ORDER BY ordinal_position",
    );
    expect(cols.map((c) => c.column_name)).toEqual(['id', 'label', 'color', 'weight']);
    // A required column added to a table with rows and no default stays nullable; label lost NOT NULL.
    expect(cols.find((c) => c.column_name === 'color').is_nullable).toBe('YES');
    expect(cols.find((c) => c.column_name === 'label').is_nullable).toBe('YES');
    expect(cols.find((c) => c.column_name === 'weight').column_default).toBe('3');
    const unsafe = await server.put(url('/entities/tag'), {
      token,
      body: { ...next, fields: [next.fields[0], { name: 'color', type: 'int' }] },
    });
    expect(unsafe.status).toBe(422);
    expect(unsafe.body.error.details[0]).toMatchObject({ rule: 'unsafe_type_change' });
    const table = await server.put(url('/entities/tag'), { token, body: { ...next, table: 'other' } });
    expect(table.status).toBe(422);
    expect(table.body.error.details[0]).toMatchObject({ field: 'table', rule: 'immutable' });
    expect((await server.put(url('/entities/nosuch'), { token, body: next })).status).toBe(404);
  });

  it('widens column types with data in place and refuses narrowing', async () => {
    const m = {
      name: 'measure',
      table: 'measures',
      primary_key: { field: 'id', type: 'int', generated: true },
      fields: [
        { name: 'id', type: 'int', required: true },
        { name: 'n', type: 'int' },
        { name: 'v', type: 'decimal', precision: 1 },
        { name: 's', type: 'string' },
      ],
    };
    expect((await server.post(url('/entities'), { token, body: m })).status).toBe(201);
    await server.sql(`rocket_${app}`, "INSERT INTO measures (n, v, s) VALUES (2147483647, 1.5, 'x')");
    const wider = {
      ...m,
      fields: [
        m.fields[0],
        { name: 'n', type: 'bigint' },
        { name: 'v', type: 'decimal', precision: 3 },
        { name: 's', type: 'text' },
      ],
    };
    const res = await server.put(url('/entities/measure'), { token, body: wider });
    expect(res.status).toBe(200);
    const cols = await server.sql(
      `rocket_${app}`,
      "SELECT column_name, data_type, numeric_scale FROM information_schema.columns WHERE table_name = 'measures' ORDER BY ordinal_position",
    );
    expect(cols.slice(1)).toEqual([
      { column_name: 'n', data_type: 'bigint', numeric_scale: 0 },
      { column_name: 'v', data_type: 'numeric', numeric_scale: 3 },
      { column_name: 's', data_type: 'text', numeric_scale: null },
    ]);
    expect((await server.sql(`rocket_${app}`, 'SELECT n::text, v::text FROM measures'))[0]).toEqual({
      n: '2147483647',
      v: '1.500',
    });
    // Adding a required field with a default to a table with rows: NOT NULL is safe (01 §4.3).
    const more = {
      ...wider,
      fields: [...wider.fields, { name: 'unit', type: 'string', required: true, default: 'kg' }],
    };
    expect((await server.put(url('/entities/measure'), { token, body: more })).status).toBe(200);
    const [unit] = await server.sql(
      `rocket_${app}`,
      "SELECT is_nullable FROM information_schema.columns WHERE table_name = 'measures' AND column_name = 'unit'",
    );
    expect(unit.is_nullable).toBe('NO');
    expect((await server.sql(`rocket_${app}`, 'SELECT unit FROM measures'))[0].unit).toBe('kg');
    for (const [field, type] of [
      ['n', 'int'],
      ['s', 'int'],
      ['v', 'boolean'],
    ]) {
      const narrow = { ...more, fields: more.fields.map((f) => (f.name === field ? { name: field, type } : f)) };
      const r = await server.put(url('/entities/measure'), { token, body: narrow });
      expect(r.status).toBe(422);
      expect(r.body.error.details[0].rule).toBe('unsafe_type_change');
    }
  });

  it('enforces one-to-one with a unique index and reports duplicates when it cannot', async () => {
    const owner = {
      name: 'owner',
      table: 'owners',
      primary_key: { field: 'id', type: 'uuid', generated: true },
      fields: [{ name: 'id', type: 'uuid' }],
    };
    const pet = {
      name: 'pet',
      table: 'pets',
      primary_key: { field: 'id', type: 'uuid', generated: true },
      fields: [
        { name: 'id', type: 'uuid' },
        { name: 'owner_id', type: 'uuid' },
      ],
    };
    await server.post(url('/entities'), { token, body: owner });
    await server.post(url('/entities'), { token, body: pet });
    const dupOwner = '11111111-1111-4111-8111-111111111111';
    await server.sql(`rocket_${app}`, 'INSERT INTO pets (owner_id) VALUES ($1), ($1)', [dupOwner]);
    const rel = {
      name: 'pet_of',
      type: 'one_to_one',
      source: 'owner',
      target: 'pet',
      target_key: 'owner_id',
      on_delete: 'cascade',
    };
    const clash = await server.post(url('/relations'), { token, body: rel });
    expect(clash.status).toBe(409);
    expect((await server.get(url('/relations/pet_of'), { token })).status).toBe(404);
    await server.sql(`rocket_${app}`, 'DELETE FROM pets');
    expect((await server.post(url('/relations'), { token, body: rel })).status).toBe(201);
    const idx = await server.sql(
      `rocket_${app}`,
      "SELECT indexdef FROM pg_indexes WHERE indexname = 'uq_pets_owner_id'",
    );
    expect(idx[0].indexdef).toContain('UNIQUE');
  });

  it('requires an admin', async () => {
    expect((await server.get(url('/entities'))).status).toBe(401);
    const bcrypt = await import('bcryptjs');
    await server.sql(
      `rocket_${app}`,
      "INSERT INTO _users (email, password_hash, roles) VALUES ('staff@localhost', $1, '{staff}')",
      [await bcrypt.hash('staff-pass', 10)],
    );
    const staff = await server.appLogin(app, 'staff@localhost', 'staff-pass');
    const res = await server.get(url('/entities'), { token: staff.access_token });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe('Admin access required');
    expect((await server.get(url('/entities'), { token: await server.platformToken() })).status).toBe(200);
  });

  it.each(['content-management', 'helpdesk-ticketing'] as const)(
    'builds the %s example entity by entity',
    async (name) => {
      const schema = example(name);
      const target = await server.createApp();
      const t = (await server.appLogin(target)).access_token;
      for (const entity of schema.entities) {
        const res = await server.post(`/api/${target}/_admin/entities`, { token: t, body: entity });
        expect([res.status, res.body.error]).toEqual([201, undefined]);
      }
      for (const relation of schema.relations) {
        const res = await server.post(`/api/${target}/_admin/relations`, { token: t, body: relation });
        expect([res.status, res.body.error]).toEqual([201, undefined]);
      }
      const rels = await server.get(`/api/${target}/_admin/relations`, { token: t });
      expect(rels.body.data).toHaveLength(schema.relations.length);
      const tables = await server.sql(
        `rocket_${target}`,
        "SELECT tablename FROM pg_tables WHERE schemaname='public' AND tablename NOT LIKE '\\_%'",
      );
      for (const e of schema.entities) expect(tables.map((x) => x.tablename)).toContain(e.table);
    },
  );

  it('validates relations', async () => {
    await server.post(url('/entities'), {
      token,
      body: {
        name: 'post',
        table: 'posts',
        primary_key: { field: 'id', type: 'uuid', generated: true },
        fields: [
          { name: 'id', type: 'uuid' },
          { name: 'tag_id', type: 'uuid', required: true },
        ],
      },
    });
    const base = {
      name: 'tag_posts',
      type: 'one_to_many',
      source: 'tag',
      target: 'post',
      target_key: 'tag_id',
      on_delete: 'cascade',
    };
    const cases: Array<[object, string, string]> = [
      [{ ...base, source: 'nosuch' }, 'source', 'not_found'],
      [{ ...base, target_key: 'missing' }, 'target_key', 'not_found'],
      [{ ...base, on_delete: 'detach' }, 'on_delete', 'invalid_value'],
      [{ ...base, on_delete: 'set_null' }, 'on_delete', 'invalid_value'],
      [{ ...base, type: 'many_to_many' }, 'join_table', 'required'],
      [{ ...base, type: 'sideways' }, 'type', 'invalid_value'],
      [{ ...base, name: 'color' }, 'name', 'duplicate'],
    ];
    for (const [body, field, rule] of cases) {
      const r = await server.post(url('/relations'), { token, body });
      expect(r.status).toBe(422);
      expect(r.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule })]));
    }
    const ok = await server.post(url('/relations'), { token, body: base });
    expect(ok.status).toBe(201);
    expect(ok.body.data).toEqual({ ...base, source_key: 'id', ownership: 'source', fetch: 'lazy', write_mode: 'diff' });
    const idx = await server.sql(`rocket_${app}`, "SELECT indexname FROM pg_indexes WHERE tablename = 'posts'");
    expect(idx.map((i) => i.indexname)).toContain('idx_posts_tag_id');
    const immutable = await server.put(url('/relations/tag_posts'), { token, body: { ...base, type: 'one_to_one' } });
    expect(immutable.status).toBe(422);
    expect(immutable.body.error.details[0].rule).toBe('immutable');
    const changed = await server.put(url('/relations/tag_posts'), { token, body: { ...base, on_delete: 'restrict' } });
    expect(changed.status).toBe(200);
    expect(changed.body.data.on_delete).toBe('restrict');
    // A field a relation depends on cannot be removed.
    const removal = await server.put(url('/entities/post'), {
      token,
      body: {
        name: 'post',
        table: 'posts',
        primary_key: { field: 'id', type: 'uuid', generated: true },
        fields: [{ name: 'id', type: 'uuid' }],
      },
    });
    expect(removal.status).toBe(422);
    const del = await server.delete(url('/relations/tag_posts'), { token });
    expect(del.body).toEqual({ data: { name: 'tag_posts', deleted: true } });
    expect((await server.get(url('/relations/tag_posts'), { token })).status).toBe(404);
  });

  it('deletes an entity with its relations and keeps its table', async () => {
    await server.post(url('/relations'), {
      token,
      body: {
        name: 'tag_posts',
        type: 'one_to_many',
        source: 'tag',
        target: 'post',
        target_key: 'tag_id',
        on_delete: 'cascade',
      },
    });
    const res = await server.delete(url('/entities/post'), { token });
    expect(res.body).toEqual({ data: { name: 'post', deleted: true } });
    expect((await server.get(url('/relations/tag_posts'), { token })).status).toBe(404);
    expect(await server.sql(`rocket_${app}`, "SELECT 1 FROM pg_tables WHERE tablename = 'posts'")).toHaveLength(1);
  });
});
