import { createHmac } from 'node:crypto';
import { buildWebhookRequest, DeliveryAttempt, deriveWebhookSigningKey, signPayload } from './webhook-request';

const KEY = Buffer.from('k'.repeat(32));
const NOW = new Date('2026-02-08T10:30:00.000Z');

const attempt: DeliveryAttempt = {
  deliveryId: 'log-1',
  event: 'after_write',
  attempt: 2,
  idempotencyKey: 'wh_abc',
  traceId: 'trace-1',
  url: 'https://hooks.example.com/x?y=1',
  method: 'POST',
  headers: {},
  body: { event: 'after_write', record: { id: 1 } },
  signed: true,
};

function build(overrides: Partial<DeliveryAttempt> = {}, resolve = (v: string) => v.replace('{{env.T}}', 'tok')) {
  return buildWebhookRequest({ ...attempt, ...overrides }, { resolve, signingKey: KEY, now: NOW, timeoutMs: 1234 });
}

describe('buildWebhookRequest (06 §4.4)', () => {
  it('sends the stored body with the system headers and a signature', () => {
    const req = build();
    const body = JSON.stringify(attempt.body);
    expect(req).toMatchObject({ url: attempt.url, method: 'POST', body, timeoutMs: 1234, maxBodyBytes: 65536 });
    expect(req.overflow).toBe('truncate');
    expect(req.headers).toEqual({
      'User-Agent': 'Rocket-Webhooks/1',
      'X-Rocket-Event': 'after_write',
      'X-Rocket-Delivery': 'log-1',
      'X-Rocket-Attempt': '2',
      'X-Idempotency-Key': 'wh_abc',
      'X-Trace-ID': 'trace-1',
      'Content-Type': 'application/json',
      'Content-Length': String(Buffer.byteLength(body)),
      'X-Rocket-Signature': `t=1770546600,v1=${createHmac('sha256', KEY).update(`1770546600.${body}`).digest('hex')}`,
    });
  });

  it('resolves definition headers at send time; only User-Agent and X-Trace-ID may be replaced', () => {
    const req = build({
      headers: {
        Authorization: 'Bearer {{env.T}}',
        'user-agent': 'mine',
        'X-TRACE-ID': 'theirs',
        'x-rocket-event': 'forged',
        'X-Idempotency-Key': 'forged',
        'X-Rocket-Signature': 'forged',
        'Content-Type': 'text/plain',
        Host: 'elsewhere',
        'Content-Length': '1',
      },
    });
    expect(req.headers).toMatchObject({
      Authorization: 'Bearer tok',
      'user-agent': 'mine',
      'X-TRACE-ID': 'theirs',
      'X-Rocket-Event': 'after_write',
      'X-Idempotency-Key': 'wh_abc',
      'Content-Type': 'application/json',
    });
    expect(req.headers['User-Agent']).toBeUndefined();
    expect(req.headers['X-Trace-ID']).toBeUndefined();
    expect(req.headers.Host).toBeUndefined();
    expect(req.headers['X-Rocket-Signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
  });

  it('GET sends no body and signs the empty string', () => {
    const req = build({ method: 'get' });
    expect([req.method, req.body, req.headers['Content-Type']]).toEqual(['GET', undefined, undefined]);
    expect(req.headers['X-Rocket-Signature']).toBe(`t=1770546600,v1=${signPayload(KEY, 1770546600, '')}`);
  });

  it('connector rows are not signed', () => {
    expect(build({ signed: false }).headers['X-Rocket-Signature']).toBeUndefined();
  });

  it('a template that cannot be resolved fails the attempt', () => {
    const fail = () => {
      throw new Error('environment variable T is not set');
    };
    expect(() => build({ headers: { 'X-A': '{{env.T}}' } }, fail)).toThrow('environment variable T is not set');
    expect(() => build({ headers: { 'X-A': 'x' } }, () => 'a\r\nInjected: 1')).toThrow(/line breaks/);
  });

  it('derives one signing key per app from the master key', () => {
    const a = deriveWebhookSigningKey('m'.repeat(40), 'shop');
    expect(a).toEqual(createHmac('sha256', 'm'.repeat(40)).update('rocket:webhook-signing:shop').digest());
    expect(a.equals(deriveWebhookSigningKey('m'.repeat(40), 'demo'))).toBe(false);
  });
});
