import { Errors } from '@rocket/errors';

export const MAX_JSON_DEPTH = 64;

/**
 * Deepest nesting of arrays/objects in a JSON text, counted without parsing
 * (so a hostile body cannot exhaust the stack). Stops early past `limit`.
 */
export function jsonDepth(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91 /* { [ */) {
      if (++depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 125 || c === 93 /* } ] */) depth--;
  }
  return max;
}

/**
 * Parses a JSON request body: malformed or too deep → 400 INVALID_PAYLOAD
 * (02 §0). `__proto__` stays an own, inert key (JSON.parse never assigns the
 * prototype); later stages treat it as an unknown field.
 */
export function parseJsonBody(text: string): unknown {
  if (text.length === 0) throw Errors.invalidPayload();
  if (jsonDepth(text) > MAX_JSON_DEPTH) throw Errors.invalidPayload('JSON nested deeper than 64 levels');
  try {
    return JSON.parse(text);
  } catch {
    throw Errors.invalidPayload();
  }
}
