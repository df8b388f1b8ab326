import { retryDelaySeconds } from './retry-schedule';

const DEFAULTS = { baseSeconds: 30, maxDelaySeconds: 3600 };

describe('retryDelaySeconds (06 §6.2)', () => {
  it.each([
    ['exponential', [30, 60, 120, 240, 480]],
    ['linear', [30, 60, 90, 120, 150]],
    ['fixed', [30, 30, 30, 30, 30]],
  ])('%s after attempts 1–5', (backoff, delays) => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelaySeconds(n, backoff, DEFAULTS))).toEqual(delays);
  });

  it('caps each delay', () => {
    expect(retryDelaySeconds(10, 'exponential', DEFAULTS)).toBe(3600);
    expect(retryDelaySeconds(200, 'linear', DEFAULTS)).toBe(3600);
    expect(retryDelaySeconds(1000, 'exponential', { baseSeconds: 1, maxDelaySeconds: 5 })).toBe(5);
  });

  it('the default schedule tries at commit, +30 s and +90 s', () => {
    const first = retryDelaySeconds(1, 'exponential', DEFAULTS);
    const second = retryDelaySeconds(2, 'exponential', DEFAULTS);
    expect([first, first + second]).toEqual([30, 90]);
  });
});
