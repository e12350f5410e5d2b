import { ActionIcon, Alert, Badge, Box, Group, Loader, Menu, NavLink, Stack, Text } from "@mantine/core";
import { useRef, useState, type KeyboardEvent } from "react";

import { toBackendError } from "../../backend";
import type { NamespaceNode } from "../../bindings/NamespaceNode";
import { Name } from "../../Name";
import { GatedMenuItem } from "../rights/Gated";
import { allows, gate } from "../rights/rights";
import { useNamespaceTree } from "./queries";
import { visibleRows, type TreeRow } from "./tree";

interface Props {
  tenant: string;
  selected: string | null;
  onSelect: (namespace: string) => void;
  /** Offers Delete (in each node's menu, and the Delete key) where the caller is admin. */
  onDelete?: (node: NamespaceNode) => void;
}

/**
 * The tenant's namespaces, nested; parents that exist only through a child are dimmed. A parent the caller
 * has no role on (`access: null`, listed only as the path to where it has one) cannot be opened.
 *
 * Keyboard (the WAI-ARIA tree pattern): the tree is one Tab stop; Up/Down move, Right opens a parent or enters its
 * first child, Left closes it or goes to the parent, Home/End jump to the ends, Enter/Space open the namespace, and
 * Delete offers to delete it.
 */
export function NamespaceTree({ tenant, selected, onSelect, onDelete }: Props) {
  const tree = useNamespaceTree(tenant);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [focused, setFocused] = useState<string | null>(null);
  const treeRef = useRef<HTMLDivElement>(null);
  if (tree.isPending) return <Loader size="sm" aria-label="Loading namespaces" />;
  if (tree.isError) return <Alert color="red">{toBackendError(tree.error).message}</Alert>;
  if (tree.data.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="namespace-tree-empty">
        No namespaces yet.
      </Text>
    );
  }

  const rows = visibleRows(tree.data, collapsed);
  // Roving tabindex: the tree is one Tab stop, at the last focused node (else the open namespace, else the first).
  const tabStop = (rows.find((row) => row.node.id === focused) ?? rows.find((row) => row.node.id === selected) ?? rows[0])?.node.id;
  const setOpen = (id: string, open: boolean) => {
    setCollapsed((current) => {
      const next = new Set(current);
      if (open) next.delete(id);
      else next.add(id);
      return next;
    });
  };
  const moveTo = (row: TreeRow | undefined) => {
    if (row === undefined) return;
    setFocused(row.node.id);
    treeRef.current?.querySelector<HTMLElement>(`[data-node-id="${row.node.id}"]`)?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const id = (event.target as Element).closest("[data-node-id]")?.getAttribute("data-node-id");
    const index = rows.findIndex((row) => row.node.id === id);
    const row = rows[index];
    if (row === undefined) return;
    const open = row.node.children.length > 0 && !collapsed.has(row.node.id);
    switch (event.key) {
      case "ArrowDown":
        moveTo(rows[index + 1]);
        break;
      case "ArrowUp":
        moveTo(rows[index - 1]);
        break;
      case "Home":
        moveTo(rows[0]);
        break;
      case "End":
        moveTo(rows.at(-1));
        break;
      case "ArrowRight":
        if (row.node.children.length === 0) break;
        if (open) moveTo(rows[index + 1]);
        else setOpen(row.node.id, true);
        break;
      case "ArrowLeft":
        if (open) setOpen(row.node.id, false);
        else moveTo(rows.find((candidate) => candidate.node.id === row.parent));
        break;
      case "Delete":
        if (onDelete === undefined || !allows(row.node.access, "admin")) return;
        onDelete(row.node);
        break;
      default:
        // Enter and Space reach the item's button, which opens the namespace.
        return;
    }
    event.preventDefault();
  };

  return (
    <Stack gap={0} role="tree" aria-label="Namespaces" ref={treeRef} onKeyDown={onKeyDown} data-testid="namespace-tree">
      {rows.map((row) => (
        <TreeItem
          key={row.node.id}
          row={row}
          expanded={row.node.children.length > 0 ? !collapsed.has(row.node.id) : undefined}
          selected={selected === row.node.id}
          tabbable={tabStop === row.node.id}
          onFocus={() => {
            setFocused(row.node.id);
          }}
          onToggle={() => {
            setOpen(row.node.id, collapsed.has(row.node.id));
          }}
          onSelect={onSelect}
          onDelete={onDelete}
        />
      ))}
    </Stack>
  );
}

