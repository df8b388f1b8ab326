import { evalError } from '../errors/evaluation-error';
import { LIMITS } from '../compile/limits';

/**
 * The cost of one evaluation (03 §12.4): node visits (`steps`) and the
 * data-sized work of deep equality, `string()`, `len()`… (`work`).
 */
export class Budget {
  steps = 0;
  work = 0;

  constructor(
    private readonly maxSteps: number = LIMITS.steps,
    private readonly maxWork: number = LIMITS.work,
  ) {}

  step(): void {
    if (++this.steps > this.maxSteps) throw evalError('expression too expensive');
  }

  charge(units: number): void {
    this.work += units;
    if (this.work > this.maxWork) throw evalError('expression too expensive');
  }
}

/** Every produced string is checked here (03 §5.3). */
export function checkedString(text: string): string {
  if (text.length > LIMITS.stringLength) throw evalError(`string result longer than ${LIMITS.stringLength} characters`);
  return text;
}
