import { Injectable } from '@nestjs/common';
import { TenancyService, TenantContext } from '@rocket/tenancy';
import { Registry } from './registry.types';

/** Where an open app keeps its compiled registry (TenantContext.state). */
export const REGISTRY_STATE = Symbol('rocket.metadata.registry');

export function registryOf(ctx: TenantContext): Registry {
  const registry = ctx.state.get(REGISTRY_STATE) as Registry | undefined;
  if (!registry) throw new Error(`Registry of app ${ctx.name} is not loaded`);
  return registry;
}

/** Hands request code the registry snapshot of the current app. */
@Injectable()
export class RegistryService {
  constructor(private readonly tenancy: TenancyService) {}

  current(): Registry {
    return registryOf(this.tenancy.current());
  }
}
