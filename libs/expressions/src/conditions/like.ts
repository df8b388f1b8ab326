type LikeToken = { kind: 'char'; char: string } | { kind: 'one' } | { kind: 'any' };

/**
 * SQL `LIKE` (03 §11): `%` any run, `_` one character, `\` escapes;
 * case-sensitive, on code points. Greedy matching with one backtrack
 * point, so time stays O(text × pattern) whatever the pattern.
 */
export function likeMatch(text: string, pattern: string): boolean {
  const tokens = tokenize(pattern);
  const chars = Array.from(text);
  let t = 0;
  let p = 0;
  let star = -1;
  let resume = 0;
  while (t < chars.length) {
    const token = tokens[p];
    if (token && (token.kind === 'one' || (token.kind === 'char' && token.char === chars[t]))) {
      t++;
      p++;
    } else if (token?.kind === 'any') {
      star = p++;
      resume = t;
    } else if (star >= 0) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (tokens[p]?.kind === 'any') p++;
  return p === tokens.length;
}

function tokenize(pattern: string): LikeToken[] {
  const tokens: LikeToken[] = [];
  const chars = Array.from(pattern);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c === '\\' && i + 1 < chars.length) tokens.push({ kind: 'char', char: chars[++i] });
    else if (c === '%') tokens.push({ kind: 'any' });
    else if (c === '_') tokens.push({ kind: 'one' });
    else tokens.push({ kind: 'char', char: c });
  }
  return tokens;
}
