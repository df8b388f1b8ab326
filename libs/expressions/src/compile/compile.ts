import { ExpressionError } from '../errors/expression-error';
import { parse } from '../syntax/parser';
import { CheckScope, checkProgram } from './checker';
import { BoundedCache } from './compile-cache';
import { CompiledExpression, CompileOptions, ExpressionEntity } from './compiled-expression';
import { allowsEmpty, isBooleanKind, KIND_VARIABLES } from './kinds';
import { LIMITS } from './limits';

const cache = new BoundedCache<CompiledExpression>(LIMITS.compileCacheEntries);
const entityKeys = new WeakMap<ExpressionEntity, { key: string; names: ReadonlySet<string> }>();

/**
 * Compiles an expression once (03 §12.1): parse, check against the
 * context's variables and the entity's fields, compile regexes and
 * sub-expressions. Throws `ExpressionError`; results are cached by
 * (kind, entity fields, extra variables, text).
 */
export function compileExpression(source: string, options: CompileOptions): CompiledExpression {
  if (typeof source !== 'string') throw new ExpressionError('expression_syntax', 'expression must be a string');
  const entity = options.entity && entityFacts(options.entity);
  const extras = options.extraVariables ?? [];
  const key = `${options.kind}\u0000${entity?.key ?? ''}\u0000${extras.join(',')}\u0000${source}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const compiled = build(source, options, entity?.names, extras);
  cache.set(key, compiled);
  return compiled;
}

/**
 * For metadata loaded from storage (03 §12.2): a text that no longer
 * compiles becomes a *broken* program that fails every evaluation with
 * `misconfigured expression in <kind> <id>: <error>` (fail closed).
 */
export function compileStoredExpression(source: string, options: CompileOptions, id: string): CompiledExpression {
  try {
    return compileExpression(source, options);
  } catch (e) {
    if (!(e instanceof ExpressionError)) throw e;
    return Object.freeze({
      ...emptyProgram(source, options),
      empty: false,
      broken: `misconfigured expression in ${options.kind} ${id}: ${e.message}`,
    });
  }
}

/** Drops every cached program (tests; memory pressure). */
export function clearExpressionCache(): void {
  cache.clear();
}

function build(
  source: string,
  options: CompileOptions,
  recordMembers: ReadonlySet<string> | undefined,
  extras: readonly string[],
): CompiledExpression {
  if (source.trim() === '') {
    if (allowsEmpty(options.kind)) return Object.freeze(emptyProgram(source, options));
    throw new ExpressionError('required', 'expression is required');
  }
  if (source.length > LIMITS.sourceLength)
    throw new ExpressionError('expression_limit', `expression is longer than ${LIMITS.sourceLength} characters`);
  const root = parse(source);
  if (isBooleanKind(options.kind) && root.type === 'list')
    throw new ExpressionError('expression_syntax', `a ${options.kind} expression must be boolean, not a list`, 0);
  if (isBooleanKind(options.kind) && root.type === 'literal' && root.value !== null && typeof root.value !== 'boolean')
    throw new ExpressionError(
      'expression_syntax',
      `a ${options.kind} expression must be boolean, not a ${typeof root.value} literal`,
      0,
    );
  const scope: CheckScope = {
    variables: [...KIND_VARIABLES[options.kind], ...extras.filter((v) => !KIND_VARIABLES[options.kind].includes(v))],
    recordMembers: recordMembers && options.entity ? { entity: options.entity.name, names: recordMembers } : undefined,
  };
  const checked = checkProgram(root, scope);
  return Object.freeze({
    root: checked.root,
    regexes: checked.regexes,
    subExpressions: checked.subExpressions,
    constants: checked.constants,
    elementScope: false,
    source,
    kind: options.kind,
    identifiers: Object.freeze([...checked.identifiers].sort()),
    functions: Object.freeze([...checked.functions].sort()),
    nodeCount: checked.nodeCount,
    empty: false,
  });
}

function emptyProgram(source: string, options: CompileOptions): CompiledExpression {
  return {
    root: Object.freeze({ type: 'literal', value: true, pos: 0 }),
    regexes: new Map(),
    subExpressions: new Map(),
    constants: new Map(),
    elementScope: false,
    source,
    kind: options.kind,
    identifiers: [],
    functions: [],
    nodeCount: 0,
    empty: true,
  };
}

/** Cache key and allowed `record` members (fields, primary key, `deleted_at`), once per entity object. */
function entityFacts(entity: ExpressionEntity): { key: string; names: ReadonlySet<string> } {
  let facts = entityKeys.get(entity);
  if (!facts) {
    const names = new Set(entity.fields.map((f) => f.name));
    if (entity.pk) names.add(entity.pk.name);
    names.add('deleted_at');
    facts = { key: `${entity.name}:${[...names].sort().join(',')}`, names };
    entityKeys.set(entity, facts);
  }
  return facts;
}
