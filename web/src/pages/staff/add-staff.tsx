import { useState, type FormEvent } from 'react';
import { api, ApiProblem, unwrap } from '../../api/client';
import type { PoolSet } from '../../api/types';
import { Done, ErrorNotice } from '../../components/states';
import { useSession } from '../../session';
import { LocationSelect } from './location-select';
import { scopeOf } from './scope-of';

/** Add a staff member (invited by e-mail), optionally with a licence, buying one if none is free. */
export function AddStaff({
  subscriptions,
  onAdded,
}: {
  subscriptions: readonly PoolSet[];
  onAdded: () => void;
}) {
  const { organization, can } = useSession();
  // Giving a licence with the new member needs licence management too.
  const licences = can('licences:manage');
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
          params: { path: { subscriptionId: subscription.subscriptionId } },
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
        {licences ? (
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
                  {pool.licenceType} ({pool.unlimited ? 'unlimited' : `${pool.available ?? 0} free`}
                  )
                </option>
              ))}
            </select>
          </div>
        ) : null}
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
