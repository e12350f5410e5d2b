import { describe, expect, it } from "vitest";

import { CLIENT_CREDENTIALS, DEPLOY_TARGET } from "../../test/credentialFixtures";
import { initialValues, toDefinition, validateValues } from "./formModel";
import { referencedKey, secretReference } from "./secretReference";

describe("formModel", () => {
  it("starts a new credential from the type's defaults", () => {
    const values = initialValues(CLIENT_CREDENTIALS, null);
    expect(values.inputs.auth_method).toBe("client_secret_basic");
    expect(values.inputs.client_id).toBe("");
    expect(values.settings).toEqual({ cache: true, refresh_before_expiry: "PT1M", timeout: "PT30S" });
  });

  it("leaves empty inputs out, parses object inputs and sends tenant level as a null namespace", () => {
    const values = initialValues(DEPLOY_TARGET, null);
    values.name = "prod";
    values.tenantLevel = true;
    values.inputs = { ...values.inputs, host: " deploy.example ", labels: '{"tier": "prod"}', regions: ["eu"], insecure: true };
    const definition = toDefinition(DEPLOY_TARGET, values, "company.team");
    expect(definition.namespace).toBeNull();
    expect(definition.inputs).toEqual({ host: "deploy.example", labels: { tier: "prod" }, regions: ["eu"], insecure: true });
  });

  it("round-trips a saved credential's inputs into form values", () => {
    const values = initialValues(DEPLOY_TARGET, {
      namespace: "company.team",
      name: "prod",
      type: "deploy_target",
      description: "",
      inputs: { host: "h", labels: { a: "b" }, regions: ["eu", "us"] },
      settings: { cache: false, refresh_before_expiry: "PT2M", timeout: "PT5S" },
      created_at: "",
      updated_at: "",
      updated_by: "",
      inherited: false,
      shadows: [],
      last_test: null,
      secret_reach: { level: "tenant" },
    });
    expect(values.inputs.labels).toBe('{\n  "a": "b"\n}');
    expect(values.inputs.regions).toEqual(["eu", "us"]);
    expect(values.settings.cache).toBe(false);
    expect(toDefinition(DEPLOY_TARGET, values, "company.team").inputs).toEqual({
      host: "h",
      labels: { a: "b" },
      regions: ["eu", "us"],
      insecure: false,
    });
  });

  it("reports a bad name and a missing required input", () => {
    const values = initialValues(DEPLOY_TARGET, null);
    values.name = "Bad Name";
    expect(Object.keys(validateValues(DEPLOY_TARGET, values)).sort()).toEqual(["inputs.host", "name"]);
  });

  it("reads back the key of a reference it wrote", () => {
    expect(referencedKey(secretReference("OKTA_SECRET"))).toBe("OKTA_SECRET");
    expect(referencedKey('{{secret("A_B")}}')).toBe("A_B");
    expect(referencedKey("plain-value")).toBeNull();
  });
});
