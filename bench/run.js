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

const ROOT = join(__dirname, '..');
const DURATION = Number(process.env.BENCH_DURATION || 10);
const WARMUP = Number(process.env.BENCH_WARMUP || 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 32);
const ROWS = Number(process.env.BENCH_ROWS || 10000);

const ITEM = {
  name: 'item',
  table: 'bench_items',
  primary_key: { field: 'id', type: 'uuid', generated: true },
  fields: [
    { name: 'id', type: 'uuid', required: true },
    { name: 'name', type: 'string', required: true },
    { name: 'status', type: 'string', enum: ['open', 'closed', 'pending'] },
    { name: 'score', type: 'int' },
    { name: 'price', type: 'decimal', precision: 2 },
    { name: 'due', type: 'date' },
    { name: 'created_at', type: 'timestamp', auto: 'create' },
  ],
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
    await post(base, `/api/${appName}/_admin/entities`, ITEM, token);

    const appDb = withDb(serverUrl, `rocket_${appName}`);
    const ids = await seed(appDb);
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
      // Framework overhead: public no-op, and an authenticated request that stops at the registry (404, no SQL).
      { name: 'health (no-op)', rocket: { url: base, paths: ['/health'] }, baseline: { url: baselineBase, paths: ['/health'] }, expect404: false },
      { name: 'auth + unknown entity', rocket: { url: base, paths: [`/api/${appName}/nosuch`], headers: auth, ok404: true }, baseline: { url: baselineBase, paths: ['/health'] } },
      { name: 'list filter+sort+page', rocket: { url: base, paths: [`/api/${appName}/item?${listQuery}`], headers: auth }, baseline: { url: baselineBase, paths: [`/items?${listQuery}`] } },
    ];
    const results = [];
    for (const w of workloads.filter((x) => !only || x.name.startsWith(only))) {
      const b = await measure(w.baseline, baseline.pid);
      const r = await measure(w.rocket, rocket.pid);
      results.push({ workload: w.name, rocket: r, baseline: b, ratio: round(r.rps / b.rps) });
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
  await c.query(`INSERT INTO bench_items (name, status, score, price, due)
    SELECT 'item ' || g, (ARRAY['open','closed','pending'])[1 + g % 3], (g * 7919) % 1000, (g % 500) + 0.99, DATE '2024-01-01' + (g % 365)
    FROM generate_series(1, ${ROWS}) g`);
  await c.query('CREATE INDEX IF NOT EXISTS bench_items_status_score ON bench_items (status, score DESC, id)');
  await c.query('ANALYZE bench_items');
  const { rows } = await c.query('SELECT id FROM bench_items ORDER BY random() LIMIT 1000');
  await c.end();
  return rows.map((r) => r.id);
}

async function measure({ url, paths, headers = {}, ok404 = false }, pid) {
  let i = 0;
  const requests = [{ method: 'GET', headers, setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length] }) }];
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

function printTable(results) {
  const line = (cols) => console.log(cols.map((c, i) => String(c).padEnd(i === 0 ? 24 : 12)).join(''));
  line(['workload', 'server', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'server cpu', 'ratio']);
  for (const r of results) {
    line([r.workload, 'rocket', r.rocket.rps, r.rocket.p50_ms, r.rocket.p99_ms, r.rocket.errors, r.rocket.server_cpu, r.ratio]);
    line(['', 'baseline', r.baseline.rps, r.baseline.p50_ms, r.baseline.p99_ms, r.baseline.errors, r.baseline.server_cpu, '1']);
  }
}

function withDb(url, db) {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

async function post(base, path, body, token) {
  const res = await fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const json = await res.json();
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
  return json.data;
}

async function waitFor(url) {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not come up`);
}

const round = (n) => Math.round(n * 100) / 100;

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
