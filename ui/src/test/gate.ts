/** A host call that answers only when the test says so: the state before the answer can be checked. */
export function gate<T>() {
  let settle: { resolve: (value: T) => void; reject: (error: unknown) => void } | null = null;
  const promise = new Promise<T>((resolve, reject) => {
    settle = { resolve, reject };
  });
  return { promise, settle: () => settle };
}
