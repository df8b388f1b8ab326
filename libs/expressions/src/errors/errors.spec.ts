import { ExpressionError, expressionErrorDetail, expressionValidationError } from './expression-error';
import { evaluationErrorDetail } from './evaluation-error-detail';

describe('expression errors', () => {
  it('carry rule, position and a message with the 1-based column', () => {
    const error = new ExpressionError('expression_syntax', "unexpected token '='", 14, " (did you mean '=='?)");
    expect(error.message).toBe("unexpected token '=' at column 15 (did you mean '=='?)");
    expect(error.position).toBe(14);
    expect(error.column).toBe(15);
    expect(new ExpressionError('expression_limit', 'too long').column).toBeNull();
  });

  it('become 422 details with the JSON path of the property (03 §12.2)', () => {
    const error = new ExpressionError('expression_syntax', "unexpected token '='", 14, " (did you mean '=='?)");
    expect(expressionErrorDetail(error, 'definition.transitions[1].guard')).toEqual({
      field: 'definition.transitions[1].guard',
      rule: 'expression_syntax',
      message: "unexpected token '=' at column 15 (did you mean '=='?)",
    });
    const appError = expressionValidationError(error, 'definition.expression');
    expect(appError.status).toBe(422);
    expect(appError.toBody()).toEqual({
      error: {
        code: 'VALIDATION_FAILED',
        message: 'Validation failed',
        details: [expressionErrorDetail(error, 'definition.expression')],
      },
    });
  });

  it.each([
    ['rule', 'total', { field: 'total', rule: 'expression', message: 'rule could not be evaluated: boom' }],
    ['rule', undefined, { rule: 'expression', message: 'rule could not be evaluated: boom' }],
    ['computed', 'line_total', { field: 'line_total', rule: 'computed', message: 'boom' }],
    ['guard', 'status', { field: 'status', rule: 'state_machine', message: 'guard could not be evaluated: boom' }],
    ['webhook_condition', undefined, { rule: 'webhook_condition', message: 'boom' }],
    ['action_template', undefined, { rule: 'state_machine', message: 'boom' }],
  ] as const)('run-time detail for %s (03 §12.3)', (kind, field, expected) => {
    expect(evaluationErrorDetail(kind, 'boom', field)).toEqual(expected);
  });
});
