/** Retry timing settings (06 §12). */
export interface RetrySettings {
  readonly baseSeconds: number;
  readonly maxDelaySeconds: number;
}

/**
 * `delay(n)` after the n-th failed attempt (06 §6.2): exponential
 * base × 2^(n−1), linear base × n, each capped. `fixed` (older action rows)
 * waits the base every time.
 */
export function retryDelaySeconds(attempt: number, backoff: string, settings: RetrySettings): number {
  const n = Math.max(1, attempt);
  const raw =
    backoff === 'linear'
      ? settings.baseSeconds * n
      : backoff === 'fixed'
        ? settings.baseSeconds
        : settings.baseSeconds * 2 ** Math.min(n - 1, 30);
  return Math.min(raw, settings.maxDelaySeconds);
}
