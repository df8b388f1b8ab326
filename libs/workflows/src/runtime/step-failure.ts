/** A step failed (05 §4.4): the instance becomes `failed` with this message in its history. */
export class StepFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StepFailure';
  }
}
