import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@rocket/config';
import { createLogger } from '@rocket/logging';
import { createServer } from '../../apps/server/src/bootstrap';

export interface HttpResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface RequestOptions {
  body?: unknown;
  /** Sent as-is (malformed JSON, wrong types…). */
  raw?: string | Buffer;
  token?: string;
  headers?: Record<string, string>;
}

/** A unique, valid app name for one test. */
export function uniqueAppName(prefix = 't'): string {
  return `${prefix}${randomBytes(5).toString('hex')}`;
}

export function testDatabaseUrl(database: string): string {
  const url = new URL(process.env.ROCKET_TEST_DATABASE_URL!);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * A real Rocket server on a random loopback port, with its own management
 * database on the run's shared PostgreSQL. Requests go over real HTTP.
 */
export class TestServer {
  readonly createdApps = new Set<string>();
  private platformTokenCache?: string;

  private constructor(
    readonly app: NestFastifyApplication,
    readonly baseUrl: string,
    readonly managementDb: string,
    readonly env: Record<string, string>,
  ) {}

  /** Starts a server; `env` overrides the test defaults (same keys as production env vars). */
  static async start(env: Record<string, string> = {}, managementDb?: string): Promise<TestServer> {
    const mgmt = managementDb ?? `rkt_mgmt_${randomBytes(5).toString('hex')}`;
    const fullEnv: Record<string, string> = {
      DATABASE_URL: testDatabaseUrl(mgmt),
      ROCKET_ENV: 'test',
      ROCKET_LOG_LEVEL: process.env.ROCKET_TEST_LOG_LEVEL ?? 'silent',
      ROCKET_MASTER_KEY: 'test-master-key-0123456789abcdef0123456789',
      ROCKET_PLATFORM_JWT_SECRET: 'test-platform-secret-0123456789abcdef012345',
      ROCKET_PORT: '0',
      ...env,
    };
    // A scratch working directory, so no app.yaml of the developer is picked up.
    const cwd = mkdtempSync(join(tmpdir(), 'rocket-test-'));
    const loaded = loadConfig(fullEnv, cwd);
    const app = await createServer(loaded, createLogger(loaded.config.server.log_level));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.getHttpServer().address() as { port: number };
    return new TestServer(app, `http://127.0.0.1:${address.port}`, mgmt, fullEnv);
  }

  async request<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<HttpResult<T>> {
    const headers: Record<string, string> = { ...options.headers };
    let body: string | Buffer | undefined;
    if (options.raw !== undefined) body = options.raw;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
      headers['content-type'] = 'application/json';
    }
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const response = await fetch(this.baseUrl + path, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  get = <T = any>(path: string, o?: RequestOptions) => this.request<T>('GET', path, o);
  post = <T = any>(path: string, o?: RequestOptions) => this.request<T>('POST', path, o);
  put = <T = any>(path: string, o?: RequestOptions) => this.request<T>('PUT', path, o);
  delete = <T = any>(path: string, o?: RequestOptions) => this.request<T>('DELETE', path, o);

  async platformLogin(email = 'platform@localhost', password = 'changeme') {
    const res = await this.post('/api/_platform/auth/login', { body: { email, password } });
    if (res.status !== 200) throw new Error(`platform login failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.data as { access_token: string; refresh_token: string };
  }

  async platformToken(): Promise<string> {
    this.platformTokenCache ??= (await this.platformLogin()).access_token;
    return this.platformTokenCache;
  }

  /** Creates an app through the API (and remembers it for cleanup). */
  async createApp(name = uniqueAppName()): Promise<string> {
    const res = await this.post('/api/_platform/apps', { token: await this.platformToken(), body: { name } });
    if (res.status !== 201) throw new Error(`create app failed: ${res.status} ${JSON.stringify(res.body)}`);
    this.createdApps.add(name);
    return name;
  }

  async appLogin(app: string, email = 'admin@localhost', password = 'changeme') {
    const res = await this.post(`/api/${app}/auth/login`, { body: { email, password } });
    if (res.status !== 200) throw new Error(`app login failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.data as { access_token: string; refresh_token: string; user: { id: string } };
  }

  /** Runs SQL on any database of the test server (for assertions only). */
  async sql<T = any>(database: string, text: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: testDatabaseUrl(database) });
    await client.connect();
    try {
      return (await client.query(text, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  async databaseExists(name: string): Promise<boolean> {
    const rows = await this.sql('postgres', 'SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return rows.length > 0;
  }

  /** Stops the server; with `dropAll`, deletes its apps and management database too. */
  async close({ dropAll = true } = {}): Promise<void> {
    if (dropAll) {
      const token = await this.platformToken().catch(() => undefined);
      for (const app of this.createdApps) {
        if (token) await this.delete(`/api/_platform/apps/${app}`, { token }).catch(() => undefined);
      }
    }
    await this.app.close();
    if (dropAll) {
      const dbs = [this.managementDb, ...[...this.createdApps].map((a) => `rocket_${a}`)];
      for (const db of dbs)
        await this.sql('postgres', `DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`).catch(() => undefined);
    }
  }
}
