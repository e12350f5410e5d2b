import type { AuditCriteria } from "./queries";

/** The filter form's fields as typed; times as the date-time inputs give them (local time, no zone). */
export interface AuditFilterFields {
  actor: string;
  action: string;
  target: string;
  namespace: string;
  from: string | null;
  to: string | null;
}

export const EMPTY_FIELDS: AuditFilterFields = { actor: "", action: "", target: "", namespace: "", from: null, to: null };

/** Audit actions worth offering as suggestions; any other action can still be typed. */
export const COMMON_ACTIONS = [
  "secret.create",
  "secret.update",
  "secret.delete",
  "secret.reveal",
  "secret.use",
  "secret.restore",
  "secret.import",
  "secret.export",
  "credential.create",
  "credential.update",
  "credential.delete",
  "credential.copy",
  "kv.delete",
  "namespace.create",
  "principal.create",
  "principal.delete",
  "role.grant",
  "role.revoke",
  "token.create",
  "token.revoke",
  "token.rotate",
  "access.denied",
  "auth.failed",
  "tenant.create",
];

function text(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}

/** An input's local date-time (`2026-11-25T10:00`) as the RFC 3339 instant the core compares with. */
function instant(local: string | null): string | null {
  if (local === null || local.trim() === "") return null;
  // A date-time without a zone is read as local time.
  const parsed = new Date(local);
  return Number.isNaN(parsed.getTime()) ? null : parsed.toISOString();
}

/** Empty fields filter nothing; the time range is from (inclusive) to (exclusive). */
export function toCriteria(fields: AuditFilterFields): AuditCriteria {
  return {
    actor: text(fields.actor),
    action: text(fields.action),
    target: text(fields.target),
    namespace: text(fields.namespace),
    since: instant(fields.from),
    until: instant(fields.to),
  };
}

/** Said before asking the core, so a reversed range does not look like an empty log. */
export function rangeProblem(fields: AuditFilterFields): string | null {
  const { since, until } = toCriteria(fields);
  if (since !== null && until !== null && since >= until) return "“To” must be later than “From”.";
  return null;
}
