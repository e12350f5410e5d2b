import { Button, Group, Modal, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";

import { errorCode, toBackendError } from "../../backend";
import { notifyError, notifySuccess } from "../../notify";
import { validateNamespaceId } from "./namespaceId";
import { useCreateNamespace } from "./queries";

interface Props {
  tenant: string;
  opened: boolean;
  onClose: () => void;
  onCreated: (namespace: string) => void;
}

export function NewNamespaceModal({ tenant, opened, onClose, onCreated }: Props) {
  const create = useCreateNamespace(tenant);
  const form = useForm({
    initialValues: { namespace: "" },
    validate: { namespace: (value) => validateNamespaceId(value.trim()) },
  });

  const close = () => {
    form.reset();
    create.reset();
    onClose();
  };

  const submit = form.onSubmit(({ namespace }) => {
    const id = namespace.trim();
    create.mutate(id, {
      onSuccess: () => {
        notifySuccess(`Namespace ${id} created`);
        onCreated(id);
        close();
      },
      onError: (error) => {
        if (errorCode(error) === "invalid_input" || errorCode(error) === "conflict") {
          form.setFieldError("namespace", toBackendError(error).message);
        } else {
          notifyError("Could not create the namespace", error);
        }
      },
    });
  });

  return (
    <Modal opened={opened} onClose={close} title="New namespace">
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label="Namespace"
            description="Dot-separated segments: parents appear automatically (company.team creates company)."
            placeholder="company.team"
            data-autofocus
            data-testid="namespace-input"
            {...form.getInputProps("namespace")}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="namespace-submit">
              Create
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
