import { Alert, Button, Group, Loader, Modal, Stack, Text, TextInput } from "@mantine/core";

import { errorCode, toBackendError } from "../../backend";
import type { KvDto } from "../../bindings/KvDto";
import { notifySuccess } from "../../notify";
import { ServerErrorAlert } from "../../ServerErrorAlert";
import { deadlineOf, expiryRequestNow, initialExpiry } from "./kvExpiry";
import { useKvForm, valueInput, type LoadedValue } from "./kvForm";
import { KvPairFields } from "./KvPairFields";
import { valueToText } from "./kvValue";
import { useKvPair, useSetKv } from "./queries";

interface Props {
  tenant: string;
  /** The namespace being viewed; only its own pairs are edited here (an inherited one is overridden). */
  namespace: string;
  pairKey: string;
  onClose: () => void;
}

/** Loads the whole value (a listing has only a preview) and the version the edit is based on. */
export function EditKvModal({ tenant, namespace, pairKey, onClose }: Props) {
  const pair = useKvPair(tenant, namespace, pairKey);
  return (
    <Modal opened onClose={onClose} title={`Edit ${pairKey} in ${namespace}`} size="lg">
      {pair.isPending ? (
        <Loader size="sm" aria-label={`Loading ${pairKey}`} />
      ) : pair.isError ? (
        <ServerErrorAlert error={pair.error} title={`Could not open ${pairKey}`} testId="kv-load-error" />
      ) : (
        // A reload after a conflict brings a new version: the form starts again from it.
        <EditKvForm
          key={pair.data.version}
          tenant={tenant}
          pair={pair.data}
          readAt={pair.dataUpdatedAt}
          reloading={pair.isFetching}
          onReload={() => void pair.refetch()}
          onClose={onClose}
        />
      )}
    </Modal>
  );
}

interface FormProps {
  tenant: string;
  pair: KvDto;
  readAt: number;
  reloading: boolean;
  onReload: () => void;
  onClose: () => void;
}

function EditKvForm({ tenant, pair, readAt, reloading, onReload, onClose }: FormProps) {
  const setKv = useSetKv(tenant);
  const loaded: LoadedValue = { type: pair.type, text: valueToText(pair.type, pair.value) };
  const form = useKvForm(
    { key: pair.key, type: pair.type, text: loaded.text, description: pair.description, expiry: initialExpiry("keep") },
    loaded,
  );
  const conflict = setKv.isError && errorCode(setKv.error) === "conflict";

  const submit = form.onSubmit((values) => {
    const expiry = expiryRequestNow(values.expiry);
    if (!expiry.ok) {
      form.setFieldError(`expiry.${expiry.field}`, expiry.error);
      return;
    }
    setKv.mutate(
      {
        tenant,
        namespace: pair.namespace,
        key: pair.key,
        value: valueInput(values, loaded),
        description: values.description === pair.description ? null : values.description,
        expiry: expiry.expiry,
        // Written only over the version shown here: another writer's change is never lost silently.
        if_version: pair.version,
        if_absent: false,
      },
      {
        onSuccess: (saved) => {
          notifySuccess(`${saved.key} saved in ${saved.namespace} (version ${saved.version})`);
          onClose();
        },
      },
    );
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput
          label="Key"
          value={pair.key}
          readOnly
          description={`Version ${pair.version}, last changed by ${pair.updated_by}. The key is fixed; a different key is a new pair.`}
          data-testid="kv-key-input"
        />
        <KvPairFields
          form={form}
          loaded={loaded}
          current={{ expiresAt: pair.expires_at, deadline: deadlineOf(pair.expires_in, readAt) }}
          namespace={pair.namespace}
        />
        {conflict && (
          <Alert color="orange" variant="light" title="Changed by someone else" data-testid="kv-conflict">
            <Stack gap="xs" align="flex-start">
              <Text size="sm">{toBackendError(setKv.error).message}</Text>
              <Text size="sm">
                You loaded version {pair.version}. Reload to see the current value and expiry, then make your change
                again: what you typed here is replaced.
              </Text>
              <Button size="xs" variant="light" color="orange" loading={reloading} onClick={onReload}>
                Reload the current version
              </Button>
            </Stack>
          </Alert>
        )}
        {setKv.isError && !conflict && <ServerErrorAlert error={setKv.error} title="Not saved" testId="kv-save-error" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={setKv.isPending} disabled={conflict} data-testid="kv-submit">
            Save version {pair.version + 1}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
