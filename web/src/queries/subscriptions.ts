import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';

/** Subscriptions with their pools, next invoice, term and scheduled changes. */
export function useSubscriptions(enabled = true) {
  return useQuery({
    queryKey: ['subscriptions'],
    queryFn: () => unwrap(api.GET('/v1/subscriptions')),
    enabled,
  });
}

/** A subscription's month-by-month licences and spend (the charts). */
export function useSubscriptionHistory(subscriptionId: string) {
  return useQuery({
    queryKey: ['subscriptions', subscriptionId, 'history'],
    queryFn: () =>
      unwrap(
        api.GET('/v1/subscriptions/{subscriptionId}/history', {
          params: { path: { subscriptionId } },
        }),
      ),
  });
}

/** The next invoice as it stands, and the charges waiting for it. */
export function useUpcomingInvoice(subscriptionId: string) {
  return useQuery({
    queryKey: ['subscriptions', subscriptionId, 'upcoming'],
    queryFn: () =>
      unwrap(
        api.GET('/v1/subscriptions/{subscriptionId}/upcoming-invoice', {
          params: { path: { subscriptionId } },
        }),
      ),
  });
}

/** The plans on sale (renewal onto another package). */
export function usePlans() {
  return useQuery({ queryKey: ['plans'], queryFn: () => unwrap(api.GET('/v1/plans')) });
}

/** Unused licences per clinic (002). */
export function useHealthCheck() {
  return useQuery({
    queryKey: ['health-check'],
    queryFn: () => unwrap(api.GET('/v1/health-check')),
  });
}
