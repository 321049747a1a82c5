import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { unwrap } from '../api/client';
import { useOperator } from '../vendor/operator-client';

/** The back office's reads, under the `operator` key (dropped when the back office closes). */
export function useCustomerPages() {
  const operator = useOperator();
  return useInfiniteQuery({
    queryKey: ['operator', 'organizations'],
    initialPageParam: '',
    queryFn: ({ pageParam }) =>
      unwrap(
        operator.GET('/v1/operator/organizations', {
          params: { query: { limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useCatalog() {
  const operator = useOperator();
  return useQuery({
    queryKey: ['operator', 'plans'],
    queryFn: () => unwrap(operator.GET('/v1/operator/plans')),
  });
}

export function useVendorQueue() {
  const operator = useOperator();
  return useQuery({
    queryKey: ['operator', 'licence-requests'],
    queryFn: () => unwrap(operator.GET('/v1/operator/licence-requests', {})),
  });
}
