import {
  Alert,
  Button,
  Checkbox,
  Divider,
  Fieldset,
  Group,
  Loader,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { useEffect, useEffectEvent, useState } from "react";

import type { CredentialDefinition } from "../../bindings/CredentialDefinition";
import type { CredentialType } from "../../bindings/CredentialType";
import type { DiagnosisFix } from "../../bindings/DiagnosisFix";
import type { Discovery } from "../../bindings/Discovery";
import { notifySuccess } from "../../notify";
import { ServerErrorAlert } from "../../ServerErrorAlert";
import { formSource, formTitle, saveNamespace, scopeLabel, type CredentialFormMode } from "./formMode";
import { initialValues, toDefinition, validateValues, type CredentialFormValues } from "./formModel";
import { InputFieldControl } from "./InputFieldControl";
import { useApplyCredential, useCredentialTypes, useDiscover } from "./queries";

interface Props {
  tenant: string;
  /** The namespace being viewed: where new credentials and overrides are saved. */
  namespace: string;
  mode: CredentialFormMode;
  onClose: () => void;
  /** Tests the form's unsaved definition (the result opens in the panel's drawer). */
  onTest: (definition: CredentialDefinition) => void;
  testing: boolean;
  /** Another layer (the Test drawer) is open on top: Escape belongs to it, not to this form. */
  covered?: boolean;
  /** A diagnosis fix chosen in the Test drawer: set on the form, then Tested again (a new object each time). */
  pendingFix?: { fix: DiagnosisFix } | null;
}

export function CredentialFormModal(props: Props) {
  const types = useCredentialTypes(props.tenant);
  const title = formTitle(props.mode, props.namespace);
  return (
    <Modal
      opened
      onClose={props.onClose}
      closeOnEscape={props.covered !== true}
      title={title}
      size="xl"
      data-testid="credential-form-modal"
    >
      {types.isPending ? (
        <Loader size="sm" aria-label="Loading credential types" />
      ) : types.isError ? (
        <ServerErrorAlert error={types.error} title="Could not load credential types" />
      ) : (
        <CredentialForm {...props} types={types.data} />
      )}
    </Modal>
  );
}

function typeOptions(types: CredentialType[]) {
  const entry = (type: CredentialType) => ({ value: type.id, label: type.label });
  const custom = types.filter((type) => !type.managed);
  return [
    { group: "Built-in", items: types.filter((type) => type.managed).map(entry) },
    ...(custom.length > 0 ? [{ group: "Custom", items: custom.map(entry) }] : []),
  ];
}

/** Discovery narrows choices to what the server supports (keeping the schema's order). */
function narrowed(choices: string[], supported: string[]): string[] | undefined {
  if (supported.length === 0) return undefined;
  const both = choices.filter((choice) => supported.includes(choice));
  return both.length > 0 ? both : undefined;
}

function CredentialForm({
  tenant,
  namespace,
  mode,
  onClose,
  onTest,
  testing,
  types,
  pendingFix,
}: Props & { types: CredentialType[] }) {
  const source = formSource(mode);
  const fixed = source !== null;
  const target = saveNamespace(mode, namespace);
  const firstType = types.find((type) => type.id === source?.type) ?? types[0];
  const [type, setType] = useState<CredentialType | undefined>(firstType);
  const [discovered, setDiscovered] = useState<Discovery | null>(null);
  const apply = useApplyCredential(tenant);
  const discover = useDiscover(tenant);
  const form = useForm<CredentialFormValues>({
    initialValues:
      firstType === undefined
        ? undefined
        : { ...initialValues(firstType, source), ...(mode.kind === "override" ? { tenantLevel: false } : {}) },
    validate: (values) => (type === undefined ? {} : validateValues(type, values)),
  });
  const applyFix = useEffectEvent((fix: DiagnosisFix) => {
    if (type?.inputs.some((input) => input.id === fix.input) !== true) return;
    form.setFieldValue(`inputs.${fix.input}`, fix.value);
    const values = form.getValues();
    onTest(toDefinition(type, { ...values, inputs: { ...values.inputs, [fix.input]: fix.value } }, target));
  });
  useEffect(() => {
    if (pendingFix !== undefined && pendingFix !== null) applyFix(pendingFix.fix);
  }, [pendingFix]);

  if (type === undefined) return <Alert color="red">No credential types are available.</Alert>;

  const changeType = (id: string | null) => {
    const next = types.find((candidate) => candidate.id === id);
    if (next === undefined) return;
    const current = form.getValues();
    setType(next);
    setDiscovered(null);
    discover.reset();
    form.setValues({ ...initialValues(next, null), name: current.name, description: current.description, tenantLevel: current.tenantLevel });
    form.clearErrors();
  };

  const choicesFor = (fieldId: string): string[] | undefined => {
    if (discovered === null) return undefined;
    const field = type.inputs.find((input) => input.id === fieldId);
    if (field === undefined) return undefined;
    if (fieldId === "auth_method") return narrowed(field.choices, discovered.token_endpoint_auth_methods_supported);
    if (fieldId === "algorithm") return narrowed(field.choices, discovered.token_endpoint_auth_signing_alg_values_supported);
    return undefined;
  };

  const runDiscovery = () => {
    const issuer = form.getValues().inputs.issuer;
    if (typeof issuer !== "string" || issuer.trim() === "") {
      form.setFieldError("inputs.issuer", "Enter the issuer URL to discover");
      return;
    }
    discover.mutate(issuer.trim(), {
      onSuccess: (found) => {
        setDiscovered(found);
        if (type.inputs.some((input) => input.id === "token_url")) {
          form.setFieldValue("inputs.token_url", found.token_endpoint);
        }
        // A value the server does not support is replaced by the first one it does.
        for (const fieldId of ["auth_method", "algorithm"]) {
          const field = type.inputs.find((input) => input.id === fieldId);
          if (field === undefined) continue;
          const supported =
            fieldId === "auth_method"
              ? found.token_endpoint_auth_methods_supported
              : found.token_endpoint_auth_signing_alg_values_supported;
          const allowed = narrowed(field.choices, supported);
          const current = form.getValues().inputs[fieldId];
          if (allowed !== undefined && typeof current === "string" && !allowed.includes(current)) {
            form.setFieldValue(`inputs.${fieldId}`, allowed[0] ?? "");
          }
        }
      },
    });
  };

  const submit = form.onSubmit((values) => {
    apply.mutate(toDefinition(type, values, target), {
      onSuccess: (saved) => {
        notifySuccess(`${saved.name} saved ${saved.namespace === null ? "at tenant level" : `in ${saved.namespace}`}`);
        onClose();
      },
    });
  });

  const test = () => {
    const checked = form.validate();
    if (!checked.hasErrors) onTest(toDefinition(type, form.getValues(), target));
  };

  const hasIssuer = type.inputs.some((input) => input.id === "issuer");

  return (
    <form onSubmit={submit} noValidate data-testid="credential-form">
      <Stack>
        <ScopeNotice mode={mode} namespace={namespace} />
        <Select
          label="Type"
          data={typeOptions(types)}
          value={type.id}
          onChange={changeType}
          allowDeselect={false}
          disabled={fixed}
          description={type.description}
          data-testid="credential-type-select"
        />
        <SimpleGrid cols={2}>
          <TextInput
            label="Name"
            placeholder="okta-ci"
            required
            withAsterisk
            disabled={fixed}
            autoComplete="off"
            spellCheck={false}
            data-autofocus
            data-testid="credential-name-input"
            {...form.getInputProps("name")}
          />
          <TextInput label="Description" data-testid="credential-description-input" {...form.getInputProps("description")} />
        </SimpleGrid>
        <Checkbox
          label="Tenant-level (visible in every namespace; secret references resolve in the namespace that uses it)"
          disabled={fixed}
          data-testid="credential-tenant-level"
          {...form.getInputProps("tenantLevel", { type: "checkbox" })}
        />
        <Divider label="Inputs" labelPosition="left" />
        {type.inputs.map((field) => (
          <Stack key={field.id} gap={4}>
            <InputFieldControl
              field={field}
              form={form}
              tenant={tenant}
              namespace={namespace}
              choices={choicesFor(field.id)}
            />
            {field.id === "issuer" && hasIssuer && (
              <DiscoveryRow
                pending={discover.isPending}
                error={discover.error}
                discovered={discovered}
                onDiscover={runDiscovery}
              />
            )}
          </Stack>
        ))}
        {type.kind === "minting" && (
          <Fieldset legend="Settings">
            <Stack gap="sm">
              <Switch
                label="Cache minted tokens in memory until shortly before they expire"
                data-testid="credential-cache-switch"
                {...form.getInputProps("settings.cache", { type: "checkbox" })}
              />
              <SimpleGrid cols={2}>
                <TextInput
                  label="Refresh before expiry"
                  description="ISO-8601 duration, e.g. PT1M"
                  {...form.getInputProps("settings.refresh_before_expiry")}
                />
                <TextInput
                  label="Timeout"
                  description="Per call to the token endpoint, e.g. PT30S"
                  {...form.getInputProps("settings.timeout")}
                />
              </SimpleGrid>
            </Stack>
          </Fieldset>
        )}
        {apply.isError && (
          <ServerErrorAlert error={apply.error} title="The credential was not saved" testId="credential-form-error" />
        )}
        <Group justify="space-between">
          <Button variant="light" onClick={test} loading={testing} data-testid="credential-form-test">
            Test
          </Button>
          <Group>
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={apply.isPending} data-testid="credential-submit">
              Save
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}

/** Says where a save lands when that is not simply "here". */
function ScopeNotice({ mode, namespace }: { mode: CredentialFormMode; namespace: string }) {
  if (mode.kind === "override") {
    const origin = scopeLabel(mode.credential.namespace);
    return (
      <Alert color="blue" variant="light" data-testid="credential-scope-notice">
        {mode.credential.name} is defined in {origin}. Saving creates {mode.credential.name} in {namespace}, which{" "}
        {namespace} and the namespaces below it use instead; {origin} keeps its own.
      </Alert>
    );
  }
  if (mode.kind === "edit" && mode.credential.namespace === null) {
    return (
      <Alert color="orange" variant="light" data-testid="credential-scope-notice">
        This changes the tenant-level {mode.credential.name}, used by every namespace that does not define its own.
      </Alert>
    );
  }
  return null;
}

interface DiscoveryRowProps {
  pending: boolean;
  error: unknown;
  discovered: Discovery | null;
  onDiscover: () => void;
}

function DiscoveryRow({ pending, error, discovered, onDiscover }: DiscoveryRowProps) {
  return (
    <Stack gap={4}>
      <Group gap="xs">
        <Button size="compact-sm" variant="light" onClick={onDiscover} loading={pending} data-testid="credential-discover">
          Discover
        </Button>
        <Text size="xs" c="dimmed">
          Reads the issuer&apos;s metadata (RFC 8414 / OpenID) and fills the token URL.
        </Text>
      </Group>
      {error !== null && error !== undefined && (
        <ServerErrorAlert error={error} title="Discovery failed" testId="credential-discover-error" />
      )}
      {discovered !== null && (
        <Text size="xs" data-testid="credential-discovered">
          Token endpoint {discovered.token_endpoint}
          {discovered.token_endpoint_auth_methods_supported.length > 0 &&
            `; client authentication: ${discovered.token_endpoint_auth_methods_supported.join(", ")}`}
          {discovered.token_endpoint_auth_signing_alg_values_supported.length > 0 &&
            `; algorithms: ${discovered.token_endpoint_auth_signing_alg_values_supported.join(", ")}`}
        </Text>
      )}
    </Stack>
  );
}
