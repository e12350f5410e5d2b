import type { NamespaceNode } from "../../bindings/NamespaceNode";

/** The tree's nodes in the core's order (parents before their children), for pickers. */
export function flattenTree(nodes: NamespaceNode[]): NamespaceNode[] {
  return nodes.flatMap((node) => [node, ...flattenTree(node.children)]);
}
