import { Alert, Anchor, Badge, Button, Divider, Group, Loader, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";

import { toBackendError } from "../../backend";
import { Name } from "../../Name";
import { DeletePrincipalModal } from "./DeletePrincipalModal";
import { EffectiveRights } from "./EffectiveRights";
import { formatTime } from "../../formatTime";
import { KIND_LABEL } from "./NewPrincipalModal";
import { usePrincipal } from "./queries";
import { RoleBindings } from "./RoleBindings";
import { TokensSection } from "./TokensSection";
import { useToggleDisabled } from "./useToggleDisabled";

interface Props {
  tenant: string;
  name: string;
  onBack: () => void;
}

/** One user or service account: enable/disable, delete, its role bindings, effective rights and tokens. */
export function PrincipalView({ tenant, name, onBack }: Props) {
  const detail = usePrincipal(tenant, name);
  const toggle = useToggleDisabled(tenant);
  const [deleting, setDeleting] = useState(false);

  const back = (
    <Anchor component="button" type="button" size="sm" onClick={onBack} data-testid="principal-back">
      ← All users and service accounts
    </Anchor>
  );
  if (detail.isPending) return <Loader size="sm" aria-label={`Loading ${name}`} />;
  if (detail.isError) {
    return (
      <Stack align="flex-start">
        {back}
        <Alert color="red" data-testid="principal-error">
          {toBackendError(detail.error).message}
        </Alert>
      </Stack>
    );
  }
  const { principal, bindings, effective } = detail.data;

  return (
    <Stack gap="md" data-testid={`principal-view-${name}`}>
      <Group>{back}</Group>
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Group gap="xs">
            <Title order={3} data-testid="principal-title">
              <Name value={principal.name} ff="monospace" />
            </Title>
            <Badge variant="light">{KIND_LABEL[principal.kind]}</Badge>
            {principal.disabled && (
              <Badge color="gray" variant="outline" data-testid="principal-disabled">
                disabled: its tokens are refused
              </Badge>
            )}
          </Group>
          {principal.description !== "" && <Text size="sm">{principal.description}</Text>}
          <Text size="xs" c="dimmed">
            created {formatTime(principal.created_at)} · updated {formatTime(principal.updated_at)} by{" "}
            {principal.updated_by}
          </Text>
        </Stack>
        <Group gap="xs">
          <Button
            variant="default"
            onClick={() => {
              toggle.run(principal);
            }}
            loading={toggle.isPending}
            data-testid="principal-toggle-disabled"
          >
            {principal.disabled ? "Enable" : "Disable"}
          </Button>
          <Button
            color="red"
            variant="light"
            onClick={() => {
              setDeleting(true);
            }}
            data-testid="principal-delete"
          >
            Delete…
          </Button>
        </Group>
      </Group>
      <Divider />
      <RoleBindings tenant={tenant} principal={principal.name} bindings={bindings} />
      <Divider />
      <EffectiveRights principal={principal.name} rights={effective} />
      <Divider />
      <TokensSection tenant={tenant} owner={principal.name} />
      {deleting && (
        <DeletePrincipalModal
          tenant={tenant}
          principal={principal}
          onClose={() => {
            setDeleting(false);
          }}
          onDeleted={onBack}
        />
      )}
    </Stack>
  );
}
