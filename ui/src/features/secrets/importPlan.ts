// Words for the core's import report. The report names keys and actions only, never values.
import type { ImportAction } from "../../bindings/ImportAction";
import type { ImportFormat } from "../../bindings/ImportFormat";
import type { ImportItem } from "../../bindings/ImportItem";
import type { ImportReport } from "../../bindings/ImportReport";

/** How a key of the file compares with the namespace (what the preview's filter groups by). */
export type KeyState = "new" | "changed" | "unchanged" | "exists";

/**
 * The core skips a key only when it exists with another value (kept by the policy, or read-only), and
 * says `exists` only to a caller who may not compare values.
 */
export const STATE_OF: Record<ImportAction, KeyState> = {
  create: "new",
  overwrite: "changed",
  skip: "changed",
  unchanged: "unchanged",
  exists: "exists",
};

export function stateOf(item: ImportItem): KeyState {
  return STATE_OF[item.action];
}

/** What Import does (or did) to the key. */
export function effectOf(item: ImportItem, done: boolean): string {
  switch (item.action) {
    case "create":
      return done ? "created" : "will be created";
    case "overwrite":
      return done ? "overwritten (new version)" : "will be overwritten (new version)";
    case "skip":
      return `${done ? "kept" : "will be kept"}${item.reason === null ? "" : `: ${item.reason}`}`;
    case "unchanged":
      return "nothing to do";
    case "exists":
      return "exists; values not compared";
  }
}

export function countStates(items: ImportItem[]): Record<KeyState, number> {
  const counts: Record<KeyState, number> = { new: 0, changed: 0, unchanged: 0, exists: 0 };
  for (const item of items) counts[stateOf(item)] += 1;
  return counts;
}

export function summary(report: ImportReport): string {
  const [created, overwritten, kept, unchanged] = [report.created, report.overwritten, report.skipped, report.unchanged].map(String);
  const repeated =
    report.repeated.length === 0 ? "" : ` (given more than once, the last value used: ${report.repeated.join(", ")})`;
  return report.dry_run
    ? `Import would create ${created}, overwrite ${overwritten} and keep ${kept} that differ; ${unchanged} unchanged${repeated}`
    : `Imported into ${report.namespace}: ${created} created, ${overwritten} overwritten, ${kept} kept, ${unchanged} unchanged${repeated}`;
}

/** Kestra's `.env_encoded` files are named so; anything else is read as `.env`. */
export function formatForFile(name: string): ImportFormat {
  return name.toLowerCase().endsWith(".env_encoded") ? "kestra-env" : "env";
}
