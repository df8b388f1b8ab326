/**
 * `_invites` (07 §1). Only the SHA-256 of a token is stored. `ux_invites_open`
 * makes "one open invite per e-mail" race-free: expired open invites of an
 * e-mail are deleted before a new one is inserted (07 §9.2).
 */
export const INVITES_DDL = [
  `CREATE TABLE IF NOT EXISTS _invites (
    id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    email       TEXT NOT NULL,
    roles       TEXT[] NOT NULL DEFAULT '{}',
    token_hash  TEXT NOT NULL UNIQUE,
    expires_at  TIMESTAMPTZ NOT NULL,
    accepted_at TIMESTAMPTZ,
    invited_by  UUID,
    created_at  TIMESTAMPTZ DEFAULT NOW()
  )`,
  `CREATE INDEX IF NOT EXISTS idx_invites_email ON _invites(email)`,
  `CREATE UNIQUE INDEX IF NOT EXISTS ux_invites_open ON _invites(email) WHERE accepted_at IS NULL`,
];

/** The unique index a concurrent second invite for an open e-mail runs into. */
export const OPEN_INVITE_INDEX = 'ux_invites_open';
