import { sqlOnlyDb } from './testing/fixtures';
import { WebhookLogsRepository } from './webhook-logs.repository';
import { WebhooksRepository } from './webhooks.repository';

const db = sqlOnlyDb();
const logs = new WebhookLogsRepository();
const webhooks = new WebhooksRepository();

/** The fixed SQL of `_webhooks` and `_webhook_logs`, pinned so a reviewer reads it (STYLE 2). */
describe('webhook repositories SQL', () => {
  it('claims due rows and expired leases in one statement (06 §6.1 step 2)', () => {
    const { sql, parameters } = logs.claimQuery(db, 'token-1', 40, 7).compile(db);
    expect(sql).toMatchInlineSnapshot(`
"UPDATE _webhook_logs
   SET attempt = CASE WHEN status = 'delivering' THEN attempt ELSE attempt + 1 END,
       status = 'delivering', claim_token = $1,
       locked_until = now() + make_interval(secs => $2), updated_at = now()
 WHERE id IN (SELECT id FROM _webhook_logs
               WHERE (status IN ('pending', 'retrying') AND next_retry_at <= now())
  OR (status = 'delivering' AND locked_until < now())
               ORDER BY next_retry_at LIMIT $3
               FOR UPDATE SKIP LOCKED)
RETURNING *"
`);
    expect(parameters).toEqual(['token-1', 40, 7]);
  });

  it('lists logs newest first with filters and paging', () => {
    const query = logs
      .listQuery(db, { status: 'failed', entity: 'invoice', from: new Date('2026-01-01T00:00:00Z') }, 3, 20)
      .compile();
    expect(query.sql).toMatchInlineSnapshot(
      `"select * from "_webhook_logs" where "status" = $1 and "entity" = $2 and "created_at" >= $3 order by "created_at" desc, "id" desc limit $4 offset $5"`,
    );
    expect(query.parameters.slice(3)).toEqual([20, 40]);
  });

  it('lists webhooks in admin order', () => {
    expect(webhooks.listQuery(db, { entity: 'invoice', active: true }).compile().sql).toMatchInlineSnapshot(
      `"select "id", "entity", "hook", "url", "method", "headers", "condition", "async", "retry", "active", "created_at", "updated_at" from "_webhooks" where "entity" = $1 and "active" = $2 order by "entity", "hook", "created_at", "id""`,
    );
  });

  it('inserts webhooks with clock_timestamp() and JSON text columns', () => {
    const { sql, parameters } = webhooks
      .insertQuery(db, {
        entity: 'invoice',
        hook: 'after_write',
        url: 'https://x.test/',
        method: 'POST',
        headers: { 'X-A': '{{env.A}}' },
        condition: '',
        async: true,
        retry: { max_attempts: 3, backoff: 'exponential' },
        active: true,
      })
      .compile();
    expect(sql).toMatchInlineSnapshot(
      `"insert into "_webhooks" ("entity", "hook", "url", "method", "headers", "condition", "async", "retry", "active", "created_at", "updated_at") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, clock_timestamp(), clock_timestamp()) returning "id", "entity", "hook", "url", "method", "headers", "condition", "async", "retry", "active", "created_at", "updated_at""`,
    );
    expect(parameters[4]).toBe('{"X-A":"{{env.A}}"}');
    expect(parameters[7]).toBe('{"max_attempts":3,"backoff":"exponential"}');
  });
});
