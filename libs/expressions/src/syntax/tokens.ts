export type TokenType = 'number' | 'string' | 'name' | 'punct' | 'eof';

export interface Token {
  readonly type: TokenType;
  /** Punctuator or name text; the decoded value of a string. */
  readonly value: string;
  /** Only for numbers. */
  readonly number: number;
  /** 0-based offsets into the source. */
  readonly pos: number;
  readonly end: number;
}

/** Cannot be bare identifiers, may follow `.` as member names (03 §2). */
export const RESERVED_WORDS: ReadonlySet<string> = new Set([
  'true',
  'false',
  'nil',
  'null',
  'undefined',
  'and',
  'or',
  'not',
  'in',
  'matches',
  'contains',
  'startsWith',
  'endsWith',
  'new',
]);

/** Longest match first, so `===` is one token. */
export const PUNCTUATORS = [
  '===',
  '!==',
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '??',
  '?.',
  '(',
  ')',
  '[',
  ']',
  ',',
  '.',
  '?',
  ':',
  '!',
  '<',
  '>',
  '+',
  '-',
  '*',
  '/',
  '%',
] as const;
