import { Alert, NativeSelect, Text, TextInput } from "@mantine/core";

import type { KvType } from "../../bindings/KvType";
import { ExpiryControl, type CurrentExpiry } from "./ExpiryControl";
import type { KvForm, LoadedValue } from "./kvForm";
import { KV_TYPES } from "./kvValue";
import { KvValueField } from "./KvValueField";

interface Props {
  form: KvForm;
  /** What an edit loaded (null for a new pair). */
  loaded: LoadedValue | null;
  current: CurrentExpiry | null;
  namespace: string;
}

/** Type, value, description and expiry: the part of the form that new and edited pairs share. */
export function KvPairFields({ form, loaded, current, namespace }: Props) {
  const { type } = form.values;
  const hint = KV_TYPES.find((entry) => entry.value === type)?.hint;
  return (
    <>
      <NativeSelect
        label="Type"
        description={hint}
        data={KV_TYPES.map((entry) => ({ value: entry.value, label: entry.label }))}
        value={type}
        onChange={(event) => {
          form.setFieldValue("type", event.currentTarget.value as KvType);
        }}
        data-testid="kv-type-select"
      />
      {loaded !== null && type !== loaded.type && (
        <Alert color="orange" variant="light" p="xs" data-testid="kv-type-change-note">
          <Text size="sm">
            Changing the type from {loaded.type} to {type} needs the admin role in {namespace}.
          </Text>
        </Alert>
      )}
      <KvValueField
        type={type}
        value={form.values.text}
        onChange={(text) => {
          form.setFieldValue("text", text);
        }}
        error={form.errors.text}
      />
      <TextInput label="Description" autoComplete="off" data-testid="kv-description-input" {...form.getInputProps("description")} />
      <ExpiryControl
        value={form.values.expiry}
        onChange={(expiry) => {
          form.setFieldValue("expiry", expiry);
        }}
        errors={{ otherTtl: form.errors["expiry.otherTtl"], at: form.errors["expiry.at"] }}
        current={current}
      />
    </>
  );
}
