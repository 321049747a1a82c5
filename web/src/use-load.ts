import { useCallback, useEffect, useState } from 'react';

export type Load<T> =
  | { readonly state: 'loading'; readonly data: T | null; readonly error: null }
  | { readonly state: 'ready'; readonly data: T; readonly error: null }
  | { readonly state: 'error'; readonly data: T | null; readonly error: Error };

/** Load data for a page: loading, ready or failed, and a way to load again after a change. */
export function useLoad<T>(
  load: () => Promise<T>,
  deps: readonly unknown[],
): Load<T> & { reload: () => void } {
  const [result, setResult] = useState<Load<T>>({ state: 'loading', data: null, error: null });
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    setResult((previous) => ({ state: 'loading', data: previous.data, error: null }));
    load().then(
      (data) => live && setResult({ state: 'ready', data, error: null }),
      (error: unknown) =>
        live &&
        setResult((previous) => ({
          state: 'error',
          data: previous.data,
          error: error instanceof Error ? error : new Error(String(error)),
        })),
    );
    return () => {
      live = false;
    };
    // The caller names what its load reads (`deps`); `load` itself is a new closure each render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { ...result, reload };
}
