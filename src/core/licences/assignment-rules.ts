import type { Plan } from '../plans/index.js';
import { findLicenceType } from '../plans/index.js';
import { findPermission, type LicenceRole } from './permissions.js';

export type LicenceRuleCode =
  | 'addon_requires_base'
  | 'mutually_exclusive_licences'
  | 'licence_required'
  | 'owner_requires_licence';

export interface LicenceRuleViolation {
  readonly code: LicenceRuleCode;
  readonly message: string;
  /** The field of the request at fault, for the API's error. */
  readonly field: string;
}

/** The licence types a role is granted by under a plan; a provider licence also grants admin. */
export function typesGranting(plan: Plan, role: LicenceRole): readonly string[] {
  const roles = plan.service.licenceRoles;
  return role === 'provider' ? roles.provider : [...roles.admin, ...roles.provider];
}

/** What a licence type grants: 2 the provider role (which covers admin), 1 admin, 0 neither. */
function roleRank(plan: Plan, type: string): number {
  const roles = plan.service.licenceRoles;
  return roles.provider.includes(type) ? 2 : roles.admin.includes(type) ? 1 : 0;
}

/** Can someone holding `held` (active licence types) be given these permissions? */
export function checkPermissions(
  plan: Plan,
  held: readonly string[],
  permissions: readonly string[],
): LicenceRuleViolation | null {
  for (const key of permissions) {
    const needs = findPermission(key)?.needs;
    if (!needs) continue;
    const granting = typesGranting(plan, needs);
    if (granting.length === 0 || granting.some((type) => held.includes(type))) continue;
    return {
      code: 'licence_required',
      field: 'permissions',
      message: `The permission ${key} needs ${needs === 'provider' ? 'a provider' : 'an admin or provider'} licence (${granting.join(' or ')}), which this staff member does not hold`,
    };
  }
  return null;
}

/** May someone holding `held` (assigned licence types) also be given `type`? */
export function checkAssign(
  plan: Plan,
  held: readonly string[],
  type: string,
): LicenceRuleViolation | null {
  const licence = findLicenceType(plan, type);
  if (
    licence &&
    licence.addonTo.length > 0 &&
    !licence.addonTo.some((base) => held.includes(base))
  ) {
    return {
      code: 'addon_requires_base',
      field: 'licenceType',
      message: `${type} is an add-on to ${licence.addonTo.join(' or ')}: assign one of those first`,
    };
  }
  for (const group of plan.service.exclusiveLicences) {
    if (!group.includes(type)) continue;
    const other = held.find((heldType) => heldType !== type && group.includes(heldType));
    if (other) {
      // Only a licence that grants more (a provider's covers an admin's, 003) covers the other.
      const covers = roleRank(plan, other) > roleRank(plan, type);
      return {
        code: 'mutually_exclusive_licences',
        field: 'licenceType',
        message: covers
          ? `${type} and ${other} are never assigned together: ${other} already covers what ${type} would`
          : `${type} and ${other} are never assigned together: release ${other} first to give ${type} instead`,
      };
    }
  }
  return null;
}

/**
 * May `type` be taken from someone who holds `held` and these permissions? Not when they
 * are the owner and it is the owner's licence, nor when a permission of theirs needs it.
 */
export function checkRelease(
  plan: Plan,
  held: readonly string[],
  permissions: readonly string[],
  isOwner: boolean,
  type: string,
): LicenceRuleViolation | null {
  if (isOwner && plan.service.ownerLicence === type) {
    return {
      code: 'owner_requires_licence',
      field: 'licenceType',
      message: `The account owner always holds a ${type} licence`,
    };
  }
  const remaining = held.filter((heldType) => heldType !== type);
  const missing = checkPermissions(plan, remaining, permissions);
  if (!missing) return null;
  return {
    ...missing,
    field: 'licenceType',
    message: `${missing.message} once ${type} is taken away: remove that permission first`,
  };
}

/** May `type` be released while the member keeps an add-on that sits only on it? (000) */
export function checkAddonsKeepTheirBase(
  plan: Plan,
  held: readonly string[],
  type: string,
): LicenceRuleViolation | null {
  const remaining = held.filter((heldType) => heldType !== type);
  const addon = plan.licenceTypes.find(
    (candidate) =>
      remaining.includes(candidate.key) &&
      candidate.addonTo.includes(type) &&
      !candidate.addonTo.some((base) => base !== type && remaining.includes(base)),
  );
  if (!addon) return null;
  return {
    code: 'addon_requires_base',
    field: 'licenceType',
    message: `Release the ${addon.key} add-on first: it sits on ${type}`,
  };
}
