import { Alert, Anchor, Button, Center, Code, Paper, PasswordInput, Stack, Text, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useState } from "react";

import { errorCode, toBackendError } from "../../backend";
import type { CallerInfo } from "../../bindings/CallerInfo";
import { validateTokenShape } from "./tokenStore";

interface Props {
  /** Asks the server who `token` is (whoami); rejects when it refuses the token. */
  verify: (token: string) => Promise<CallerInfo>;
  onSignedIn: (token: string, caller: CallerInfo) => void;
  /** Why the last session ended (the server's message for a revoked or expired token). */
  reason: string | null;
}

/** The web console's sign-in: an API token, checked with the server before it is kept. */
export function SignInScreen({ verify, onSignedIn, reason }: Props) {
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm({
    initialValues: { token: "" },
    validate: { token: validateTokenShape },
  });

  const submit = form.onSubmit(({ token }) => {
    const candidate = token.trim();
    setPending(true);
    setFailure(null);
    verify(candidate).then(
      (caller) => {
        form.reset();
        onSignedIn(candidate, caller);
      },
      (error: unknown) => {
        setPending(false);
        // A refused token is the field's problem; anything else (unreachable, rate limited) is shown apart.
        if (errorCode(error) === "unauthenticated") form.setFieldError("token", toBackendError(error).message);
        else setFailure(toBackendError(error).message);
      },
    );
  });

  return (
    <Center mih="100vh" p="md">
      <Paper withBorder shadow="sm" p="xl" radius="md" w={500}>
        <form onSubmit={submit} noValidate>
          <Stack>
            <Title order={2}>Sign in to Keystead</Title>
            <Text size="sm" c="dimmed">
              The web console acts with an API token and shows what its roles allow. Create one on the Keystead machine
              with <Code>keystead token create</Code>. The token stays in this tab until you sign out or close it.
            </Text>
            {reason !== null && (
              <Alert color="orange" title="You were signed out" data-testid="signed-out-reason">
                {reason}
              </Alert>
            )}
            <PasswordInput
              label="API token"
              placeholder="kst_…"
              autoFocus
              autoComplete="off"
              spellCheck={false}
              data-testid="token-input"
              {...form.getInputProps("token")}
            />
            {failure !== null && (
              <Alert color="red" title="Could not sign in" data-testid="sign-in-error">
                {failure}
              </Alert>
            )}
            <Button type="submit" loading={pending} data-testid="sign-in-submit">
              Sign in
            </Button>
            <Text size="xs" c="dimmed">
              The HTTP API itself is described at <Anchor href="/api/docs">/api/docs</Anchor>.
            </Text>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
