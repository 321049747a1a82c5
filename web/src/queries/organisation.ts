import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';

/** The organisation, its clinics and its clock. */
export function useOrganization() {
  return useQuery({
    queryKey: ['organization'],
    queryFn: () => unwrap(api.GET('/v1/organization')),
  });
}

export function useApiKeys() {
  return useQuery({ queryKey: ['api-keys'], queryFn: () => unwrap(api.GET('/v1/api-keys')) });
}

export interface AuditFilters {
  readonly action: string;
  readonly name: string;
}

/** The audit log in words, newest first, a page at a time. */
export function useAuditPages(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: ['audit', filters],
    initialPageParam: '',
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/v1/audit-log', {
          params: {
            query: {
              limit: 50,
              ...(filters.action ? { action: filters.action } : {}),
              ...(filters.name.trim() ? { name: filters.name.trim() } : {}),
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
