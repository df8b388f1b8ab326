import { Ranges } from './char-set';

export type AssertKind = 'begin' | 'end' | 'word' | 'not_word';

/** A parsed pattern. Groups leave no trace: only a boolean "found" is ever asked. */
export type RegexNode =
  | { readonly t: 'set'; readonly ranges: Ranges }
  | { readonly t: 'assert'; readonly kind: AssertKind }
  | { readonly t: 'cat'; readonly items: readonly RegexNode[] }
  | { readonly t: 'alt'; readonly items: readonly RegexNode[] }
  | { readonly t: 'repeat'; readonly node: RegexNode; readonly min: number; readonly max: number };

/** Thrown for patterns outside the accepted subset; the checker turns it into `expression_regex`. */
export class RegexSyntaxError extends Error {
  constructor(
    message: string,
    readonly index: number,
  ) {
    super(message);
    this.name = 'RegexSyntaxError';
  }
}
