import { useCallback, useEffect, useState } from 'react';
import { api } from './api';

/** Reference data (pemdas, regions) changes rarely: answers kept for the page's lifetime. */
const referenceCache = new Map<string, unknown>();

interface QueryState<T> {
  path: string | null;
  data: T | undefined;
  error: unknown;
  loading: boolean;
}

export interface QueryResult<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/**
 * GETs `path` (skipped while null) and re-fetches when it changes or on `reload()`. With
 * `cache`, an answer is kept in memory and reused by every later query of the same path.
 */
export function useApiQuery<T>(path: string | null, options: { cache?: boolean } = {}): QueryResult<T> {
  const cache = options.cache ?? false;
  const [reloadCount, setReloadCount] = useState(0);
  const [state, setState] = useState<QueryState<T>>(() => ({
    path,
    data: path && cache ? (referenceCache.get(path) as T | undefined) : undefined,
    error: undefined,
    loading: path !== null && !(cache && path && referenceCache.has(path)),
  }));

  // biome-ignore lint/correctness/useExhaustiveDependencies: reloadCount re-runs the request on demand.
  useEffect(() => {
    if (path === null) {
      setState({ path, data: undefined, error: undefined, loading: false });
      return;
    }
    if (cache && referenceCache.has(path)) {
      setState({ path, data: referenceCache.get(path) as T, error: undefined, loading: false });
      return;
    }
    const controller = new AbortController();
    setState((previous) => ({
      path,
      data: previous.path === path ? previous.data : undefined,
      error: undefined,
      loading: true,
    }));
    api.get<T>(path, { signal: controller.signal }).then(
      (data) => {
        if (cache) referenceCache.set(path, data);
        setState({ path, data, error: undefined, loading: false });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState({ path, data: undefined, error, loading: false });
      },
    );
    return () => controller.abort();
  }, [path, cache, reloadCount]);

  const reload = useCallback(() => setReloadCount((n) => n + 1), []);
  const current = state.path === path;
  if (!current && cache && path !== null && referenceCache.has(path)) {
    // A cached path renders at once, without a loading flash before the effect catches up.
    return { data: referenceCache.get(path) as T, error: undefined, loading: false, reload };
  }
  return {
    data: current ? state.data : undefined,
    error: current ? state.error : undefined,
    loading: current ? state.loading : path !== null,
    reload,
  };
}
