import { evalError } from '../../errors/evaluation-error';
import { typeOf } from '../values';
import { Builtin, CallEnv } from './builtin.types';

/** The list argument; a null list behaves as an empty one. */
function listArg(name: string, value: unknown, env: CallEnv): readonly unknown[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) throw evalError(`${name}() needs a list, got ${typeOf(value)}`);
  env.budget.charge(value.length);
  return value;
}

/** Numbers of the list, or of the sub-expression per element; nulls skipped. */
function numbers(name: string, args: readonly unknown[], env: CallEnv): number[] {
  const out: number[] = [];
  for (const element of listArg(name, args[0], env)) {
    const value = env.each ? env.each(element) : element;
    if (value === null || value === undefined) continue;
    if (typeof value !== 'number') throw evalError(`${name}() needs numbers, got ${typeOf(value)}`);
    out.push(value);
  }
  return out;
}

function total(values: number[]): number {
  const result = values.reduce((a, b) => a + b, 0);
  if (!Number.isFinite(result)) throw evalError('number out of range');
  return result;
}

/** A predicate result: true, or false for false/null; anything else is an error. */
function truth(name: string, value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value !== 'boolean') throw evalError(`${name}() predicate must be boolean, got ${typeOf(value)}`);
  return value;
}

export const sum: Builtin = (args, env) => total(numbers('sum', args, env));

export const avg: Builtin = (args, env) => {
  const values = numbers('avg', args, env);
  return values.length === 0 ? null : total(values) / values.length;
};

export const count: Builtin = (args, env) => {
  const list = listArg('count', args[0], env);
  const each = env.each;
  return each ? list.filter((element) => truth('count', each(element))).length : list.length;
};

export const any: Builtin = (args, env) => listArg('any', args[0], env).some((e) => truth('any', env.each!(e)));

export const all: Builtin = (args, env) => listArg('all', args[0], env).every((e) => truth('all', env.each!(e)));
