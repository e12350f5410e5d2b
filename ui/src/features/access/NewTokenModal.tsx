import { Button, Checkbox, Group, Input, Modal, SegmentedControl, Select, Stack, Switch, Text, Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";

import type { CreatedToken } from "../../bindings/CreatedToken";
import type { Role } from "../../bindings/Role";
import type { Scope } from "../../bindings/Scope";
import { ServerErrorAlert } from "../../ServerErrorAlert";
import { useCreateToken, usePrincipalList } from "./queries";
import { ROLE_MEANING, ROLES } from "./scope";
import { ScopeSelect } from "./ScopeSelect";
import { MAX_AGE_PRESETS, maxAgeOf, type MaxAgePreset } from "./tokenExpiry";

interface Props {
  tenant: string;
  /** Fixed owner (the principal's own page); null lets the form pick one. */
  owner: string | null;
  onClose: () => void;
  /** The plaintext, handed over once: the caller shows it in the show-once panel. */
  onIssued: (created: CreatedToken) => void;
}

const OWNER_HELP = "The token acts for this user or service account, with at most its role bindings.";

interface Values {
  owner: string | null;
  name: string;
  description: string;
  maxAge: MaxAgePreset;
  extended: boolean;
  narrow: boolean;
  narrowRole: Role;
  narrowScope: Scope | null;
}

export function NewTokenModal({ tenant, owner, onClose, onIssued }: Props) {
  const create = useCreateToken(tenant, onIssued);
  // Only the form that lets the owner be picked needs the list.
  const principals = usePrincipalList(tenant, owner === null);
  const form = useForm<Values>({
    initialValues: {
      owner,
      name: "",
      description: "",
      maxAge: "P30D",
      extended: false,
      narrow: false,
      narrowRole: "read",
      narrowScope: null,
    },
    validate: {
      owner: (value) => (value === null ? "Pick the user or service account the token acts for" : null),
      name: (value) => {
        const name = value.trim();
        if (name.length === 0) return "Name what the token is for, for example github-actions deploy";
        return name.length > 100 ? "At most 100 characters" : null;
      },
      narrowScope: (value, values) => (values.narrow && value === null ? "Pick where the token may act" : null),
    },
  });
  const { maxAge, narrow, narrowRole } = form.values;
  const never = maxAge === "never";

  const submit = form.onSubmit((values) => {
    create.mutate({
      principal: values.owner ?? "",
      name: values.name.trim(),
      description: values.description,
      max_age: maxAgeOf(values.maxAge),
      extended: values.extended && values.maxAge !== "never",
      narrowing: values.narrow && values.narrowScope !== null ? { role: values.narrowRole, scope: values.narrowScope } : null,
    });
  });

  const ownerOptions = (principals.data ?? []).map((p) => ({
    value: p.name,
    label: `${p.name} (${p.kind === "user" ? "user" : "service account"}${p.disabled ? ", disabled" : ""})`,
    disabled: p.disabled,
  }));

  return (
    <Modal opened onClose={onClose} title="New API token" size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          {owner === null ? (
            <Select
              label="Owner"
              description={OWNER_HELP}
              placeholder={principals.isPending ? "Loading…" : "Pick a user or service account"}
              data={ownerOptions}
              searchable
              nothingFoundMessage="No such user or service account: create it first"
              data-autofocus
              data-testid="token-owner-select"
              {...form.getInputProps("owner")}
            />
          ) : (
            <TextInput label="Owner" description={OWNER_HELP} value={owner} readOnly data-testid="token-owner-select" />
          )}
          <TextInput
            label="Name"
            placeholder="github-actions deploy"
            autoComplete="off"
            data-autofocus={owner !== null}
            data-testid="token-name-input"
            {...form.getInputProps("name")}
          />
          <Textarea label="Description" autosize minRows={1} maxRows={4} data-testid="token-description-input" {...form.getInputProps("description")} />
          <Input.Wrapper label="Max age" description="After this the token stops working.">
            <SegmentedControl
              fullWidth
              mt={4}
              data={MAX_AGE_PRESETS.map((preset) => ({ value: preset.value, label: preset.label }))}
              value={maxAge}
              onChange={(value) => {
                form.setFieldValue("maxAge", value as MaxAgePreset);
              }}
              data-testid="token-max-age"
            />
          </Input.Wrapper>
          <Switch
            label="Extended expiry"
            description={
              never
                ? "Needs a max age."
                : "Sliding expiry: each use moves the expiry to now + max age, so only an unused token expires."
            }
            disabled={never}
            checked={form.values.extended && !never}
            onChange={(event) => {
              form.setFieldValue("extended", event.currentTarget.checked);
            }}
            data-testid="token-extended-switch"
          />
          <Checkbox
            label="Narrow this token to one role on one namespace"
            description="It may then do at most that, there and below, and never more than its owner."
            data-testid="token-narrow-checkbox"
            {...form.getInputProps("narrow", { type: "checkbox" })}
          />
          {narrow && (
            <Stack gap="xs" pl="md">
              <Group align="flex-start" gap="sm" wrap="wrap">
                <Select
                  label="Role"
                  data={ROLES.map((value) => ({ value, label: value }))}
                  value={narrowRole}
                  onChange={(value) => {
                    if (value !== null) form.setFieldValue("narrowRole", value as Role);
                  }}
                  allowDeselect={false}
                  w={110}
                  data-testid="token-narrow-role"
                />
                <div style={{ flex: "1 1 200px", minWidth: 0 }}>
                  <ScopeSelect
                    tenant={tenant}
                    label="On"
                    value={form.values.narrowScope}
                    onChange={(scope) => {
                      form.setFieldValue("narrowScope", scope);
                    }}
                    error={typeof form.errors.narrowScope === "string" ? form.errors.narrowScope : undefined}
                    testId="token-narrow-scope"
                  />
                </div>
              </Group>
              <Text size="xs" c="dimmed">
                {narrowRole}: {ROLE_MEANING[narrowRole]}.
              </Text>
            </Stack>
          )}
          {create.isError && <ServerErrorAlert error={create.error} title="Token not created" testId="token-create-error" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="token-submit">
              Create token
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
