/**
 * `_permissions` (07 §1, with the columns of 12 §1.1) for every app's bootstrap.
 * There is no FK to `_entities` (07 §1): a trigger deletes an entity's
 * policies with it (01 §6), so a later entity of the same name inherits none.
 */
export const PERMISSIONS_DDL = [
  `CREATE TABLE IF NOT EXISTS _permissions (
    id         UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    entity     TEXT NOT NULL,
    action     TEXT NOT NULL CHECK (action IN ('read','create','update','delete','comment')),
    roles      TEXT[] NOT NULL DEFAULT '{}',
    conditions JSONB NOT NULL DEFAULT '[]',
    created_at TIMESTAMPTZ DEFAULT NOW(),
    updated_at TIMESTAMPTZ DEFAULT NOW()
  )`,
  // Databases made before `comment` existed get the constraint replaced (07 §1).
  `ALTER TABLE _permissions DROP CONSTRAINT IF EXISTS _permissions_action_check`,
  `ALTER TABLE _permissions ADD CONSTRAINT _permissions_action_check
    CHECK (action IN ('read','create','update','delete','comment'))`,
  `ALTER TABLE _permissions ADD COLUMN IF NOT EXISTS fields      JSONB`,
  `ALTER TABLE _permissions ADD COLUMN IF NOT EXISTS masks       JSONB NOT NULL DEFAULT '{}'`,
  `ALTER TABLE _permissions ADD COLUMN IF NOT EXISTS field_rules JSONB NOT NULL DEFAULT '[]'`,
  `CREATE INDEX IF NOT EXISTS idx_permissions_entity_action ON _permissions(entity, action)`,
  `CREATE OR REPLACE FUNCTION _permissions_entity_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM _permissions WHERE entity = OLD.name;
      RETURN OLD;
    END $$`,
  `DROP TRIGGER IF EXISTS trg_permissions_entity_deleted ON _entities`,
  `CREATE TRIGGER trg_permissions_entity_deleted AFTER DELETE ON _entities
    FOR EACH ROW EXECUTE FUNCTION _permissions_entity_deleted()`,
];
