import { complement, DIGIT, DOT, Ranges, SPACE, WORD } from './char-set';
import { RegexNode, RegexSyntaxError } from './regex-ast';

/** RE2 refuses larger counts, and so do we: a counted repeat is expanded into copies. */
const MAX_REPEAT = 1000;

const CLASS_ESCAPES: Readonly<Record<string, Ranges>> = {
  d: DIGIT,
  D: complement(DIGIT),
  w: WORD,
  W: complement(WORD),
  s: SPACE,
  S: complement(SPACE),
};
const CONTROL_ESCAPES: Readonly<Record<string, number>> = { n: 0x0a, r: 0x0d, t: 0x09, f: 0x0c, v: 0x0b };

const single = (unit: number): Ranges => [unit, unit];
const isAsciiPunctuation = (c: string) => /^[!-/:-@[-`{-~]$/.test(c);

/**
 * Parses the common subset of RE2 and ECMAScript (03 §12.4): literals,
 * `.`, classes, `\d\w\s\b` and their negations, anchors, groups `( )`,
 * `(?: )`, `(?<name> )`, alternation and greedy or lazy quantifiers.
 * Backreferences, lookaround, flags, `\p{…}`, `\u`, octal escapes and
 * anything the two engines read differently are refused.
 */
export function parseRegex(pattern: string): RegexNode {
  const parser = new RegexParser(pattern);
  const node = parser.alternation();
  parser.expectEnd();
  return node;
}

class RegexParser {
  private i = 0;

  constructor(private readonly src: string) {}

  expectEnd(): void {
    if (this.i < this.src.length) throw this.fail(`unmatched '${this.src[this.i]}'`);
  }

  alternation(): RegexNode {
    const items = [this.concat()];
    while (this.src[this.i] === '|') {
      this.i++;
      items.push(this.concat());
    }
    return items.length === 1 ? items[0] : { t: 'alt', items };
  }

  private concat(): RegexNode {
    const items: RegexNode[] = [];
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      items.push(this.quantified());
    }
    return items.length === 1 ? items[0] : { t: 'cat', items };
  }

  private quantified(): RegexNode {
    const start = this.i;
    const atom = this.atom();
    const bounds = this.quantifier();
    if (!bounds) return atom;
    if (atom.t === 'assert') throw new RegexSyntaxError('an anchor cannot be repeated', start);
    if (this.src[this.i] === '?') this.i++; // lazy: same answer to "is there a match?"
    const after = this.src[this.i];
    if (after !== undefined && '*+?{'.includes(after)) throw this.fail('nothing to repeat');
    return { t: 'repeat', node: atom, min: bounds[0], max: bounds[1] };
  }

  private quantifier(): [number, number] | undefined {
    const c = this.src[this.i];
    if (c === '*') return this.take([0, Infinity]);
    if (c === '+') return this.take([1, Infinity]);
    if (c === '?') return this.take([0, 1]);
    if (c !== '{') return undefined;
    const m = /^\{(\d{1,4})(,(\d{0,4}))?\}/.exec(this.src.slice(this.i));
    if (!m) throw this.fail("invalid repetition; write '\\{' for a literal brace");
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
    if (min > MAX_REPEAT || (max !== Infinity && max > MAX_REPEAT))
      throw this.fail(`repetition count above ${MAX_REPEAT}`);
    if (max < min) throw this.fail('repetition range out of order');
    this.i += m[0].length;
    return [min, max];
  }

  private take(bounds: [number, number]): [number, number] {
    this.i++;
    return bounds;
  }

  private atom(): RegexNode {
    const c = this.src[this.i];
    switch (c) {
      case '(':
        return this.group();
      case '[':
        return this.charClass();
      case '.':
        this.i++;
        return { t: 'set', ranges: DOT };
      case '^':
        this.i++;
        return { t: 'assert', kind: 'begin' };
      case '$':
        this.i++;
        return { t: 'assert', kind: 'end' };
      case '\\':
        return this.escape();
      case '*':
      case '+':
      case '?':
      case '{':
        throw this.fail('nothing to repeat');
      case ']':
      case '}':
        throw this.fail(`write '\\${c}' for a literal '${c}'`);
      default:
        this.i++;
        return { t: 'set', ranges: single(c.charCodeAt(0)) };
    }
  }

  private group(): RegexNode {
    const start = this.i;
    this.i++;
    if (this.src[this.i] === '?') {
      const named = /^\?<[A-Za-z_][A-Za-z0-9_]*>/.exec(this.src.slice(this.i));
      if (this.src[this.i + 1] === ':') this.i += 2;
      else if (named) this.i += named[0].length;
      else throw new RegexSyntaxError('lookaround, flags and other (?…) groups are not supported', start);
    }
    const inner = this.alternation();
    if (this.src[this.i] !== ')') throw new RegexSyntaxError("missing ')'", start);
    this.i++;
    return inner;
  }

  private escape(): RegexNode {
    const e = this.src[this.i + 1];
    if (e === 'b' || e === 'B') {
      this.i += 2;
      return { t: 'assert', kind: e === 'b' ? 'word' : 'not_word' };
    }
    return { t: 'set', ranges: this.escapedRanges() };
  }

  private charClass(): RegexNode {
    const start = this.i;
    this.i++;
    const negated = this.src[this.i] === '^';
    if (negated) this.i++;
    if (this.src[this.i] === ']')
      throw this.fail("an empty class or a leading ']' reads differently in RE2; escape it");
    const ranges: number[] = [];
    while (this.src[this.i] !== ']') {
      if (this.i >= this.src.length) throw new RegexSyntaxError("missing ']'", start);
      const low = this.classAtom();
      if (this.src[this.i] === '-' && this.src[this.i + 1] !== ']' && this.i + 1 < this.src.length) {
        this.i++;
        const high = this.classAtom();
        if (low.length !== 2 || high.length !== 2 || low[0] !== low[1] || high[0] !== high[1])
          throw this.fail('a class escape cannot bound a range');
        if (high[0] < low[0]) throw this.fail('class range out of order');
        ranges.push(low[0], high[0]);
      } else {
        ranges.push(...low);
      }
    }
    this.i++;
    return { t: 'set', ranges: negated ? complement(ranges) : ranges };
  }

  private classAtom(): Ranges {
    const c = this.src[this.i];
    if (c === '\\') return this.escapedRanges();
    if (c === '[') throw this.fail("write '\\[' inside a class");
    this.i++;
    return single(c.charCodeAt(0));
  }

  /** The escape at `this.i` (a backslash) as a set of units. */
  private escapedRanges(): Ranges {
    const e = this.src[this.i + 1];
    if (e === undefined) throw this.fail('pattern ends with a backslash');
    if (e in CLASS_ESCAPES) return this.take2(CLASS_ESCAPES[e]);
    if (e in CONTROL_ESCAPES) return this.take2(single(CONTROL_ESCAPES[e]));
    if (e === 'x') {
      const hex = /^[0-9A-Fa-f]{2}$/.exec(this.src.slice(this.i + 2, this.i + 4));
      if (!hex) throw this.fail('\\x needs two hex digits');
      this.i += 4;
      return single(parseInt(hex[0], 16));
    }
    if (isAsciiPunctuation(e)) return this.take2(single(e.charCodeAt(0)));
    if (e >= '0' && e <= '9') throw this.fail('backreferences and octal escapes are not supported');
    throw this.fail(`unsupported escape '\\${e}'`);
  }

  private take2(ranges: Ranges): Ranges {
    this.i += 2;
    return ranges;
  }

  private fail(message: string): RegexSyntaxError {
    return new RegexSyntaxError(message, this.i);
  }
}
