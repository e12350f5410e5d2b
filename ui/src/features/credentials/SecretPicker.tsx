import { Button, Code, Group, Paper, Select, Stack, Text, TextInput } from "@mantine/core";
import { useState, type KeyboardEvent, type ReactNode } from "react";

import { toBackendError } from "../../backend";
import { useSetSecret, useSecretList } from "../secrets/queries";
import { validateSecretKey } from "../secrets/secretKey";
import { SecretValueInput } from "../secrets/SecretValueInput";
import { referencedKey, secretReference } from "./secretReference";

interface Props {
  tenant: string;
  /** Secrets are picked from this namespace's effective secrets and created in it. */
  namespace: string;
  fieldId: string;
  label: string;
  description: string;
  /** A multi-line input (a PEM key): the inline creator starts with a multi-line value. */
  multiline: boolean;
  required: boolean;
  error?: ReactNode;
  value: string;
  onChange: (value: string) => void;
  /** A preview of the form (the credential types editor): no namespace, so no secrets to list or create. */
  preview?: boolean;
}

/** A sensitive input: pick a secret (own or inherited) or create one; writes `{{ secret('KEY') }}`. */
export function SecretPicker(props: Props) {
  const { tenant, namespace, fieldId, label, description, required, error, value, onChange, preview = false } = props;
  const secrets = useSecretList(tenant, namespace, true, !preview);
  const [creating, setCreating] = useState(false);
  const selected = referencedKey(value);

  const data = (secrets.data ?? []).map((item) => ({
    value: item.key,
    label: item.inherited ? `${item.key} (from ${item.origin})` : item.key,
  }));
  if (selected !== null && !data.some((item) => item.value === selected)) {
    data.push({ value: selected, label: `${selected} (not found in ${namespace})` });
  }

  return (
    <Stack gap={4}>
      <Select
        label={label}
        description={
          <>
            {description !== "" && <>{description} </>}
            Stored as a reference{selected !== null && <>: <Code>{secretReference(selected)}</Code></>}; the value is
            resolved when a token is minted.
          </>
        }
        placeholder={
          preview ? "Pick a secret of the namespace" : secrets.isPending ? "Loading secrets…" : data.length === 0 ? "No secrets yet: create one" : "Pick a secret"
        }
        required={required}
        withAsterisk={required}
        error={error}
        data={data}
        value={selected}
        onChange={(key) => {
          onChange(key === null ? "" : secretReference(key));
        }}
        searchable
        clearable
        onKeyDown={(event) => {
          // The picker sits inside the credential form: Enter picks an option (or nothing), never submits.
          if (event.key === "Enter") event.preventDefault();
        }}
        nothingFoundMessage="No secret with that key"
        data-testid={`secret-picker-${fieldId}`}
      />
      {preview ? null : creating ? (
        <InlineSecretCreator
          tenant={tenant}
          namespace={namespace}
          fieldId={fieldId}
          multiline={props.multiline}
          onCreated={(key) => {
            onChange(secretReference(key));
            setCreating(false);
          }}
          onCancel={() => {
            setCreating(false);
          }}
        />
      ) : (
        <Group>
          <Button
            variant="subtle"
            size="compact-xs"
            onClick={() => {
              setCreating(true);
            }}
            data-testid={`secret-create-${fieldId}`}
          >
            Create secret in {namespace}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

interface CreatorProps {
  tenant: string;
  namespace: string;
  fieldId: string;
  multiline: boolean;
  onCreated: (key: string) => void;
  onCancel: () => void;
}

function InlineSecretCreator({ tenant, namespace, fieldId, multiline, onCreated, onCancel }: CreatorProps) {
  const setSecret = useSetSecret(tenant);
  const [key, setKey] = useState("");
  const [value, setValue] = useState("");
  const [keyError, setKeyError] = useState<string | null>(null);

  const save = () => {
    const problem = validateSecretKey(key);
    setKeyError(problem);
    if (problem !== null || value.length === 0) return;
    setSecret.mutate(
      { tenant, namespace, key, value, description: null, read_only: null },
      {
        onSuccess: (meta) => {
          onCreated(meta.key);
        },
      },
    );
  };
  // This sits inside the credential form: Enter in the key saves the secret, not the credential.
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Enter") {
      event.preventDefault();
      save();
    }
  };

  return (
    <Paper withBorder p="sm" data-testid={`secret-creator-${fieldId}`}>
      <Stack gap="xs">
        <Text size="sm" fw={500}>
          New secret in {namespace}
        </Text>
        <TextInput
          label="Key"
          placeholder="OKTA_CLIENT_SECRET"
          value={key}
          error={keyError}
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => {
            setKey(event.currentTarget.value);
          }}
          onKeyDown={onKeyDown}
          data-testid={`secret-create-key-${fieldId}`}
        />
        <SecretValueInput
          label="Value"
          description={multiline ? "Line breaks are kept exactly. Ctrl+Enter saves." : undefined}
          value={value}
          onChange={setValue}
          multilineByDefault={multiline}
          onSave={save}
          testId={`secret-create-value-${fieldId}`}
        />
        {setSecret.isError && (
          <Text size="sm" c="red">
            {toBackendError(setSecret.error).message}
          </Text>
        )}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" size="xs" onClick={onCancel}>
            Cancel
          </Button>
          <Button
            size="xs"
            onClick={save}
            loading={setSecret.isPending}
            disabled={value.length === 0}
            data-testid={`secret-create-save-${fieldId}`}
          >
            Save secret and use it
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
