/** Bounded cost (03 §12.4). One table so tests and docs can point at it. */
export const LIMITS = {
  sourceLength: 2000,
  subExpressionLength: 500,
  astNodes: 500,
  depth: 50,
  listLiteral: 1000,
  steps: 10_000,
  /** Elements visited by deep equality, `string()`, `len()` and the like: data-sized work the step count does not see. */
  work: 1_000_000,
  stringLength: 65_536,
  regexPattern: 500,
  regexSubject: 100_000,
  /** NFA instructions after counted repetitions are expanded. */
  regexProgram: 5_000,
  /** Thread steps of one regex test; a subject × program product beyond this is refused. */
  regexWork: 20_000_000,
  /** Nesting of data copied into a scope (request bodies stop at 64, 00-README). */
  scopeDepth: 100,
  compileCacheEntries: 2_000,
} as const;

/** Names that never resolve, so no expression reaches a prototype (03 §5.6). */
export const FORBIDDEN_MEMBERS: ReadonlySet<string> = new Set(['__proto__', 'prototype', 'constructor']);
