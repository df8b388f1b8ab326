import { Principal, SYSTEM_ACTOR } from '@rocket/tenancy';
import { machineRow, registry } from '../testing/fixtures';
import { compileMachines } from './compiled-machine';
import { decideCreate, decideUpdate, mayTake, stateText } from './transitions';

const [machine] = compileMachines(
  [
    machineRow({
      definition: {
        initial: 'draft',
        transitions: [
          { from: ['draft'], to: 'sent', roles: ['admin', 'accountant'], guard: null, actions: [] },
          { from: ['sent'], to: 'paid', roles: ['accountant'], guard: null, actions: [] },
          { from: ['draft', 'sent'], to: 'void', roles: [], guard: null, actions: [] },
        ],
      },
    }),
  ],
  registry(),
).of('invoice');

describe('decideCreate (04 §2.5 Create)', () => {
  it.each([
    [undefined, { kind: 'assign' }],
    [null, { kind: 'assign' }],
    ['draft', { kind: 'accept' }],
    ['sent', { kind: 'invalid', message: "Initial state must be 'draft', got 'sent'" }],
    ['', { kind: 'invalid', message: "Initial state must be 'draft', got ''" }],
  ])('%p → %j', (given, expected) => {
    expect(decideCreate(machine, given)).toEqual(expected);
  });
});

describe('decideUpdate (04 §2.5 Update)', () => {
  it.each<[unknown, unknown, string]>([
    ['draft', 'draft', 'none'],
    [null, null, 'none'],
    [null, 'draft', 'none'],
    ['sent', null, "invalid: Invalid transition from 'sent' to null"],
    ['draft', 'paid', "invalid: Invalid transition from 'draft' to 'paid'"],
    [null, 'paid', "invalid: Invalid transition from 'draft' to 'paid'"],
    ['draft', 'sent', 'draft → sent (transition 0)'],
    [null, 'sent', 'draft → sent (transition 0)'],
    ['sent', 'void', 'sent → void (transition 2)'],
    ['paid', 'void', "invalid: Invalid transition from 'paid' to 'void'"],
  ])('%p → %p: %s', (stored, proposed, expected) => {
    const d = decideUpdate(machine, stored, proposed);
    const text =
      d.kind === 'transition'
        ? `${d.from} → ${d.to} (transition ${machine.transitions.indexOf(d.transition)})`
        : d.kind === 'invalid'
          ? `invalid: ${d.message}`
          : 'none';
    expect(text).toBe(expected);
  });

  it('compares states as strings', () => {
    expect(stateText(3)).toBe('3');
    expect(stateText(undefined)).toBeNull();
  });
});

describe('mayTake (04 §2.5 step 5)', () => {
  const [toSent, toPaid, toVoid] = machine.transitions;
  const as = (...roles: string[]): Principal => ({ kind: 'app', id: 'u', email: null, roles });
  it.each<[string, Principal | undefined, boolean]>([
    ['no roles: anyone', as(), true],
    ['no roles: even nobody', undefined, true],
    ['a listed role, any case', as('ACCOUNTANT'), true],
    ['another role', as('clerk'), false],
    ['admin always', as('Admin'), true],
    ['the system actor', SYSTEM_ACTOR, true],
    ['no caller', undefined, false],
  ])('%s', (label, principal, expected) => {
    const transition = label.startsWith('no roles') ? toVoid : label === 'a listed role, any case' ? toPaid : toSent;
    expect(mayTake(transition, principal)).toBe(expected);
  });
});
