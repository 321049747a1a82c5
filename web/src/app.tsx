import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, ApiProblem, unwrap } from './api/client';
import type { Me, Organization } from './api/types';
import { PastDueBanner } from './components/past-due-banner';
import { Loading } from './components/states';
import { AuditLogPage } from './pages/audit-log';
import { AdjustLicencesPage } from './pages/adjust-licences';
import { CardsPage } from './pages/cards';
import { ChartsPage } from './pages/charts';
import { HealthCheckPage } from './pages/health-check';
import { InvoicesPage } from './pages/invoices';
import { NotificationsPage } from './pages/notifications';
import { OrganisationPage } from './pages/organisation';
import { OverviewPage } from './pages/overview';
import { WebhooksPage } from './pages/webhooks';
import { SetPasswordPage } from './pages/set-password';
import { SignInPage } from './pages/sign-in';
import { StaffPage } from './pages/staff';
import { RequestsPage } from './pages/requests';
import { VendorApp } from './vendor';
import { PermissionsMatrixPage } from './pages/staff/permissions-matrix';
import { SubscriptionPage } from './pages/subscription';
import { useRoute } from './router';
import { makeSession, SessionContext, useSession } from './session';

/** The pages, each with the scope it needs (docs/security.md, the 003 permission groups). */
const PAGES: readonly { path: string; label: string; scope: string | null }[] = [
  { path: 'overview', label: 'Overview', scope: null },
  { path: 'staff', label: 'Staff', scope: 'staff:read' },
  { path: 'permissions', label: 'Permissions', scope: 'staff:read' },
  { path: 'adjust', label: 'Adjust licences', scope: 'licences:manage' },
  { path: 'requests', label: 'Requests', scope: null },
  { path: 'subscription', label: 'Subscription', scope: 'billing:read' },
  { path: 'invoices', label: 'Invoices', scope: 'billing:read' },
  { path: 'cards', label: 'Cards', scope: 'billing:manage' },
  { path: 'health', label: 'Health check', scope: 'billing:read' },
  { path: 'charts', label: 'Charts', scope: 'billing:read' },
  { path: 'audit', label: 'Audit log', scope: 'audit:read' },
  { path: 'organisation', label: 'Organisation', scope: null },
  { path: 'notifications', label: 'Notifications', scope: 'billing:read' },
  { path: 'webhooks', label: 'Webhooks', scope: 'billing:manage' },
];

type Signed = { me: Me; organization: Organization } | null | 'checking';

export function App() {
  const route = useRoute();
  const [signed, setSigned] = useState<Signed>('checking');
  const check = useCallback(async () => {
    try {
      const me = await unwrap(api.GET('/v1/me'));
      const organization = await unwrap(api.GET('/v1/organization'));
      setSigned({ me, organization });
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 401) setSigned(null);
      else throw error;
    }
  }, []);
  useEffect(() => {
    void check();
  }, [check]);
  // What one person's session read is never shown to the next one signing in here.
  const queries = useQueryClient();
  const signOut = useCallback(() => {
    void api.DELETE('/v1/sessions/current').finally(() => {
      queries.clear();
      setSigned(null);
    });
  }, [queries]);
  const session = useMemo(
    () =>
      signed && signed !== 'checking' ? makeSession(signed.me, signed.organization, signOut) : null,
    [signed, signOut],
  );

  // A link from an invitation or a reset: answered signed in or not.
  if (route[0] === 'set-password' && route[1]) return <SetPasswordPage token={route[1]} />;
  // The vendor's back office: its own key, never the staff session.
  if (route[0] === 'vendor') return <VendorApp />;
  if (signed === 'checking') return <Loading label="Opening the console" />;
  if (!session) return <SignInPage onSignedIn={() => void check()} />;
  return (
    <SessionContext.Provider value={session}>
      <Shell />
    </SessionContext.Provider>
  );
}

function Shell() {
  const session = useSession();
  const route = useRoute();
  const [page = 'overview', ...rest] = route;
  const [menuOpen, setMenuOpen] = useState(false);
  const allowed = (path: string) => {
    const scope = PAGES.find((p) => p.path === path)?.scope ?? null;
    return !scope || session.can(scope);
  };
  useEffect(() => setMenuOpen(false), [page]);
  // Moving to another page moves focus to its content, as a page load would (12).
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [page]);
  useEffect(() => {
    const current = PAGES.find((p) => p.path === page);
    document.title = `${current?.label ?? 'Seatledger'} · Seatledger`;
  }, [page]);
  return (
    <div className="shell">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Seatledger</span>
        <span className="org">{session.organization.name}</span>
        <button
          type="button"
          className="menu-button"
          aria-expanded={menuOpen}
          aria-controls="main-nav"
          onClick={() => setMenuOpen((open) => !open)}
        >
          Menu
        </button>
        <span className="who">
          {session.me.staff?.name ?? 'API key'}
          {session.organization.testClock ? (
            <span className="badge" title="This organisation runs on a test clock">
              Test clock: {session.dateTime(session.organization.now)}
            </span>
          ) : null}
        </span>
        <button type="button" className="link" onClick={session.signOut}>
          Sign out
        </button>
      </header>
      <nav id="main-nav" aria-label="Main" className={menuOpen ? 'nav open' : 'nav'}>
        <ul>
          {PAGES.filter((item) => !item.scope || session.can(item.scope)).map((item) => (
            <li key={item.path}>
              <a href={`#/${item.path}`} aria-current={item.path === page ? 'page' : undefined}>
                {item.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1} ref={main}>
        <PastDueBanner />
        {allowed(page) ? (
          <Page page={page} rest={rest} />
        ) : (
          <>
            <h1>{PAGES.find((p) => p.path === page)?.label ?? 'Not here'}</h1>
            <p className="notice" role="status">
              Your permissions do not include this page. Ask a manager of your organisation if you
              need it.
            </p>
          </>
        )}
      </main>
    </div>
  );
}

function Page({ page, rest }: { page: string; rest: string[] }) {
  switch (page) {
    case 'staff':
      return <StaffPage staffId={rest[0] ?? null} />;
    case 'adjust':
      return <AdjustLicencesPage subscriptionId={rest[0] ?? null} />;
    case 'subscription':
      return <SubscriptionPage subscriptionId={rest[0] ?? null} />;
    case 'invoices':
      return <InvoicesPage invoiceId={rest[0] ?? null} />;
    case 'cards':
      return <CardsPage />;
    case 'health':
      return <HealthCheckPage />;
    case 'charts':
      return <ChartsPage />;
    case 'audit':
      return <AuditLogPage />;
    case 'organisation':
      return <OrganisationPage />;
    case 'notifications':
      return <NotificationsPage />;
    case 'webhooks':
      return <WebhooksPage />;
    case 'requests':
      return <RequestsPage />;
    case 'permissions':
      return <PermissionsMatrixPage />;
    default:
      return <OverviewPage />;
  }
}
