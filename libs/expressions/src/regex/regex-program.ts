import { LIMITS } from '../compile/limits';
import { CharSet } from './char-set';
import { AssertKind, RegexNode, RegexSyntaxError } from './regex-ast';

/** Instruction codes (a plain object: const enums do not survive per-file transpilation). */
export const Op = { Char: 0, Split: 1, Jump: 2, Assert: 3, Match: 4 } as const;
export type OpCode = (typeof Op)[keyof typeof Op];

/** A Thompson NFA laid out in flat arrays: `a`/`b` are jump targets, `sets[pc]` the unit set of a Char. */
export interface RegexProgram {
  readonly size: number;
  readonly op: Uint8Array;
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly sets: ReadonlyArray<CharSet | undefined>;
  readonly asserts: ReadonlyArray<AssertKind | undefined>;
}

interface Inst {
  op: OpCode;
  a: number;
  b: number;
  set?: CharSet;
  assert?: AssertKind;
}

/** Compiles a parsed pattern; counted repeats become copies, bounded by `LIMITS.regexProgram`. */
export function compileProgram(root: RegexNode): RegexProgram {
  const insts: Inst[] = [];
  const sets = new Map<RegexNode, CharSet>();
  const push = (inst: Inst): number => {
    if (insts.length >= LIMITS.regexProgram) throw new RegexSyntaxError('regular expression is too large', 0);
    insts.push(inst);
    return insts.length - 1;
  };

  const emit = (node: RegexNode): void => {
    switch (node.t) {
      case 'set': {
        let set = sets.get(node);
        if (!set) sets.set(node, (set = new CharSet(node.ranges)));
        push({ op: Op.Char, a: insts.length + 1, b: -1, set });
        return;
      }
      case 'assert':
        push({ op: Op.Assert, a: insts.length + 1, b: -1, assert: node.kind });
        return;
      case 'cat':
        node.items.forEach(emit);
        return;
      case 'alt': {
        const exits: number[] = [];
        node.items.forEach((item, k) => {
          const last = k === node.items.length - 1;
          const split = last ? -1 : push({ op: Op.Split, a: insts.length + 1, b: -1 });
          emit(item);
          if (!last) {
            exits.push(push({ op: Op.Jump, a: -1, b: -1 }));
            insts[split].b = insts.length;
          }
        });
        for (const pc of exits) insts[pc].a = insts.length;
        return;
      }
      case 'repeat':
        emitRepeat(node.node, node.min, node.max);
        return;
    }
  };

  const emitRepeat = (body: RegexNode, min: number, max: number): void => {
    for (let k = 0; k < min; k++) emit(body);
    if (max === Infinity) {
      const split = push({ op: Op.Split, a: insts.length + 1, b: -1 });
      emit(body);
      push({ op: Op.Jump, a: split, b: -1 });
      insts[split].b = insts.length;
      return;
    }
    const splits: number[] = [];
    for (let k = min; k < max; k++) {
      splits.push(push({ op: Op.Split, a: insts.length + 1, b: -1 }));
      emit(body);
    }
    for (const pc of splits) insts[pc].b = insts.length;
  };

  emit(root);
  push({ op: Op.Match, a: -1, b: -1 });
  return {
    size: insts.length,
    op: Uint8Array.from(insts, (i) => i.op),
    a: Int32Array.from(insts, (i) => i.a),
    b: Int32Array.from(insts, (i) => i.b),
    sets: insts.map((i) => i.set),
    asserts: insts.map((i) => i.assert),
  };
}
