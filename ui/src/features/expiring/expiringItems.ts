import type { ExpiringItem } from "../../bindings/ExpiringItem";
import type { ExpiringKind } from "../../bindings/ExpiringKind";
import { describeSpan } from "../access/tokenExpiry";
import type { Destination } from "../search/searchIndex";

/** The horizon choices: ISO-8601 durations the core takes. */
export const HORIZONS = [
  { value: "P7D", label: "7 days" },
  { value: "P30D", label: "30 days" },
  { value: "P90D", label: "90 days" },
  { value: "P365D", label: "1 year" },
];

/** A secret is listed once its current value is this old. */
export const SECRET_AGES = [
  { value: "P30D", label: "30 days" },
  { value: "P90D", label: "90 days" },
  { value: "P180D", label: "180 days" },
  { value: "P365D", label: "1 year" },
];

export const KIND_LABEL: Record<ExpiringKind, string> = {
  api_token: "API token",
  kv: "KV pair",
  secret: "Secret",
  credential: "Credential",
};

/** The chart's rows, top to bottom, and their colors. */
export const KIND_ORDER: ExpiringKind[] = ["api_token", "kv", "secret", "credential"];
export const KIND_COLOR: Record<ExpiringKind, string> = {
  api_token: "blue.6",
  kv: "teal.6",
  secret: "orange.6",
  credential: "red.6",
};

/** "in 6 d 23 h", "2 h overdue"; a failed Test says when it ran. */
export function timeLeft(item: ExpiringItem): string {
  const span = describeSpan(Math.abs(item.seconds_left) * 1000);
  if (item.kind === "credential") return item.seconds_left > 0 ? "tested just now" : `tested ${span} ago`;
  return item.seconds_left > 0 ? `in ${span}` : `${span} overdue`;
}

/** Where a row leads: the item's namespace on the right tab, or its owner for an API token. */
export function destinationOf(item: ExpiringItem): Destination | null {
  if (item.kind === "api_token") return item.principal === null ? null : { kind: "principal", name: item.principal };
  // Tenant-level credentials have no namespace to open.
  if (item.namespace === null) return null;
  const tab = item.kind === "kv" ? "kv" : item.kind === "secret" ? "secrets" : "credentials";
  return { kind: "namespace", namespace: item.namespace, tab };
}

/** The name as shown: an API token with its prefix and owner. */
export function displayName(item: ExpiringItem): string {
  if (item.kind === "api_token") return `${item.name} (${item.token_prefix ?? ""} of ${item.principal ?? "?"})`;
  return item.name;
}
