import { Alert, Button, Center, Group, Loader, Stack } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useState } from "react";

import { AppProviders } from "../../AppProviders";
import { errorCode, toBackendError, useBackend } from "../../backend";
import { createHttpBackend } from "../../backend/http";
import type { CallerInfo } from "../../bindings/CallerInfo";
import { MainLayout } from "../../layout/MainLayout";
import { RightsProvider } from "../rights/RightsContext";
import type { Rights } from "../rights/rights";
import { AccountMenu } from "./AccountMenu";
import { SignInScreen } from "./SignInScreen";
import { sessionTokenStore, type TokenStore } from "./tokenStore";

type Session =
  | { kind: "signed_out"; reason: string | null }
  /** A token kept from earlier in this tab is being checked. */
  | { kind: "restoring" }
  /** The kept token could not be checked (the server did not answer): it is kept for a retry. */
  | { kind: "unreachable"; message: string }
  | { kind: "signed_in"; caller: CallerInfo };

interface Props {
  /** The server's origin: the console is served by the server it talks to. */
  baseUrl: string;
  store?: TokenStore;
  fetch?: typeof fetch;
}

/** The browser's Keystead: sign-in with an API token, then the desktop's screens within the token's rights. */
export function WebConsole({ baseUrl, store = sessionTokenStore, fetch }: Props) {
  const [session, setSession] = useState<Session>(() =>
    store.get() === null ? { kind: "signed_out", reason: null } : { kind: "restoring" },
  );
  // Each session gets fresh providers: nothing one token read stays cached for the next.
  const [generation, setGeneration] = useState(0);

  const signOut = useCallback(
    (reason: string | null) => {
      store.clear();
      notifications.clean();
      setSession({ kind: "signed_out", reason });
      setGeneration((current) => current + 1);
    },
    [store],
  );

  // A 401 on any request (revoked, expired, owner disabled) ends the session with the server's message.
  const backend = useMemo(
    () =>
      createHttpBackend({
        baseUrl,
        fetch,
        token: () => store.get(),
        onUnauthenticated: (error) => {
          signOut(error.message);
        },
      }),
    [baseUrl, fetch, store, signOut],
  );

  const verify = useCallback(
    (token: string) => createHttpBackend({ baseUrl, fetch, token: () => token }).whoami(),
    [baseUrl, fetch],
  );

  useEffect(() => {
    if (session.kind !== "restoring") return;
    let current = true;
    backend.whoami().then(
      (caller) => {
        if (current) setSession({ kind: "signed_in", caller });
      },
      (error: unknown) => {
        // A refused token already signed out through onUnauthenticated.
        if (current && errorCode(error) !== "unauthenticated") {
          setSession({ kind: "unreachable", message: toBackendError(error).message });
        }
      },
    );
    return () => {
      current = false;
    };
  }, [session.kind, backend]);

  return (
    <AppProviders backend={backend} key={generation}>
      {session.kind === "signed_in" ? (
        <SignedIn
          caller={session.caller}
          onSignOut={() => {
            signOut(null);
          }}
        />
      ) : session.kind === "signed_out" ? (
        <SignInScreen
          verify={verify}
          reason={session.reason}
          onSignedIn={(token, caller) => {
            store.set(token);
            setSession({ kind: "signed_in", caller });
          }}
        />
      ) : session.kind === "restoring" ? (
        <Center h="100vh">
          <Loader aria-label="Checking the API token" />
        </Center>
      ) : (
        <Center h="100vh" p="xl">
          <Stack maw={520}>
            <Alert color="red" title="Could not reach the Keystead server" data-testid="server-unreachable">
              {session.message}
            </Alert>
            <Group justify="flex-end">
              <Button
                variant="default"
                onClick={() => {
                  signOut(null);
                }}
              >
                Sign out
              </Button>
              <Button
                onClick={() => {
                  setSession({ kind: "restoring" });
                }}
              >
                Retry
              </Button>
            </Group>
          </Stack>
        </Center>
      )}
    </AppProviders>
  );
}

function SignedIn({ caller, onSignOut }: { caller: CallerInfo; onSignOut: () => void }) {
  const backend = useBackend();
  // Role changes take effect on the server at once: re-read them when the tab comes back into focus.
  const whoami = useQuery({
    queryKey: ["whoami"],
    queryFn: () => backend.whoami(),
    initialData: caller,
    staleTime: 30_000,
    refetchOnWindowFocus: true,
  });
  const current = whoami.data;
  const rights = useMemo<Rights>(() => ({ kind: "token", caller: current }), [current]);
  return (
    <RightsProvider rights={rights}>
      {/* A token always belongs to one tenant; only the local administrator has none (and never signs in here). */}
      <MainLayout initialTenant={current.tenant ?? "main"} account={<AccountMenu caller={current} onSignOut={onSignOut} />} />
    </RightsProvider>
  );
}
