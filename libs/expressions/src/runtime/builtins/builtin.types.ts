import { Budget } from '../budget';

/** What a built-in may use besides its arguments. */
export interface CallEnv {
  readonly budget: Budget;
  /** The operation instant (`now`), when the context has one. */
  readonly now: Date | null;
  /** Runs the call's sub-expression on one element (03 §7); absent when the call has none. */
  readonly each?: (element: unknown) => unknown;
}

export type Builtin = (args: readonly unknown[], env: CallEnv) => unknown;
