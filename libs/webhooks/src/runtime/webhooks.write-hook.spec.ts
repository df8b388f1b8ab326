import { receiverText, syncFailure } from './webhooks.write-hook';

const outcome = (status: number | null, body = '', clientError = '') => ({
  delivered: false,
  responseStatus: status,
  responseBody: body,
  error: status ? `HTTP ${status}` : 'timeout after 10000 ms',
  aborted: false,
  clientError,
});

describe('sync webhook failures (06 §6.3)', () => {
  it.each([
    ['{"error":{"message":"Credit limit exceeded"}}', 'Credit limit exceeded'],
    ['{"message":"Nope"}', 'Nope'],
    ['{"error":"Denied"}', 'Denied'],
    ['{"error":{"code":1}}', 'HTTP 409'],
    ['not json', 'HTTP 409'],
    ['', 'HTTP 409'],
    [`{"message":"${'x'.repeat(600)}"}`, 'x'.repeat(500)],
  ])('receiver text of %s', (body, text) => {
    expect(receiverText(body, 409)).toBe(text);
  });

  it('4xx → 422 WEBHOOK_REJECTED', () => {
    const err = syncFailure('w-1', outcome(409, '{"message":"Nope"}'));
    expect([err.status, err.code, err.message, err.details]).toEqual([
      422,
      'WEBHOOK_REJECTED',
      'Rejected by webhook w-1 (HTTP 409)',
      [{ rule: 'webhook', message: 'Nope' }],
    ]);
  });

  it.each([
    [outcome(500, 'boom', 'HTTP 500'), 'HTTP 500'],
    [outcome(302, '', 'HTTP 302'), 'HTTP 302'],
    [outcome(null, '', 'timeout after 10000 ms'), 'timeout after 10000 ms'],
    [outcome(null, '', 'destination not allowed'), 'destination not allowed'],
  ])('anything else → 502 WEBHOOK_FAILED (%#)', (failed, message) => {
    const err = syncFailure('w-1', failed);
    expect([err.status, err.code, err.message, err.details]).toEqual([
      502,
      'WEBHOOK_FAILED',
      'Webhook w-1 could not be delivered',
      [{ rule: 'webhook', message }],
    ]);
  });
});
