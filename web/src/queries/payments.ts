import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';

export function usePaymentMethods() {
  return useQuery({
    queryKey: ['payment-methods'],
    queryFn: () => unwrap(api.GET('/v1/payment-methods')),
  });
}

/** Which card form to show: the test gateway's or Stripe's. */
export function usePaymentConfig() {
  return useQuery({
    queryKey: ['payment-config'],
    queryFn: () => unwrap(api.GET('/v1/payment-config')),
    staleTime: Infinity,
  });
}
