import { describe, expect, it } from 'vitest';
import { PRESETS } from '../plans/index.js';
import {
  checkAddonsKeepTheirBase,
  checkAssign,
  checkPermissions,
  checkRelease,
} from './assignment-rules.js';

const perProvider = PRESETS['per-provider'];
const physio = PRESETS['prorated-monthly'];
if (!perProvider || !physio) throw new Error('presets missing');

describe('licence rules (003)', () => {
  it('never assigns both provider and admin', () => {
    expect(checkAssign(perProvider, ['provider'], 'admin')?.code).toBe(
      'mutually_exclusive_licences',
    );
    expect(checkAssign(perProvider, ['admin'], 'provider')?.code).toBe(
      'mutually_exclusive_licences',
    );
    // The message says which way round it is (12): a provider's licence covers an admin's.
    expect(checkAssign(perProvider, ['provider'], 'admin')?.message).toBe(
      'admin and provider are never assigned together: provider already covers what admin would',
    );
    expect(checkAssign(perProvider, ['admin'], 'provider')?.message).toBe(
      'provider and admin are never assigned together: release admin first to give provider instead',
    );
    expect(checkAssign(perProvider, [], 'admin')).toBeNull();
  });

  it('assigns an add-on only on top of its base licence (000)', () => {
    expect(checkAssign(physio, [], 'telehealth-pro')).toMatchObject({
      code: 'addon_requires_base',
      message: 'telehealth-pro is an add-on to practitioner: assign one of those first',
    });
    expect(checkAssign(physio, ['practitioner'], 'telehealth-pro')).toBeNull();
  });

  it('clinical permissions need a provider licence; admin ones an admin or provider licence', () => {
    expect(checkPermissions(perProvider, [], ['scheduling', 'billing'])).toBeNull();
    expect(checkPermissions(perProvider, ['admin'], ['clinical_documentation'])).toMatchObject({
      code: 'licence_required',
      message:
        'The permission clinical_documentation needs a provider licence (provider), which this staff member does not hold',
    });
    expect(checkPermissions(perProvider, ['admin'], ['system_settings'])).toBeNull();
    expect(
      checkPermissions(perProvider, ['provider'], ['system_settings', 'therapist']),
    ).toBeNull();
    expect(checkPermissions(perProvider, [], ['staff_manage'])?.message).toContain(
      '(admin or provider)',
    );
  });

  it('keeps the owner on the owner licence, and a licence a permission needs', () => {
    expect(checkRelease(perProvider, ['provider'], [], true, 'provider')?.code).toBe(
      'owner_requires_licence',
    );
    expect(checkRelease(perProvider, ['provider'], ['therapist'], false, 'provider')?.code).toBe(
      'licence_required',
    );
    expect(checkRelease(perProvider, ['provider'], ['billing'], false, 'provider')).toBeNull();
  });

  it('releases a base licence only once the add-ons on it are gone (000)', () => {
    expect(
      checkAddonsKeepTheirBase(physio, ['practitioner', 'telehealth-pro'], 'practitioner'),
    ).toMatchObject({
      code: 'addon_requires_base',
      message: 'Release the telehealth-pro add-on first: it sits on practitioner',
    });
    expect(checkAddonsKeepTheirBase(physio, ['practitioner'], 'practitioner')).toBeNull();
    expect(
      checkAddonsKeepTheirBase(physio, ['practitioner', 'telehealth-pro'], 'telehealth-pro'),
    ).toBeNull();
  });
});
