import { KeyObject } from 'node:crypto';
import { AnyDb, DatabaseHandle } from '@rocket/database';
import { AppRecord } from './apps.repository';
import { Principal } from './principal';

/**
 * One open app: its pool and Kysely instance, its signing key, and whatever
 * compiled state other modules attach when it opens (metadata registry,
 * permissions…), keyed by a symbol each module owns.
 */
export interface TenantContext {
  readonly name: string;
  readonly app: AppRecord;
  readonly db: AnyDb;
  /** A KeyObject, not raw bytes: jsonwebtoken would otherwise try (and fail) to parse it as a PEM on every call. */
  readonly signingKey: KeyObject;
  readonly handle: DatabaseHandle;
  readonly state: Map<symbol, unknown>;
  /** Requests and jobs currently inside this app; an app in use is never evicted. */
  inflight: number;
  closing: boolean;
}

/**
 * What async-local storage carries through one request or job. Opened empty
 * when a request starts; the guards fill it in as they resolve the app and
 * the caller, so everything downstream sees the same object.
 */
export interface RequestScope {
  tenant?: TenantContext;
  principal?: Principal;
}
