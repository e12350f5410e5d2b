// Principals, role bindings and API tokens for component tests, shaped like the core's answers
// (src/api/dto/access.rs). Fixtures only: what a test sets is what the "core" said.
import type { ApiTokenDto } from "../bindings/ApiTokenDto";
import type { CreatedToken } from "../bindings/CreatedToken";
import type { PrincipalDetail } from "../bindings/PrincipalDetail";
import type { PrincipalDto } from "../bindings/PrincipalDto";
import type { RoleBindingDto } from "../bindings/RoleBindingDto";

const NOW = "2025-01-01T00:00:00Z";

/** A 40-character token shaped like the core's (`kst_` + 36 base62). */
export const PLAINTEXT = "kst_Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXyZ0aB4c";

export function principalItem(fields: Partial<PrincipalDto> & Pick<PrincipalDto, "name">): PrincipalDto {
  return {
    kind: "service_account",
    description: "",
    disabled: false,
    created_at: NOW,
    updated_at: NOW,
    updated_by: "desktop:test",
    ...fields,
  };
}

export function bindingItem(fields: Partial<RoleBindingDto> & Pick<RoleBindingDto, "principal">): RoleBindingDto {
  return { role: "read", scope: { level: "tenant" }, created_at: NOW, created_by: "desktop:test", ...fields };
}

export function tokenItem(fields: Partial<ApiTokenDto> = {}): ApiTokenDto {
  return {
    id: "Ab3dEf6h",
    prefix: "kst_Ab3dEf6h…",
    principal: "ci-deployer",
    name: "github-actions deploy",
    description: "",
    max_age: "P30D",
    extended: false,
    narrowing: null,
    created_at: NOW,
    created_by: "desktop:test",
    expires_at: "2025-01-31T00:00:00Z",
    expired: false,
    last_used_at: null,
    last_used_from: null,
    revoked: false,
    revoked_at: null,
    revoked_by: null,
    ...fields,
  };
}

export function createdToken(info: Partial<ApiTokenDto> = {}, token = PLAINTEXT): CreatedToken {
  return { token, info: tokenItem(info) };
}

/** What `principalShow` answers: the principal, and whatever the test states about it. */
export function principalDetail(
  principal: PrincipalDto,
  fields: Partial<Omit<PrincipalDetail, "principal">> = {},
): PrincipalDetail {
  return { principal, bindings: [], effective: [], tokens: [], ...fields };
}
