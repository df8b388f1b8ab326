import { canonicalJson } from './canonical-json';
import { ruleDedupKey } from './rules.kind';

describe('canonical JSON (01 §8.3)', () => {
  it('sorts keys recursively and drops whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: null }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":null,"z":1}]},"b":1}',
    );
  });

  it('makes the dedup key independent of key order', () => {
    const a = {
      entity: 'e',
      hook: 'before_write' as const,
      type: 'field' as const,
      definition: { field: 'f', operator: 'required' },
    };
    const b = { ...a, definition: { operator: 'required', field: 'f' } };
    expect(ruleDedupKey(a)).toBe(ruleDedupKey(b));
    expect(ruleDedupKey(a)).not.toBe(ruleDedupKey({ ...a, hook: 'before_delete' }));
  });
});
