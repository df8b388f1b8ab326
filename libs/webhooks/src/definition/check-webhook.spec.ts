import { ENTITIES, registry, secrets } from '../testing/fixtures';
import { checkWebhook } from './check-webhook';

const entities = registry().entities;
const options = { entities, secrets: secrets() };
const base = { entity: 'invoice', url: 'https://hooks.example.com/x' };

function problems(body: object, prefix?: string) {
  const check = checkWebhook(body, { ...options, prefix });
  return check.ok ? [] : check.details.map((d) => [d.field, d.rule]);
}

describe('checkWebhook (06 §7.1)', () => {
  it('fills every default; async follows the hook', () => {
    expect(checkWebhook(base, options)).toEqual({
      ok: true,
      input: {
        entity: 'invoice',
        hook: 'after_write',
        url: 'https://hooks.example.com/x',
        method: 'POST',
        headers: {},
        condition: '',
        async: true,
        retry: { max_attempts: 3, backoff: 'exponential' },
        active: true,
      },
    });
    for (const hook of ['before_write', 'before_delete']) {
      const check = checkWebhook({ ...base, hook }, options);
      expect(check.ok && check.input.async).toBe(false);
    }
  });

  it('keeps what is given: method in any case, header templates unresolved, a compiled condition', () => {
    const check = checkWebhook(
      {
        ...base,
        hook: 'after_delete',
        method: 'put',
        headers: { 'X-Api-Key': 'Key {{ env.CRM_TOKEN }}', 'X-Source': 'rocket' },
        condition: "old.status == 'paid'",
        async: true,
        retry: { max_attempts: 10, backoff: 'linear' },
        active: false,
        id: 'ignored',
        created_at: 'ignored',
        updated_at: 'ignored',
      },
      options,
    );
    expect(check).toEqual({
      ok: true,
      input: expect.objectContaining({
        hook: 'after_delete',
        method: 'PUT',
        headers: { 'X-Api-Key': 'Key {{ env.CRM_TOKEN }}', 'X-Source': 'rocket' },
        condition: "old.status == 'paid'",
        retry: { max_attempts: 10, backoff: 'linear' },
        active: false,
      }),
    });
  });

  it.each<[string, object, Array<[string, string]>]>([
    ['not an object', [], [['', 'invalid_value']]],
    [
      'missing entity and url',
      {},
      [
        ['entity', 'required'],
        ['url', 'required'],
      ],
    ],
    ['entity type', { ...base, entity: 3 }, [['entity', 'type']]],
    ['unknown entity', { ...base, entity: 'ghost' }, [['entity', 'not_found']]],
    ['hook', { ...base, hook: 'after_read' }, [['hook', 'enum']]],
    ['relative url', { ...base, url: '/hooks' }, [['url', 'invalid_value']]],
    ['mailto url', { ...base, url: 'mailto:a@b.c' }, [['url', 'invalid_value']]],
    ['user-info', { ...base, url: 'https://user@hooks.example.com/' }, [['url', 'invalid_value']]],
    ['url length', { ...base, url: `https://x.test/${'a'.repeat(2040)}` }, [['url', 'max_length']]],
    ['method', { ...base, method: 'OPTIONS' }, [['method', 'enum']]],
    ['headers type', { ...base, headers: ['X'] }, [['headers', 'type']]],
    ['header name', { ...base, headers: { 'X:Y': 'a' } }, [['headers.X:Y', 'invalid_value']]],
    ['header twice', { ...base, headers: { 'x-a': '1', 'X-A': '2' } }, [['headers.X-A', 'invalid_value']]],
    ['header value type', { ...base, headers: { 'X-A': null } }, [['headers.X-A', 'type']]],
    ['header value length', { ...base, headers: { 'X-A': 'a'.repeat(4097) } }, [['headers.X-A', 'max_length']]],
    ['header CR/LF', { ...base, headers: { 'X-A': 'a\nb' } }, [['headers.X-A', 'invalid_value']]],
    ['other template', { ...base, headers: { 'X-A': '{{ record.id }}' } }, [['headers.X-A', 'invalid_value']]],
    ['denied variable', { ...base, headers: { 'X-A': '{{env.PGPASSWORD}}' } }, [['headers.X-A', 'env_not_allowed']]],
    ['jwt variable', { ...base, headers: { 'X-A': '{{env.app_jwt_key}}' } }, [['headers.X-A', 'env_not_allowed']]],
    ['config variable', { ...base, headers: { 'X-A': '{{env.PORT}}' } }, [['headers.X-A', 'env_not_allowed']]],
    ['condition type', { ...base, condition: 1 }, [['condition', 'type']]],
    ['condition syntax', { ...base, condition: 'record.status =' }, [['condition', 'expression_syntax']]],
    ['condition field', { ...base, condition: 'record.nope' }, [['condition', 'expression_identifier']]],
    ['async type', { ...base, async: 'yes' }, [['async', 'type']]],
    ['async contradicts', { ...base, hook: 'before_write', async: true }, [['async', 'invalid_value']]],
    ['retry type', { ...base, retry: 3 }, [['retry', 'type']]],
    ['retry zero', { ...base, retry: { max_attempts: 0 } }, [['retry.max_attempts', 'invalid_value']]],
    ['retry fraction', { ...base, retry: { max_attempts: 1.5 } }, [['retry.max_attempts', 'invalid_value']]],
    ['retry backoff', { ...base, retry: { backoff: 'fixed' } }, [['retry.backoff', 'enum']]],
    ['retry unknown', { ...base, retry: { jitter: true } }, [['retry.jitter', 'unknown']]],
    ['active', { ...base, active: 1 }, [['active', 'type']]],
    ['unknown key', { ...base, async_mode: true }, [['async_mode', 'unknown']]],
  ])('%s', (_label, body, expected) => {
    expect(problems(body)).toEqual(expected);
  });

  it('prefixes every path in an import', () => {
    expect(problems({ url: 'x' }, 'webhooks[2]')).toEqual([
      ['webhooks[2].entity', 'required'],
      ['webhooks[2].url', 'invalid_value'],
    ]);
  });

  it('at most 50 headers', () => {
    const headers = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`X-${i}`, 'v']));
    expect(problems({ ...base, headers })).toEqual([['headers', 'invalid_value']]);
  });

  it('a condition may name every field of the entity', () => {
    const names = ENTITIES[0].fields.map((f) => `record.${f.name} == nil`).join(' || ');
    expect(problems({ ...base, condition: names })).toEqual([]);
  });
});
