'use strict';
/**
 * Scale of apps (issue 9): creates BENCH_APPS apps (default 1,000) through the
 * platform API, then reports the time per create, the connections Rocket
 * holds, the server's RSS, and the queries the server runs per second while
 * every app sits idle (from pg_stat_database, over BENCH_IDLE_WINDOWS windows
 * of BENCH_IDLE_SECONDS each).
 *
 *   npm run build && node bench/apps-scale.js
 */
const { spawn } = require('node:child_process');
const { readFileSync, rmSync, mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { Client } = require('pg');
const { withDb, post, waitFor, round } = require('./helpers');

const ROOT = join(__dirname, '..');
const APPS = Number(process.env.BENCH_APPS || 1000);
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS || 60);
const IDLE_WINDOWS = Number(process.env.BENCH_IDLE_WINDOWS || 2);
const CONCURRENCY = Number(process.env.BENCH_CREATE_CONCURRENCY || 4);

async function main() {
  const { EmbeddedPostgres, freePort } = require(join(ROOT, 'dist/libs/database/src/embedded-postgres.js'));
  let embedded;
  let serverUrl = process.env.DATABASE_URL;
  const dataDir = join(ROOT, '.bench-data-apps');
  if (!serverUrl) {
    rmSync(dataDir, { recursive: true, force: true });
    // Autovacuum off: its own transactions on 1,000 fresh databases would drown the server's idle queries.
    embedded = new EmbeddedPostgres({ dir: join(dataDir, 'postgres'), settings: { max_connections: 400, autovacuum: 'off' } });
    const a = await embedded.start();
    serverUrl = `postgres://${a.user}:${encodeURIComponent(a.password)}@${a.host}:${a.port}/postgres`;
  }
  const mgmt = `rocket_scale_${Date.now()}`;
  const port = await freePort();
  const server = spawn(process.execPath, [join(ROOT, 'dist/apps/server/src/main.js')], {
    env: { ...process.env, DATABASE_URL: withDb(serverUrl, mgmt), PORT: String(port), ROCKET_LOG_LEVEL: 'warn', ROCKET_ENV: 'test' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const prefix = `s${Date.now() % 100000}`;
  const created = [];
  try {
    await waitFor(`${base}/health/ready`);
    const token = (await post(base, '/api/_platform/auth/login', { email: 'platform@localhost', password: 'changeme' })).access_token;
    const times = [];
    let next = 0;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < APPS) {
          const name = `${prefix}_${next++}`;
          const t = process.hrtime.bigint();
          await post(base, '/api/_platform/apps', { name }, token);
          times.push(Number(process.hrtime.bigint() - t) / 1e6);
          created.push(name);
          if (created.length % 100 === 0) console.error(`${created.length} apps created`);
        }
      }),
    );
    const wall = (Date.now() - started) / 1000;
    // Touch a sample of apps so some contexts are open, as in real use.
    for (const name of created.slice(-60)) await post(base, `/api/${name}/auth/login`, { email: 'admin@localhost', password: 'changeme' });

    const admin = new Client({ connectionString: withDb(serverUrl, 'postgres') });
    await admin.connect();
    const connections = async () =>
      Number((await admin.query("SELECT count(*) AS n FROM pg_stat_activity WHERE application_name LIKE 'rocket:%'")).rows[0].n);
    const transactions = async () =>
      Number((await admin.query('SELECT sum(xact_commit + xact_rollback) AS n FROM pg_stat_database')).rows[0].n);
    const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))[1]) / 1024;

    // Consecutive idle windows: the first still sees the sweep's first look at the newest apps;
    // later ones are the steady state of 1,000 idle apps.
    const windows = [];
    for (let w = 0; w < IDLE_WINDOWS; w++) {
      const before = await transactions();
      await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
      // Our own sampling queries count too: two per window, subtracted.
      windows.push(round(((await transactions()) - before - 2) / IDLE_SECONDS));
    }
    const sorted = [...times].sort((a, b) => a - b);
    const report = {
      date: new Date().toISOString(),
      apps: created.length,
      create_wall_s: round(wall),
      create_ms: { avg: round(times.reduce((a, b) => a + b, 0) / times.length), p50: round(sorted[Math.floor(sorted.length / 2)]), p99: round(sorted[Math.floor(sorted.length * 0.99)]) },
      open_connections: await connections(),
      connection_cap: 10 + 50 * 5 + 1,
      server_rss_mb: round(rss()),
      idle_queries_per_second: windows,
      idle_window_s: IDLE_SECONDS,
    };
    await admin.end();
    console.log(JSON.stringify(report, null, 2));
    mkdirSync(join(__dirname, 'results'), { recursive: true });
    writeFileSync(join(__dirname, 'results', 'apps-scale.json'), JSON.stringify(report, null, 2));
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    if (embedded) {
      await embedded.stop();
      rmSync(dataDir, { recursive: true, force: true });
    } else {
      const c = new Client({ connectionString: withDb(serverUrl, 'postgres') });
      await c.connect();
      for (const name of [...created.map((n) => `rocket_${n}`), mgmt]) await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    }
  }
}


main().catch((err) => {
  console.error(err);
  process.exit(1);
});
