/**
 * Workflow definitions and their instances (05 §1). The instance row is the
 * durable record of a run: it is written in the transaction of the change
 * that triggers it and advanced by the runner one transaction at a time.
 */
export const WORKFLOWS_DDL = [
  `CREATE TABLE IF NOT EXISTS _workflows (
    id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name        TEXT NOT NULL UNIQUE,
    trigger     JSONB NOT NULL,
    context     JSONB NOT NULL DEFAULT '{}',
    steps       JSONB NOT NULL DEFAULT '[]',
    active      BOOLEAN NOT NULL DEFAULT true,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE IF NOT EXISTS _workflow_instances (
    id                    UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    workflow_id           UUID REFERENCES _workflows(id) ON DELETE SET NULL,
    workflow_name         TEXT NOT NULL,
    definition            JSONB NOT NULL,
    status                TEXT NOT NULL DEFAULT 'running',
    current_step          TEXT,
    current_step_deadline TIMESTAMPTZ,
    assignee              JSONB,
    context               JSONB NOT NULL DEFAULT '{}',
    history               JSONB NOT NULL DEFAULT '[]',
    trigger               JSONB NOT NULL,
    error                 TEXT,
    depth                 INT NOT NULL DEFAULT 0,
    next_run_at           TIMESTAMPTZ,
    run_errors            INT NOT NULL DEFAULT 0,
    resume_action_index   INT,
    trace_id              UUID,
    created_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at            TIMESTAMPTZ NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX IF NOT EXISTS idx_wfi_due ON _workflow_instances (next_run_at)
    WHERE status = 'running' AND next_run_at IS NOT NULL`,
  `CREATE INDEX IF NOT EXISTS idx_wfi_status ON _workflow_instances (status, created_at DESC)`,
];
