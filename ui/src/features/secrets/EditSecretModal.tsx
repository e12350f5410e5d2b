import { Alert, Button, Group, Modal, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";

import { errorCode, toBackendError } from "../../backend";
import type { SecretListItem } from "../../bindings/SecretListItem";
import { notifyError, notifySuccess } from "../../notify";
import { useSetReadOnly, useSetSecret } from "./queries";
import { SecretValueInput } from "./SecretValueInput";

interface Props {
  tenant: string;
  /** A secret of the listed namespace (never an inherited row: that would write to the parent). */
  item: SecretListItem;
  onClose: () => void;
}

/** Writes a new version of an existing secret: a new value, and the description kept or changed. */
export function EditSecretModal({ tenant, item, onClose }: Props) {
  const setSecret = useSetSecret(tenant);
  const setReadOnly = useSetReadOnly(tenant);
  const readOnly = setReadOnly.data?.read_only ?? item.read_only;
  const form = useForm({
    initialValues: { value: "", description: item.description },
    validate: { value: (value) => (value.length === 0 ? "Enter the new value (the current one is not shown here)" : null) },
  });

  const submit = form.onSubmit((values) => {
    setSecret.mutate(
      { tenant, namespace: item.namespace, key: item.key, value: values.value, description: values.description, read_only: null },
      {
        onSuccess: (meta) => {
          notifySuccess(`${meta.key} saved in ${meta.namespace} (v${meta.version})`);
          onClose();
        },
        onError: (error) => {
          if (errorCode(error) === "read_only" || errorCode(error) === "invalid_input") {
            form.setFieldError("value", toBackendError(error).message);
          } else {
            notifyError(`Could not save ${item.key}`, error);
          }
        },
      },
    );
  });

  return (
    <Modal opened onClose={onClose} title={`Edit ${item.key} in ${item.namespace}`} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label="Key"
            value={item.key}
            readOnly
            description="The key is fixed; a different key is a new secret."
            data-testid="secret-key-input"
          />
          <Text size="sm">
            Saving creates version {item.version + 1} of {item.key}; namespaces that inherit it see the new value.
          </Text>
          {readOnly && (
            <Alert color="orange" variant="light" title="Read-only" data-testid="secret-edit-read-only">
              <Stack gap="xs" align="flex-start">
                <Text size="sm">A new value is refused until the read-only flag is cleared.</Text>
                <Button
                  size="xs"
                  variant="light"
                  color="orange"
                  loading={setReadOnly.isPending}
                  onClick={() => {
                    setReadOnly.mutate(
                      { namespace: item.namespace, key: item.key, readOnly: false },
                      {
                        onError: (error) => {
                          notifyError(`Could not clear the read-only flag of ${item.key}`, error);
                        },
                      },
                    );
                  }}
                >
                  Clear read-only
                </Button>
              </Stack>
            </Alert>
          )}
          <SecretValueInput
            label="New value"
            description="Stored encrypted; shown masked everywhere."
            testId="secret-value-input"
            value={form.values.value}
            error={form.errors.value}
            onChange={(next) => {
              form.setFieldValue("value", next);
            }}
          />
          <TextInput label="Description" data-testid="secret-description-input" {...form.getInputProps("description")} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={setSecret.isPending} data-testid="secret-submit">
              Save version {item.version + 1}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
