import { LIMITS } from '../compile/limits';
import { RegexSyntaxError } from './regex-ast';
import { MatcherMemory, searchProgram } from './regex-matcher';
import { parseRegex } from './regex-parser';
import { compileProgram, RegexProgram } from './regex-program';

/**
 * A regular expression that runs in linear time (03 §12.4), for `matches`
 * and field-rule `pattern`s. `re2` was not an option: its install step
 * downloads a prebuilt binary (or needs a C++ toolchain).
 */
export class SafeRegex {
  private readonly memory: MatcherMemory;

  private constructor(
    readonly source: string,
    private readonly program: RegexProgram,
  ) {
    this.memory = new MatcherMemory(program.size);
  }

  /** Throws `RegexSyntaxError` for a pattern outside the accepted subset or the size limits. */
  static compile(pattern: string): SafeRegex {
    if (pattern.length > LIMITS.regexPattern)
      throw new RegexSyntaxError(`pattern is longer than ${LIMITS.regexPattern} characters`, 0);
    return new SafeRegex(pattern, compileProgram(parseRegex(pattern)));
  }

  /** Unanchored search; a subject over the size limit never matches (03 §12.4). */
  test(subject: string): boolean {
    if (subject.length > LIMITS.regexSubject) return false;
    return searchProgram(this.program, subject, this.memory);
  }
}

/** The problem with a pattern, or null when it is accepted (for field-rule validation). */
export function regexProblem(pattern: string): string | null {
  try {
    SafeRegex.compile(pattern);
    return null;
  } catch (e) {
    if (e instanceof RegexSyntaxError) return `invalid regular expression: ${e.message}`;
    throw e;
  }
}
