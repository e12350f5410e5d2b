import { Button, Checkbox, Group, Modal, PasswordInput, Stack, Switch, Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useState } from "react";

import { errorCode, toBackendError } from "../../backend";
import { notifyError, notifySuccess } from "../../notify";
import { useSetSecret } from "./queries";
import { validateSecretKey } from "./secretKey";

interface Props {
  tenant: string;
  namespace: string;
  opened: boolean;
  onClose: () => void;
}

interface Values {
  key: string;
  value: string;
  description: string;
  readOnly: boolean;
}

export function NewSecretModal({ tenant, namespace, opened, onClose }: Props) {
  const setSecret = useSetSecret(tenant);
  const [multiline, setMultiline] = useState(false);
  const form = useForm<Values>({
    initialValues: { key: "", value: "", description: "", readOnly: false },
    validate: {
      key: (value) => validateSecretKey(value),
      value: (value) => (value.length === 0 ? "Enter the value" : null),
    },
  });

  const close = () => {
    form.reset();
    setSecret.reset();
    setMultiline(false);
    onClose();
  };

  const submit = form.onSubmit((values) => {
    setSecret.mutate(
      {
        tenant,
        namespace,
        key: values.key,
        value: values.value,
        description: values.description,
        read_only: values.readOnly,
      },
      {
        onSuccess: (meta) => {
          notifySuccess(`${meta.key} saved in ${meta.namespace} (v${meta.version})`);
          close();
        },
        onError: (error) => {
          // Refusals about this key (bad name, read-only, conflict) belong under the key field.
          const code = errorCode(error);
          if (code === "invalid_input" || code === "read_only" || code === "conflict") {
            form.setFieldError("key", toBackendError(error).message);
          } else {
            notifyError("Could not save the secret", error);
          }
        },
      },
    );
  });

  const valueProps = {
    label: "Value",
    description: "Stored encrypted; shown masked everywhere.",
    "data-testid": "secret-value-input",
    autoComplete: "off",
    ...form.getInputProps("value"),
  };

  return (
    <Modal opened={opened} onClose={close} title={`New secret in ${namespace}`} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label="Key"
            placeholder="API_KEY"
            data-autofocus
            autoComplete="off"
            spellCheck={false}
            data-testid="secret-key-input"
            {...form.getInputProps("key")}
          />
          {multiline ? (
            <Textarea {...valueProps} autosize minRows={3} maxRows={10} spellCheck={false} ff="monospace" />
          ) : (
            <PasswordInput {...valueProps} />
          )}
          <Switch
            label="Multiline value (shown in clear while typing)"
            checked={multiline}
            onChange={(event) => {
              setMultiline(event.currentTarget.checked);
            }}
          />
          <TextInput
            label="Description"
            data-testid="secret-description-input"
            {...form.getInputProps("description")}
          />
          <Checkbox
            label="Read-only (cannot be changed or deleted until the flag is cleared)"
            data-testid="secret-read-only-checkbox"
            {...form.getInputProps("readOnly", { type: "checkbox" })}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={setSecret.isPending} data-testid="secret-submit">
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
