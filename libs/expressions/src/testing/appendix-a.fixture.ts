import { ExpressionKind } from '../compile/kinds';

/**
 * Every expression of 03 Appendix A with its test vectors, transcribed
 * from the spec text. `env` holds the variables (missing ones are null);
 * `R`/`O`/`C` of the spec are `record`/`old`/`context`.
 */
export interface AppendixVector {
  readonly env: Readonly<Record<string, unknown>>;
  readonly expected: unknown;
}

export interface AppendixExpression {
  readonly row: string;
  readonly kind: ExpressionKind;
  readonly expression: string;
  readonly vectors: readonly AppendixVector[];
}

export interface AppendixRegex {
  readonly row: string;
  readonly pattern: string;
  readonly matching: readonly string[];
  readonly failing: readonly string[];
}

const ADMIN = { id: 'u-admin', email: 'admin@example.com', roles: ['admin'] };
const ACCOUNTANT = { id: 'u-acc', email: 'acc@example.com', roles: ['accountant'] };
const SALES = { id: 'u-sales', email: 'sales@example.com', roles: ['sales'] };
const SYSTEM = { id: null, email: null, roles: ['admin', 'system'] };

const statusHook = (row: string, status: string): AppendixExpression => ({
  row,
  kind: 'webhook_condition',
  expression: `record.status === '${status}'`,
  vectors: [
    { env: { record: { status } }, expected: true },
    { env: { record: { status: 'draft' } }, expected: false },
    { env: { record: { status: null } }, expected: false },
  ],
});

const path = (row: string, kind: ExpressionKind, expression: string, env: object, expected: unknown) => ({
  row,
  kind,
  expression,
  vectors: [{ env: env as Record<string, unknown>, expected }],
});

