/** Metadata of uploaded files, per app (08 §10.2); contents live in FileStorage. */
export const FILES_DDL = [
  `CREATE TABLE IF NOT EXISTS _files (
    id           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    filename     TEXT NOT NULL,
    storage_path TEXT NOT NULL,
    mime_type    TEXT NOT NULL DEFAULT 'application/octet-stream',
    size         BIGINT NOT NULL DEFAULT 0,
    uploaded_by  UUID,
    created_at   TIMESTAMPTZ DEFAULT NOW()
  )`,
  `CREATE INDEX IF NOT EXISTS idx_files_created ON _files(created_at DESC)`,
];
