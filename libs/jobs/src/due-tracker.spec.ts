import { DueTracker } from './due-tracker';

const at = (entries: Record<string, number | null>) => new Map(Object.entries(entries));

describe('DueTracker', () => {
  it('an app it knows nothing about may have due work', () => {
    expect(new DueTracker().mayBeDue('a', 10, 1000)).toBe(true);
  });

  it('after a probe, an app with no writes and nothing scheduled is left alone', () => {
    const t = new DueTracker();
    t.record('a', 10, at({ webhooks: null, workflows: null }));
    expect(t.mayBeDue('a', 10, 1000)).toBe(false);
    expect(t.mayBeDue('a', 10, 1000, 'webhooks')).toBe(false);
  });

  it('a moved write count, or a count the server does not have, means look again', () => {
    const t = new DueTracker();
    t.record('a', 10, at({ webhooks: null }));
    expect(t.mayBeDue('a', 11, 1000)).toBe(true);
    // A reset of the statistics moves the count backwards: also a change.
    expect(t.mayBeDue('a', 0, 1000)).toBe(true);
    expect(t.mayBeDue('a', undefined, 1000)).toBe(true);
    t.record('a', undefined, at({ webhooks: null }));
    expect(t.mayBeDue('a', 10, 1000)).toBe(true);
  });

  it('a reported due time brings the app back once it has come, for that queue only', () => {
    const t = new DueTracker();
    t.record('a', 10, at({ webhooks: 5000, workflows: null }));
    expect(t.mayBeDue('a', 10, 4999)).toBe(false);
    expect(t.mayBeDue('a', 10, 5000)).toBe(true);
    expect(t.mayBeDue('a', 10, 5000, 'webhooks')).toBe(true);
    expect(t.mayBeDue('a', 10, 5000, 'workflows')).toBe(false);
  });

  it('invalidate forgets the count, so the next look probes', () => {
    const t = new DueTracker();
    t.record('a', 10, at({ webhooks: null }));
    t.invalidate('a');
    expect(t.mayBeDue('a', 10, 1000)).toBe(true);
  });

  it('retain drops apps that are gone', () => {
    const t = new DueTracker();
    t.record('a', 10, at({}));
    t.record('b', 10, at({}));
    t.retain(new Set(['b']));
    expect(t.mayBeDue('a', 10, 1000)).toBe(true);
    expect(t.mayBeDue('b', 10, 1000)).toBe(false);
  });
});
