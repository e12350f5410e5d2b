import { useInfiniteQuery } from "@tanstack/react-query";

import { useBackend } from "../../backend";
import type { AuditEventDto } from "../../bindings/AuditEventDto";
import type { AuditFilter } from "../../bindings/AuditFilter";

/** Events per page: enough to fill a screen, small enough that a page is cheap to fetch and render. */
export const AUDIT_PAGE_SIZE = 50;

/** What the person chose to filter by; paging (`before`, `limit`) is added per page. */
export type AuditCriteria = Omit<AuditFilter, "tenant" | "before" | "limit">;

export const NO_CRITERIA: AuditCriteria = { action: null, namespace: null, target: null, actor: null, since: null, until: null };

export const auditKeys = {
  all: (tenant: string) => ["audit", tenant] as const,
  events: (tenant: string, criteria: AuditCriteria) => ["audit", tenant, criteria] as const,
};

/**
 * The tenant's audit events matching `criteria`, newest first, a page at a time: each next page asks for
 * the events older than the last one shown, so events written meanwhile never shift or repeat a page.
 */
export function useAuditEvents(tenant: string, criteria: AuditCriteria) {
  const backend = useBackend();
  return useInfiniteQuery({
    queryKey: auditKeys.events(tenant, criteria),
    queryFn: ({ pageParam }) => backend.auditList({ tenant, ...criteria, before: pageParam, limit: AUDIT_PAGE_SIZE }),
    initialPageParam: null as number | null,
    getNextPageParam: (last: AuditEventDto[]) =>
      last.length < AUDIT_PAGE_SIZE ? undefined : (last[last.length - 1]?.id ?? undefined),
  });
}
