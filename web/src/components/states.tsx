import type { ReactNode } from 'react';
import { ApiProblem } from '../api/client';

export function Loading({ label = 'Loading' }: { label?: string }) {
  return (
    <p className="muted" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {label}…
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

export function ErrorNotice({ error, retry }: { error: Error; retry?: () => void }) {
  const code = error instanceof ApiProblem ? error.code : null;
  return (
    <div className="notice error" role="alert">
      <p>
        {error.message}
        {code ? <span className="code"> ({code})</span> : null}
      </p>
      {retry ? (
        <button type="button" onClick={retry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

/** What Loaded renders: a query's data, or its error, or nothing yet (TanStack Query's shape). */
export interface Loadable<T> {
  readonly data: T | undefined;
  readonly error: Error | null;
  readonly refetch: () => unknown;
}

/** Render a query: a spinner, its error, or its data. */
export function Loaded<T>({
  load,
  children,
}: {
  load: Loadable<T>;
  children: (data: T) => ReactNode;
}) {
  if (load.error && load.data === undefined) {
    return <ErrorNotice error={load.error} retry={() => void load.refetch()} />;
  }
  if (load.data === undefined) return <Loading />;
  return <>{children(load.data)}</>;
}

/** An inline error beside the control that caused it. */
export function FieldError({ error }: { error: Error | null }) {
  if (!error) return null;
  return (
    <p className="field-error" role="alert">
      {error.message}
    </p>
  );
}

/** What an action did, said once it is done (a status: read out by screen readers). */
export function Done({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p className="notice success" role="status">
      {message}
    </p>
  );
}
