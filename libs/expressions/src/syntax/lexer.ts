import { ExpressionError } from '../errors/expression-error';
import { PUNCTUATORS, Token } from './tokens';

const isDigit = (c: string) => c >= '0' && c <= '9';
const isIdentStart = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
const isIdentPart = (c: string) => isIdentStart(c) || isDigit(c);
const WHITESPACE = new Set([' ', '\t', '\r', '\n']);

const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', n: '\n', r: '\r', t: '\t' };

/** Tokens of JS that are not ours, with the reason shown to the admin. */
const FOREIGN: ReadonlyArray<[string, string]> = [
  ['=>', 'arrow functions are not supported'],
  ['++', 'increment/decrement operators are not supported'],
  ['--', 'increment/decrement operators are not supported'],
  ['**', 'the exponent operator is not supported'],
  ['`', 'template strings are not supported'],
  ['{', 'object literals and blocks are not supported'],
];
const HINTS: Record<string, string> = { '=': '==', '&': '&&', '|': '||' };

function syntax(reason: string, pos: number, suffix = ''): ExpressionError {
  return new ExpressionError('expression_syntax', reason, pos, suffix);
}

/** Splits a source into tokens (03 §2); ends with one `eof` token. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (WHITESPACE.has(c)) {
      i++;
    } else if (isDigit(c)) {
      const token = readNumber(source, i);
      tokens.push(token);
      i = token.end;
    } else if (isIdentStart(c)) {
      let j = i + 1;
      while (j < source.length && isIdentPart(source[j])) j++;
      tokens.push({ type: 'name', value: source.slice(i, j), number: 0, pos: i, end: j });
      i = j;
    } else if (c === '"' || c === "'") {
      const token = readString(source, i);
      tokens.push(token);
      i = token.end;
    } else {
      const token = readPunctuator(source, i);
      tokens.push(token);
      i = token.end;
    }
  }
  tokens.push({ type: 'eof', value: '', number: 0, pos: source.length, end: source.length });
  return tokens;
}

/** `0`, `42`, `3.14`, `1e3`, `2.5E-2`; no leading zeros, hex, octal, `_` or trailing `.`. */
function readNumber(source: string, start: number): Token {
  let i = start;
  while (i < source.length && isDigit(source[i])) i++;
  if (source[start] === '0' && i - start > 1) throw syntax('invalid number (leading zero)', start);
  if (source[i] === '.') {
    i++;
    if (!isDigit(source[i] ?? '')) throw syntax('invalid number (digits must follow the decimal point)', start);
    while (i < source.length && isDigit(source[i])) i++;
  }
  if (source[i] === 'e' || source[i] === 'E') {
    i++;
    if (source[i] === '+' || source[i] === '-') i++;
    if (!isDigit(source[i] ?? '')) throw syntax('invalid number (missing exponent digits)', start);
    while (i < source.length && isDigit(source[i])) i++;
  }
  if (i < source.length && (isIdentPart(source[i]) || source[i] === '.')) throw syntax('invalid number', start);
  const text = source.slice(start, i);
  return { type: 'number', value: text, number: Number(text), pos: start, end: i };
}

function readString(source: string, start: number): Token {
  const quote = source[start];
  let value = '';
  let i = start + 1;
  for (;;) {
    if (i >= source.length) throw syntax('unterminated string', start);
    const c = source[i];
    if (c === quote) break;
    if (c === '\n' || c === '\r') throw syntax('line break inside a string', i);
    if (c !== '\\') {
      value += c;
      i++;
      continue;
    }
    const e = source[i + 1] ?? '';
    if (e in SIMPLE_ESCAPES) {
      value += SIMPLE_ESCAPES[e];
      i += 2;
    } else if (e === 'u' && /^[0-9A-Fa-f]{4}$/.test(source.slice(i + 2, i + 6))) {
      value += String.fromCharCode(parseInt(source.slice(i + 2, i + 6), 16));
      i += 6;
    } else {
      throw syntax(`invalid escape '\\${e}'`, i);
    }
  }
  return { type: 'string', value, number: 0, pos: start, end: i + 1 };
}

function readPunctuator(source: string, start: number): Token {
  for (const [text, reason] of FOREIGN) {
    if (source.startsWith(text, start)) throw syntax(reason, start);
  }
  for (const p of PUNCTUATORS) {
    if (!source.startsWith(p, start)) continue;
    // `?.5` is `?` then `.5` in JS; we reject `.5` anyway, but keep the token split faithful.
    if (p === '?.' && isDigit(source[start + 2] ?? '')) continue;
    return { type: 'punct', value: p, number: 0, pos: start, end: start + p.length };
  }
  const c = source[start];
  const hint = HINTS[c];
  throw syntax(`unexpected token '${c}'`, start, hint ? ` (did you mean '${hint}'?)` : '');
}
