/** Loads a query procedure and reloads it when the input or the page's as-of / known-at change. */
import { useEffect, useState } from 'react';
import type { PluginPageProps } from '@xianzhi/kernel';

export interface Loaded<R> {
  data: R | undefined;
  error: string | undefined;
  loading: boolean;
}

export function useQuery<R>(props: PluginPageProps, path: string, input: Record<string, unknown>): Loaded<R> {
  const [state, setState] = useState<Loaded<R>>({ data: undefined, error: undefined, loading: true });
  const key = JSON.stringify(input);
  const { query, asOf, knownAt } = props;
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    void query<R>(path, JSON.parse(key) as Record<string, unknown>).then(
      (data) => live && setState({ data, error: undefined, loading: false }),
      (error: unknown) => live && setState({ data: undefined, error: error instanceof Error ? error.message : String(error), loading: false }),
    );
    return () => {
      live = false;
    };
  }, [query, path, key, asOf, knownAt]);
  return state;
}