/** A.1 `examples/backend/*.json` and A.2 `docs/examples.md`, rows 1–37 and the design-doc pair. */
export const APPENDIX_EXPRESSIONS: readonly AppendixExpression[] = [
  statusHook('1', 'published'),
  {
    row: '2',
    kind: 'webhook_condition',
    expression: "action === 'create'",
    vectors: [
      { env: { action: 'create' }, expected: true },
      { env: { action: 'update' }, expected: false },
    ],
  },
  statusHook('3', 'resolved'),
  statusHook('4', 'approved'),
  statusHook('5', 'submitted'),
  statusHook('6', 'graded'),
  {
    row: '7',
    kind: 'rule',
    expression: 'new Date(record.end_date) >= new Date(record.start_date)',
    vectors: [
      { env: { record: { end_date: '2026-03-14', start_date: '2026-03-10' } }, expected: true },
      { env: { record: { end_date: '2026-03-09', start_date: '2026-03-10' } }, expected: false },
      { env: { record: { end_date: null, start_date: '2026-03-10' } }, expected: false },
    ],
  },
  {
    row: '8',
    kind: 'workflow_condition',
    expression: 'context.days > 5',
    vectors: [
      { env: { context: { days: 10 } }, expected: true },
      { env: { context: { days: 3 } }, expected: false },
      { env: { context: { days: null } }, expected: false },
    ],
  },
  path('9', 'workflow_context', 'trigger.record_id', { trigger: { record_id: 'p1' } }, 'p1'),
  path('9', 'workflow_context', 'trigger.record.title', { trigger: { record: { title: 'Hello' } } }, 'Hello'),
  path('9', 'workflow_context', 'trigger.record.author_id', { trigger: { record: {} } }, null),
  path('10', 'workflow_context', 'record.id', { record: { id: 'x', days: 4 } }, 'x'),
  path('10', 'workflow_context', 'record.days', { record: { id: 'x', days: 4 } }, 4),
  ...['employee_id', 'type', 'title', 'assessment_id', 'candidate_id'].map((field) =>
    path('10', 'workflow_context', `record.${field}`, { record: { id: 'x', days: 4 } }, null),
  ),
  {
    row: '11',
    kind: 'workflow_value',
    expression: 'context.record_id',
    vectors: [
      { env: { context: { record_id: 'x' } }, expected: 'x' },
      { env: { context: {} }, expected: null },
    ],
  },
  {
    row: '14',
    kind: 'rule',
    expression: "record.status == 'paid' && record.payment_date == nil",
    vectors: [
      { env: { record: { status: 'paid', payment_date: null } }, expected: true },
      { env: { record: { status: 'paid', payment_date: '2025-02-01' } }, expected: false },
      { env: { record: { status: 'draft', payment_date: null } }, expected: false },
    ],
  },
  {
    row: '15',
    kind: 'rule',
    expression: 'record.end_date != nil && record.end_date <= record.start_date',
    vectors: [
      { env: { record: { end_date: '2025-01-01', start_date: '2025-02-01' } }, expected: true },
      { env: { record: { end_date: null, start_date: '2025-02-01' } }, expected: false },
    ],
  },
  {
    row: '16',
    kind: 'rule',
    expression: "action == 'update' && old != nil && old.status == 'void'",
    vectors: [
      { env: { action: 'update', old: { status: 'void' }, record: { status: 'draft' } }, expected: true },
      { env: { action: 'create', old: null, record: { status: 'draft' } }, expected: false },
    ],
  },
  {
    row: '17',
    kind: 'rule',
    expression: 'len(related.invoices) > 0',
    vectors: [
      { env: { action: 'delete', related: { invoices: [{ id: 'i1' }] } }, expected: true },
      { env: { action: 'delete', related: { invoices: [] } }, expected: false },
    ],
  },
  {
    row: '18',
    kind: 'rule',
    expression: 'action == \'update\' && old != nil && old.status != record.status && !("admin" in user.roles)',
    vectors: [
      {
        env: { action: 'update', old: { status: 'sent' }, record: { status: 'paid' }, user: ACCOUNTANT },
        expected: true,
      },
      { env: { action: 'update', old: { status: 'sent' }, record: { status: 'paid' }, user: ADMIN }, expected: false },
      { env: { action: 'update', old: { status: 'sent' }, record: { status: 'paid' }, user: SYSTEM }, expected: false },
    ],
  },
  {
    row: '19',
    kind: 'computed',
    expression: 'record.quantity * record.unit_price',
    vectors: [
      { env: { record: { quantity: 40, unit_price: 150 } }, expected: 6000 },
      { env: { record: { quantity: 40, unit_price: null } }, expected: null },
    ],
  },
  {
    row: '20',
    kind: 'guard',
    expression: 'record.payment_date != nil && record.payment_amount >= record.total',
    vectors: [
      { env: { record: { payment_date: '2025-02-01', payment_amount: 7500, total: 7500 } }, expected: true },
      { env: { record: { payment_date: '2025-02-01', payment_amount: null, total: 7500 } }, expected: false },
    ],
  },
  {
    row: '21',
    kind: 'guard',
    expression: 'record.total > 0',
    vectors: [
      { env: { record: { total: 7500 } }, expected: true },
      { env: { record: { total: 0 } }, expected: false },
      // A partial update {status}: `record` is the stored row overlaid with the payload (App. B.3).
      { env: { action: 'update', record: { status: 'pending_approval', total: 7500 } }, expected: true },
    ],
  },
  path('22', 'workflow_condition', 'context.amount > 10000', { context: { amount: 25000 } }, true),
  path('23', 'workflow_condition', 'context.amount > 50000', { context: { amount: 25000 } }, false),
  {
    row: '24',
    kind: 'workflow_condition',
    expression: "context.department == 'engineering'",
    vectors: [
      { env: { context: { department: 'engineering' } }, expected: true },
      { env: { context: { department: 'sales' } }, expected: false },
    ],
  },
  {
    row: '25',
    kind: 'workflow_condition',
    expression: 'context.amount > 5000',
    vectors: [
      { env: { context: { amount: 7500 } }, expected: true },
      { env: { context: { amount: 100 } }, expected: false },
    ],
  },
  {
    row: '26',
    kind: 'webhook_condition',
    expression: "record.status == 'paid' && (old == nil || old.status != 'paid')",
    vectors: [
      { env: { action: 'create', record: { status: 'paid' }, old: null }, expected: true },
      { env: { action: 'update', record: { status: 'paid' }, old: { status: 'sent' } }, expected: true },
      { env: { action: 'update', record: { status: 'paid' }, old: { status: 'paid' } }, expected: false },
    ],
  },
  {
    row: '27',
    kind: 'webhook_condition',
    expression: "action == 'create' && record.total > 5000",
    vectors: [
      { env: { action: 'create', record: { total: 6000 } }, expected: true },
      { env: { action: 'update', record: { total: 6000 } }, expected: false },
    ],
  },
  path('28', 'webhook_condition', "action == 'create'", { action: 'create' }, true),
  {
    row: '29',
    kind: 'rule',
    expression: 'record.end_date <= record.start_date',
    vectors: [
      { env: { record: { end_date: '2025-01-01', start_date: '2025-02-01' } }, expected: true },
      { env: { record: { end_date: '2025-03-01', start_date: '2025-02-01' } }, expected: false },
      {
        env: { record: { end_date: '2025-02-01T09:00:00.000Z', start_date: '2025-02-01T10:00:00.000Z' } },
        expected: true,
      },
    ],
  },
  {
    row: '30',
    kind: 'rule',
    expression: "action == 'update' && old.status == 'void'",
    vectors: [
      { env: { action: 'create', old: null }, expected: false },
      { env: { action: 'update', old: { status: 'void' } }, expected: true },
    ],
  },
  {
    row: '31',
    kind: 'rule',
    expression: "action == 'update' && !('admin' in user.roles)",
    vectors: [
      { env: { action: 'update', user: SALES }, expected: true },
      { env: { action: 'update', user: ADMIN }, expected: false },
    ],
  },
  {
    row: '32',
    kind: 'rule',
    expression: 'record.discount < 0 || record.discount > 100',
    vectors: [
      { env: { record: { discount: -1 } }, expected: true },
      { env: { record: { discount: 50 } }, expected: false },
      { env: { record: { discount: null } }, expected: false },
    ],
  },
  {
    row: '33',
    kind: 'rule',
    expression: "record.email == nil || record.email == ''",
    vectors: [
      { env: { record: { email: null } }, expected: true },
      { env: { record: { email: '' } }, expected: true },
      { env: { record: { email: 'a@b' } }, expected: false },
    ],
  },
  path('34', 'webhook_condition', "record.status == 'paid'", { record: { status: 'paid' } }, true),
  path(
    '35',
    'webhook_condition',
    "record.total > 1000 && action == 'create'",
    { action: 'create', record: { total: 1500 } },
    true,
  ),
  {
    row: '36',
    kind: 'webhook_condition',
    expression: 'old != nil && old.status != record.status',
    vectors: [
      { env: { action: 'create', old: null, record: { status: 'a' } }, expected: false },
      { env: { action: 'update', old: { status: 'a' }, record: { status: 'b' } }, expected: true },
    ],
  },
  path('37', 'workflow_context', 'trigger.record_id', { trigger: { record_id: 'r1' } }, 'r1'),
  ...['amount', 'created_by', 'department', 'name', 'total'].flatMap((field) => [
    path('37', 'workflow_context', `trigger.record.${field}`, { trigger: { record: { [field]: 42 } } }, 42),
    path('37', 'workflow_context', `trigger.record.${field}`, { trigger: { record: {} } }, null),
  ]),
  {
    row: 'design-doc',
    kind: 'computed',
    expression: "sum(related.items, 'quantity * unit_price')",
    vectors: [
      {
        env: {
          related: {
            items: [
              { quantity: 2, unit_price: 5 },
              { quantity: 1, unit_price: 3 },
            ],
          },
        },
        expected: 13,
      },
    ],
  },
  {
    row: 'design-doc',
    kind: 'rule',
    expression: "action == 'update' && old.status != record.status && !('admin' in user.roles)",
    vectors: [
      { env: { action: 'update', old: { status: 'sent' }, record: { status: 'paid' }, user: SALES }, expected: true },
      { env: { action: 'create', old: null, record: { status: 'draft' }, user: SALES }, expected: false },
    ],
  },
];

/** Rows 12–13: field-rule patterns. */
export const APPENDIX_REGEXES: readonly AppendixRegex[] = [
  { row: '12', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', matching: ['my-post-1'], failing: ['My Post', 'a--b'] },
  { row: '13', pattern: '^[^@]+@[^@]+\\.[^@]+$', matching: ['a@b.co'], failing: ['a@b'] },
];

/** Row 38: context mapping values that stay literal text. */
export const APPENDIX_LITERAL_CONTEXT_VALUES: readonly string[] = ['purchase_order', 'employee', 'invoice'];
