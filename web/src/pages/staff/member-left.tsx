import { useEffect, useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { StaffMember } from '../../api/types';
import { QuoteSummary } from '../../components/quote-summary';
import { ErrorNotice } from '../../components/states';
import { useSession } from '../../session';

/**
 * "A member left" (12, 001): one action, previewed first: inactive and signed out, their
 * licences back in the pool, and, for those who manage licences, as many removed from the
 * next cycle (reason: staff left), priced as if the licences were already free.
 */
export function MemberLeft(props: { staff: StaffMember; onDone: (message: string) => void }) {
  const { can, date } = useSession();
  const staffId = props.staff.id;
  const [open, setOpen] = useState(false);
  const mayRemove = can('licences:manage') && props.staff.licences.length > 0;
  const [remove, setRemove] = useState(mayRemove);
  const [explanation, setExplanation] = useState('');
  const [preview, setPreview] = useState<Awaited<ReturnType<typeof depart>> | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const depart = (dryRun: boolean) =>
    unwrap(
      api.POST('/v1/staff/{staffId}/departure', {
        params: {
          path: { staffId: props.staff.id },
          query: { preview: dryRun ? 'true' : 'false' },
        },
        body: { removeLicences: remove, ...(explanation.trim() ? { explanation } : {}) },
      }),
    );
  useEffect(() => {
    if (!open) return;
    let live = true;
    setError(null);
    // The explanation does not change the price: the preview follows the choice only.
    unwrap(
      api.POST('/v1/staff/{staffId}/departure', {
        params: { path: { staffId }, query: { preview: 'true' } },
        body: { removeLicences: remove },
      }),
    ).then(
      (answer) => live && setPreview(answer),
      (caught: unknown) => live && setError(caught as Error),
    );
    return () => {
      live = false;
    };
  }, [open, remove, staffId]);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      const done = await depart(false);
      const removed = done.removals.map((r) =>
        'refused' in r.quote
          ? `The licences were not removed: ${r.quote.refused.message}.`
          : r.quote.outcome === 'scheduled' && r.quote.effective
            ? `Their licences will be removed on ${date(r.quote.effective)}.`
            : 'Their licences were removed.',
      );
      props.onDone([`${done.name} is now inactive and signed out.`, ...removed].join(' '));
      setOpen(false);
    } catch (caught) {
      setError(caught as Error);
    } finally {
      setBusy(false);
    }
  };
  if (props.staff.isOwner || props.staff.status === 'inactive') return null;
  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)}>
        {props.staff.name} left…
      </button>
    );
  }
  return (
    <section className="notice warning" aria-label={`${props.staff.name} left`}>
      <p>
        <strong>{props.staff.name}</strong> will be made inactive and signed out
        {props.staff.licences.length > 0
          ? `; their ${props.staff.licences.map((l) => l.licenceType).join(', ')} licence goes back to the pool, still billed unless removed.`
          : '.'}
      </p>
      {mayRemove ? (
        <label className="check">
          <input type="checkbox" checked={remove} onChange={(e) => setRemove(e.target.checked)} />
          <span>Also remove as many licences from the next cycle (reason: staff left)</span>
        </label>
      ) : null}
      {remove ? (
        <>
          <label htmlFor="left-why">Explanation (optional)</label>
          <input
            id="left-why"
            value={explanation}
            onChange={(e) => setExplanation(e.target.value)}
          />
        </>
      ) : null}
      {remove
        ? preview?.removals.map((r) =>
            'refused' in r.quote ? (
              <p key={r.subscriptionId} className="notice error" role="alert">
                The licences cannot be removed: {r.quote.refused.message}
              </p>
            ) : (
              <QuoteSummary
                key={r.subscriptionId}
                quote={r.quote}
                title="Removing their licences"
              />
            ),
          )
        : null}
      {error ? <ErrorNotice error={error} /> : null}
      <button type="button" className="primary" disabled={busy} onClick={() => void confirm()}>
        {busy ? 'Working…' : `Confirm: ${props.staff.name} left`}
      </button>{' '}
      <button type="button" onClick={() => setOpen(false)}>
        Cancel
      </button>
    </section>
  );
}
