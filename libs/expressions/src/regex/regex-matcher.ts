import { evalError } from '../errors/evaluation-error';
import { LIMITS } from '../compile/limits';
import { isWordUnit } from './char-set';
import { AssertKind } from './regex-ast';
import { Op, OpCode, RegexProgram } from './regex-program';

/** Work arrays of one program, reused across searches (JS runs one search at a time). */
export class MatcherMemory {
  current: Int32Array;
  next: Int32Array;
  readonly mark: Uint32Array;
  readonly stack: Int32Array;
  generation = 0;

  constructor(size: number) {
    this.current = new Int32Array(size);
    this.next = new Int32Array(size);
    this.mark = new Uint32Array(size);
    this.stack = new Int32Array(2 * size + 2);
  }

  /** A fresh mark value; marks are cleared only when the counter would wrap. */
  nextGeneration(): number {
    if (this.generation === 0xffffffff) {
      this.mark.fill(0);
      this.generation = 0;
    }
    return ++this.generation;
  }
}

/**
 * Unanchored search by simulating the NFA over all its states at once
 * (Thompson): time is O(subject × program) whatever the pattern, so
 * `(a+)+$` cannot backtrack. Only "is there a match?" is answered.
 */
export function searchProgram(prog: RegexProgram, subject: string, memory: MatcherMemory): boolean {
  const n = subject.length;
  const { mark, stack } = memory;
  let current = memory.current;
  let next = memory.next;
  let generation = memory.nextGeneration();
  let work = 0;

  /** Adds the ε-closure of `start` at `pos` to `list` from `length` on; -1 when it reaches Match. */
  const close = (start: number, pos: number, list: Int32Array, length: number): number => {
    let top = 0;
    stack[top++] = start;
    while (top > 0) {
      const pc = stack[--top];
      if (mark[pc] === generation) continue;
      mark[pc] = generation;
      if (++work > LIMITS.regexWork) throw evalError('regular expression too expensive for this text');
      switch (prog.op[pc] as OpCode) {
        case Op.Match:
          return -1;
        case Op.Jump:
          stack[top++] = prog.a[pc];
          break;
        case Op.Split:
          stack[top++] = prog.b[pc];
          stack[top++] = prog.a[pc];
          break;
        case Op.Assert:
          if (holds(prog.asserts[pc]!, subject, pos)) stack[top++] = prog.a[pc];
          break;
        case Op.Char:
          list[length++] = pc;
          break;
      }
    }
    return length;
  };

  let currentLength = 0;
  for (let pos = 0; ; pos++) {
    // A new attempt starts at every position: that is what makes the search unanchored.
    currentLength = close(0, pos, current, currentLength);
    if (currentLength < 0) return true;
    if (pos === n) return false;
    const unit = subject.charCodeAt(pos);
    generation = memory.nextGeneration();
    let nextLength = 0;
    for (let k = 0; k < currentLength; k++) {
      const pc = current[k];
      if (!prog.sets[pc]!.has(unit)) continue;
      nextLength = close(prog.a[pc], pos + 1, next, nextLength);
      if (nextLength < 0) return true;
    }
    [current, next] = [next, current];
    currentLength = nextLength;
  }
}

function holds(kind: AssertKind, subject: string, pos: number): boolean {
  switch (kind) {
    case 'begin':
      return pos === 0;
    case 'end':
      return pos === subject.length;
    case 'word':
    case 'not_word': {
      const before = pos > 0 && isWordUnit(subject.charCodeAt(pos - 1));
      const after = pos < subject.length && isWordUnit(subject.charCodeAt(pos));
      return (before !== after) === (kind === 'word');
    }
  }
}
