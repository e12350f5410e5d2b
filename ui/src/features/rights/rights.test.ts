import { describe, expect, it } from "vitest";

import type { CallerInfo } from "../../bindings/CallerInfo";
import type { GrantDto } from "../../bindings/GrantDto";
import type { NamespaceNode } from "../../bindings/NamespaceNode";
import { adminSomewhere, gate, grantWords, LOCAL_ADMIN, namespaceRole, tenantRole, type Rights } from "./rights";

const TENANT_ADMIN: GrantDto = { role: "admin", scope: { level: "tenant" } };
const READ_TEAM: GrantDto = { role: "read", scope: { level: "namespace", namespace: "company.team" } };

function token(bindings: GrantDto[], narrowing: GrantDto | null = null): Rights {
  const caller: CallerInfo = {
    actor: "ci",
    local_admin: false,
    tenant: "main",
    principal: "ci",
    token_prefix: "kst_AbCd1234…",
    bindings,
    narrowing,
  };
  return { kind: "token", caller };
}

/** The tree as the server sends it for a caller with read on company.team (fixture, not computed). */
const TREE: NamespaceNode[] = [
  {
    id: "company",
    segment: "company",
    explicit: true,
    secret_count: 0,
    access: null,
    children: [{ id: "company.team", segment: "team", explicit: true, secret_count: 2, access: "read", children: [] }],
  },
];

describe("tenant role", () => {
  it("is admin for the local administrator", () => {
    expect(tenantRole(LOCAL_ADMIN)).toBe("admin");
  });

  it("comes from tenant-level bindings only", () => {
    expect(tenantRole(token([READ_TEAM]))).toBeNull();
    expect(tenantRole(token([READ_TEAM, TENANT_ADMIN]))).toBe("admin");
  });

  it("is capped by a tenant-level narrowing", () => {
    expect(tenantRole(token([TENANT_ADMIN], { role: "use", scope: { level: "tenant" } }))).toBe("use");
  });

  it("is none for a token narrowed to a namespace", () => {
    expect(tenantRole(token([TENANT_ADMIN], { ...READ_TEAM, role: "admin" }))).toBeNull();
  });
});

describe("namespace role", () => {
  it("is what the server put in the tree for a token holder", () => {
    expect(namespaceRole(token([READ_TEAM]), TREE, "company.team")).toBe("read");
    expect(namespaceRole(token([READ_TEAM]), TREE, "company")).toBeNull();
    expect(namespaceRole(token([READ_TEAM]), TREE, "prod")).toBeNull();
  });

  it("is admin everywhere for the local administrator, tree or not", () => {
    expect(namespaceRole(LOCAL_ADMIN, [], "anything")).toBe("admin");
  });

  it("finds admin somewhere only where the tree or a tenant binding gives it", () => {
    expect(adminSomewhere(token([READ_TEAM]), TREE)).toBe(false);
    expect(adminSomewhere(token([TENANT_ADMIN]), [])).toBe(true);
    const team: NamespaceNode = { id: "company.team", segment: "team", explicit: true, secret_count: 0, access: "admin", children: [] };
    const adminBelow: NamespaceNode[] = [{ id: "company", segment: "company", explicit: true, secret_count: 0, access: null, children: [team] }];
    expect(adminSomewhere(token([READ_TEAM]), adminBelow)).toBe(true);
  });
});

describe("gates", () => {
  it("allows a stronger role than needed", () => {
    expect(gate("admin", "use", "company")).toEqual({ allowed: true });
  });

  it("says which role is needed where, and what the token has", () => {
    expect(gate("read", "admin", "company.team")).toEqual({
      allowed: false,
      reason: "Needs the admin role on company.team; this token has only read there.",
      short: "Needs admin on company.team",
    });
    expect(gate(null, "use", null)).toMatchObject({ reason: "Needs the use role at tenant level; this token has no role there." });
  });

  it("words grants for people", () => {
    expect(grantWords(TENANT_ADMIN)).toBe("admin on the whole tenant");
    expect(grantWords(READ_TEAM)).toBe("read on company.team and below");
  });
});
