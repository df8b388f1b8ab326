'use strict';
/**
 * The yardstick: a minimal Fastify + pg server sending the same SQL as Rocket
 * for each workload (get-by-id, lists, include, creates, update, nested
 * create), with nothing else: no auth, no metadata, no validation, no rules.
 * Started by run.js as a separate process.
 */
const Fastify = require('fastify');
const { Pool } = require('pg');

const pool = new Pool({ connectionString: process.env.BASELINE_DATABASE_URL, max: Number(process.env.BASELINE_POOL || 5) });
const app = Fastify({ logger: false });
const quoted = (names) => names.map((c) => `"${c}"`).join(', ');
const columns = quoted(process.env.BASELINE_COLUMNS.split(','));
const partColumns = quoted(['id', 'item_id', 'label', 'amount']);

app.get('/items/:id', async (req, reply) => {
  const { rows } = await pool.query(`SELECT ${columns} FROM "bench_items" WHERE "id" = $1`, [req.params.id]);
  if (rows.length === 0) return reply.code(404).send({ error: { code: 'NOT_FOUND' } });
  return { data: rows[0] };
});

app.get('/items', async (req) => {
  const status = req.query['filter[status]'];
  const page = Number(req.query.page || 1);
  const perPage = Number(req.query.per_page || 25);
  const { rows } = await pool.query(
    `SELECT ${columns} FROM "bench_items" WHERE "status" = $1 ORDER BY "score" DESC, "id" ASC LIMIT $2 OFFSET $3`,
    [status, perPage, (page - 1) * perPage],
  );
  const meta = { page, per_page: perPage };
  // total=false: no COUNT, no meta.total (as Rocket's extension).
  if (req.query.total !== 'false') {
    const count = await pool.query('SELECT count(*)::int AS total FROM "bench_items" WHERE "status" = $1', [status]);
    meta.total = count.rows[0].total;
  }
  if (req.query.include === 'parts' && rows.length > 0) {
    const parts = await pool.query(
      `SELECT ${partColumns} FROM "bench_parts" WHERE "item_id" = ANY($1) ORDER BY "id" ASC LIMIT $2`,
      [rows.map((r) => r.id), 10001],
    );
    for (const row of rows) row.parts = parts.rows.filter((p) => p.item_id === row.id);
  }
  return { data: rows, meta };
});

/** BEGIN; work(client); COMMIT, as Rocket wraps every write. */
async function transaction(work) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}

const insertColumns = ['name', 'score', 'price', 'qty', 'active', 'due', 'meta'];
/** The INSERT Rocket sends for the bench body: the given fields and defaults, NOW() for created_at. */
function insertRecord(client, table, body, extra = {}) {
  const values = { ...body, qty: body.qty ?? 1, active: true, meta: JSON.stringify(body.meta), ...extra };
  const names = [...insertColumns, ...Object.keys(extra)];
  const params = names.map((_, i) => `$${i + 1}`).join(', ');
  return client.query(
    `INSERT INTO "${table}" (${names.map((n) => `"${n}"`).join(', ')}, "created_at") VALUES (${params}, NOW()) RETURNING ${columns}`,
    names.map((n) => values[n]),
  );
}

app.post('/items', async (req, reply) => {
  const data = await transaction(async (client) => {
    const { rows } = await insertRecord(client, 'bench_items', req.body);
    const parts = req.body.parts?.data ?? [];
    if (parts.length === 0) return rows[0];
    // A nested create: each child its own INSERT, then the parent re-read.
    for (const part of parts) {
      await client.query(
        `INSERT INTO "bench_parts" ("item_id", "label", "amount") VALUES ($1, $2, $3) RETURNING ${partColumns}`,
        [rows[0].id, part.label, part.amount],
      );
    }
    return (await client.query(`SELECT ${columns} FROM "bench_items" WHERE "id" = $1`, [rows[0].id])).rows[0];
  });
  return reply.code(201).send({ data });
});

app.post('/tickets', async (req, reply) => {
  // The values Rocket's initial state and computed rule add.
  const extra = { status: 'open', weight: (req.body.qty ?? 1) * 1.5 };
  const data = await transaction(async (client) => (await insertRecord(client, 'bench_tickets', req.body, extra)).rows[0]);
  return reply.code(201).send({ data });
});

app.put('/tickets/:id', async (req, reply) => {
  const data = await transaction(async (client) => {
    const locked = await client.query(`SELECT ${columns} FROM "bench_tickets" WHERE "id" = $1 FOR UPDATE`, [req.params.id]);
    if (locked.rows.length === 0) return undefined;
    // open → pending sets note (the transition's set_field action), as Rocket does.
    const set = req.body.status === 'pending' ? ['pending', 'pending'] : [req.body.status];
    const assignments = set.length === 2 ? '"status" = $1, "note" = $2' : '"status" = $1';
    const { rows } = await client.query(
      `UPDATE "bench_tickets" SET ${assignments} WHERE "id" = $${set.length + 1} RETURNING ${columns}`,
      [...set, req.params.id],
    );
    return rows[0];
  });
  if (!data) return reply.code(404).send({ error: { code: 'NOT_FOUND' } });
  return { data };
});

app.get('/health', async () => ({ status: 'ok' }));

app.listen({ port: Number(process.env.BASELINE_PORT), host: '127.0.0.1' }).then(() => process.send?.('ready'));
