import { requireOperator } from '../access/operator-keys.js';
import { inTransaction, type Actor, type AppContext } from '../context.js';
import { operatorAudit } from './operator-audit.js';
import { lockPlanOnSale } from './plan-catalog.js';

/** Take a plan off sale: no new sign-up or renewal onto it; contracts sold keep running. */
export async function retirePlan(context: AppContext, actor: Actor, planId: string) {
  requireOperator(actor);
  return inTransaction(context, async (trx) => {
    const now = context.clock();
    await lockPlanOnSale(trx, planId);
    await trx.updateTable('plans').set({ retired_at: now }).where('id', '=', planId).execute();
    await operatorAudit(trx, actor, now, { action: 'plan.retired', subject: planId });
    return { id: planId, retiredAt: now.toISOString() };
  });
}
