import { requireOperator } from '../access/operator-keys.js';
import { AppError, notFound } from '../app-error.js';
import { inTransaction, type Actor, type AppContext } from '../context.js';
import { operatorAudit } from './operator-audit.js';

/** Take a plan off sale: no new sign-up or renewal onto it; contracts sold keep running. */
export async function retirePlan(context: AppContext, actor: Actor, planId: string) {
  requireOperator(actor);
  return inTransaction(context, async (trx) => {
    const now = context.clock();
    const plan = await trx
      .selectFrom('plans')
      .select(['id', 'retired_at'])
      .where('id', '=', planId)
      .forUpdate()
      .executeTakeFirst();
    if (!plan) throw notFound('Plan', 'planId');
    if (plan.retired_at) throw new AppError('conflict', 'This plan is already retired', 'planId');
    await trx.updateTable('plans').set({ retired_at: now }).where('id', '=', planId).execute();
    await operatorAudit(trx, actor, now, { action: 'plan.retired', subject: planId });
    return { id: planId, retiredAt: now.toISOString() };
  });
}
