import { accept, Coercer, refuse } from './coercer.types';

/** `boolean`: JSON true/false only; "true", 1 and friends are refused (02 §6.2). */
export const coerceBoolean: Coercer = (value) =>
  typeof value === 'boolean' ? accept(value) : refuse('must be a boolean');
