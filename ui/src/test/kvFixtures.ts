// KV pairs for component tests, shaped like the core's answers (src/api/dto/kv.rs, src/api/kv.rs).
// Fixtures only: what a test sets is what the "core" said (expiry, versions and origins included).
import type { KvDto } from "../bindings/KvDto";
import type { KvListItem } from "../bindings/KvListItem";

const NOW = "2025-01-01T00:00:00Z";

/** A row of a KV listing. */
export function kvItem(fields: Partial<KvListItem> & Pick<KvListItem, "namespace" | "key">): KvListItem {
  return {
    type: "string",
    preview: "",
    description: "",
    version: 1,
    expires_at: null,
    expires_in: null,
    inherited: false,
    shadows: [],
    updated_at: NOW,
    updated_by: "desktop:test",
    ...fields,
  };
}

/** A pair as `kvGet` or `kvSet` answers. */
export function kvPair(fields: Partial<KvDto> & Pick<KvDto, "namespace" | "key">): KvDto {
  return {
    type: "string",
    value: "",
    description: "",
    version: 1,
    expires_at: null,
    expires_in: null,
    created_at: NOW,
    created_by: "desktop:test",
    updated_at: NOW,
    updated_by: "desktop:test",
    ...fields,
  };
}

/** An instant `seconds` from the real or faked `Date.now()`, as the core writes it. */
export function inSeconds(seconds: number): string {
  return new Date(Date.now() + seconds * 1000).toISOString();
}
