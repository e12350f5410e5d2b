import { Button, Group, Modal, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";

import { errorCode, toBackendError } from "../../backend";
import { notifyError, notifySuccess } from "../../notify";
import { useCreateTenant, validateTenantId } from "./queries";

interface Props {
  opened: boolean;
  onClose: () => void;
  onCreated: (tenant: string) => void;
}

export function NewTenantModal({ opened, onClose, onCreated }: Props) {
  const create = useCreateTenant();
  const form = useForm({
    initialValues: { id: "" },
    validate: { id: (value) => validateTenantId(value.trim()) },
  });

  const close = () => {
    form.reset();
    create.reset();
    onClose();
  };

  const submit = form.onSubmit(({ id }) => {
    const tenant = id.trim();
    create.mutate(tenant, {
      onSuccess: () => {
        notifySuccess(`Tenant ${tenant} created`);
        onCreated(tenant);
        close();
      },
      onError: (error) => {
        const code = errorCode(error);
        if (code === "invalid_input" || code === "conflict" || code === "forbidden") {
          form.setFieldError("id", toBackendError(error).message);
        } else {
          notifyError("Could not create the tenant", error);
        }
      },
    });
  });

  return (
    <Modal opened={opened} onClose={close} title="New tenant">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            A tenant is a separate space with its own namespaces, credentials, accounts, tokens, audit log and data key.
          </Text>
          <TextInput
            label="Tenant id"
            placeholder="acme"
            data-autofocus
            data-testid="tenant-id-input"
            {...form.getInputProps("id")}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="tenant-submit">
              Create and switch
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
