import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';

/** Requests: the organisation's for licence managers, one's own otherwise. */
export function useRequests() {
  return useQuery({
    queryKey: ['requests'],
    queryFn: () => unwrap(api.GET('/v1/licence-requests', {})),
  });
}

/** One request, with what approving it would cost now while it waits. */
export function useRequest(requestId: string) {
  return useQuery({
    queryKey: ['requests', requestId],
    queryFn: () =>
      unwrap(api.GET('/v1/licence-requests/{requestId}', { params: { path: { requestId } } })),
  });
}
