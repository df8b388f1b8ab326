'use strict';
/**
 * The yardstick: a minimal Fastify + pg server answering the same queries as
 * Rocket's get-by-id and filtered list, with nothing else (no auth, no
 * metadata). Started by run.js as a separate process.
 */
const Fastify = require('fastify');
const { Pool } = require('pg');

const pool = new Pool({ connectionString: process.env.BASELINE_DATABASE_URL, max: Number(process.env.BASELINE_POOL || 5) });
const app = Fastify({ logger: false });
const columns = process.env.BASELINE_COLUMNS.split(',').map((c) => `"${c}"`).join(', ');

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
  // total=false: no COUNT, no meta.total (as Rocket's extension).
  if (req.query.total === 'false') return { data: rows, meta: { page, per_page: perPage } };
  const count = await pool.query('SELECT count(*)::int AS total FROM "bench_items" WHERE "status" = $1', [status]);
  return { data: rows, meta: { page, per_page: perPage, total: count.rows[0].total } };
});

app.get('/health', async () => ({ status: 'ok' }));

app.listen({ port: Number(process.env.BASELINE_PORT), host: '127.0.0.1' }).then(() => process.send?.('ready'));
