import type { NamespaceNode } from "../../bindings/NamespaceNode";

/** The tree's nodes in the core's order (parents before their children), for pickers. */
export function flattenTree(nodes: NamespaceNode[]): NamespaceNode[] {
  return nodes.flatMap((node) => [node, ...flattenTree(node.children)]);
}

/** A node as the tree shows it: its depth, its parent and its place among its siblings (1-based). */
export interface TreeRow {
  node: NamespaceNode;
  depth: number;
  parent: string | null;
  position: number;
  setSize: number;
}

/** The rows a reader sees, top to bottom: the children of a collapsed node are left out. */
export function visibleRows(nodes: NamespaceNode[], collapsed: ReadonlySet<string>, depth = 0, parent: string | null = null): TreeRow[] {
  return nodes.flatMap((node, index) => [
    { node, depth, parent, position: index + 1, setSize: nodes.length },
    ...(collapsed.has(node.id) ? [] : visibleRows(node.children, collapsed, depth + 1, node.id)),
  ]);
}
