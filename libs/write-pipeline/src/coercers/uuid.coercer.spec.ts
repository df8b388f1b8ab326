import { describeCoercer, fieldOf } from '../testing/coercer-cases';
import { coerceUuid } from './uuid.coercer';

const REASON = 'must be a UUID';

describeCoercer(
  'uuid',
  coerceUuid,
  fieldOf({ type: 'uuid' }),
  [
    ['lower case', '0b9e3c1a-5d2f-4a8b-9c7d-1e2f3a4b5c6d', '0b9e3c1a-5d2f-4a8b-9c7d-1e2f3a4b5c6d'],
    ['upper case, lower-cased', '0B9E3C1A-5D2F-4A8B-9C7D-1E2F3A4B5C6D', '0b9e3c1a-5d2f-4a8b-9c7d-1e2f3a4b5c6d'],
    ['the nil UUID', '00000000-0000-0000-0000-000000000000', '00000000-0000-0000-0000-000000000000'],
  ],
  [
    ['no hyphens', '0b9e3c1a5d2f4a8b9c7d1e2f3a4b5c6d', REASON],
    ['braces', '{0b9e3c1a-5d2f-4a8b-9c7d-1e2f3a4b5c6d}', REASON],
    ['too short', '0b9e3c1a-5d2f-4a8b-9c7d-1e2f3a4b5c6', REASON],
    ['a non-hex digit', '0b9e3c1a-5d2f-4a8b-9c7d-1e2f3a4b5c6g', REASON],
    ['trailing newline', '0b9e3c1a-5d2f-4a8b-9c7d-1e2f3a4b5c6d\n', REASON],
    ['a number', 42, REASON],
    ['an object with id', { id: '0b9e3c1a-5d2f-4a8b-9c7d-1e2f3a4b5c6d' }, REASON],
  ],
);
