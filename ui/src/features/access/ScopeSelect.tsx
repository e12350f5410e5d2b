import { Select } from "@mantine/core";

import type { Scope } from "../../bindings/Scope";
import { useNamespaceTree } from "../namespaces/queries";
import { flattenTree } from "../namespaces/tree";
import { namespaceScope, scopeKey, TENANT_SCOPE } from "./scope";

interface Props {
  tenant: string;
  label: string;
  description?: string;
  value: Scope | null;
  onChange: (scope: Scope | null) => void;
  error?: string | undefined;
  testId: string;
}

/** The whole tenant, or a namespace of the existing tree (implicit parents included: a binding there cascades). */
export function ScopeSelect({ tenant, label, description, value, onChange, error, testId }: Props) {
  const tree = useNamespaceTree(tenant);
  const scopes = [TENANT_SCOPE, ...flattenTree(tree.data ?? []).map((node) => namespaceScope(node.id))];
  const byKey = new Map(scopes.map((scope) => [scopeKey(scope), scope]));
  const implicit = new Set(flattenTree(tree.data ?? []).filter((node) => !node.explicit).map((node) => node.id));
  const data = [
    { group: "Tenant", items: [{ value: scopeKey(TENANT_SCOPE), label: "Whole tenant" }] },
    {
      group: "Namespaces (and everything below)",
      items: scopes.flatMap((scope) =>
        scope.level === "namespace"
          ? [{ value: scopeKey(scope), label: implicit.has(scope.namespace) ? `${scope.namespace} (implicit)` : scope.namespace }]
          : [],
      ),
    },
  ];
  return (
    <Select
      label={label}
      description={description}
      placeholder={tree.isPending ? "Loading namespaces…" : "Whole tenant or a namespace"}
      data={data}
      searchable
      value={value === null ? null : scopeKey(value)}
      onChange={(key) => {
        onChange(key === null ? null : (byKey.get(key) ?? null));
      }}
      error={error}
      nothingFoundMessage="No such namespace: create it from the namespace tree first"
      comboboxProps={{ withinPortal: true }}
      data-testid={testId}
    />
  );
}