interface ItemProps {
  row: TreeRow;
  /** `undefined` for a leaf. */
  expanded: boolean | undefined;
  selected: boolean;
  tabbable: boolean;
  onFocus: () => void;
  onToggle: () => void;
  onSelect: (namespace: string) => void;
  onDelete: ((node: NamespaceNode) => void) | undefined;
}

function TreeItem({ row, expanded, selected, tabbable, onFocus, onToggle, onSelect, onDelete }: ItemProps) {
  const { node, depth } = row;
  const pathOnly = node.access === null;
  const title = pathOnly
    ? `${node.id}: no role here (shown as the path to the namespaces below)`
    : node.explicit
      ? node.id
      : `${node.id} (implicit: exists because a child does)`;
  const item = (
    <NavLink
      component="button"
      role="treeitem"
      aria-level={depth + 1}
      aria-setsize={row.setSize}
      aria-posinset={row.position}
      aria-expanded={expanded}
      aria-selected={selected}
      tabIndex={tabbable ? 0 : -1}
      active={selected}
      label={<Name value={node.segment} />}
      title={title}
      aria-disabled={pathOnly || undefined}
      c={node.explicit && !pathOnly ? undefined : "dimmed"}
      fs={node.explicit ? undefined : "italic"}
      pl={4 + depth * 16}
      data-testid={`namespace-node-${node.id}`}
      data-node-id={node.id}
      data-explicit={node.explicit}
      data-path-only={pathOnly || undefined}
      leftSection={<Chevron id={node.id} expanded={expanded} onToggle={onToggle} />}
      rightSection={<SecretCount node={node} />}
      onFocus={onFocus}
      aria-keyshortcuts={onDelete === undefined || pathOnly ? undefined : "Delete"}
      onClick={() => {
        if (!pathOnly) onSelect(node.id);
      }}
    />
  );
  if (onDelete === undefined || pathOnly) return item;
  return (
    // The menu button sits beside the tree item (a button cannot hold another) and out of the Tab order: the tree is
    // one Tab stop, and the Delete key does the same from the keyboard.
    <Group gap={0} wrap="nowrap" role="none">
      <Box flex={1} miw={0} role="none">
        {item}
      </Box>
      <Menu position="bottom-end" withinPortal shadow="md" width={220}>
        <Menu.Target>
          <ActionIcon variant="subtle" size="sm" tabIndex={-1} aria-label={`Actions for ${node.id}`} data-testid={`namespace-actions-${node.id}`}>
            <Text span fw={700} aria-hidden>
              ⋯
            </Text>
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <GatedMenuItem
            gate={gate(node.access, "admin", node.id)}
            color="red"
            onClick={() => {
              onDelete(node);
            }}
            data-testid={`namespace-delete-${node.id}`}
          >
            Delete namespace…
          </GatedMenuItem>
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}

/** Opens or closes a parent with the mouse (the keyboard uses Right and Left); takes no focus of its own. */
function Chevron({ id, expanded, onToggle }: { id: string; expanded: boolean | undefined; onToggle: () => void }) {
  return (
    <Box
      component="span"
      aria-hidden
      w={12}
      ta="center"
      fz="xs"
      data-testid={`namespace-toggle-${id}`}
      onClick={(event) => {
        if (expanded === undefined) return;
        // Only the chevron: the namespace itself is not opened.
        event.stopPropagation();
        onToggle();
      }}
    >
      {expanded === undefined ? "" : expanded ? "▾" : "▸"}
    </Box>
  );
}

function SecretCount({ node }: { node: NamespaceNode }) {
  if (node.secret_count === 0) return undefined;
  return (
    <Badge size="xs" variant="light" aria-label={`${node.secret_count} secrets`}>
      {node.secret_count}
    </Badge>
  );
}
