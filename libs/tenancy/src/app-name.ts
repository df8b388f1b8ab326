/** App names (08 §3.1): lower-case words joined by single underscores, ≤ 50. */
export const APP_NAME_PATTERN = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
export const APP_NAME_MAX = 50;
export const RESERVED_APP_NAMES: readonly string[] = ['api', 'auth', 'admin', 'health', 'platform', 'static'];

export function isWellFormedAppName(name: string): boolean {
  return name.length <= APP_NAME_MAX && APP_NAME_PATTERN.test(name);
}

export function appDatabaseName(name: string): string {
  return `rocket_${name}`;
}
