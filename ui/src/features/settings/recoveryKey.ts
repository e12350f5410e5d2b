import { useState } from "react";

import { useBackend } from "../../backend";
import { useHostCall, useKeyStatusChanged } from "./queries";

/**
 * Creates a recovery key and holds its text only while the show-once panel is open: `acknowledge` (the
 * user has stored it) drops it. It never enters a query cache.
 */
export function useRecoveryKeyCreation() {
  const backend = useBackend();
  const statusChanged = useKeyStatusChanged();
  const call = useHostCall(() => backend.keyRecoveryCreate());
  const [shown, setShown] = useState<string | null>(null);

  const create = async (): Promise<boolean> => {
    const result = await call.run();
    if (!result.ok) return false;
    setShown(result.value.recovery_key);
    statusChanged(null);
    return true;
  };

  return {
    create,
    pending: call.pending,
    error: call.error,
    /** A recovery key that another action answered (a master key rotation replaces it). */
    show: setShown,
    shown,
    acknowledge: () => {
      setShown(null);
    },
  };
}
