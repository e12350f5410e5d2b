import { Alert, Center, Loader } from "@mantine/core";
import type { ReactNode } from "react";

import { toBackendError } from "../../backend";
import type { StatusDto } from "../../bindings/StatusDto";
import { useUnlockState } from "./queries";
import { UnlockScreen } from "./UnlockScreen";

/** Renders its children only once the core is unlocked; until then, the unlock screen. */
export function UnlockGate({ children }: { children: (status: StatusDto | null) => ReactNode }) {
  const state = useUnlockState();
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
  if (!state.data.unlocked) return <UnlockScreen state={state.data} />;
  return <>{children(state.data.status)}</>;
}
