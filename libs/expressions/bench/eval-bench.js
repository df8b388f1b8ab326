'use strict';
/**
 * Micro-benchmark of compiled expression evaluation (not a jest test):
 *
 *   node libs/expressions/bench/eval-bench.js [iterations]
 *
 * Compiles each expression once, warms up, then times N evaluations over
 * a prepared scope and prints ns/op. Target (issue): a compiled rule under
 * 1 µs per evaluation.
 */
require('./ts-register');
// Import the pure modules, not index.ts, so Nest and the registry are not loaded.
const { compileExpression } = require('../src/compile/compile');
const { evaluate } = require('../src/runtime/evaluate');
const { buildRecordScope } = require('../src/scope/record-scope');

const ITERATIONS = Number(process.argv[2] || 1e6);
const entity = {
  name: 'invoice',
  pk: { name: 'id' },
  fields: [
    { name: 'id', kind: 'uuid' },
    { name: 'status', kind: 'string' },
    { name: 'total', kind: 'decimal' },
    { name: 'payment_date', kind: 'date' },
    { name: 'payment_amount', kind: 'decimal' },
  ],
};
const scope = buildRecordScope(entity, {
  record: { id: 'a0e1', status: 'draft', total: '250.00', payment_date: null, payment_amount: null },
  old: { id: 'a0e1', status: 'draft', total: '90.00', payment_date: null, payment_amount: null },
  action: 'update',
  entityName: 'invoice',
  user: { id: 'u1', email: 'a@b.co', roles: ['accountant'] },
  now: new Date(),
});

const CASES = [
  ['rule', 'record.total > 100 && record.status == "draft"'],
  ['rule', "action == 'update' && old != nil && old.status != record.status && !('admin' in user.roles)"],
  ['guard', 'record.payment_date != nil && record.payment_amount >= record.total'],
  ['computed', 'round(record.total * 1.2, 2)'],
  ['rule', "record.status in ['draft', 'sent', 'paid'] && record.status matches '^[a-z]+$'"],
];

function bench(kind, source) {
  const compiled = compileExpression(source, { kind, entity });
  let sink = 0;
  for (let i = 0; i < 100_000; i++) if (evaluate(compiled, scope)) sink++;
  const start = process.hrtime.bigint();
  for (let i = 0; i < ITERATIONS; i++) if (evaluate(compiled, scope)) sink++;
  const ns = Number(process.hrtime.bigint() - start) / ITERATIONS;
  console.log(`${ns.toFixed(1).padStart(8)} ns/op  [${kind}] ${source}${sink < 0 ? '' : ''}`);
  return ns;
}

console.log(`node ${process.version}, ${ITERATIONS.toLocaleString('en')} evaluations each`);
const [first] = CASES.map(([kind, source]) => bench(kind, source));
console.log(first < 1000 ? `OK: ${first.toFixed(0)} ns < 1 µs target` : `SLOW: ${first.toFixed(0)} ns ≥ 1 µs target`);
