import { Button, Group, Modal, Radio, Select, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useState } from "react";

import type { CredentialDto } from "../../bindings/CredentialDto";
import { notifySuccess } from "../../notify";
import { ServerErrorAlert } from "../../ServerErrorAlert";
import { validateNamespaceId } from "../namespaces/namespaceId";
import { useNamespaceTree } from "../namespaces/queries";
import { flattenTree } from "../namespaces/tree";
import { useRights, useTenantGate } from "../rights/RightsContext";
import { useCopyCredential } from "./queries";

interface Props {
  tenant: string;
  namespace: string;
  source: CredentialDto;
  onClose: () => void;
}

/** Where the copy goes. Creating a namespace is its own choice, so a typo cannot create one. */
type Target = "existing" | "new" | "tenant";

interface Values {
  target: Target;
  existing: string | null;
  created: string;
  targetName: string;
}

export function CopyCredentialModal({ tenant, namespace, source, onClose }: Props) {
  const copy = useCopyCredential(tenant);
  const tree = useNamespaceTree(tenant);
  const nodes = flattenTree(tree.data ?? []);
  const exists = (id: string) => nodes.some((node) => node.id === id);
  // Offer only targets the caller may write to (a token holder needs admin there).
  const rights = useRights();
  const targets = nodes.filter((node) => rights.kind === "local_admin" || node.access === "admin");
  const tenantAdmin = useTenantGate("admin");
  const start = rights.kind === "local_admin" || targets.some((node) => node.id === namespace) ? namespace : null;
  const [search, setSearch] = useState(start ?? "");
  const form = useForm<Values>({
    initialValues: { target: "existing", existing: start, created: "", targetName: `${source.name}-copy` },
    validate: {
      existing: (value, values) =>
        values.target === "existing" && value === null ? "Choose a namespace, or choose to create a new one" : null,
      created: (value, values) => {
        if (values.target !== "new") return null;
        const id = value.trim();
        return (
          validateNamespaceId(id) ??
          (exists(id) ? `${id} already exists: choose it under "A namespace that exists"` : null)
        );
      },
      targetName: (value) => (/^[a-z0-9][a-z0-9_.-]{0,127}$/.test(value) ? null : "Use a-z, 0-9, '_', '.' and '-'"),
    },
  });
  const { target, existing, created } = form.values;

  const submit = form.onSubmit((values) => {
    const targetNamespace =
      values.target === "tenant" ? null : values.target === "new" ? values.created.trim() : values.existing;
    copy.mutate(
      { namespace, name: source.name, target_namespace: targetNamespace, target_name: values.targetName },
      {
        onSuccess: (copied) => {
          notifySuccess(`${source.name} copied to ${copied.namespace ?? "tenant level"} as ${copied.name}`);
          onClose();
        },
      },
    );
  });

  return (
    <Modal opened onClose={onClose} title={`Copy ${source.name}`}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            Copies the type, inputs (secret references, not values) and settings. Secret references resolve in the
            target namespace.
          </Text>
          <Radio.Group label="Copy to" {...form.getInputProps("target")}>
            <Stack gap="xs" mt={4}>
              <Radio value="existing" label="A namespace that exists" />
              <Radio value="new" label="A new namespace (created by this copy)" />
              <Radio
                value="tenant"
                label="Tenant level (visible in every namespace)"
                disabled={!tenantAdmin.allowed}
                description={tenantAdmin.allowed ? undefined : tenantAdmin.reason}
              />
            </Stack>
          </Radio.Group>
          {target === "existing" && (
            <Select
              label="Namespace"
              placeholder={tree.isPending ? "Loading namespaces…" : "Pick a namespace"}
              data={targets.map((node) => ({ value: node.id, label: node.explicit ? node.id : `${node.id} (implicit)` }))}
              searchable
              searchValue={search}
              onSearchChange={(next) => {
                setSearch(next);
                // Text that no longer names the picked namespace unpicks it: the copy never goes
                // somewhere the field does not show.
                if (existing !== null && next !== existing && next !== `${existing} (implicit)`) {
                  form.setFieldValue("existing", null);
                }
              }}
              value={existing}
              onChange={(value) => {
                form.setFieldValue("existing", value);
              }}
              error={form.errors.existing}
              nothingFoundMessage={`No namespace ${search.trim()}: choose "A new namespace" to create one`}
              data-testid="copy-target-namespace"
            />
          )}
          {target === "new" && (
            <TextInput
              label="New namespace"
              placeholder="company.team"
              autoComplete="off"
              spellCheck={false}
              description={
                <span data-testid="copy-new-namespace-hint">
                  {created.trim() === ""
                    ? "Dot-separated; parents appear automatically."
                    : `This copy creates ${created.trim()} (parents appear automatically).`}
                </span>
              }
              data-testid="copy-new-namespace"
              {...form.getInputProps("created")}
            />
          )}
          <TextInput label="New name" data-autofocus data-testid="copy-target-name" {...form.getInputProps("targetName")} />
          {copy.isError && <ServerErrorAlert error={copy.error} title="Not copied" testId="copy-error" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={copy.isPending} data-testid="copy-submit">
              Copy
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
