import { useCallback, useEffect, useRef, useState } from "react";

/** How long a revealed value stays shown before the cell re-masks. */
export const EXPOSURE_MS = 30_000;

/** Holds a revealed value for a limited time, then forgets it (the cell re-masks). */
export function useRevealedValue(timeoutMs = EXPOSURE_MS) {
  const [value, setValue] = useState<string | null>(null);
  const timer = useRef<number | undefined>(undefined);

  const hide = useCallback(() => {
    window.clearTimeout(timer.current);
    timer.current = undefined;
    setValue(null);
  }, []);

  const show = useCallback(
    (revealed: string) => {
      window.clearTimeout(timer.current);
      setValue(revealed);
      timer.current = window.setTimeout(() => {
        setValue(null);
      }, timeoutMs);
    },
    [timeoutMs],
  );

  useEffect(() => () => {
    window.clearTimeout(timer.current);
  }, []);

  return { value, show, hide };
}
