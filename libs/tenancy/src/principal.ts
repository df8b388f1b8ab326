/** The authenticated caller (07 §0). */
export interface Principal {
  kind: 'app' | 'platform' | 'api_key';
  id: string | null;
  email: string | null;
  roles: string[];
}

/** Engine-internal work runs as this actor (07 §0). */
export const SYSTEM_ACTOR: Principal = Object.freeze({
  kind: 'app',
  id: null,
  email: null,
  roles: ['admin', 'system'],
});

export function hasRole(principal: Principal | undefined, role: string): boolean {
  return !!principal && principal.roles.some((r) => r.toLowerCase() === role);
}
