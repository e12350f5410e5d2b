import { Button, Group, Modal, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";

import { ServerErrorAlert } from "./ServerErrorAlert";

interface Props {
  opened?: boolean;
  title: string;
  /** What goes, and what that means for whoever uses it. */
  question: ReactNode;
  questionTestId?: string;
  /** The delete: while it runs the dialog stays; its refusal (`error`) is shown in it. */
  mutation: { error: unknown; isPending: boolean };
  errorTitle?: string;
  /** `${testId}-confirm` for the Delete button, `${testId}-error` for the refusal. */
  testId: string;
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
  mutation: { error, isPending: pending },
  errorTitle = "Not deleted",
  testId,
  onConfirm,
  onClose,
}: Props) {
  return (
    <Modal opened={opened} onClose={pending ? () => undefined : onClose} withCloseButton={!pending} title={title}>
      <Stack>
        <Text size="sm" data-testid={questionTestId}>
          {question}
        </Text>
        {error !== null && error !== undefined && <ServerErrorAlert error={error} title={errorTitle} testId={`${testId}-error`} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={pending} data-autofocus>
            Cancel
          </Button>
          <Button color="red" onClick={onConfirm} loading={pending} data-testid={`${testId}-confirm`}>
            Delete
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
