import { CompiledEntity, Registry } from '@rocket/metadata';
import { WriteHooks } from '@rocket/write-pipeline';

export const RULES_HOOK = 'rules';

/**
 * Fields another write hook fills itself on create (the state-machine field,
 * 04 §2.5), learnt through the hooks' `requiredExempt`, so rules need not
 * know the state-machine module: a computed rule may not target them
 * (04 §1.4), and the provisional `required` check leaves them to their hook.
 */
export function fieldsOfOtherHooks(hooks: WriteHooks, entity: CompiledEntity, registry: Registry): Set<string> {
  const fields = new Set<string>();
  for (const hook of hooks.list()) {
    if (hook.name === RULES_HOOK) continue;
    for (const field of hook.requiredExempt?.(entity, registry) ?? []) fields.add(field);
  }
  return fields;
}
