import { AppError } from '../app-error.js';
import { mayGrant, type Actor } from '../context.js';

/**
 * Least privilege for permissions (003): nobody grants a permission they do not hold (the
 * owner and organisation admins hold them all), and nobody raises their own.
 */
export function checkGrant(
  actor: Actor,
  staffId: string | null,
  before: readonly string[],
  after: readonly string[],
): void {
  const added = after.filter((key) => !before.includes(key));
  if (added.length === 0) return;
  if (staffId !== null && actor.staffId === staffId) {
    throw new AppError('forbidden', 'Nobody may raise their own permissions', 'permissions');
  }
  after.forEach((key, i) => {
    if (added.includes(key) && !mayGrant(actor, key)) {
      throw new AppError(
        'forbidden',
        `You cannot grant ${key}: you do not hold it yourself`,
        `permissions[${i}]`,
      );
    }
  });
}
