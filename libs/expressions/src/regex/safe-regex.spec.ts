import { regexProblem, SafeRegex } from './safe-regex';

/** Patterns of the accepted subset, checked against ECMAScript's own answers. */
const PATTERNS = [
  'abc',
  '^abc$',
  'a.c',
  'a*',
  'a+b',
  'ab?c',
  'a{2}',
  'a{2,}',
  'a{2,3}$',
  '^a{0,2}$',
  'a*?b',
  'a+?',
  '(ab)+',
  '(?:ab|cd)+e',
  '(?<word>\\w+)@',
  'a|b|c',
  '^(a|ab)(c|bcd)(d*)$',
  '[abc]',
  '[^abc]',
  '[a-z0-9]+',
  '[-a]',
  '[a-]',
  '[\\]\\[]',
  '[\\d.]+',
  '\\d+',
  '\\D',
  '\\w+',
  '\\W',
  '\\s',
  '\\S+',
  '\\bfoo\\b',
  '\\Bfoo',
  'o\\B',
  '\\.',
  '\\*\\+\\?\\(\\)\\{\\}\\|\\^\\$\\/\\-',
  '\\x41',
  '\\n|\\t|\\r|\\f|\\v',
  '^$',
  '()',
  'a|',
  '^[a-z0-9]+(-[a-z0-9]+)*$',
  '^[^@]+@[^@]+\\.[^@]+$',
  '^\\d{4}-\\d{2}-\\d{2}$',
  '^(\\+\\d{1,3})?\\s?\\d{6,12}$',
  '^[A-Z]{2}\\d{2}[A-Z0-9]{1,30}$',
  'é+',
  '.+',
  '^.$',
  '[^\\s]+$',
  'x{0}y',
];

const SUBJECTS = [
  '',
  'a',
  'abc',
  'xabcx',
  'aab',
  'aaab',
  'abab',
  'abcde',
  'cde',
  'my-post-1',
  'My Post',
  'a--b',
  'a@b.co',
  'a@b',
  '2026-03-10',
  '+33 612345678',
  'DE89370400440532013000',
  'foo bar',
  'foobar',
  'a\nb',
  'a\rb',
  '\t',
  'A',
  'éé',
  '[]',
  '*+?(){}|^$/-',
  'x.y',
  'y',
  'a}',
  '😀',
];

describe('SafeRegex', () => {
  describe('agrees with ECMAScript on the accepted subset', () => {
    it.each(PATTERNS)('%s', (pattern) => {
      const ours = SafeRegex.compile(pattern);
      const js = new RegExp(pattern);
      for (const subject of SUBJECTS) {
        expect([subject, ours.test(subject)]).toEqual([subject, js.test(subject)]);
      }
    });
  });

  describe('refuses what RE2 and ECMAScript do not share (→ 422 expression_regex)', () => {
    it.each([
      ['(a)\\1', 'backreferences and octal escapes are not supported'],
      ['\\0', 'backreferences and octal escapes are not supported'],
      ['(?=a)', 'lookaround, flags and other (?…) groups are not supported'],
      ['(?!a)', 'lookaround, flags and other (?…) groups are not supported'],
      ['(?<=a)b', 'lookaround, flags and other (?…) groups are not supported'],
      ['(?<!a)b', 'lookaround, flags and other (?…) groups are not supported'],
      ['(?i)abc', 'lookaround, flags and other (?…) groups are not supported'],
      ['(?P<n>a)', 'lookaround, flags and other (?…) groups are not supported'],
      ['\\k<n>', "unsupported escape '\\k'"],
      ['\\p{L}', "unsupported escape '\\p'"],
      ['\\u0041', "unsupported escape '\\u'"],
      ['\\cA', "unsupported escape '\\c'"],
      ['\\a', "unsupported escape '\\a'"],
      ['[\\b]', "unsupported escape '\\b'"],
      ['[]', "an empty class or a leading ']' reads differently in RE2; escape it"],
      ['[^]', "an empty class or a leading ']' reads differently in RE2; escape it"],
      ['[[:alpha:]]', "write '\\[' inside a class"],
      ['[z-a]', 'class range out of order'],
      ['[\\d-z]', 'a class escape cannot bound a range'],
      ['[abc', "missing ']'"],
      ['(abc', "missing ')'"],
      ['abc)', "unmatched ')'"],
      ['*a', 'nothing to repeat'],
      ['a**', 'nothing to repeat'],
      ['a*+', 'nothing to repeat'],
      ['a{2}{3}', 'nothing to repeat'],
      ['^*', 'an anchor cannot be repeated'],
      ['\\b+', 'an anchor cannot be repeated'],
      ['a{', "invalid repetition; write '\\{' for a literal brace"],
      ['a{,3}', "invalid repetition; write '\\{' for a literal brace"],
      ['a{1001}', 'repetition count above 1000'],
      ['a{3,2}', 'repetition range out of order'],
      [']', "write '\\]' for a literal ']'"],
      ['a}', "write '\\}' for a literal '}'"],
      ['a\\', 'pattern ends with a backslash'],
      ['\\x4', '\\x needs two hex digits'],
    ])('%s', (pattern, message) => {
      expect(regexProblem(pattern)).toBe(`invalid regular expression: ${message}`);
    });
  });

  it('accepts the field-rule patterns of Appendix A', () => {
    expect(regexProblem('^[a-z0-9]+(-[a-z0-9]+)*$')).toBeNull();
    expect(regexProblem('^[^@]+@[^@]+\\.[^@]+$')).toBeNull();
  });

  it('is reusable and re-entrant across many searches', () => {
    const regex = SafeRegex.compile('^(a|b)*c$');
    for (let i = 0; i < 1000; i++) {
      expect(regex.test(`${'ab'.repeat(i % 7)}c`)).toBe(true);
      expect(regex.test(`${'ab'.repeat(i % 7)}d`)).toBe(false);
    }
  });

  it('time grows linearly with the subject, not exponentially with nesting', () => {
    const regex = SafeRegex.compile('^(a+)+$');
    const time = (n: number) => {
      const subject = `${'a'.repeat(n)}!`;
      const started = performance.now();
      for (let i = 0; i < 5; i++) regex.test(subject);
      return performance.now() - started;
    };
    time(1000);
    expect(time(64_000)).toBeLessThan(Math.max(50, time(16_000) * 16));
  });
});
