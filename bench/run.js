'use strict';
/**
 * Rocket benchmark (issue 3 scope): seeds 10,000 rows, then measures
 * get-by-id and a filtered, sorted, paged list with autocannon against
 * Rocket and, in the same run, against a minimal Fastify + pg server doing
 * the same queries. Prints a table and writes bench/results/latest.json.
 *
 *   npm run bench                      (embedded PostgreSQL)
 *   DATABASE_URL=postgres://… npm run bench
 *   BENCH_DURATION=10 BENCH_CONNECTIONS=32 npm run bench
 */
const { fork, spawn } = require('node:child_process');
const { mkdirSync, writeFileSync, rmSync } = require('node:fs');
const { join } = require('node:path');
const autocannon = require('autocannon');
const { Client } = require('pg');
const { withDb, post, waitFor, round } = require('./helpers');

const ROOT = join(__dirname, '..');
const DURATION = Number(process.env.BENCH_DURATION || 10);
const WARMUP = Number(process.env.BENCH_WARMUP || 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 32);
const ROWS = Number(process.env.BENCH_ROWS || 10000);

const FIELDS = [
  { name: 'id', type: 'uuid', required: true },
  { name: 'name', type: 'string', required: true },
  { name: 'status', type: 'string', enum: ['open', 'closed', 'pending'] },
  { name: 'score', type: 'int' },
  { name: 'price', type: 'decimal', precision: 2 },
  { name: 'qty', type: 'int', default: 1 },
  { name: 'weight', type: 'float' },
  { name: 'active', type: 'boolean', default: true },
  { name: 'due', type: 'date' },
  { name: 'meta', type: 'json' },
  { name: 'note', type: 'text' },
  { name: 'created_at', type: 'timestamp', auto: 'create' },
];
const ITEM = { name: 'item', table: 'bench_items', primary_key: { field: 'id', type: 'uuid', generated: true }, fields: FIELDS };
/** Same shape, plus 3 rules and a state machine on `status` (the create-with-rules workload). */
const TICKET = { ...ITEM, name: 'ticket', table: 'bench_tickets' };
const PART = {
  name: 'part',
  table: 'bench_parts',
  primary_key: { field: 'id', type: 'uuid', generated: true },
  fields: [
    { name: 'id', type: 'uuid', required: true },
    { name: 'item_id', type: 'uuid' },
    { name: 'label', type: 'string', required: true },
    { name: 'amount', type: 'decimal', precision: 2 },
  ],
};
const PARTS = { name: 'parts', type: 'one_to_many', source: 'item', target: 'part', target_key: 'item_id', on_delete: 'cascade' };
const RULES = [
  { entity: 'ticket', type: 'field', definition: { field: 'score', operator: 'gte', value: 0 } },
  { entity: 'ticket', type: 'expression', definition: { expression: "record.status == 'closed' && record.price == nil", message: 'closed needs a price' } },
  { entity: 'ticket', type: 'computed', definition: { field: 'weight', expression: 'record.qty * 1.5' } },
];
const MACHINE = {
  entity: 'ticket',
  field: 'status',
  definition: {
    initial: 'open',
    transitions: [
      { from: ['open'], to: 'pending', actions: [{ type: 'set_field', field: 'note', value: 'pending' }] },
      { from: ['pending'], to: 'open' },
      { from: ['open', 'pending'], to: 'closed' },
    ],
  },
};
const COLUMNS = ITEM.fields.map((f) => f.name);

