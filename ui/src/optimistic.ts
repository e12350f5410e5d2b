import type { QueryClient, QueryKey } from "@tanstack/react-query";

/**
 * Shows a write in every cached listing under `queryKey` before the host answers: `change` maps each
 * listing (cached data that is not a list is left alone). The returned function puts the listings back
 * as they were, for when the write fails. The listings are asked for again once it settles either way.
 */
export async function showOptimistically<T>(
  queryClient: QueryClient,
  queryKey: QueryKey,
  change: (items: T[]) => T[],
): Promise<() => void> {
  await queryClient.cancelQueries({ queryKey });
  const before = queryClient.getQueriesData<T[]>({ queryKey });
  for (const [key, items] of before) {
    if (Array.isArray(items)) queryClient.setQueryData(key, change(items));
  }
  return () => {
    for (const [key, items] of before) queryClient.setQueryData(key, items);
  };
}
