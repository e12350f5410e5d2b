import { Code, Text } from "@mantine/core";

import { errorCode } from "../../backend";

/** What to do when the OS keyring cannot be reached: shown under the host's own message. */
export function KeyringUnavailableHelp({ error }: { error: unknown }) {
  if (errorCode(error) !== "key_unavailable") return null;
  return (
    <Text size="sm" data-testid="keyring-help">
      Keystead reaches the keyring through the OS: the Secret Service (GNOME Keyring, KWallet) on Linux, the Keychain on
      macOS, the Credential Manager on Windows. Start or unlock it in your desktop session and try again; with{" "}
      <Code>KEYSTEAD_KEYRING=off</Code> in the environment Keystead never uses it. Nothing was changed: the master key
      stays where it was.
    </Text>
  );
}
