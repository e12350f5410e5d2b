import { Alert, Button, Checkbox, Group, Modal, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";

import { errorCode, toBackendError } from "../../backend";
import type { SecretListItem } from "../../bindings/SecretListItem";
import { notifyError, notifySuccess } from "../../notify";
import { useSecretList, useSetSecret } from "./queries";
import { validateSecretKey } from "./secretKey";
import { SecretValueInput } from "./SecretValueInput";

interface Props {
  tenant: string;
  namespace: string;
  /** Prefilled key (Override of an inherited secret). */
  initialKey?: string;
  onClose: () => void;
  /** The key already exists here: edit it instead. */
  onEdit: (item: SecretListItem) => void;
}

interface Values {
  key: string;
  value: string;
  description: string;
  readOnly: boolean;
}

/**
 * Creates a secret. A key this namespace already has is refused (that is an Edit); a key a parent has is
 * created here on purpose and shadows the parent's.
 */
export function NewSecretModal({ tenant, namespace, initialKey = "", onClose, onEdit }: Props) {
  const setSecret = useSetSecret(tenant);
  const visible = useSecretList(tenant, namespace, true);
  const form = useForm<Values>({
    initialValues: { key: initialKey, value: "", description: "", readOnly: false },
    validate: {
      key: (value) => validateSecretKey(value),
      value: (value) => (value.length === 0 ? "Enter the value" : null),
    },
  });

  const key = form.values.key;
  const own = visible.data?.find((item) => !item.inherited && item.key === key);
  const parent = visible.data?.find((item) => item.inherited && item.key === key);
  const exists = own === undefined ? null : `${own.key} already exists in ${namespace} (v${own.version})`;

  const close = () => {
    setSecret.reset();
    onClose();
  };

  const submit = form.onSubmit((values) => {
    // The listing may be stale; the core has no create-only write yet, so this check is the UI's.
    if (exists !== null) return;
    setSecret.mutate(
      { tenant, namespace, key: values.key, value: values.value, description: values.description, read_only: values.readOnly },
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

  return (
    <Modal opened onClose={close} title={`New secret in ${namespace}`} size="lg">
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
            error={form.errors.key ?? exists}
          />
          {own !== undefined && (
            <Group>
              <Button
                variant="light"
                size="xs"
                onClick={() => {
                  onEdit(own);
                }}
              >
                Edit {own.key}
              </Button>
            </Group>
          )}
          {own === undefined && parent !== undefined && (
            <Alert color="blue" variant="light" data-testid="secret-shadow-notice">
              Saving here shadows {parent.key} from {parent.origin}: {namespace} and the namespaces below it will use
              this value; {parent.origin} keeps its own.
            </Alert>
          )}
          <SecretValueInput
            label="Value"
            description="Stored encrypted; shown masked everywhere."
            testId="secret-value-input"
            value={form.values.value}
            error={form.errors.value}
            onChange={(next) => {
              form.setFieldValue("value", next);
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
