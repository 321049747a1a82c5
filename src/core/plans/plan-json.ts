import type { JsonValue } from '../json/write-json.js';
import type { Plan } from './plan.js';

/** A plan in the scenario contract's form: readPlan(planToJson(plan)) gives it back. */
export function planToJson(plan: Plan): JsonValue {
  return {
    id: plan.id,
    currency: plan.currency,
    interval: plan.interval,
    intervalCount: plan.intervalCount,
    licenceTypes: Object.fromEntries(
      plan.licenceTypes.map((type) => [
        type.key,
        {
          unitAmount: type.unitAmount,
          addonTo: type.addonTo.length > 0 ? [...type.addonTo] : undefined,
          unlimited: type.unlimited || undefined,
        },
      ]),
    ),
    proration: { ...plan.proration },
    invoiceChanges: plan.invoiceChanges,
    increase: { ...plan.increase },
    decrease: {
      effective: plan.decrease.effective,
      credit: plan.decrease.credit,
      cutoffHours: plan.decrease.cutoffHours > 0 ? plan.decrease.cutoffHours : undefined,
    },
    blockSize: plan.blockSize,
    term: plan.term ? { ...plan.term } : null,
    scope: plan.service.scope,
    licenceRoles: {
      provider: [...plan.service.licenceRoles.provider],
      admin: [...plan.service.licenceRoles.admin],
    },
    exclusiveLicences: plan.service.exclusiveLicences.map((group) => [...group]),
    ownerLicence: plan.service.ownerLicence,
    removalReasonRequired: plan.service.removalReasonRequired,
    removalExplanationRequired: plan.service.removalExplanationRequired,
    removalApproval: plan.service.removalApproval,
    collection: { ...plan.service.collection, retryDays: [...plan.service.collection.retryDays] },
  };
}
