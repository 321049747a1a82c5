import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';

/** Issued invoices, newest first, a page at a time: "load more" fetches only the next page. */
export function useInvoicePages() {
  return useInfiniteQuery({
    queryKey: ['invoices', 'pages'],
    initialPageParam: '',
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/v1/invoices', {
          params: { query: { limit: 25, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useInvoice(invoiceId: string) {
  return useQuery({
    queryKey: ['invoices', invoiceId],
    queryFn: () => unwrap(api.GET('/v1/invoices/{invoiceId}', { params: { path: { invoiceId } } })),
  });
}

export function useInvoicePayments(invoiceId: string) {
  return useQuery({
    queryKey: ['invoices', invoiceId, 'payments'],
    queryFn: () =>
      unwrap(
        api.GET('/v1/invoices/{invoiceId}/payments', {
          params: { path: { invoiceId } },
        }),
      ),
  });
}

export function useCreditNotes(invoiceId: string) {
  return useQuery({
    queryKey: ['invoices', invoiceId, 'credit-notes'],
    queryFn: () =>
      unwrap(api.GET('/v1/invoices/{invoiceId}/credit-notes', { params: { path: { invoiceId } } })),
  });
}
