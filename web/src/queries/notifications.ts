import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';

export function useNotificationPreferences() {
  return useQuery({
    queryKey: ['notification-preferences'],
    queryFn: () => unwrap(api.GET('/v1/notification-preferences')),
  });
}

/** The mail log. */
export function useMessages() {
  return useQuery({
    queryKey: ['messages'],
    queryFn: () => unwrap(api.GET('/v1/messages', { params: { query: {} } })),
  });
}

export function useWebhookEndpoints() {
  return useQuery({
    queryKey: ['webhook-endpoints'],
    queryFn: () => unwrap(api.GET('/v1/webhook-endpoints')),
  });
}

export function useWebhookDeliveries(endpointId: string) {
  return useQuery({
    queryKey: ['webhook-endpoints', endpointId, 'deliveries'],
    queryFn: () =>
      unwrap(
        api.GET('/v1/webhook-endpoints/{endpointId}/deliveries', {
          params: { path: { endpointId }, query: {} },
        }),
      ),
  });
}