async function main() {
  const { EmbeddedPostgres, freePort } = require(join(ROOT, 'dist/libs/database/src/embedded-postgres.js'));
  let embedded;
  let serverUrl = process.env.DATABASE_URL;
  const dataDir = join(ROOT, '.bench-data');
  if (!serverUrl) {
    rmSync(dataDir, { recursive: true, force: true });
    embedded = new EmbeddedPostgres({ dir: join(dataDir, 'postgres') });
    const a = await embedded.start();
    serverUrl = `postgres://${a.user}:${encodeURIComponent(a.password)}@${a.host}:${a.port}/postgres`;
  }
  const mgmt = `rocket_bench_mgmt_${Date.now()}`;
  const rocketPort = await freePort();
  // BENCH_PROFILE=1 writes a V8 CPU profile of the Rocket process to bench/profiles/.
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${join(__dirname, 'profiles')}`] : [];
  const rocket = spawn(process.execPath, [...profile, join(ROOT, 'dist/apps/server/src/main.js')], {
    env: {
      ...process.env,
      DATABASE_URL: withDb(serverUrl, mgmt),
      PORT: String(rocketPort),
      ROCKET_LOG_LEVEL: 'warn',
      ROCKET_ENV: 'test',
      ROCKET_APP_POOL_SIZE: '10',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${rocketPort}`;
  let baseline;
  try {
    await waitFor(`${base}/health/ready`);
    const platform = await post(base, '/api/_platform/auth/login', { email: 'platform@localhost', password: 'changeme' });
    const appName = `bench${Date.now() % 100000}`;
    await post(base, '/api/_platform/apps', { name: appName }, platform.access_token);
    const admin = await post(base, `/api/${appName}/auth/login`, { email: 'admin@localhost', password: 'changeme' });
    const token = admin.access_token;
    for (const entity of [ITEM, TICKET, PART]) await post(base, `/api/${appName}/_admin/entities`, entity, token);
    await post(base, `/api/${appName}/_admin/relations`, PARTS, token);
    // Rules and state machines arrive with their modules; without them the ticket workloads say so.
    const ruled = await tryPost(base, `/api/${appName}/_admin/state-machines`, MACHINE, token);
    for (const rule of RULES) if (ruled) await tryPost(base, `/api/${appName}/_admin/rules`, rule, token);

    // A non-admin role that may read only open and pending items (a row-level read condition).
    let viewerToken;
    if (await tryPost(base, `/api/${appName}/_admin/users`, { email: 'viewer@bench.test', password: 'viewer-pass', roles: ['viewer'] }, token)) {
      await tryPost(base, `/api/${appName}/_admin/permissions`, { entity: 'item', action: 'read', roles: ['viewer'], conditions: [{ field: 'status', operator: 'in', value: ['open', 'pending'] }] }, token);
      viewerToken = (await post(base, `/api/${appName}/auth/login`, { email: 'viewer@bench.test', password: 'viewer-pass' })).access_token;
    }
    const appDb = withDb(serverUrl, `rocket_${appName}`);
    const { ids, visibleIds, ticketIds } = await seed(appDb);
    const baselinePort = await freePort();
    baseline = fork(join(__dirname, 'baseline-server.js'), [], {
      env: { ...process.env, BASELINE_DATABASE_URL: appDb, BASELINE_PORT: String(baselinePort), BASELINE_COLUMNS: COLUMNS.join(','), BASELINE_POOL: '10' },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    await new Promise((resolve) => baseline.once('message', resolve));
    const baselineBase = `http://127.0.0.1:${baselinePort}`;
    const auth = { authorization: `Bearer ${token}` };
    const listQuery = 'filter[status]=open&sort=-score&page=3&per_page=25';

    const only = process.env.BENCH_ONLY;
    const workloads = [
      { name: 'get-by-id', rocket: { url: base, paths: ids.map((id) => `/api/${appName}/item/${id}`), headers: auth }, baseline: { url: baselineBase, paths: ids.map((id) => `/items/${id}`) } },
      ...(viewerToken
        ? [{ name: 'get-by-id (row-filtered role)', rocket: { url: base, paths: visibleIds.map((id) => `/api/${appName}/item/${id}`), headers: { authorization: `Bearer ${viewerToken}` } } }]
        : []),
      // Framework overhead: public no-op, and an authenticated request that stops at the registry (404, no SQL).
      { name: 'health (no-op)', rocket: { url: base, paths: ['/health'] }, baseline: { url: baselineBase, paths: ['/health'] }, expect404: false },
      { name: 'auth + unknown entity', rocket: { url: base, paths: [`/api/${appName}/nosuch`], headers: auth, ok404: true }, baseline: { url: baselineBase, paths: ['/health'] } },
      { name: 'list filter+sort+page', rocket: { url: base, paths: [`/api/${appName}/item?${listQuery}`], headers: auth }, baseline: { url: baselineBase, paths: [`/items?${listQuery}`] } },
      // total=false skips the COUNT query (meta.total omitted): the page query alone.
      { name: 'list, total=false', rocket: { url: base, paths: [`/api/${appName}/item?${listQuery}&total=false`], headers: auth }, baseline: { url: baselineBase, paths: [`/items?${listQuery}&total=false`] } },
      { name: 'list with include', rocket: { url: base, paths: [`/api/${appName}/item?${listQuery}&include=parts`], headers: auth }, baseline: { url: baselineBase, paths: [`/items?${listQuery}&include=parts`] } },
      // Writes: the baseline sends Rocket's statements (BEGIN, INSERT/UPDATE … RETURNING, COMMIT) with no checks at all.
      { name: 'create (plain)', rocket: { url: base, method: 'POST', headers: auth, path: `/api/${appName}/item`, body: createBody }, baseline: { url: baselineBase, method: 'POST', path: '/items', body: createBody } },
      { name: 'create (3 rules + state machine)', rocket: { url: base, method: 'POST', headers: auth, path: `/api/${appName}/ticket`, body: createBody }, baseline: { url: baselineBase, method: 'POST', path: '/tickets', body: createBody } },
      // Each server toggles its own open tickets, so each request is a real transition.
      { name: 'update (state transition)', rocket: { url: base, method: 'PUT', headers: auth, paths: ticketIds.rocket.map((id) => `/api/${appName}/ticket/${id}`), body: transitionBody(ticketIds.rocket.length) }, baseline: { url: baselineBase, method: 'PUT', paths: ticketIds.baseline.map((id) => `/tickets/${id}`), body: transitionBody(ticketIds.baseline.length) } },
      { name: 'nested create (5 children)', rocket: { url: base, method: 'POST', headers: auth, path: `/api/${appName}/item`, body: nestedBody }, baseline: { url: baselineBase, method: 'POST', path: '/items', body: nestedBody } },
    ];
    const results = [];
    // Every workload is also compared with the minimal server's get-by-id (issue 9).
    let baselineGet;
    for (const w of workloads.filter((x) => !only || x.name.startsWith(only) || x.name === 'get-by-id')) {
      const b = w.baseline ? await measure(w.baseline, baseline.pid) : undefined;
      if (w.name === 'get-by-id') baselineGet = b;
      if (only && !w.name.startsWith(only)) continue;
      const r = await measure(w.rocket, rocket.pid);
      const ref = b ?? baselineGet;
      results.push({
        workload: w.name,
        rocket: r,
        baseline: b,
        ratio: round(r.rps / ref.rps),
        compared_with: b ? 'same SQL' : 'baseline get-by-id',
        ratio_to_get_by_id: round(r.rps / baselineGet.rps),
      });
    }
    printTable(results);
    mkdirSync(join(__dirname, 'results'), { recursive: true });
    const report = { date: new Date().toISOString(), connections: CONNECTIONS, duration_s: DURATION, rows: ROWS, node: process.version, results };
    writeFileSync(join(__dirname, 'results', 'latest.json'), JSON.stringify(report, null, 2));
    console.log(JSON.stringify(report));
  } finally {
    baseline?.kill('SIGTERM');
    rocket.kill('SIGTERM');
    await new Promise((r) => rocket.once('exit', r));
    if (embedded) {
      await embedded.stop();
      rmSync(dataDir, { recursive: true, force: true });
    } else {
      const c = new Client({ connectionString: withDb(serverUrl, 'postgres') });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${mgmt}" WITH (FORCE)`);
      await c.end();
    }
  }
}

/** 10,000 rows in one statement; ids returned for the get-by-id workload. */
async function seed(url) {
  const c = new Client({ connectionString: url });
  await c.connect();
  for (const table of ['bench_items', 'bench_tickets']) {
    await c.query(`INSERT INTO ${table} (name, status, score, price, qty, weight, due, meta, note)
      SELECT 'item ' || g, (ARRAY['open','closed','pending'])[1 + g % 3], (g * 7919) % 1000, (g % 500) + 0.99, 1 + g % 9,
             (g % 100) / 3.0, DATE '2024-01-01' + (g % 365), jsonb_build_object('n', g), 'seeded'
      FROM generate_series(1, ${ROWS}) g`);
  }
  // One child per item: the include and nested-create workloads.
  await c.query(`INSERT INTO bench_parts (item_id, label, amount) SELECT id, 'part of ' || name, 9.99 FROM bench_items`);
  await c.query('CREATE INDEX IF NOT EXISTS bench_items_status_score ON bench_items (status, score DESC, id)');
  // VACUUM sets the visibility map, as autovacuum would soon after such a load: COUNTs become index-only scans.
  await c.query('VACUUM ANALYZE');
  const { rows } = await c.query('SELECT id FROM bench_items ORDER BY random() LIMIT 1000');
  const visible = await c.query("SELECT id FROM bench_items WHERE status IN ('open', 'pending') ORDER BY random() LIMIT 1000");
  const tickets = (await c.query("SELECT id FROM bench_tickets WHERE status = 'open' ORDER BY random() LIMIT 3200")).rows.map((r) => r.id);
  await c.end();
  const ticketIds = { rocket: tickets.slice(0, 1600), baseline: tickets.slice(1600) };
  return { ids: rows.map((r) => r.id), visibleIds: visible.rows.map((r) => r.id), ticketIds };
}

async function measure({ url, paths, path, method = 'GET', body, headers = {}, ok404 = false }, pid) {
  let i = 0;
  const json = body ? { 'content-type': 'application/json' } : {};
  const requests = [
    {
      method,
      headers: { ...headers, ...json },
      setupRequest: (req) => {
        const n = i++;
        return { ...req, path: paths ? paths[n % paths.length] : path, ...(body ? { body: JSON.stringify(body(n)) } : {}) };
      },
    },
  ];
  await run({ url, connections: CONNECTIONS, duration: WARMUP, requests });
  const cpuBefore = processCpuSeconds(pid);
  const result = await run({ url, connections: CONNECTIONS, duration: DURATION, requests });
  const cpu = processCpuSeconds(pid) - cpuBefore;
  return {
    rps: round(result.requests.average),
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    errors: result.errors + (ok404 ? 0 : result.non2xx),
    // CPU seconds the server spent per second of load: above ~0.9, it is the bottleneck.
    server_cpu: round(cpu / DURATION),
  };
}

/** User+system CPU time of a process from /proc (Linux); 0 elsewhere. */
function processCpuSeconds(pid) {
  try {
    const fields = require('node:fs').readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

function run(opts) {
  return new Promise((resolve, reject) => autocannon(opts, (err, res) => (err ? reject(err) : resolve(res))));
}

let serial = 0;
const createBody = () => ({ name: `new ${serial++}`, score: 5, price: 10.5, due: '2025-05-01', meta: { a: 1 }, qty: 2 });
const nestedBody = () => ({
  ...createBody(),
  parts: { data: Array.from({ length: 5 }, (_, k) => ({ label: `p${k}`, amount: k + 0.5 })) },
});
// Toggles open ↔ pending, one pass over the `period` tickets at a time: every request is a real
// transition (open → pending with a set_field action).
const transitionBody = (period) => (n) => ({ status: Math.floor(n / period) % 2 === 0 ? 'pending' : 'open' });

function printTable(results) {
  const line = (cols) => console.log(cols.map((c, i) => String(c).padEnd(i === 0 ? 34 : 12)).join(''));
  line(['workload', 'server', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'server cpu', 'ratio', 'to get-by-id']);
  for (const r of results) {
    line([r.workload, 'rocket', r.rocket.rps, r.rocket.p50_ms, r.rocket.p99_ms, r.rocket.errors, r.rocket.server_cpu, r.ratio, r.ratio_to_get_by_id]);
    if (r.baseline) line(['', 'baseline', r.baseline.rps, r.baseline.p50_ms, r.baseline.p99_ms, r.baseline.errors, r.baseline.server_cpu, '1', '']);
  }
}

async function tryPost(base, path, body, token) {
  const res = await fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  if (res.status >= 300) console.error(`setup ${path}: ${res.status} ${await res.text()}`);
  return res.status < 300;
}


main().catch((err) => {
  console.error(err);
  process.exit(1);
});
