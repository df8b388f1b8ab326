import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clearStaleInstance } from './embedded-postgres';

const MISSING_PID = 2147483000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('clearStaleInstance', () => {
  let dir: string;
  const children: ChildProcess[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rocket-embedded-spec-'));
  });

  afterEach(() => {
    for (const child of children.splice(0)) {
      if (child.exitCode === null && child.signalCode === null && child.pid) process.kill(child.pid, 'SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  });

  function spawnChild(args: string[]): ChildProcess {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', ...args], { stdio: 'ignore' });
    children.push(child);
    return child;
  }

  it('is a no-op when postmaster.pid is missing', async () => {
    writeFileSync(join(dir, 'PG_VERSION'), '15\n');
    await expect(clearStaleInstance(dir)).resolves.toBeUndefined();
    expect(existsSync(join(dir, 'PG_VERSION'))).toBe(true);
  });

  it('is a no-op when the directory itself is missing', async () => {
    await expect(clearStaleInstance(join(dir, 'nope'))).resolves.toBeUndefined();
  });

  it.each<[string, string]>([
    ['pid of a process that does not exist', `${MISSING_PID}\n${'/data/pg'}\n1700000000\n5432\n`],
    ['garbage content', 'not-a-pid\n'],
    ['empty file', ''],
    ['zero pid', '0\n'],
    ['negative pid', '-5\n'],
  ])('removes a stale pid file: %s', async (_label, content) => {
    expect(alive(MISSING_PID)).toBe(false);
    const pidFile = join(dir, 'postmaster.pid');
    writeFileSync(pidFile, content);
    writeFileSync(join(dir, 'PG_VERSION'), '15\n');
    await clearStaleInstance(dir);
    expect(existsSync(pidFile)).toBe(false);
    // Only the pid file goes.
    expect(readFileSync(join(dir, 'PG_VERSION'), 'utf8')).toBe('15\n');
  });

  it('does not kill a live process that is not postgres (pid reused), but removes the file', async () => {
    const child = spawnChild(['unrelated-worker']);
    await new Promise((r) => setTimeout(r, 100));
    const pidFile = join(dir, 'postmaster.pid');
    writeFileSync(pidFile, `${child.pid}\n`);
    await clearStaleInstance(dir);
    expect(existsSync(pidFile)).toBe(false);
    expect(alive(child.pid!)).toBe(true);
    expect(child.exitCode).toBeNull();
  });

  it('stops a leftover postmaster (a live process whose command line names postgres)', async () => {
    const child = spawnChild(['postgres', '-D', dir]);
    const exited = new Promise<NodeJS.Signals | null>((r) => child.once('exit', (_code, signal) => r(signal)));
    await new Promise((r) => setTimeout(r, 100));
    const pidFile = join(dir, 'postmaster.pid');
    writeFileSync(pidFile, `${child.pid}\n${dir}\n`);
    await clearStaleInstance(dir);
    expect(await exited).toBe('SIGINT');
    expect(existsSync(pidFile)).toBe(false);
  });
});
