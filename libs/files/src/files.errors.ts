import { AppError, Errors } from '@rocket/errors';

/** The error answers of the file endpoints (08 §10.4–10.6). */
export const FileErrors = {
  notFound: (id: string) => Errors.notFound(`File ${id} not found`),
  missingFile: () => Errors.invalidPayload('Missing file in form data'),
  tooLarge: (maxBytes: number) => new AppError('FILE_TOO_LARGE', 413, `File too large (max ${maxBytes} bytes)`),
  oneFileOnly: () => Errors.invalidPayload('Only one file part is allowed'),
  tooManyParts: (max: number) => Errors.invalidPayload(`Too many form parts (max ${max})`),
  fieldTooLarge: (maxBytes: number) => Errors.invalidPayload(`Form field too large (max ${maxBytes} bytes)`),
  /** RFC 9110 §15.5.17, with the unsatisfied-range `Content-Range` it requires. */
  rangeNotSatisfiable: (size: number) =>
    new AppError('RANGE_NOT_SATISFIABLE', 416, 'Range not satisfiable', [], { 'Content-Range': `bytes */${size}` }),
};
