import { registry } from '../testing/fixtures';
import { fieldValue, jsonValue, nowValue } from './action-values';

const invoice = registry().entities.get('invoice')!;
const field = (name: string) => invoice.fieldsByName.get(name)!;
const NOW = new Date('2026-02-08T10:30:00.123Z');

describe('set_field "now" (04 §2.3)', () => {
  it.each([
    ['sent_at', '2026-02-08T10:30:00.123Z'],
    ['sent_on', '2026-02-08'],
    ['label', '2026-02-08T10:30:00.123Z'],
    ['note', '2026-02-08T10:30:00.123Z'],
  ])('%s ← %s', (name, expected) => {
    expect(nowValue(field(name), NOW)).toBe(expected);
  });
});

describe('template results as values', () => {
  it('datetimes in the form of their field; scalars into text; maps as plain objects', () => {
    expect(jsonValue(NOW, field('sent_on'))).toBe('2026-02-08');
    expect(jsonValue(NOW, field('sent_at'))).toBe('2026-02-08T10:30:00.123Z');
    expect(jsonValue(NOW)).toBe('2026-02-08T10:30:00.123Z');
    expect(jsonValue(42, field('label'))).toBe('42');
    expect(jsonValue(42, field('count'))).toBe(42);
    const map = Object.assign(Object.create(null) as object, { at: NOW, list: [NOW, 1] });
    const plain = jsonValue(map) as Record<string, unknown>;
    expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
    expect(plain).toEqual({ at: '2026-02-08T10:30:00.123Z', list: ['2026-02-08T10:30:00.123Z', 1] });
  });

  it.each<[string, unknown, unknown]>([
    ['total', 12.5, { ok: true, value: 12.5 }],
    ['total', 'lots', { ok: false, rule: 'type', message: expect.stringMatching(/^total /) }],
    ['count', 3.5, { ok: false, rule: 'type', message: expect.stringMatching(/^count /) }],
    ['status', 'gone', { ok: false, rule: 'enum', message: 'status must be one of: draft, sent, paid, void' }],
    ['status', null, { ok: false, rule: 'required', message: 'status is required' }],
    ['label', null, { ok: true, value: null }],
    ['sent_at', '2026-02-08T11:30:00+01:00', { ok: true, value: '2026-02-08T10:30:00.000Z' }],
    ['label', true, { ok: true, value: 'true' }],
  ])('%s ← %p', (name, raw, expected) => {
    expect(fieldValue(field(name), raw)).toEqual(expected);
  });
});
