import { accept, Coercer, refuse } from './coercer.types';
import { unstorableText } from './text.util';

/**
 * `json`: any JSON value. Strings inside it (keys included) obey 13 §8.2 like
 * every string of a body, and numbers must be finite (JSON.parse turns 1e400
 * into Infinity, which JSON.stringify would silently store as null).
 */
export const coerceJson: Coercer = (value) => {
  const bad = unstorableJson(value);
  return bad ? refuse(bad) : accept(value);
};

function unstorableJson(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return unstorableText(value);
    case 'number':
      return Number.isFinite(value) ? undefined : 'must not contain non-finite numbers';
    case 'boolean':
      return undefined;
    case 'object': {
      if (value === null) return undefined;
      if (Array.isArray(value)) {
        for (const item of value) {
          const bad = unstorableJson(item);
          if (bad) return bad;
        }
        return undefined;
      }
      for (const [key, item] of Object.entries(value)) {
        const bad = unstorableText(key) ?? unstorableJson(item);
        if (bad) return bad;
      }
      return undefined;
    }
    case 'bigint':
    case 'function':
    case 'symbol':
    case 'undefined':
      return 'must be a JSON value';
  }
}
