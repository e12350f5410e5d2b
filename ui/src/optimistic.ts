import type { MutationKey, QueryClient, QueryKey } from "@tanstack/react-query";

/**
 * Optimistic writes to cached listings: the change shows before the host answers, and a refusal undoes
 * only that change (a listing may have moved on meanwhile: another optimistic write, a refetch). Cached
 * data that is not a list is left alone.
 */

/** Takes the items `removed` picks out of every listing under `queryKey`; the returned function puts them back. */
// The caller names the listings' item type, which the cache cannot check.
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
export async function removeOptimistically<T>(
  queryClient: QueryClient,
  queryKey: QueryKey,
  removed: (item: T) => boolean,
): Promise<() => void> {
  await queryClient.cancelQueries({ queryKey });
  const taken: { key: QueryKey; rows: { index: number; item: T }[] }[] = [];
  for (const [key, items] of queryClient.getQueriesData<T[]>({ queryKey })) {
    if (!Array.isArray(items)) continue;
    const rows = items.flatMap((item, index) => (removed(item) ? [{ index, item }] : []));
    if (rows.length === 0) continue;
    taken.push({ key, rows });
    queryClient.setQueryData<T[]>(key, items.filter((item) => !removed(item)));
  }
  return () => {
    for (const { key, rows } of taken) {
      queryClient.setQueryData<T[]>(key, (current) => {
        if (!Array.isArray(current)) return current;
        // Where they were; never twice (a refetch may have brought them back already).
        const restored = current.filter((item) => !removed(item));
        for (const { index, item } of rows) restored.splice(Math.min(index, restored.length), 0, item);
        return restored;
      });
    }
  };
}

/** Sets `patch` on the items `matches` picks in every listing; the returned function sets back what they had. */
export async function patchOptimistically<T extends object>(
  queryClient: QueryClient,
  queryKey: QueryKey,
  matches: (item: T) => boolean,
  patch: Partial<T>,
): Promise<() => void> {
  await queryClient.cancelQueries({ queryKey });
  const fields = Object.keys(patch) as (keyof T)[];
  const was: { key: QueryKey; values: Partial<T> }[] = [];
  for (const [key, items] of queryClient.getQueriesData<T[]>({ queryKey })) {
    if (!Array.isArray(items)) continue;
    const found = items.find(matches);
    if (found === undefined) continue;
    was.push({ key, values: Object.fromEntries(fields.map((field) => [field, found[field]])) as Partial<T> });
    queryClient.setQueryData<T[]>(key, items.map((item) => (matches(item) ? { ...item, ...patch } : item)));
  }
  return () => {
    for (const { key, values } of was) {
      queryClient.setQueryData<T[]>(key, (current) =>
        Array.isArray(current) ? current.map((item) => (matches(item) ? { ...item, ...values } : item)) : current,
      );
    }
  };
}

/**
 * For `onSettled`: reads the listings again once the last of the overlapping writes under `mutationKey`
 * has settled (this one still counts), so an earlier answer cannot show a row a later write removed.
 * Not awaited: the write's outcome shows without waiting for the listings.
 */
export function refetchWhenLast(queryClient: QueryClient, mutationKey: MutationKey, refetch: () => Promise<unknown>): void {
  if (queryClient.isMutating({ mutationKey }) === 1) void refetch();
}
