import { Alert, Center, Loader } from "@mantine/core";
import { useState, type ReactNode } from "react";

import { toBackendError } from "../../backend";
import type { StatusDto } from "../../bindings/StatusDto";
import { LockProvider, type LockedInfo } from "./lock";
import { useUnlockState } from "./queries";
import { UnlockScreen } from "./UnlockScreen";

/**
 * Renders its children only once the core is unlocked; until then, the unlock screen. The children may
 * lock again (`useLockControl`): the unlock screen then says why it shows.
 */
export function UnlockGate({ children }: { children: (status: StatusDto | null) => ReactNode }) {
  const state = useUnlockState();
  const [locked, setLocked] = useState<LockedInfo | null>(null);
  if (state.isPending) {
    return (
      <Center h="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (state.isError) {
    return (
      <Center h="100vh" p="xl">
        <Alert color="red" title="Keystead could not start" data-testid="startup-error">
          {toBackendError(state.error).message}
        </Alert>
      </Center>
    );
  }
  if (!state.data.unlocked) return <UnlockScreen state={state.data} locked={locked} />;
  return <LockProvider onLocked={setLocked}>{children(state.data.status)}</LockProvider>;
}
