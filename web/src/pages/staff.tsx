import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiProblem, unwrap } from '../api/client';
import type { Permission, StaffMember, Subscription } from '../api/types';
import { Done, Empty, ErrorNotice, FieldError, Loaded } from '../components/states';
import { go } from '../router';
import { useSession } from '../session';
import { useLoad } from '../use-load';

interface Filters {
  search: string;
  status: '' | 'active' | 'inactive';
  locationId: string;
  licenceType: string;
}

/** The subscription a staff member's licences come from: the organisation's or their clinic's. */
export function scopeOf(
  subscriptions: readonly Subscription[],
  locationId: string | null,
): Subscription | undefined {
  return (
    subscriptions.find((s) => s.locationId === null) ??
    subscriptions.find((s) => s.locationId === locationId) ??
    (subscriptions.length === 1 ? subscriptions[0] : undefined)
  );
}

export function StaffPage({ staffId }: { staffId: string | null }) {
  const [filters, setFilters] = useState<Filters>({
    search: '',
    status: '',
    locationId: '',
    licenceType: '',
  });
  const staff = useLoad(
    () =>
      unwrap(
        api.GET('/v1/staff', {
          params: {
            query: {
              limit: 200,
              ...(filters.search ? { search: filters.search } : {}),
              ...(filters.status ? { status: filters.status } : {}),
              ...(filters.locationId ? { locationId: filters.locationId } : {}),
              ...(filters.licenceType ? { licenceType: filters.licenceType } : {}),
            },
          },
        }),
      ),
    [filters],
  );
  const subscriptions = useLoad(() => unwrap(api.GET('/v1/subscriptions')), []);
  const permissions = useLoad(() => unwrap(api.GET('/v1/permissions')), []);
  const types = [
    ...new Set((subscriptions.data ?? []).flatMap((s) => s.pools.map((p) => p.licenceType))),
  ];
  const refresh = () => {
    staff.reload();
    subscriptions.reload();
  };
  return (
    <>
      <h1>Staff</h1>
      <form
        className="filters"
        role="search"
        onSubmit={(e) => e.preventDefault()}
        aria-label="Filter staff"
      >
        <div>
          <label htmlFor="staff-search">Search</label>
          <input
            id="staff-search"
            type="search"
            placeholder="Name or email"
            value={filters.search}
            onChange={(e) => setFilters({ ...filters, search: e.target.value })}
          />
        </div>
        <div>
          <label htmlFor="staff-status">Status</label>
          <select
            id="staff-status"
            value={filters.status}
            onChange={(e) =>
              setFilters({ ...filters, status: e.target.value as Filters['status'] })
            }
          >
            <option value="">All</option>
            <option value="active">Active</option>
            <option value="inactive">Inactive</option>
          </select>
        </div>
        <LocationSelect
          id="staff-clinic"
          value={filters.locationId}
          onChange={(locationId) => setFilters({ ...filters, locationId })}
          anyLabel="All clinics"
        />
        <div>
          <label htmlFor="staff-licence">Licence</label>
          <select
            id="staff-licence"
            value={filters.licenceType}
            onChange={(e) => setFilters({ ...filters, licenceType: e.target.value })}
          >
            <option value="">Any</option>
            {types.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        </div>
      </form>
      <div className={staffId ? 'split' : undefined}>
        <section aria-label="Staff list" className="list">
          <Loaded load={staff}>
            {(page) =>
              page.data.length === 0 ? (
                <Empty>No staff match these filters.</Empty>
              ) : (
                <StaffTable staff={page.data} selected={staffId} />
              )
            }
          </Loaded>
          {subscriptions.data ? (
            <AddStaff subscriptions={subscriptions.data} onAdded={refresh} />
          ) : null}
        </section>
        {staffId && subscriptions.data && permissions.data ? (
          <StaffDetail
            key={staffId}
            staffId={staffId}
            subscriptions={subscriptions.data}
            permissions={permissions.data}
            onChanged={refresh}
          />
        ) : null}
      </div>
    </>
  );
}

function StaffTable({
  staff,
  selected,
}: {
  staff: readonly StaffMember[];
  selected: string | null;
}) {
  const { locationName } = useSession();
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label="Staff, scrolls sideways">
      <table>
        <caption className="visually-hidden">Staff</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Clinic</th>
            <th scope="col">Status</th>
            <th scope="col">Licences</th>
          </tr>
        </thead>
        <tbody>
          {staff.map((member) => (
            <tr key={member.id} className={member.id === selected ? 'selected' : undefined}>
              <th scope="row">
                <a
                  href={`#/staff/${member.id}`}
                  aria-current={member.id === selected ? 'true' : undefined}
                >
                  {member.name}
                </a>
                <div className="muted small">{member.email}</div>
              </th>
              <td>{locationName(member.locationId)}</td>
              <td>
                <span className={`status ${member.status}`}>{member.status}</span>
                {member.notice ? (
                  <span className="tag warning" title={member.notice}>
                    still billed
                  </span>
                ) : null}
              </td>
              <td>
                {member.licences
                  .map((l) => `${l.licenceType}${l.active ? '' : ' (off)'}`)
                  .join(', ') || '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function StaffDetail({
  staffId,
  subscriptions,
  permissions,
  onChanged,
}: {
  staffId: string;
  subscriptions: readonly Subscription[];
  permissions: readonly Permission[];
  onChanged: () => void;
}) {
  const session = useSession();
  const member = useLoad(
    () => unwrap(api.GET('/v1/staff/{staffId}', { params: { path: { staffId } } })),
    [staffId],
  );
  // By keyboard (12): opening a member takes focus to their panel, Escape closes it and gives
  // focus back to their row.
  const heading = useRef<HTMLHeadingElement>(null);
  const loadedName = member.data?.name ?? null;
  useEffect(() => {
    if (loadedName) heading.current?.focus();
  }, [staffId, loadedName]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      go('staff');
      requestAnimationFrame(() =>
        document.querySelector<HTMLElement>(`a[href="#/staff/${staffId}"]`)?.focus(),
      );
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [staffId]);
  return (
    <section className="detail card" aria-labelledby="staff-detail-title">
      <Loaded load={member}>
        {(staff) => {
          const subscription = scopeOf(subscriptions, staff.locationId);
          const changed = () => {
            member.reload();
            onChanged();
          };
          return (
            <>
              <div className="card-head">
                <h2 id="staff-detail-title" ref={heading} tabIndex={-1}>
                  {staff.name} {staff.isOwner ? <span className="tag">owner</span> : null}
                </h2>
                <button type="button" className="link" onClick={() => go('staff')}>
                  Close
                </button>
              </div>
              <p className="muted">
                {staff.email} · {session.locationName(staff.locationId)}
              </p>
              <StatusSwitch staff={staff} onChanged={changed} />
              {staff.notice ? (
                <p className="notice warning" role="status">
                  {staff.notice}. Releasing it frees it for someone else; to stop paying for it,
                  also remove it under <a href="#/adjust">Adjust licences</a>.
                </p>
              ) : null}
              {subscription ? (
                <LicenceToggles staff={staff} subscription={subscription} onChanged={changed} />
              ) : null}
              <PermissionEditor
                staff={staff}
                permissions={permissions}
                roles={licenceRolesOf(subscription)}
                onChanged={changed}
              />
            </>
          );
        }}
      </Loaded>
    </section>
  );
}

function StatusSwitch({ staff, onChanged }: { staff: StaffMember; onChanged: () => void }) {
  const [error, setError] = useState<Error | null>(null);
  const [returned, setReturned] = useState<string[]>([]);
  const toggle = async (active: boolean) => {
    setError(null);
    setReturned([]);
    try {
      const result = await unwrap(
        api.PATCH('/v1/staff/{staffId}', {
          params: { path: { staffId: staff.id } },
          body: { status: active ? 'active' : 'inactive' },
        }),
      );
      setReturned(result.licencesReturned.map((licence) => licence.licenceType));
      onChanged();
    } catch (caught) {
      setError(caught as Error);
    }
  };
  return (
    <div className="field-row">
      <label className="switch">
        <input
          type="checkbox"
          checked={staff.status === 'active'}
          onChange={(e) => void toggle(e.target.checked)}
          disabled={staff.isOwner}
        />
        <span>Active</span>
      </label>
      <span className="muted small">
        Making someone inactive returns their licences to the pool: they stay billed until you
        remove them under Adjust licences.
      </span>
      {returned.length > 0 ? (
        <p className="notice info" role="status">
          {staff.name}&apos;s {returned.join(', ')} licence{returned.length === 1 ? ' is' : 's are'}{' '}
          back in the pool: unused, and still billed until removed under Adjust licences.
        </p>
      ) : null}
      <FieldError error={error} />
    </div>
  );
}

function LicenceToggles({
  staff,
  subscription,
  onChanged,
}: {
  staff: StaffMember;
  subscription: Subscription;
  onChanged: () => void;
}) {
  const [errors, setErrors] = useState<Record<string, Error | null>>({});
  const run = async (type: string, action: () => Promise<unknown>) => {
    setErrors((e) => ({ ...e, [type]: null }));
    try {
      await action();
      onChanged();
    } catch (caught) {
      setErrors((e) => ({ ...e, [type]: caught as Error }));
    }
  };
  const path = (licenceType: string) => ({ params: { path: { staffId: staff.id, licenceType } } });
  return (
    <fieldset className="licences">
      <legend>Licences</legend>
      <p className="muted small">A licence counts only once it is switched on.</p>
      {subscription.pools.map((pool) => {
        const held = staff.licences.find(
          (l) => l.licenceType === pool.licenceType && l.subscriptionId === subscription.id,
        );
        const id = `lic-${pool.licenceType}`;
        return (
          <div key={pool.licenceType} className="licence-row">
            <label className="switch" htmlFor={`${id}-assigned`}>
              <input
                id={`${id}-assigned`}
                type="checkbox"
                checked={Boolean(held)}
                onChange={(e) =>
                  void run(pool.licenceType, () =>
                    e.target.checked
                      ? unwrap(
                          api.POST('/v1/staff/{staffId}/licences', {
                            params: { path: { staffId: staff.id } },
                            body: { licenceType: pool.licenceType },
                          }),
                        )
                      : unwrap(
                          api.DELETE(
                            '/v1/staff/{staffId}/licences/{licenceType}',
                            path(pool.licenceType),
                          ),
                        ),
                  )
                }
              />
              <span>
                {pool.licenceType}
                <span className="muted small">
                  {' '}
                  · {pool.unlimited ? 'unlimited' : `${pool.available ?? 0} free`}
                </span>
              </span>
            </label>
            {held ? (
              <label className="switch" htmlFor={`${id}-on`}>
                <input
                  id={`${id}-on`}
                  type="checkbox"
                  checked={held.active}
                  onChange={(e) =>
                    void run(pool.licenceType, () =>
                      unwrap(
                        api.PATCH('/v1/staff/{staffId}/licences/{licenceType}', {
                          ...path(pool.licenceType),
                          body: { active: e.target.checked },
                        }),
                      ),
                    )
                  }
                />
                <span>{held.active ? 'On' : 'Off'}</span>
              </label>
            ) : null}
            <FieldError error={errors[pool.licenceType] ?? null} />
          </div>
        );
      })}
    </fieldset>
  );
}

const GROUPS = ['Clinical', 'Billing', 'Front desk', 'Administration'] as const;

/** Which licence types of the member's plan grant the provider and admin roles (003). */
function licenceRolesOf(subscription: Subscription | null | undefined): LicenceRoles {
  const roles = subscription?.plan['licenceRoles'] as Partial<LicenceRoles> | undefined;
  return { provider: roles?.provider ?? [], admin: roles?.admin ?? [] };
}

interface LicenceRoles {
  provider: string[];
  admin: string[];
}

/** What a permission needs, in the plan's own licence names (12: never a type it does not sell). */
function licenceHint(needs: Permission['needs'], roles: LicenceRoles): string {
  if (!needs) return 'no licence needed';
  const types = needs === 'provider' ? roles.provider : [...roles.admin, ...roles.provider];
  if (types.length === 0) return 'not available on this plan';
  return `needs a ${types.join(' or ')} licence`;
}

function PermissionEditor({
  staff,
  permissions,
  roles,
  onChanged,
}: {
  staff: StaffMember;
  permissions: readonly Permission[];
  roles: LicenceRoles;
  onChanged: () => void;
}) {
  const [chosen, setChosen] = useState<string[]>(staff.permissions);
  // Follow the server when the permissions change there (they lapse with a licence, 003).
  const serverPermissions = staff.permissions.join(',');
  const [seen, setSeen] = useState(serverPermissions);
  if (seen !== serverPermissions) {
    setSeen(serverPermissions);
    setChosen(staff.permissions);
  }
  const [error, setError] = useState<Error | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const save = async (confirmLogout: boolean) => {
    setError(null);
    setSaved(null);
    try {
      const result = await unwrap(
        api.PUT('/v1/staff/{staffId}/permissions', {
          params: { path: { staffId: staff.id } },
          body: { permissions: chosen, confirmLogout },
        }),
      );
      setConfirming(false);
      setSaved(
        result.sessionsEnded > 0
          ? `Saved. ${staff.name} was signed out so the new permissions apply.`
          : 'Saved.',
      );
      onChanged();
    } catch (caught) {
      if (caught instanceof ApiProblem && caught.code === 'logout_confirmation_required')
        setConfirming(true);
      else setError(caught as Error);
    }
  };
  if (staff.isOwner) return <p className="muted">The account owner always has every permission.</p>;
  return (
    <form
      className="permissions"
      aria-label="Permissions"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        void save(false);
      }}
    >
      <h3>Permissions</h3>
      {GROUPS.map((group) => (
        <fieldset key={group}>
          <legend>{group}</legend>
          {permissions
            .filter((p) => p.group === group)
            .map((permission) => (
              <label key={permission.key} className="check">
                <input
                  type="checkbox"
                  checked={chosen.includes(permission.key)}
                  onChange={(e) =>
                    setChosen(
                      e.target.checked
                        ? [...chosen, permission.key]
                        : chosen.filter((key) => key !== permission.key),
                    )
                  }
                />
                <span>
                  {permission.label}
                  <span className="muted small"> · {licenceHint(permission.needs, roles)}</span>
                </span>
              </label>
            ))}
        </fieldset>
      ))}
      <p className="notice info">
        Saving signs {staff.name} out so the new permissions apply. Ask them to save their work
        first.
      </p>
      <FieldError error={error} />
      {confirming ? (
        <div className="notice warning" role="alertdialog" aria-labelledby="logout-title">
          <p id="logout-title">
            <strong>{staff.name} is signed in now.</strong> Saving will sign them out.
          </p>
          <button type="button" className="primary" onClick={() => void save(true)}>
            Sign them out and save
          </button>{' '}
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      ) : (
        <button type="submit" className="primary">
          Save permissions
        </button>
      )}
      {saved ? (
        <p className="notice success" role="status">
          {saved}
        </p>
      ) : null}
    </form>
  );
}

function AddStaff({
  subscriptions,
  onAdded,
}: {
  subscriptions: readonly Subscription[];
  onAdded: () => void;
}) {
  const { organization } = useSession();
  const [form, setForm] = useState({
    name: '',
    email: '',
    locationId: organization.locations[0]?.id ?? '',
    licenceType: '',
  });
  const [error, setError] = useState<Error | null>(null);
  const [offer, setOffer] = useState<{ staffId: string; problem: ApiProblem } | null>(null);
  const [busy, setBusy] = useState(false);
  const [added, setAdded] = useState<string | null>(null);
  const subscription = scopeOf(subscriptions, form.locationId || null);
  const assign = (staffId: string) =>
    unwrap(
      api.POST('/v1/staff/{staffId}/licences', {
        params: { path: { staffId } },
        body: { licenceType: form.licenceType, active: true },
      }),
    );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setOffer(null);
    setAdded(null);
    try {
      const created = await unwrap(
        api.POST('/v1/staff', {
          body: {
            name: form.name,
            email: form.email,
            ...(form.locationId ? { locationId: form.locationId } : {}),
          },
        }),
      );
      if (form.licenceType) {
        try {
          await assign(created.id);
        } catch (caught) {
          if (caught instanceof ApiProblem && caught.code === 'no_licence_available')
            setOffer({ staffId: created.id, problem: caught });
          else throw caught;
        }
      }
      setForm({ ...form, name: '', email: '', licenceType: '' });
      setAdded(
        created.invitationSentTo
          ? `${created.name} was added. An invitation to set a password is on its way to ${created.invitationSentTo}.`
          : `${created.name} was added.`,
      );
      onAdded();
    } catch (caught) {
      setError(caught as Error);
    } finally {
      setBusy(false);
    }
  };
  const buyAndAssign = async () => {
    if (!offer || !subscription) return;
    setBusy(true);
    try {
      const seats = (offer.problem.problem['offer'] as { seats: Record<string, number> }).seats;
      await unwrap(
        api.POST('/v1/subscriptions/{subscriptionId}/licence-changes', {
          params: { path: { subscriptionId: subscription.id } },
          body: { op: 'add', seats },
        }),
      );
      await assign(offer.staffId);
      setOffer(null);
      onAdded();
    } catch (caught) {
      setError(caught as Error);
    } finally {
      setBusy(false);
    }
  };
  const quote = offer?.problem.problem['offer'] as
    | {
        chargedNow?: { amount: number; description: string }[];
        nextInvoice?: { amount: number; description: string }[];
      }
    | undefined;
  return (
    <form
      className="card add-staff"
      onSubmit={(e) => void submit(e)}
      aria-labelledby="add-staff-title"
    >
      <h2 id="add-staff-title">Add a staff member</h2>
      <div className="grid">
        <div>
          <label htmlFor="new-name">Name</label>
          <input
            id="new-name"
            required
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
          />
        </div>
        <div>
          <label htmlFor="new-email">Email</label>
          <input
            id="new-email"
            type="email"
            required
            value={form.email}
            onChange={(e) => setForm({ ...form, email: e.target.value })}
          />
        </div>
        <LocationSelect
          id="new-clinic"
          value={form.locationId}
          onChange={(locationId) => setForm({ ...form, locationId })}
        />
        <div>
          <label htmlFor="new-licence">Licence</label>
          <select
            id="new-licence"
            value={form.licenceType}
            onChange={(e) => setForm({ ...form, licenceType: e.target.value })}
          >
            <option value="">None yet</option>
            {(subscription?.pools ?? []).map((pool) => (
              <option key={pool.licenceType} value={pool.licenceType}>
                {pool.licenceType} ({pool.unlimited ? 'unlimited' : `${pool.available ?? 0} free`})
              </option>
            ))}
          </select>
        </div>
      </div>
      {error ? <ErrorNotice error={error} /> : null}
      {offer ? (
        <div className="notice warning" role="alert">
          <p>
            <strong>{offer.problem.message}.</strong> {form.name} was added without it. Buy one now?
          </p>
          <OfferLines quote={quote} />
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={() => void buyAndAssign()}
          >
            Buy and assign
          </button>
        </div>
      ) : null}
      <button type="submit" className="primary" disabled={busy}>
        Add staff member
      </button>
      <Done message={added} />
    </form>
  );
}

function OfferLines({
  quote,
}: {
  quote:
    | {
        chargedNow?: { amount: number; description: string }[];
        nextInvoice?: { amount: number; description: string }[];
      }
    | undefined;
}) {
  const { money } = useSession();
  if (!quote) return null;
  const now = (quote.chargedNow ?? []).reduce((sum, line) => sum + line.amount, 0);
  const next = (quote.nextInvoice ?? []).reduce((sum, line) => sum + line.amount, 0);
  return (
    <p>
      Cost: {money(now)} charged now, {money(next)} on the next invoice.
    </p>
  );
}

/** The clinic of a filter or a form; hidden when the organisation has one clinic. */
function LocationSelect({
  id,
  value,
  onChange,
  anyLabel,
}: {
  id: string;
  value: string;
  onChange: (locationId: string) => void;
  anyLabel?: string;
}) {
  const { organization } = useSession();
  if (organization.locations.length < 2) return null;
  return (
    <div>
      <label htmlFor={id}>Clinic</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {anyLabel ? <option value="">{anyLabel}</option> : null}
        {organization.locations.map((l) => (
          <option key={l.id} value={l.id}>
            {l.name}
          </option>
        ))}
      </select>
    </div>
  );
}
