import { Principal } from './principal';
import { TenantContext } from './tenant-context';

/** What the guards attach to a request before the handler runs. */
export interface RocketRequestState {
  rocketTenant?: TenantContext;
  rocketPrincipal?: Principal;
}

export type RocketRequest = RocketRequestState & {
  params?: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  id?: string;
};
