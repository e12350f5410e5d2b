import { Button, Checkbox, Group, Modal, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";

import type { CredentialDto } from "../../bindings/CredentialDto";
import { notifySuccess } from "../../notify";
import { ServerErrorAlert } from "../../ServerErrorAlert";
import { validateNamespaceId } from "../namespaces/namespaceId";
import { useCopyCredential } from "./queries";

interface Props {
  tenant: string;
  namespace: string;
  source: CredentialDto;
  onClose: () => void;
}

interface Values {
  targetNamespace: string;
  tenantLevel: boolean;
  targetName: string;
}

export function CopyCredentialModal({ tenant, namespace, source, onClose }: Props) {
  const copy = useCopyCredential(tenant);
  const form = useForm<Values>({
    initialValues: { targetNamespace: namespace, tenantLevel: false, targetName: `${source.name}-copy` },
    validate: {
      targetNamespace: (value, values) => (values.tenantLevel ? null : validateNamespaceId(value)),
      targetName: (value) => (/^[a-z0-9][a-z0-9_.-]{0,127}$/.test(value) ? null : "Use a-z, 0-9, '_', '.' and '-'"),
    },
  });
  const submit = form.onSubmit((values) => {
    copy.mutate(
      {
        namespace,
        name: source.name,
        target_namespace: values.tenantLevel ? null : values.targetNamespace,
        target_name: values.targetName,
      },
      {
        onSuccess: (copied) => {
          notifySuccess(`${source.name} copied to ${copied.namespace ?? "tenant level"} as ${copied.name}`);
          onClose();
        },
      },
    );
  });

  return (
    <Modal opened onClose={onClose} title={`Copy ${source.name}`}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            Copies the type, inputs (secret references, not values) and settings. Secret references resolve in the
            target namespace.
          </Text>
          <TextInput
            label="Target namespace"
            disabled={form.getValues().tenantLevel}
            data-testid="copy-target-namespace"
            {...form.getInputProps("targetNamespace")}
          />
          <Checkbox label="Tenant level" {...form.getInputProps("tenantLevel", { type: "checkbox" })} />
          <TextInput label="New name" data-autofocus data-testid="copy-target-name" {...form.getInputProps("targetName")} />
          {copy.isError && <ServerErrorAlert error={copy.error} title="Not copied" testId="copy-error" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={copy.isPending} data-testid="copy-submit">
              Copy
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
