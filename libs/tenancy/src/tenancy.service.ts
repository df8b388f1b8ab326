import { createSecretKey } from 'node:crypto';
import { AsyncLocalStorage } from 'node:async_hooks';
import { BeforeApplicationShutdown, Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ROCKET_CONFIG, RocketConfig } from '@rocket/config';
import { ClusterBus, DatabaseService, SystemSchema } from '@rocket/database';
import { Errors } from '@rocket/errors';
import { Logger, ROCKET_LOGGER } from '@rocket/logging';
import { deriveAppSigningKey } from './app-keys';
import { isWellFormedAppName } from './app-name';
import { AppRecord, AppsRepository } from './apps.repository';
import { Principal } from './principal';
import { RequestScope, TenantContext } from './tenant-context';

/** Runs when an app opens (load compiled metadata…) or closes. */
export type TenantHook = (ctx: TenantContext) => Promise<void> | void;

const EVICT_MESSAGE = 'app.evict';

/**
 * The bounded registry of open apps (08 §7) and the async-local tenant
 * context. Apps open lazily (concurrent first requests share one opening),
 * at most `apps.max_open` stay open, the least recently used idle one is
 * closed to make room. Services read the current app from `current()`.
 */
@Injectable()
export class TenancyService implements OnModuleInit, BeforeApplicationShutdown {
  private readonly als = new AsyncLocalStorage<RequestScope>();
  /** Insertion order = recency: a touched context is moved to the end. */
  private readonly open = new Map<string, TenantContext>();
  private readonly opening = new Map<string, Promise<TenantContext>>();
  private readonly openHooks: TenantHook[] = [];
  private readonly closeHooks: TenantHook[] = [];
  /** Slots taken by apps being opened right now (they count against the cap). */
  private reserved = 0;

  constructor(
    @Inject(ROCKET_CONFIG) private readonly config: RocketConfig,
    @Inject(ROCKET_LOGGER) private readonly logger: Logger,
    private readonly database: DatabaseService,
    private readonly schema: SystemSchema,
    private readonly apps: AppsRepository,
    private readonly bus: ClusterBus,
  ) {}

  onModuleInit(): void {
    // Another process deleted or changed an app: drop our copy of it.
    this.bus.on(EVICT_MESSAGE, (m) => {
      if (m.app && m.origin !== this.bus.processId) void this.evict(m.app, 0);
    });
  }

  onOpen(hook: TenantHook): void {
    this.openHooks.push(hook);
  }

  onClose(hook: TenantHook): void {
    this.closeHooks.push(hook);
  }

  /** The app of the running request or job; throws outside of one. */
  current(): TenantContext {
    const tenant = this.als.getStore()?.tenant;
    if (!tenant) throw new Error('No tenant context: use tenancy.run(app, fn) for background work');
    return tenant;
  }

  currentScope(): RequestScope | undefined {
    return this.als.getStore();
  }

  /**
   * Opens an empty scope for one request (Fastify preHandler hook) and runs
   * the rest of the request in it. Cheaper than a Nest interceptor, which
   * would wrap every handler in observables and async resources.
   */
  enterRequest(next: () => void): void {
    this.als.run({}, next);
  }

  /** Background work enters an app explicitly; the app stays open until fn settles. */
  async run<T>(app: string, fn: (ctx: TenantContext) => Promise<T>, principal?: Principal): Promise<T> {
    const ctx = await this.resolve(app);
    const release = this.enter(ctx);
    try {
      return await this.als.run({ tenant: ctx, principal }, () => fn(ctx));
    } finally {
      release();
    }
  }

  /**
   * Background work in an app only if it is open now: neither opens it nor
   * counts as a use for the least-recently-used order (polling every loaded
   * app must not keep them all "recent"). Undefined when it is not open.
   */
  async runIfOpen<T>(app: string, fn: (ctx: TenantContext) => Promise<T>): Promise<T | undefined> {
    const ctx = this.open.get(app);
    if (!ctx || ctx.closing || ctx.app.status !== 'active') return undefined;
    const release = this.enter(ctx);
    try {
      return await this.als.run({ tenant: ctx }, () => fn(ctx));
    } finally {
      release();
    }
  }

  /** Resolves an active app by name, opening it if needed; 404 APP_NOT_FOUND otherwise. */
  async resolve(name: string): Promise<TenantContext> {
    const cached = this.open.get(name);
    if (cached && !cached.closing && cached.app.status === 'active') {
      this.open.delete(name);
      this.open.set(name, cached);
      return cached;
    }
    if (!isWellFormedAppName(name)) throw Errors.appNotFound(name);
    let pending = this.opening.get(name);
    if (!pending) {
      pending = this.openActive(name).finally(() => this.opening.delete(name));
      this.opening.set(name, pending);
    }
    return pending;
  }

