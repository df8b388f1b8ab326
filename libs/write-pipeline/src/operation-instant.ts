/**
 * `now` of 03 §9: one instant per operation, shared by every expression and
 * `"now"` value of one write (nested rows, cascades and engine-made records
 * included) or of one workflow unit. They all run on one transaction
 * object, so the instant is keyed by it: taken at first use, or set by the
 * engine when it opens the transaction (the workflow runner's unit clock).
 */
const instants = new WeakMap<object, Date>();

export function operationInstant(trx: object): Date {
  let now = instants.get(trx);
  if (!now) instants.set(trx, (now = new Date()));
  return now;
}

/** Fixes the instant of the operation running on `trx` (before any write hook asks for it). */
export function setOperationInstant(trx: object, now: Date): void {
  instants.set(trx, now);
}
