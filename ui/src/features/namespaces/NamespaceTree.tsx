import { Alert, Badge, Loader, NavLink, Stack, Text } from "@mantine/core";

import { toBackendError } from "../../backend";
import type { NamespaceNode } from "../../bindings/NamespaceNode";
import { Name } from "../../Name";
import { useNamespaceTree } from "./queries";

interface Props {
  tenant: string;
  selected: string | null;
  onSelect: (namespace: string) => void;
}

/**
 * The tenant's namespaces, nested; parents that exist only through a child are dimmed. A parent the caller
 * has no role on (`access: null`, listed only as the path to where it has one) cannot be opened.
 */
export function NamespaceTree({ tenant, selected, onSelect }: Props) {
  const tree = useNamespaceTree(tenant);
  if (tree.isPending) return <Loader size="sm" aria-label="Loading namespaces" />;
  if (tree.isError) return <Alert color="red">{toBackendError(tree.error).message}</Alert>;
  if (tree.data.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="namespace-tree-empty">
        No namespaces yet.
      </Text>
    );
  }
  return (
    <Stack gap={0} role="tree" aria-label="Namespaces" data-testid="namespace-tree">
      {tree.data.map((node) => (
        <TreeNode key={node.id} node={node} depth={0} selected={selected} onSelect={onSelect} />
      ))}
    </Stack>
  );
}

function TreeNode({ node, depth, selected, onSelect }: { node: NamespaceNode; depth: number } & Omit<Props, "tenant">) {
  const pathOnly = node.access === null;
  const title = pathOnly
    ? `${node.id}: no role here (shown as the path to the namespaces below)`
    : node.explicit
      ? node.id
      : `${node.id} (implicit: exists because a child does)`;
  return (
    <>
      <NavLink
        component="button"
        role="treeitem"
        aria-level={depth + 1}
        aria-selected={selected === node.id}
        active={selected === node.id}
        label={<Name value={node.segment} />}
        title={title}
        aria-disabled={pathOnly || undefined}
        c={node.explicit && !pathOnly ? undefined : "dimmed"}
        fs={node.explicit ? undefined : "italic"}
        pl={12 + depth * 16}
        data-testid={`namespace-node-${node.id}`}
        data-explicit={node.explicit}
        data-path-only={pathOnly || undefined}
        rightSection={
          node.secret_count > 0 ? (
            <Badge size="xs" variant="light" aria-label={`${node.secret_count} secrets`}>
              {node.secret_count}
            </Badge>
          ) : undefined
        }
        onClick={() => {
          if (!pathOnly) onSelect(node.id);
        }}
      />
      {node.children.map((child) => (
        <TreeNode key={child.id} node={child} depth={depth + 1} selected={selected} onSelect={onSelect} />
      ))}
    </>
  );
}
