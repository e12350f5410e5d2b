import { Button, Group, Modal, Radio, Stack, Text } from "@mantine/core";
import { useState } from "react";

import type { ApiTokenDto } from "../../bindings/ApiTokenDto";
import type { CreatedToken } from "../../bindings/CreatedToken";
import { ServerErrorAlert } from "../../ServerErrorAlert";
import { useRotateToken } from "./queries";

/** How long the old token keeps working after a rotation (the core allows up to P30D). */
const GRACE_CHOICES = [
  { value: "none", label: "No grace: the old token stops now", grace: null },
  { value: "PT1H", label: "1 hour", grace: "PT1H" },
  { value: "P1D", label: "1 day", grace: "P1D" },
  { value: "P7D", label: "7 days", grace: "P7D" },
] as const;

type GraceChoice = (typeof GRACE_CHOICES)[number];

interface Props {
  tenant: string;
  token: ApiTokenDto;
  onClose: () => void;
  /** The new plaintext, handed over once, and what became of the old token. */
  onIssued: (created: CreatedToken, note: string) => void;
}

export function RotateTokenModal({ tenant, token, onClose, onIssued }: Props) {
  const [choice, setChoice] = useState<GraceChoice>(GRACE_CHOICES[0]);
  const rotate = useRotateToken(tenant, (created) => {
    const old = `The old token ${token.prefix}`;
    onIssued(created, choice.grace === null ? `${old} stopped working.` : `${old} keeps working for ${choice.label}.`);
  });

  return (
    <Modal opened onClose={onClose} title="Rotate API token">
      <Stack>
        <Text size="sm" data-testid="rotate-token-question">
          Replace <b>{token.name}</b> ({token.prefix}) of <b>{token.principal}</b> with a new token with the same
          settings? The new token is shown once.
        </Text>
        <Radio.Group
          label="Grace period for the old token"
          description="Time to deploy the new token before the old one is refused."
          value={choice.value}
          onChange={(value) => {
            setChoice(GRACE_CHOICES.find((option) => option.value === value) ?? GRACE_CHOICES[0]);
          }}
        >
          <Stack gap={6} mt={4}>
            {GRACE_CHOICES.map((option) => (
              <Radio key={option.value} value={option.value} label={option.label} data-testid={`rotate-grace-${option.value}`} />
            ))}
          </Stack>
        </Radio.Group>
        {rotate.isError && <ServerErrorAlert error={rotate.error} title="Not rotated" testId="rotate-token-error" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            Cancel
          </Button>
          <Button
            onClick={() => {
              rotate.mutate({ id: token.id, grace: choice.grace });
            }}
            loading={rotate.isPending}
            data-testid="rotate-token-confirm"
          >
            Rotate
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
