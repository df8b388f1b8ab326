import { createHmac } from 'node:crypto';
import { OutboundRequest } from '@rocket/outbound';

export const USER_AGENT = 'Rocket-Webhooks/1';
export const SIGNATURE_HEADER = 'X-Rocket-Signature';
/** What a delivery's log keeps of the response, and all that is read of it (00-README). */
export const MAX_LOGGED_RESPONSE_BYTES = 64 * 1024;

/** Definition headers may replace these system headers only (06 §4.4). */
const OVERRIDABLE = new Set(['user-agent', 'x-trace-id']);
/** Framing headers the client sets itself; a definition cannot change them. */
const FRAMING = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'te', 'upgrade', 'trailer']);

/** One attempt of one delivery, as the log row and the claim describe it. */
export interface DeliveryAttempt {
  /** The log row id (`X-Rocket-Delivery`). */
  readonly deliveryId: string;
  readonly event: string;
  /** 1-based. */
  readonly attempt: number;
  readonly idempotencyKey: string;
  readonly traceId: string;
  readonly url: string;
  readonly method: string;
  /** Templates as stored. */
  readonly headers: Readonly<Record<string, string>>;
  /** The stored body (JSON value); GET sends none. */
  readonly body: unknown;
  /** Connector rows carry no webhook signature (00-README). */
  readonly signed: boolean;
}

export interface RequestSettings {
  /** Resolves `{{env.NAME}}` in one header value; throws on an unset or denied name. */
  readonly resolve: (value: string) => string;
  /** The app's webhook signing key. */
  readonly signingKey: Buffer;
  readonly now: Date;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

/**
 * The HTTP request of one attempt (06 §4.4): the system headers, then the
 * definition's headers resolved now (rotated secrets apply to retries), then
 * the signature over `<unix seconds>.<body>`:
 * `X-Rocket-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>`.
 */
export function buildWebhookRequest(attempt: DeliveryAttempt, settings: RequestSettings): OutboundRequest {
  const method = attempt.method.toUpperCase();
  const payload = method === 'GET' ? '' : JSON.stringify(attempt.body ?? null);
  const headers: Record<string, string> = {
    'User-Agent': USER_AGENT,
    'X-Rocket-Event': attempt.event,
    'X-Rocket-Delivery': attempt.deliveryId,
    'X-Rocket-Attempt': String(attempt.attempt),
    'X-Idempotency-Key': attempt.idempotencyKey,
    'X-Trace-ID': attempt.traceId,
  };
  if (method !== 'GET') {
    headers['Content-Type'] = 'application/json';
    headers['Content-Length'] = String(Buffer.byteLength(payload));
  }
  const system = new Set(Object.keys(headers).map((h) => h.toLowerCase()));
  system.add(SIGNATURE_HEADER.toLowerCase());
  for (const [name, template] of Object.entries(attempt.headers)) {
    const lower = name.toLowerCase();
    if (FRAMING.has(lower) || (system.has(lower) && !OVERRIDABLE.has(lower))) continue;
    const value = settings.resolve(template);
    if (/[\r\n\0]/.test(value)) throw new Error(`header ${name} resolves to a value with line breaks`);
    for (const key of Object.keys(headers)) if (key.toLowerCase() === lower) delete headers[key];
    headers[name] = value;
  }
  if (attempt.signed) {
    const t = Math.floor(settings.now.getTime() / 1000);
    headers[SIGNATURE_HEADER] = `t=${t},v1=${signPayload(settings.signingKey, t, payload)}`;
  }
  return {
    url: attempt.url,
    method,
    headers,
    body: method === 'GET' ? undefined : payload,
    timeoutMs: settings.timeoutMs,
    maxBodyBytes: MAX_LOGGED_RESPONSE_BYTES,
    overflow: 'truncate',
    signal: settings.signal,
  };
}

/** Hex HMAC-SHA256 of `<t>.<payload>`: what receivers recompute to verify a delivery. */
export function signPayload(key: Buffer, t: number, payload: string): string {
  return createHmac('sha256', key).update(`${t}.${payload}`).digest('hex');
}

/** The per-app signing key: derived from the master key, never stored. */
export function deriveWebhookSigningKey(masterKey: string, app: string): Buffer {
  return createHmac('sha256', masterKey).update(`rocket:webhook-signing:${app}`).digest();
}
