import {
  compileExpression,
  CompiledExpression,
  CONDITION_OPERATORS,
  conditionProblem,
  ConditionOperator,
  evaluate,
  evaluateCondition,
  ExpressionScope,
  isConditionOperator,
  NUMERIC_KINDS,
  regexProblem,
  SafeRegex,
  TEMPORAL_KINDS,
  wholeTemplateSource,
} from '@rocket/expressions';
import { FieldKind } from '@rocket/metadata';

/** Field-rule operators of 04 §1.3: the rule-only ones, then the condition triples of 03 §11. */
export const FIELD_OPERATORS = [
  'required',
  'min',
  'max',
  'min_length',
  'max_length',
  'pattern',
  'enum',
  ...CONDITION_OPERATORS,
] as const;
export type FieldOperator = (typeof FIELD_OPERATORS)[number];

/** What a test may need besides the value: the `{user, now}` scope of `{{ }}` condition values (03 §11). */
export interface FieldTestEnv {
  templateScope(): ExpressionScope;
}

/** True when the value passes. `value` is normalised (03 §4.1); null when absent. */
export type FieldTest = (value: unknown, env: FieldTestEnv) => boolean;

/** Why a rule cannot be saved: `rule` defaults to `invalid_value`. */
export interface OperatorProblem {
  readonly rule?: string;
  readonly message: string;
}

interface OperatorSpec {
  /** Field kinds the operator is allowed on; absent = decided by `problem` alone. */
  readonly kinds?: ReadonlySet<FieldKind>;
  /** `required` looks at absent and null values too; every other operator lets them pass. */
  readonly checksAbsent?: boolean;
  /** Why `value` does not fit the operator on a field of `kind`, or null. */
  problem(value: unknown, kind: FieldKind): OperatorProblem | null;
  /** The run-time test, built once when the rule set is compiled. */
  build(value: unknown, kind: FieldKind): FieldTest;
}

const ORDERED_KINDS: ReadonlySet<FieldKind> = new Set(['int', 'bigint', 'float', 'decimal', 'date', 'timestamp']);
const LENGTH_KINDS: ReadonlySet<FieldKind> = new Set(['string', 'text', 'json']);
const PATTERN_KINDS: ReadonlySet<FieldKind> = new Set(['string', 'text', 'uuid']);
const ENUM_KINDS: ReadonlySet<FieldKind> = new Set(['string', 'text', 'int', 'bigint', 'float', 'decimal']);
const MAX_ENUM_VALUES = 1000;

const bad = (message: string, rule?: string): OperatorProblem => (rule ? { rule, message } : { message });

/** `v <op> c` by the condition-triple semantics, field type aware (03 §11). */
function holds(operator: ConditionOperator, v: unknown, c: unknown, kind: FieldKind): boolean {
  return evaluateCondition({ field: 'v', operator, value: c }, { v }, kind);
}

/** `min`/`max`: a number, or ISO date/time text for date and timestamp fields. */
function boundProblem(value: unknown, kind: FieldKind): OperatorProblem | null {
  if (TEMPORAL_KINDS.has(kind)) {
    const iso = typeof value === 'string' && !wholeTemplateSource(value) && !conditionProblem('gte', value, kind);
    return iso ? null : bad(`value must be an ISO-8601 date or date-time for a ${kind} field`);
  }
  return typeof value === 'number' && Number.isFinite(value) ? null : bad('value must be a number');
}

function lengthProblem(value: unknown): OperatorProblem | null {
  return Number.isInteger(value) && (value as number) >= 0 ? null : bad('value must be an integer ≥ 0');
}

/** Code points of text, elements of a JSON list; any other JSON value has no length and fails. */
function lengthOf(value: unknown): number | undefined {
  if (typeof value === 'string') return [...value].length;
  return Array.isArray(value) ? value.length : undefined;
}

function lengthTest(accept: (length: number, bound: number) => boolean, bound: number): FieldTest {
  return (v) => {
    const length = lengthOf(v);
    return length !== undefined && accept(length, bound);
  };
}

function enumProblem(value: unknown, kind: FieldKind): OperatorProblem | null {
  if (!Array.isArray(value) || value.length === 0) return bad('value must be a non-empty list');
  if (value.length > MAX_ENUM_VALUES) return bad(`value may list at most ${MAX_ENUM_VALUES} elements`);
  const numeric = NUMERIC_KINDS.has(kind);
  const fits = (x: unknown) => (numeric ? typeof x === 'number' && Number.isFinite(x) : typeof x === 'string');
  return value.every(fits) ? null : bad(`every element must be a ${numeric ? 'number' : 'string'} for a ${kind} field`);
}

