import createClient from 'openapi-fetch';
import { createContext, useContext } from 'react';
import type { paths } from '../api/schema';

/**
 * The back office talks to the operator API with an operator key, held in memory only (never
 * stored: a reload asks for it again), sent as a bearer token, never with the staff cookie.
 */
export function operatorClient(key: string) {
  return createClient<paths>({
    baseUrl: '',
    credentials: 'omit',
    headers: { authorization: `Bearer ${key}` },
  });
}

export type OperatorClient = ReturnType<typeof operatorClient>;

export const OperatorContext = createContext<OperatorClient | null>(null);

export function useOperator(): OperatorClient {
  const client = useContext(OperatorContext);
  if (!client) throw new Error('useOperator outside the back office');
  return client;
}
