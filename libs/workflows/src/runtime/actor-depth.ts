/**
 * The workflow depth of the writes made in a transaction (05 §4.1): 0 for
 * API calls (nothing recorded), the instance's depth + 1 while a runner unit
 * or a decision writes on the instance's behalf. Keyed by the transaction,
 * so the trigger hook of a nested pipeline write can read it.
 */
const depths = new WeakMap<object, number>();

export function setActorDepth(trx: object, depth: number): void {
  depths.set(trx, depth);
}

export function actorDepth(trx: object): number {
  return depths.get(trx) ?? 0;
}
