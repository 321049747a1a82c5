import { createContext, useContext } from 'react';
import type { Me, Organization } from './api/types';
import { formatDate, formatDateTime, formatMoney, formatSpan } from './format';

export interface Session {
  readonly me: Me;
  readonly organization: Organization;
  readonly money: (amount: number) => string;
  readonly date: (instant: string) => string;
  readonly dateTime: (instant: string) => string;
  readonly span: (from: string, to: string) => string;
  readonly locationName: (id: string | null) => string;
  readonly can: (scope: string) => boolean;
  /** May this person give others this permission? Never one they do not hold (003). */
  readonly mayGrant: (permission: string) => boolean;
  readonly signOut: () => void;
}

const IMPLIED_BY: Readonly<Record<string, readonly string[]>> = {
  'billing:read': ['billing:manage', 'licences:manage'],
  'staff:read': ['staff:manage'],
  'audit:read': ['billing:manage'],
};

export const SessionContext = createContext<Session | null>(null);

export function makeSession(me: Me, organization: Organization, signOut: () => void): Session {
  const { currency, currencyExponent, timeZone } = organization;
  return {
    me,
    organization,
    money: (amount) => formatMoney(amount, currency, currencyExponent),
    date: (instant) => formatDate(instant, timeZone),
    dateTime: (instant) => formatDateTime(instant, timeZone),
    span: (from, to) => formatSpan(from, to, timeZone),
    locationName: (id) =>
      id === null
        ? organization.name
        : (organization.locations.find((l) => l.id === id)?.name ?? 'Unknown clinic'),
    // As the server decides (app/context.ts): managing implies reading.
    can: (scope) =>
      me.scopes.includes(scope) || (IMPLIED_BY[scope] ?? []).some((s) => me.scopes.includes(s)),
    mayGrant: (permission) =>
      me.grants === null || me.grants === 'all' || me.grants.includes(permission),
    signOut,
  };
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in console');
  return session;
}
