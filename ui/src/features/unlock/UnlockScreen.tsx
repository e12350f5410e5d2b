import { Alert, Button, Center, Loader, Paper, PasswordInput, Stack, Text, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useLayoutEffect } from "react";

import { errorCode, toBackendError } from "../../backend";
import type { UnlockState } from "../../bindings/UnlockState";
import { MARKS, markAfterPaint } from "../../perf";
import type { LockedInfo } from "./lock";
import { NewPassphraseFields } from "./NewPassphraseFields";
import { validateConfirmation, validateNewPassphrase } from "./passphrase";
import { useUnlock } from "./queries";

interface Values {
  passphrase: string;
  confirm: string;
}

interface Props {
  state: UnlockState;
  /** Set when this session locked itself (Lock, or idle): why, and where the master key is kept. */
  locked?: LockedInfo | null;
}

export function UnlockScreen({ state, locked = null }: Props) {
  const creating = !state.initialized;
  // The locked host does not say where the key is; the app remembers it from before it locked.
  const fromKeyring = !creating && locked?.mode === "keyring";
  const unlock = useUnlock();
  const form = useForm<Values>({
    initialValues: { passphrase: "", confirm: "" },
    validate: {
      passphrase: (value) =>
        creating ? validateNewPassphrase(value) : !fromKeyring && value.length === 0 ? "Enter the passphrase" : null,
      confirm: (value, values) => (creating ? validateConfirmation(value, values.passphrase) : null),
    },
  });

  const submit = form.onSubmit(({ passphrase }) => {
    unlock.mutate(fromKeyring ? "" : passphrase, {
      onSuccess: () => {
        form.reset();
      },
      onError: (error) => {
        if (errorCode(error) === "wrong_passphrase") {
          form.setFieldError("passphrase", toBackendError(error).message);
        }
      },
    });
  });
  useLayoutEffect(() => {
    markAfterPaint(MARKS.unlockInteractive);
  }, []);
  const otherError = unlock.isError && errorCode(unlock.error) !== "wrong_passphrase" ? unlock.error : null;

  return (
    <Center mih="100vh" p="md">
      <Paper withBorder shadow="sm" p="xl" radius="md" w={460}>
        <form onSubmit={submit} noValidate>
          <Stack>
            <Title order={2}>{creating ? "Create a passphrase" : "Unlock Keystead"}</Title>
            {locked !== null && (
              <Alert color="blue" data-testid="locked-notice">
                {locked.reason === "idle"
                  ? `Keystead locked itself after ${String(locked.idleMinutes ?? 0)} minutes without activity.`
                  : locked.reason === "screen"
                    ? "Keystead locked when the screen locked."
                    : "Keystead is locked."}{" "}
                What it showed has been forgotten.
              </Alert>
            )}
            {creating ? (
              <Text size="sm" c="dimmed">
                No OS keyring is reachable, so Keystead wraps its master key with a key derived from this
                passphrase (Argon2id). The passphrase is never stored: without it, the secrets in this data
                directory cannot be read.
              </Text>
            ) : fromKeyring ? (
              <Text size="sm" c="dimmed">
                The master key of this data directory is in the OS keyring: unlocking reads it from there.
              </Text>
            ) : (
              <Text size="sm" c="dimmed">
                The master key of this data directory is protected by a passphrase.
              </Text>
            )}
            {state.reason !== null && (
              <Alert
                color={state.reason.code === "key_unavailable" ? "orange" : "red"}
                title={state.reason.code === "key_unavailable" ? "The key store is unavailable" : "Could not open"}
                data-testid="unlock-reason"
              >
                {state.reason.message}
              </Alert>
            )}
            {creating ? (
              <NewPassphraseFields
                label="Passphrase"
                value={form.values.passphrase}
                passphraseProps={form.getInputProps("passphrase")}
                confirmProps={form.getInputProps("confirm")}
                autoFocus
                testIdPrefix="passphrase"
              />
            ) : (
              !fromKeyring && (
                <PasswordInput
                  label="Passphrase"
                  autoFocus
                  autoComplete="current-password"
                  data-testid="passphrase-input"
                  {...form.getInputProps("passphrase")}
                />
              )
            )}
            {otherError !== null && (
              <Alert color="red" data-testid="unlock-error">
                {toBackendError(otherError).message}
              </Alert>
            )}
            {/* Not Mantine's `loading`, which blanks the label: deriving the key takes seconds, so say so. */}
            <Button
              type="submit"
              disabled={unlock.isPending}
              aria-busy={unlock.isPending}
              autoFocus={fromKeyring}
              leftSection={unlock.isPending ? <Loader size="xs" color="currentColor" aria-hidden /> : undefined}
              data-testid="unlock-submit"
            >
              {unlock.isPending ? (creating ? "Creating the key…" : "Unlocking…") : creating ? "Create and unlock" : "Unlock"}
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
