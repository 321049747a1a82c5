/**
 * The licence types a subscription's history chart draws: those sold now first, then any it
 * held in an earlier month and no longer sells (a package changed at renewal), so history is
 * never redrawn with today's types only.
 */
export function chartedTypes(
  current: readonly string[],
  months: readonly { readonly purchased: Readonly<Record<string, number>> }[],
): string[] {
  const types = [...current];
  for (const month of months) {
    for (const [type, quantity] of Object.entries(month.purchased)) {
      if (quantity > 0 && !types.includes(type)) types.push(type);
    }
  }
  return types;
}
