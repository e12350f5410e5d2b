import { Button, Group, Modal, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";

import { ServerErrorAlert } from "./ServerErrorAlert";

interface Props {
  opened?: boolean;
  title: string;
  /** What goes, and what that means for whoever uses it. */
  question: ReactNode;
  questionTestId?: string;
  /** The refusal of the last attempt (null: none); the dialog stays open to show it. */
  error: unknown;
  errorTitle?: string;
  errorTestId: string;
  confirmTestId: string;
  pending: boolean;
  onConfirm: () => void;
  onClose: () => void;
}

/**
 * The one shape of every delete: the question, the core's refusal if any, Cancel focused, Delete in red.
 * While the delete runs the dialog stays open, so its outcome (a refusal, or the confirmation) is seen.
 */
export function ConfirmDeleteModal({
  opened = true,
  title,
  question,
  questionTestId,
  error,
  errorTitle = "Not deleted",
  errorTestId,
  confirmTestId,
  pending,
  onConfirm,
  onClose,
}: Props) {
  return (
    <Modal opened={opened} onClose={pending ? () => undefined : onClose} withCloseButton={!pending} title={title}>
      <Stack>
        <Text size="sm" data-testid={questionTestId}>
          {question}
        </Text>
        {error !== null && error !== undefined && <ServerErrorAlert error={error} title={errorTitle} testId={errorTestId} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={pending} data-autofocus>
            Cancel
          </Button>
          <Button color="red" onClick={onConfirm} loading={pending} data-testid={confirmTestId}>
            Delete
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
