/**
 * A listing that answers `rows` the first time and holds every later call open: a row seen again after a
 * write fails was put back by the UI itself, not by a refetch.
 */
export function firstThenHeld<T>(rows: T[]): () => Promise<T[]> {
  let calls = 0;
  return () => {
    calls += 1;
    return calls === 1 ? Promise.resolve(rows) : new Promise<T[]>(() => undefined);
  };
}
