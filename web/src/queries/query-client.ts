import { QueryClient, useQueryClient } from '@tanstack/react-query';
import { ApiProblem } from '../api/client';

/**
 * The console's cache of what the API said (TanStack Query): each resource read once for
 * every component that shows it at the same time; a page opened again shows what it had at
 * once and reads it again behind (the server changes things too: billing runs, deliveries);
 * a change invalidates what it touched. A refusal (4xx) is not retried; anything else twice.
 */
export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 0,
        retry: (count, error) =>
          !(error instanceof ApiProblem && error.status >= 400 && error.status < 500) && count < 2,
      },
    },
  });
}

/**
 * Read again what a change may have changed: the named resources (their keys' first part),
 * or, with none named, everything of the organisation. Only what is on screen is fetched now.
 */
export function useRefresh(): (...roots: string[]) => void {
  const client = useQueryClient();
  return (...roots) => {
    if (roots.length === 0) {
      void client.invalidateQueries({ predicate: (query) => query.queryKey[0] !== 'operator' });
      return;
    }
    for (const root of roots) void client.invalidateQueries({ queryKey: [root] });
  };
}
