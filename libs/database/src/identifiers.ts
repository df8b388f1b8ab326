/**
 * Quotes a PostgreSQL identifier for the few statements Kysely cannot build
 * (CREATE/DROP DATABASE). Callers pass names that were validated already;
 * quoting is the second fence, not the first.
 */
export function quoteIdent(name: string): string {
  if (name.includes('\u0000')) throw new Error('Identifier contains NUL');
  return `"${name.replace(/"/g, '""')}"`;
}
