import { Alert, Button, Group, List, Modal, Stack, Text } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";

import { toBackendError, useBackend } from "../../backend";
import { notifySuccess } from "../../notify";
import { useRights } from "../rights/RightsContext";

interface Props {
  tenant: string;
  namespace: string;
  /** Secrets defined in the namespace itself (what the export holds). */
  count: number;
  onClose: () => void;
}

/**
 * Exports the namespace's own secrets with their values, after saying plainly what the file holds. The
 * desktop asks where in a native save dialog and writes the file readable by its owner only; a browser
 * downloads it.
 */
export function ExportSecretsModal({ tenant, namespace, count, onClose }: Props) {
  const backend = useBackend();
  const inBrowser = useRights().kind === "token";
  const save = useMutation({ mutationFn: () => backend.secretExportFile(tenant, namespace) });
  const start = () => {
    save.mutate(undefined, {
      onSuccess: (where) => {
        // null: the save dialog was cancelled; nothing was read or written.
        if (where === null) return;
        notifySuccess(`Secrets of ${namespace} exported to ${where}`);
        onClose();
      },
    });
  };

  return (
    <Modal opened onClose={onClose} title={`Export the secrets of ${namespace}`} size="lg">
      <Stack>
        <Text size="sm" data-testid="export-what">
          The file holds the {count} secret{count === 1 ? "" : "s"} defined in {namespace} (not inherited ones), in
          Kestra&apos;s <code>.env_encoded</code> format: <code>SECRET_KEY=</code> followed by the value in base64.
        </Text>
        <Alert color="orange" variant="light" title="The values are readable in the file">
          <List size="sm" spacing={2}>
            <List.Item>Base64 is an encoding, not encryption: anyone who can read the file reads the secrets.</List.Item>
            <List.Item>
              {inBrowser
                ? "Your browser saves it with its downloads; move it somewhere private."
                : "The file is created readable by you only (mode 0600)."}
            </List.Item>
            <List.Item>Delete it once it has been imported where it was needed. The export is audited.</List.Item>
          </List>
        </Alert>
        {save.isError && (
          <Alert color="red" data-testid="export-error">
            {toBackendError(save.error).message}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={start} loading={save.isPending} disabled={count === 0} data-testid="export-submit">
            {inBrowser ? "Download" : "Choose where to save…"}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
