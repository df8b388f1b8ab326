/**
 * `now` of 03 §9: one instant per operation, shared by every expression of
 * one write, nested rows and cascaded deletes included. They all run on the
 * write's one transaction object, so the instant is keyed by it until the
 * write context carries its own (reported to the write-pipeline owners).
 */
const instants = new WeakMap<object, Date>();

export function operationInstant(trx: object): Date {
  let now = instants.get(trx);
  if (!now) instants.set(trx, (now = new Date()));
  return now;
}
