import { describe, expect, it } from 'vitest';
import { PRESETS, type Plan } from '../plans/index.js';
import { planRenewalLicences, type Holding } from './renewal-licences.js';

const preset = (id: string): Plan => {
  const plan = PRESETS[id];
  if (!plan) throw new Error(id);
  return plan;
};
const hold = (
  assignmentId: string,
  staffId: string,
  licenceType: string,
  isOwner = false,
): Holding => ({
  assignmentId,
  staffId,
  licenceType,
  isOwner,
});
const none = { mapping: {}, release: [] };

describe('licences carried into the next term (004)', () => {
  it('keeps each licence when the next package has its type and buys enough', () => {
    const result = planRenewalLicences(
      preset('annual-term-blocks'),
      new Map([['user', 5]]),
      [hold('a1', 's1', 'user'), hold('a2', 's2', 'user')],
      none,
    );
    expect(result).toEqual({
      ok: true,
      plan: {
        keep: [
          { assignmentId: 'a1', licenceType: 'user' },
          { assignmentId: 'a2', licenceType: 'user' },
        ],
        release: [],
      },
    });
  });

  it('refuses a next term smaller than the licences held, unless it says which to release', () => {
    const holdings = [hold('a1', 's1', 'user'), hold('a2', 's2', 'user'), hold('a3', 's3', 'user')];
    const plan = preset('annual-term-blocks');
    expect(planRenewalLicences(plan, new Map([['user', 2]]), holdings, none)).toMatchObject({
      ok: false,
      code: 'licences_in_use',
      details: { held: 3, purchased: 2, releaseFirst: 1 },
    });
    expect(
      planRenewalLicences(plan, new Map([['user', 2]]), holdings, { mapping: {}, release: ['a3'] }),
    ).toMatchObject({ ok: true, plan: { release: ['a3'] } });
  });

  it('maps a type the next package lacks, or refuses; the owner takes the owner licence', () => {
    const next = preset('per-provider');
    const holdings = [hold('a1', 'owner', 'user', true), hold('a2', 's2', 'user')];
    const seats = new Map([
      ['provider', 2],
      ['admin', 1],
    ]);
    expect(planRenewalLicences(next, seats, holdings, none)).toMatchObject({
      ok: false,
      code: 'licence_mapping_required',
      field: 'licenceMapping.user',
    });
    expect(
      planRenewalLicences(next, seats, holdings, { mapping: { user: 'admin' }, release: [] }),
    ).toEqual({
      ok: true,
      plan: {
        keep: [
          { assignmentId: 'a1', licenceType: 'provider' },
          { assignmentId: 'a2', licenceType: 'admin' },
        ],
        release: [],
      },
    });
  });

  it('never releases the owner licence, nor leaves anyone two licences of one group', () => {
    const next = preset('per-provider');
    const seats = new Map([
      ['provider', 5],
      ['admin', 5],
    ]);
    expect(
      planRenewalLicences(next, seats, [hold('a1', 'owner', 'provider', true)], {
        mapping: {},
        release: ['a1'],
      }),
    ).toMatchObject({ ok: false, code: 'owner_requires_licence' });
    expect(
      planRenewalLicences(
        next,
        seats,
        [hold('a1', 's1', 'therapist'), hold('a2', 's1', 'clerical')],
        { mapping: { therapist: 'provider', clerical: 'admin' }, release: [] },
      ),
    ).toMatchObject({ ok: false, code: 'licence_mapping_required' });
    // Two old types mapped onto one new type: the member keeps one licence of it.
    expect(
      planRenewalLicences(
        next,
        seats,
        [hold('a1', 's1', 'therapist'), hold('a2', 's1', 'assistant')],
        { mapping: { therapist: 'provider', assistant: 'provider' }, release: [] },
      ),
    ).toMatchObject({ ok: true, plan: { keep: [{ assignmentId: 'a1' }], release: ['a2'] } });
  });
});
