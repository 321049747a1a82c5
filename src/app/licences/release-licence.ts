import {
  checkAddonsKeepTheirBase,
  checkRelease,
  type LicenceRuleViolation,
} from '../../core/index.js';
import { AppError, notFound } from '../app-error.js';
import { sql } from 'kysely';
import { audit, auditedWrite } from '../audit.js';
import { inTransaction, requireScope, type Actor, type AppContext } from '../context.js';
import { organizationNow } from '../organizations/organization-clock.js';
import { loadStaffContext } from '../staff/staff-records.js';
import { loadSubscriptionLog, stateAt } from '../subscriptions/subscription-log.js';
import { assignmentView } from '../views.js';

/**
 * Switch a licence on (it then counts for permissions) or off, or take it back into the
 * pool. Switching off or releasing is refused when a permission of the staff member needs
 * it, or when it is the owner's licence.
 */
export async function setLicenceActive(
  context: AppContext,
  actor: Actor,
  staffId: string,
  licenceType: string,
  active: boolean,
) {
  requireScope(actor, 'licences:manage');
  return inTransaction(context, async (trx) => {
    const { now, staff, assignment, held, plan } = await loadHolding(
      trx,
      context,
      actor,
      staffId,
      licenceType,
    );
    if (!active) {
      refuse(checkRelease(plan, activeTypes(held), staff.permissions, staff.is_owner, licenceType));
      // An add-on switched on needs its base switched on (000).
      refuse(checkAddonsKeepTheirBase(plan, activeTypes(held), licenceType));
    }
    await trx
      .updateTable('licence_assignments')
      .set({ active })
      .where('id', '=', assignment.id)
      .execute();
    await audit(trx, actor, now, {
      action: active ? 'licence.switched_on' : 'licence.switched_off',
      subject: staff.id,
      before: { licenceType, active: assignment.active },
      after: { licenceType, active },
    });
    return assignmentView({ ...assignment, active });
  });
}

export async function releaseLicence(
  context: AppContext,
  actor: Actor,
  staffId: string,
  licenceType: string,
  reason: string | null,
) {
  requireScope(actor, 'licences:manage');
  await inTransaction(context, async (trx) => {
    const { now, staff, assignment, held, plan } = await loadHolding(
      trx,
      context,
      actor,
      staffId,
      licenceType,
    );
    refuse(checkRelease(plan, activeTypes(held), staff.permissions, staff.is_owner, licenceType));
    refuse(
      checkAddonsKeepTheirBase(
        plan,
        held.map((a) => a.licence_type),
        licenceType,
      ),
    );
    await auditedWrite(
      trx,
      sql`update licence_assignments set released_at = ${now}
          where id = ${assignment.id} and released_at is null returning id`,
      actor,
      now,
      {
        action: 'licence.released',
        subject: staff.id,
        before: { licenceType, active: assignment.active },
        reason,
      },
      {
        type: 'licence.released',
        data: {
          assignmentId: assignment.id,
          staffId: staff.id,
          licenceType,
          subscriptionId: assignment.subscription_id,
          reason,
        },
      },
    );
  });
}

async function loadHolding(
  trx: Parameters<Parameters<typeof inTransaction>[1]>[0],
  context: AppContext,
  actor: Actor,
  staffId: string,
  licenceType: string,
) {
  const { organization, staff, held } = await loadStaffContext(trx, actor.orgId, staffId);
  const now = organizationNow(context, organization);
  const assignment = held.find((a) => a.licence_type === licenceType);
  if (!assignment) throw notFound(`A ${licenceType} licence of this staff member`, 'licenceType');
  // The member's row is locked (their licences change one request at a time); the pool's
  // counter is kept by its trigger, so the subscription is not locked.
  const log = await loadSubscriptionLog(trx, actor.orgId, assignment.subscription_id, {
    lock: false,
  });
  const plan = stateAt(log, now).plan;
  return { now, staff, assignment, held, plan };
}

function activeTypes(held: readonly { active: boolean; licence_type: string }[]): string[] {
  return held
    .filter((assignment) => assignment.active)
    .map((assignment) => assignment.licence_type);
}

function refuse(violation: LicenceRuleViolation | null): void {
  if (violation) throw new AppError(violation.code, violation.message, violation.field);
}