  private async openActive(name: string): Promise<TenantContext> {
    const record = await this.apps.find(name);
    if (!record || record.status !== 'active') throw Errors.appNotFound(name);
    return this.openRecord(record);
  }

  /**
   * Opens an app whatever its status (provisioning uses this before the app
   * is active): pool, idempotent bootstrap of its system tables, key, hooks.
   */
  async openRecord(record: AppRecord): Promise<TenantContext> {
    await this.makeRoom();
    this.reserved++;
    const handle = this.database.openPool(record.db_name, this.config.app_pool_size, `rocket:app:${record.name}`);
    try {
      await this.schema.bootstrap(handle.db, { scope: 'app', app: record.name });
      const ctx: TenantContext = {
        name: record.name,
        app: record,
        db: handle.db,
        handle,
        signingKey: createSecretKey(
          deriveAppSigningKey(this.config.secrets.master_key, record.name, record.jwt_key_id),
        ),
        state: new Map(),
        inflight: 0,
        closing: false,
      };
      for (const hook of this.openHooks) await hook(ctx);
      const previous = this.open.get(record.name);
      this.open.set(record.name, ctx);
      if (previous && previous !== ctx) void this.close(previous, 0);
      return ctx;
    } catch (err) {
      await handle.close();
      throw err;
    } finally {
      this.reserved--;
    }
  }

  /** Updates the cached copy of an app's row (status change by this process). */
  refreshRecord(record: AppRecord): void {
    const ctx = this.open.get(record.name);
    if (ctx) Object.assign(ctx.app, record);
  }

  /** Counts a request or job inside the app; call the returned function when done. */
  enter(ctx: TenantContext): () => void {
    ctx.inflight++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      ctx.inflight--;
    };
  }

  /** Closes the least recently used idle apps until one more fits under the cap. */
  private async makeRoom(): Promise<void> {
    const max = this.config.apps.max_open;
    const full = () => this.open.size + this.reserved >= max;
    for (const ctx of [...this.open.values()]) {
      if (!full()) return;
      if (ctx.inflight === 0 && !ctx.closing) {
        this.open.delete(ctx.name);
        await this.close(ctx, 0);
      }
    }
    if (full()) throw Errors.unavailable('Too many apps are in use at once; retry');
  }

  /** Removes an app from the registry (delete, change elsewhere), waiting up to `waitMs` for work in it. */
  async evict(name: string, waitMs = 5000): Promise<void> {
    const ctx = this.open.get(name);
    if (!ctx) return;
    this.open.delete(name);
    await this.close(ctx, waitMs);
  }

  /**
   * Closes an open app that nothing is using right now: background work
   * that opened an app only to look for due work leaves it closed (08 §7).
   */
  async evictIfIdle(name: string): Promise<boolean> {
    const ctx = this.open.get(name);
    if (!ctx || ctx.inflight > 0 || ctx.closing) return false;
    this.open.delete(name);
    await this.close(ctx, 0);
    return true;
  }

  /** Tells the other processes to drop their copy of an app. */
  async broadcastEvict(name: string): Promise<void> {
    await this.bus
      .publish(EVICT_MESSAGE, { app: name })
      .catch((err: Error) => this.logger.warn({ app: name, err: err.message }, 'Could not notify other processes'));
  }

  private async close(ctx: TenantContext, waitMs: number): Promise<void> {
    ctx.closing = true;
    const deadline = Date.now() + waitMs;
    while (ctx.inflight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    for (const hook of this.closeHooks) {
      await Promise.resolve(hook(ctx)).catch((err) =>
        this.logger.error({ err, app: ctx.name }, 'Tenant close hook failed'),
      );
    }
    await ctx.handle.close();
  }

  openCount(): number {
    return this.open.size;
  }

  openApps(): string[] {
    return [...this.open.keys()];
  }

  /** The rows of the open apps (background polling needs their database names). */
  openRecords(): AppRecord[] {
    return [...this.open.values()].map((ctx) => ctx.app);
  }

  isOpen(name: string): boolean {
    return this.open.has(name);
  }

  async beforeApplicationShutdown(): Promise<void> {
    const all = [...this.open.values()];
    this.open.clear();
    await Promise.allSettled(all.map((ctx) => this.close(ctx, 0)));
  }
}
