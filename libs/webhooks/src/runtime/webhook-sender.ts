import { Inject, Injectable } from '@nestjs/common';
import { ROCKET_CONFIG, RocketConfig } from '@rocket/config';
import { OutboundError, OutboundHttp, SecretReferenceError, SecretReferences } from '@rocket/outbound';
import { buildWebhookRequest, DeliveryAttempt, deriveWebhookSigningKey } from './webhook-request';

/** What one attempt gave (06 §4.4): 2xx = delivered, anything else a failed attempt. */
export interface AttemptOutcome {
  readonly delivered: boolean;
  readonly responseStatus: number | null;
  /** The first 64 KiB of the response, as text. */
  readonly responseBody: string;
  /** Empty when delivered; `HTTP 503`, `timeout after 10000 ms`… (≤ 2 KiB). */
  readonly error: string;
  /** The call was cancelled (shutdown): not an attempt at all. */
  readonly aborted: boolean;
  /** `error` without the destination, for a client's eyes (06 §6.3: the URL is never echoed). */
  readonly clientError: string;
}

const MAX_ERROR = 2048;

/**
 * Makes one attempt of one delivery: resolves the header templates for the
 * app (09 §1), signs, sends through the outbound policy (09 §2) and turns
 * every failure into an outcome. Never throws.
 */
@Injectable()
export class WebhookSender {
  private readonly keys = new Map<string, Buffer>();

  constructor(
    @Inject(ROCKET_CONFIG) private readonly config: RocketConfig,
    private readonly http: OutboundHttp,
    private readonly secrets: SecretReferences,
  ) {}

  get timeoutMs(): number {
    return this.config.webhooks.timeout_ms;
  }

  /** The app's signing key (`X-Rocket-Signature`); cached, derived from the master key. */
  signingKey(app: string): Buffer {
    let key = this.keys.get(app);
    if (!key) {
      key = deriveWebhookSigningKey(this.config.secrets.master_key, app);
      this.keys.set(app, key);
    }
    return key;
  }

  async attempt(app: string, attempt: DeliveryAttempt, signal?: AbortSignal): Promise<AttemptOutcome> {
    try {
      const request = buildWebhookRequest(attempt, {
        resolve: (value) => this.secrets.resolve(app, value),
        signingKey: this.signingKey(app),
        now: new Date(),
        timeoutMs: this.timeoutMs,
        signal,
      });
      const response = await this.http.send(request);
      const delivered = response.status >= 200 && response.status < 300;
      return {
        delivered,
        responseStatus: response.status,
        responseBody: storableText(response.body),
        error: delivered ? '' : `HTTP ${response.status}`,
        aborted: false,
        clientError: delivered ? '' : `HTTP ${response.status}`,
      };
    } catch (err) {
      const aborted = err instanceof OutboundError && err.kind === 'aborted';
      const error = ((err as Error).message || 'delivery failed').slice(0, MAX_ERROR);
      return {
        delivered: false,
        responseStatus: null,
        responseBody: '',
        error,
        aborted,
        clientError: clientSafe(err, error),
      };
    }
  }
}

/** Timeouts and secret-reference errors say nothing about the destination; the rest is summarised. */
function clientSafe(err: unknown, error: string): string {
  if (err instanceof SecretReferenceError) return error;
  if (!(err instanceof OutboundError)) return 'delivery failed';
  switch (err.kind) {
    case 'timeout':
    case 'too_large':
    case 'aborted':
      return error;
    case 'policy':
      return 'destination not allowed';
    case 'invalid_url':
      return 'invalid URL';
    case 'network':
      return 'connection failed';
  }
}

/** UTF-8 text without NUL characters (PostgreSQL TEXT cannot hold them). */
export function storableText(body: Buffer): string {
  return body.toString('utf8').replace(/\u0000/g, '');
}
