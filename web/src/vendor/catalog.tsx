import { useState } from 'react';
import { unwrap } from '../api/client';
import { ErrorNotice, Loaded } from '../components/states';
import { useCatalog } from '../queries/operator';
import { useOperator } from './operator-client';

/**
 * The catalog (12): every plan with its versions (drafts, published, negotiated for one
 * customer); a draft is published here, a plan taken off sale. Versions are immutable once
 * published: contracts sold keep theirs.
 */
export function Catalog() {
  const operator = useOperator();
  const plans = useCatalog();
  const [error, setError] = useState<Error | null>(null);
  const act = async (call: () => Promise<unknown>) => {
    setError(null);
    try {
      await call();
      void plans.refetch();
    } catch (caught) {
      setError(caught as Error);
    }
  };
  return (
    <section aria-labelledby="catalog-title">
      <h2 id="catalog-title">Catalog</h2>
      {error ? <ErrorNotice error={error} /> : null}
      <Loaded load={plans}>
        {(list) =>
          list.map((plan) => (
            <article key={plan.id} className="card" aria-labelledby={`plan-${plan.id}`}>
              <h3 id={`plan-${plan.id}`}>
                {plan.name} <span className="muted small mono">{plan.id}</span>{' '}
                <span className={`status ${plan.status}`}>{plan.status.replace('_', ' ')}</span>
              </h3>
              {plan.description ? <p className="muted">{plan.description}</p> : null}
              <ul>
                {plan.versions.map((v) => (
                  <li key={v.id}>
                    Version {v.version}: {v.status}
                    {v.negotiatedFor ? `, negotiated for ${v.negotiatedFor}` : ', public'}
                    {v.publishedAt ? `, published ${v.publishedAt.slice(0, 10)}` : ''}{' '}
                    {v.status === 'draft' && plan.status === 'on_sale' ? (
                      <button
                        type="button"
                        onClick={() =>
                          void act(() =>
                            unwrap(
                              operator.POST(
                                '/v1/operator/plans/{planId}/versions/{version}/publish',
                                {
                                  params: { path: { planId: plan.id, version: v.version } },
                                },
                              ),
                            ),
                          )
                        }
                      >
                        Publish version {v.version}
                      </button>
                    ) : null}
                  </li>
                ))}
              </ul>
              {plan.status === 'on_sale' ? (
                <button
                  type="button"
                  onClick={() =>
                    void act(() =>
                      unwrap(
                        operator.POST('/v1/operator/plans/{planId}/retire', {
                          params: { path: { planId: plan.id } },
                        }),
                      ),
                    )
                  }
                >
                  Take {plan.name} off sale
                </button>
              ) : null}
            </article>
          ))
        }
      </Loaded>
    </section>
  );
}
