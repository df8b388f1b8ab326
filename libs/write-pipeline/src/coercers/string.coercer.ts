import { accept, Coercer, refuse } from './coercer.types';
import { unstorableText } from './text.util';

/** `string` and `text` (01 §2.4): any storable string, kept as sent. */
export const coerceString: Coercer = (value) => {
  if (typeof value !== 'string') return refuse('must be a string');
  const bad = unstorableText(value);
  return bad ? refuse(bad) : accept(value);
};
