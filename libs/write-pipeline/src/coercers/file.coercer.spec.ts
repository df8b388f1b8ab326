import { describeCoercer, fieldOf } from '../testing/coercer-cases';
import { coerceFile } from './file.coercer';

const ID = '4be0c9d0-6a8e-4c3e-9f59-0f3e2f5a1c11';
const REASON = 'must be a file id (UUID) or an object with a file id';

describeCoercer(
  'file',
  coerceFile,
  fieldOf({ type: 'file' }),
  [
    ['a UUID string', ID, { id: ID }],
    ['an upper-case UUID', ID.toUpperCase(), { id: ID }],
    ['an object with id', { id: ID }, { id: ID }],
    [
      'a returned file object (forged keys dropped)',
      { id: ID, filename: 'x.png', size: 1, mime_type: 'a/b' },
      { id: ID },
    ],
  ],
  [
    ['a non-UUID string', 'logo.png', REASON],
    ['an object without id', { filename: 'x.png' }, REASON],
    ['an object with a numeric id', { id: 7 }, REASON],
    ['an array', [ID], REASON],
    ['a number', 7, REASON],
  ],
);