/** A comparison whose value may be a whole-string `{{ }}` template resolved in `{user, now}`. */
function comparisonTest(operator: ConditionOperator, value: unknown, kind: FieldKind): FieldTest {
  const template = wholeTemplateSource(value);
  if (!template) return (v) => holds(operator, v, value, kind);
  const expression: CompiledExpression = compileExpression(template.source, { kind: 'permission_template' });
  return (v, env) => {
    try {
      return holds(operator, v, evaluate(expression, env.templateScope()), kind);
    } catch {
      return false; // an unresolvable value cannot be satisfied (fail closed, 03 §12.3)
    }
  };
}

const comparison = (operator: ConditionOperator): OperatorSpec => ({
  problem: (value, kind) => {
    const problem = conditionProblem(operator, value, kind);
    return problem ? bad(problem) : null;
  },
  build: (value, kind) => comparisonTest(operator, value, kind),
});

const RULE_OPERATORS: Readonly<Record<Exclude<FieldOperator, ConditionOperator>, OperatorSpec>> = {
  required: {
    checksAbsent: true,
    problem: () => null,
    build: () => (v) => v !== null && v !== undefined && v !== '',
  },
  min: {
    kinds: ORDERED_KINDS,
    problem: boundProblem,
    build: (value, kind) => (v) => holds('gte', v, value, kind),
  },
  max: {
    kinds: ORDERED_KINDS,
    problem: boundProblem,
    build: (value, kind) => (v) => holds('lte', v, value, kind),
  },
  min_length: {
    kinds: LENGTH_KINDS,
    problem: lengthProblem,
    build: (value) => lengthTest((length, bound) => length >= bound, value as number),
  },
  max_length: {
    kinds: LENGTH_KINDS,
    problem: lengthProblem,
    build: (value) => lengthTest((length, bound) => length <= bound, value as number),
  },
  pattern: {
    kinds: PATTERN_KINDS,
    problem: (value) => {
      if (typeof value !== 'string') return bad('value must be a regular expression string', 'expression_regex');
      const problem = regexProblem(value);
      return problem ? bad(problem, 'expression_regex') : null;
    },
    build: (value) => {
      const regex = SafeRegex.compile(value as string);
      return (v) => typeof v === 'string' && regex.test(v);
    },
  },
  enum: {
    kinds: ENUM_KINDS,
    problem: enumProblem,
    build: (value, kind) => {
      const allowed = value as readonly (string | number)[];
      if (!NUMERIC_KINDS.has(kind)) return (v) => allowed.includes(v as string);
      return (v) => {
        const n = typeof v === 'string' ? Number(v) : v;
        return allowed.includes(n as number);
      };
    },
  },
};

function specOf(operator: FieldOperator): OperatorSpec {
  return isConditionOperator(operator) ? comparison(operator) : RULE_OPERATORS[operator];
}

export function isFieldOperator(value: unknown): value is FieldOperator {
  return typeof value === 'string' && (FIELD_OPERATORS as readonly string[]).includes(value);
}

/** Why the operator cannot check a field of `kind`, or null (04 §1.3 "Allowed field types"). */
export function operatorKindProblem(operator: FieldOperator, kind: FieldKind): string | null {
  const kinds = specOf(operator).kinds;
  return kinds && !kinds.has(kind) ? `operator ${operator} is not allowed on a ${kind} field` : null;
}

/** Why `value` is not valid for the operator on a field of `kind`, or null. `required` ignores it. */
export function operatorValueProblem(operator: FieldOperator, value: unknown, kind: FieldKind): OperatorProblem | null {
  if (operator !== 'required' && value === undefined)
    return bad(`value is required for operator ${operator}`, 'required');
  return specOf(operator).problem(value, kind);
}

/** The test of a saved (valid) operator/value pair. */
export function buildFieldTest(operator: FieldOperator, value: unknown, kind: FieldKind): FieldTest {
  return specOf(operator).build(value, kind);
}

/** `required` alone judges absent and null values; other operators let them pass (04 §1.3). */
export function checksAbsent(operator: FieldOperator): boolean {
  return specOf(operator).checksAbsent === true;
}
