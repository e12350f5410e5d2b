import { Alert, Button, Group, Modal, Stack, Text, TextInput } from "@mantine/core";

import { errorCode, toBackendError } from "../../backend";
import type { KvListItem } from "../../bindings/KvListItem";
import type { KvType } from "../../bindings/KvType";
import { notifySuccess } from "../../notify";
import { ServerErrorAlert } from "../../ServerErrorAlert";
import { expiryRequestNow, initialExpiry } from "./kvExpiry";
import { useKvForm, valueInput } from "./kvForm";
import { KvPairFields } from "./KvPairFields";
import { useSetKv } from "./queries";

interface Props {
  tenant: string;
  namespace: string;
  /** Prefilled (Override of an inherited pair). */
  initialKey: string;
  initialType: KvType;
  /** The inherited pair this one will shadow, if any. */
  shadows: KvListItem | null;
  onClose: () => void;
  /** The key exists here already: edit it instead. */
  onEdit: (key: string) => void;
}

/** Creates a pair, and only creates: the write carries `if_absent`, so an existing pair is never overwritten. */
export function NewKvModal({ tenant, namespace, initialKey, initialType, shadows, onClose, onEdit }: Props) {
  const setKv = useSetKv(tenant);
  const form = useKvForm(
    { key: initialKey, type: initialType, text: "", description: "", expiry: initialExpiry("clear") },
    null,
  );
  const exists = setKv.isError && errorCode(setKv.error) === "conflict";

  const submit = form.onSubmit((values) => {
    const expiry = expiryRequestNow(values.expiry);
    if (!expiry.ok) {
      form.setFieldError(`expiry.${expiry.field}`, expiry.error);
      return;
    }
    setKv.mutate(
      {
        tenant,
        namespace,
        key: values.key,
        value: valueInput(values, null),
        description: values.description,
        expiry: expiry.expiry,
        if_version: null,
        if_absent: true,
      },
      {
        onSuccess: (pair) => {
          notifySuccess(`${pair.key} saved in ${pair.namespace} (version ${pair.version})`);
          onClose();
        },
      },
    );
  });

  return (
    <Modal opened onClose={onClose} title={`New KV pair in ${namespace}`} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label="Key"
            placeholder="last_run.cursor"
            data-autofocus
            autoComplete="off"
            spellCheck={false}
            data-testid="kv-key-input"
            {...form.getInputProps("key")}
            onChange={(event) => {
              setKv.reset();
              form.setFieldValue("key", event.currentTarget.value);
            }}
            error={form.errors.key ?? (exists ? toBackendError(setKv.error).message : undefined)}
          />
          {exists && (
            <Group>
              <Button
                variant="light"
                size="xs"
                onClick={() => {
                  onEdit(form.values.key);
                }}
              >
                Edit {form.values.key}
              </Button>
            </Group>
          )}
          {shadows !== null && (
            <Alert color="blue" variant="light" p="xs" data-testid="kv-shadow-notice">
              <Text size="sm">
                Saving here shadows {shadows.key} from {shadows.namespace}: {namespace} and the namespaces below it
                that inherit will read this pair; {shadows.namespace} keeps its own.
              </Text>
            </Alert>
          )}
          <KvPairFields form={form} loaded={null} current={null} namespace={namespace} />
          {setKv.isError && !exists && <ServerErrorAlert error={setKv.error} title="Not saved" testId="kv-save-error" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={setKv.isPending} data-testid="kv-submit">
              Create
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
