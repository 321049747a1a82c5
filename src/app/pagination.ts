/**
 * Cursor pagination: a query asks for one row more than the page holds; if it comes back,
 * the page's last id is the cursor of the next page.
 */
export function splitPage<T extends { readonly id: string }>(
  rows: readonly T[],
  limit: number,
): { page: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  return { page, nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}
