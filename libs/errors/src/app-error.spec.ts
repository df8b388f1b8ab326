import { AppError } from './app-error';
import { Errors } from './errors';

describe('AppError stacks', () => {
  const frames = (err: Error) => (err.stack ?? '').split('\n').filter((line) => line.trim().startsWith('at '));

  it('a client error carries no stack frames; a server error keeps them', () => {
    const notFound = Errors.notFound('gone');
    expect(notFound.stack).toBe('AppError: gone');
    expect(frames(notFound)).toEqual([]);
    expect(frames(new AppError('INTERNAL_ERROR', 500, 'boom')).length).toBeGreaterThan(0);
  });

  it('leaves the process-wide stack limit as it found it', () => {
    const before = Error.stackTraceLimit;
    Errors.validation([{ message: 'x' }]);
    expect(Error.stackTraceLimit).toBe(before);
    expect(frames(new Error('plain')).length).toBeGreaterThan(0);
  });
});
