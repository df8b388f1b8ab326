import { randomUUID } from 'node:crypto';
import { Inject, Injectable, BeforeApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Client } from 'pg';
import { sql } from 'kysely';
import { ROCKET_CONFIG, RocketConfig } from '@rocket/config';
import { Logger, ROCKET_LOGGER } from '@rocket/logging';
import { managementDatabaseName, poolConfig } from './connection-settings';
import { DatabaseService } from './database.service';

const CHANNEL = 'rocket_cluster';

export interface ClusterMessage {
  type: string;
  app?: string;
  /** Id of the process that sent it. */
  origin: string;
  [key: string]: unknown;
}

type Handler = (message: ClusterMessage) => void;

/**
 * Messages between the server processes that share one management database
 * (PostgreSQL LISTEN/NOTIFY): an app deleted, metadata changed, work queued.
 * One listening connection per process, whatever the number of apps.
 */
@Injectable()
export class ClusterBus implements OnModuleInit, BeforeApplicationShutdown {
  readonly processId = randomUUID();
  private readonly handlers = new Map<string, Set<Handler>>();
  private readonly reconnectHandlers: Array<() => void> = [];
  private connectedOnce = false;
  private client?: Client;
  private stopped = false;
  private retryTimer?: NodeJS.Timeout;

  constructor(
    private readonly database: DatabaseService,
    @Inject(ROCKET_CONFIG) private readonly config: RocketConfig,
    @Inject(ROCKET_LOGGER) private readonly logger: Logger,
  ) {}

  on(type: string, handler: Handler): () => void {
    let set = this.handlers.get(type);
    if (!set) this.handlers.set(type, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  /** Called after the listening connection came back: messages may have been missed meanwhile. */
  onReconnect(handler: () => void): void {
    this.reconnectHandlers.push(handler);
  }

  /** Sends to every process, this one included. */
  async publish(type: string, fields: Record<string, unknown> = {}): Promise<void> {
    const message = JSON.stringify({ ...fields, type, origin: this.processId });
    await sql`SELECT pg_notify(${CHANNEL}, ${message})`.execute(this.database.management.db);
  }

  async onModuleInit(): Promise<void> {
    await this.listen();
  }

  private async listen(): Promise<void> {
    const settings = poolConfig(
      this.config,
      this.database.server.location,
      managementDatabaseName(this.config),
      1,
      'rocket:cluster-bus',
    );
    const client = new Client(settings);
    client.on('notification', (n) => this.dispatch(n.payload));
    client.on('error', (err) => {
      this.logger.warn({ err: err.message }, 'Cluster bus connection lost; reconnecting');
      this.reconnectSoon();
    });
    client.on('end', () => {
      if (this.client === client) this.reconnectSoon();
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.client = client;
    if (this.connectedOnce) for (const handler of this.reconnectHandlers) handler();
    this.connectedOnce = true;
  }

  private reconnectSoon(): void {
    const old = this.client;
    this.client = undefined;
    old?.end().catch(() => undefined);
    if (this.stopped || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.listen().catch(() => this.reconnectSoon());
    }, 1000);
    this.retryTimer.unref();
  }

  private dispatch(payload?: string): void {
    if (!payload) return;
    let message: ClusterMessage;
    try {
      message = JSON.parse(payload) as ClusterMessage;
    } catch {
      return;
    }
    for (const handler of this.handlers.get(message.type) ?? []) {
      try {
        handler(message);
      } catch (err) {
        this.logger.error({ err, type: message.type }, 'Cluster message handler failed');
      }
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    await this.client?.end().catch(() => undefined);
  }
}
