import { Transform, TransformCallback } from 'node:stream';
import { FileTooLargeError } from './file-storage';

/**
 * A pass-through that counts bytes and fails with FileTooLargeError as soon
 * as more than `maxBytes` went by, so the writer behind it aborts.
 */
export class ByteCounter extends Transform {
  bytes = 0;

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) done(new FileTooLargeError(this.maxBytes));
    else done(null, chunk);
  }
}
