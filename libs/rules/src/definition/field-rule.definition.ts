import { CompiledEntity, shown } from '@rocket/metadata';
import {
  FieldOperator,
  isFieldOperator,
  operatorKindProblem,
  operatorValueProblem,
} from '../operators/field-operators';
import { CheckedDefinition } from './parsed-definition';
import { Json, Problems } from './problems';

const KEYS: ReadonlySet<string> = new Set(['field', 'operator', 'value', 'message', 'stop_on_fail']);

/** `{field, operator, value?, message?, stop_on_fail?}` of a field rule (04 §1.2–1.3). */
export function checkFieldRule(
  definition: Json,
  entity: CompiledEntity,
  problems: Problems,
): CheckedDefinition | undefined {
  const before = problems.count;
  problems.unknownKeys(definition, KEYS, 'definition');
  const field = checkedField(definition.field, entity, problems, 'definition.field');
  const operator = definition.operator;
  let op: FieldOperator | undefined;
  if (operator === undefined || operator === null || operator === '') {
    problems.add('definition.operator', 'required', 'operator is required');
  } else if (!isFieldOperator(operator)) {
    problems.add('definition.operator', 'invalid_value', `unknown operator: ${shown(operator)}`);
  } else if (field) {
    const mismatch = operatorKindProblem(operator, field.kind);
    if (mismatch) problems.add('definition.operator', 'invalid_value', mismatch);
    else op = operator;
  }
  if (field && op) {
    const problem = operatorValueProblem(op, definition.value, field.kind);
    if (problem) problems.add('definition.value', problem.rule ?? 'invalid_value', problem.message);
  }
  const message = problems.message(definition.message, 'definition.message');
  const stopOnFail = problems.flag(definition.stop_on_fail, 'definition.stop_on_fail', 'stop_on_fail');
  if (problems.count > before || !field || !op) return undefined;
  const canonical: Json = { field: field.name, operator: op };
  if (definition.value !== undefined) canonical.value = definition.value;
  if (message !== undefined) canonical.message = message;
  canonical.stop_on_fail = stopOnFail;
  return {
    canonical,
    parsed: { type: 'field', field, operator: op, value: definition.value, message, stopOnFail },
  };
}

/** A required field name that must be declared on the entity. */
export function checkedField(name: unknown, entity: CompiledEntity, problems: Problems, at: string) {
  if (name === undefined || name === null || name === '') return void problems.add(at, 'required', 'field is required');
  const field = typeof name === 'string' ? entity.fieldsByName.get(name) : undefined;
  if (!field) return void problems.add(at, 'not_found', `unknown field ${shown(name)} on entity ${entity.name}`);
  return field;
}
