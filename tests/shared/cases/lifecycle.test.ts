// The lifecycle table: every action from every status, by every actor, is either the one allowed move or a
// named refusal (409 with the current status, 403 for a role that may never act).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Actor,
  allowedActions,
  CASE_STATUSES,
  type CaseAction,
  lifecycle,
  terminalStatuses,
  transition,
} from '../../../shared/cases/lifecycle.ts';
import { DomainError } from '../../../shared/errors.ts';
import { roles } from '../../../shared/identity.ts';

const actions = Object.keys(lifecycle) as CaseAction[];
const actors: Actor[] = [...roles, 'system'];

describe('case lifecycle', () => {
  it('follows the recommended path from submission to completion', () => {
    let status = transition('SUBMITTED', 'request-correction', 'clerk');
    expect(status).toBe('CORRECTION_REQUESTED');
    status = transition('SUBMITTED', 'accept', 'clerk');
    status = transition(status, 'start-review', 'system');
    expect(status).toBe('IN_REVIEW');
    expect(transition(status, 'suspend', 'reviewer')).toBe('SUSPENDED');
    expect(transition('SUSPENDED', 'resume', 'supervisor')).toBe('IN_REVIEW');
    expect(transition(status, 'complete', 'system')).toBe('COMPLETED');
    expect(transition(status, 'deny', 'system')).toBe('DENIED');
  });

  it('refuses a second acceptance and any decision on a withdrawn case with 409 naming the status', () => {
    for (const [status, action, actor] of [
      ['ACCEPTED', 'accept', 'clerk'],
      ['WITHDRAWN', 'decide-task', 'reviewer'],
      ['COMPLETED', 'withdraw', 'citizen'],
    ] as const) {
      try {
        transition(status, action, actor);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(DomainError);
        expect((error as DomainError).status).toBe(409);
        expect((error as DomainError).message).toContain(status);
      }
    }
  });

  it('lets no action leave a terminal status', () => {
    for (const status of terminalStatuses) expect(allowedActions(status)).toEqual([]);
  });

  it('answers every (status, action, actor): the rule’s target, 403 for a foreign role, else 409', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CASE_STATUSES),
        fc.constantFrom(...actions),
        fc.constantFrom(...actors),
        (status, action, actor) => {
          const rule = lifecycle[action];
          try {
            const next = transition(status, action, actor);
            expect(rule.by).toContain(actor);
            expect(rule.from).toContain(status);
            expect(next).toBe(rule.to ?? status);
          } catch (error) {
            const expected = rule.by.includes(actor) ? 409 : 403;
            expect((error as DomainError).status).toBe(expected);
          }
        },
      ),
    );
  });
});
