import { requireOperator } from '../access/operator-keys.js';
import { AppError } from '../app-error.js';
import { inTransaction, type Actor, type AppContext } from '../context.js';
import { addVersion } from './add-plan-version.js';
import { operatorAudit } from './operator-audit.js';

export interface NewPlan {
  readonly id: string;
  readonly name: string;
  readonly description?: string | undefined;
  /** Its first version, a draft until published. */
  readonly definition: unknown;
}

/** A new plan in the catalog with its first version as a draft. */
export async function createPlan(context: AppContext, actor: Actor, input: NewPlan) {
  requireOperator(actor);
  return inTransaction(context, async (trx) => {
    const now = context.clock();
    const taken = await trx
      .selectFrom('plans')
      .select('id')
      .where('id', '=', input.id)
      .executeTakeFirst();
    if (taken) throw new AppError('conflict', `A plan "${input.id}" already exists`, 'id');
    await trx
      .insertInto('plans')
      .values({
        id: input.id,
        name: input.name,
        description: input.description ?? null,
        created_at: now,
        retired_at: null,
      })
      .execute();
    await operatorAudit(trx, actor, now, {
      action: 'plan.created',
      subject: input.id,
      after: { name: input.name },
    });
    const version = await addVersion(trx, actor, now, input.id, input.definition, null);
    return { id: input.id, name: input.name, versions: [version] };
  });
}
