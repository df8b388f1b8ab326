import { WriteContext } from '../write-context';

/**
 * One named step of the write pipeline (STYLE 7, 04 §3): a small injectable
 * that does one thing to the write context and can be tested alone.
 */
export interface WriteStage {
  run(ctx: WriteContext): void | Promise<void>;
}
