// What the command palette can find: names of things in the current tenant, never values. Built from
// the listings the rest of the app already caches.
import type { ApiTokenDto } from "../../bindings/ApiTokenDto";
import type { CredentialDto } from "../../bindings/CredentialDto";
import type { KvListItem } from "../../bindings/KvListItem";
import type { NamespaceNode } from "../../bindings/NamespaceNode";
import type { PrincipalDto } from "../../bindings/PrincipalDto";
import type { SecretListItem } from "../../bindings/SecretListItem";
import { flattenTree } from "../namespaces/tree";

/** Where choosing a result takes the person. */
export type Destination =
  | { kind: "namespace"; namespace: string; tab: "secrets" | "credentials" | "kv" }
  | { kind: "principal"; name: string };

export type ResultKind = "namespace" | "credential" | "secret" | "kv" | "principal" | "token";

export interface SearchResult {
  /** Unique among results; also the test id's suffix. */
  id: string;
  kind: ResultKind;
  /** The name searched and shown. */
  label: string;
  /** Where it lives, in words. */
  description: string;
  destination: Destination;
}

/** The palette's groups, in the order they are shown. */
export const KIND_LABEL: Record<ResultKind, string> = {
  namespace: "Namespaces",
  secret: "Secrets",
  credential: "Credentials",
  kv: "KV keys",
  principal: "Users and service accounts",
  token: "API tokens",
};

export interface SearchSources {
  tree: NamespaceNode[];
  credentials: CredentialDto[];
  secrets: SecretListItem[];
  kv: KvListItem[];
  principals: PrincipalDto[];
  tokens: ApiTokenDto[];
}

/** Every name the sources hold, as results; only names and places are read, never a value or preview. */
export function buildIndex(sources: SearchSources): SearchResult[] {
  const namespaces = flattenTree(sources.tree).map<SearchResult>((node) => ({
    id: `namespace-${node.id}`,
    kind: "namespace",
    label: node.id,
    description: node.explicit ? "Namespace" : "Namespace (parent of others)",
    destination: { kind: "namespace", namespace: node.id, tab: "secrets" },
  }));
  const secrets = sources.secrets.map<SearchResult>((secret) => ({
    id: `secret-${secret.namespace}-${secret.key}`,
    kind: "secret",
    label: secret.key,
    description: `Secret in ${secret.namespace}`,
    destination: { kind: "namespace", namespace: secret.namespace, tab: "secrets" },
  }));
  const credentials = sources.credentials.flatMap<SearchResult>((credential) => {
    // A tenant-level credential is shown in every namespace; it opens in the first one there is.
    const namespace = credential.namespace ?? flattenTree(sources.tree)[0]?.id;
    if (namespace === undefined) return [];
    return [
      {
        id: `credential-${credential.namespace ?? ""}-${credential.name}`,
        kind: "credential",
        label: credential.name,
        description: credential.namespace === null ? "Tenant-level credential" : `Credential in ${credential.namespace}`,
        destination: { kind: "namespace", namespace, tab: "credentials" },
      },
    ];
  });
  const kv = sources.kv.map<SearchResult>((pair) => ({
    id: `kv-${pair.namespace}-${pair.key}`,
    kind: "kv",
    label: pair.key,
    description: `KV key in ${pair.namespace}`,
    destination: { kind: "namespace", namespace: pair.namespace, tab: "kv" },
  }));
  const principals = sources.principals.map<SearchResult>((principal) => ({
    id: `principal-${principal.name}`,
    kind: "principal",
    label: principal.name,
    description: principal.kind === "user" ? "User" : "Service account",
    destination: { kind: "principal", name: principal.name },
  }));
  const tokens = sources.tokens.map<SearchResult>((token) => ({
    id: `token-${token.id}`,
    kind: "token",
    label: token.name,
    description: `API token of ${token.principal}${token.revoked ? " (revoked)" : ""}`,
    destination: { kind: "principal", name: token.principal },
  }));
  const all = [...namespaces, ...secrets, ...credentials, ...kv, ...principals, ...tokens];
  // A credential inherited by several namespaces is listed by each of them: keep it once.
  const seen = new Set<string>();
  return all.filter((result) => !seen.has(result.id) && seen.add(result.id));
}

/** Results whose name or place contains every word of `query` (any case), at most `limit` of them. */
export function searchResults(index: SearchResult[], query: string, limit: number): SearchResult[] {
  const words = query.toLowerCase().split(/\s+/).filter((word) => word !== "");
  const matches = index.filter((result) => {
    const text = `${result.label} ${result.description}`.toLowerCase();
    return words.every((word) => text.includes(word));
  });
  // Names that start with the query first: typing a name's beginning finds it at the top.
  const first = words[0] ?? "";
  const starts = (result: SearchResult) => (result.label.toLowerCase().startsWith(first) ? 0 : 1);
  return [...matches].sort((a, b) => starts(a) - starts(b)).slice(0, limit);
}
