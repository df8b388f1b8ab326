import { Injectable } from '@nestjs/common';

/** One readiness probe: resolves when the dependency works, rejects otherwise. */
export type ReadinessProbe = () => Promise<void>;

/**
 * Probes other modules add to `GET /health/ready` (08 §9), e.g. the files
 * module's storage probe, so health does not depend on them.
 */
@Injectable()
export class ReadinessChecks {
  private readonly probes = new Map<string, ReadinessProbe>();

  register(name: string, probe: ReadinessProbe): void {
    this.probes.set(name, probe);
  }

  entries(): [string, ReadinessProbe][] {
    return [...this.probes];
  }
}
