// Credential types and Test results for component tests, shaped like the core's (see
// src/credentials/types.rs and src/credentials/mint/result.rs).
import type { CredentialType } from "../bindings/CredentialType";
import type { InputField } from "../bindings/InputField";
import type { TestResult } from "../bindings/TestResult";

function field(id: string, label: string, extra: Partial<InputField> = {}): InputField {
  return {
    id,
    label,
    type: "string",
    secret: false,
    multiline: false,
    format: null,
    choices: [],
    default: null,
    required: false,
    help: "",
    ...extra,
  };
}

export const CLIENT_CREDENTIALS: CredentialType = {
  id: "oauth2_client_credentials",
  label: "OAuth2 client credentials",
  description: "Mints tokens with the client_credentials grant (RFC 6749 §4.4).",
  kind: "minting",
  managed: true,
  inputs: [
    field("token_url", "Token URL", { format: "url", help: "The token endpoint." }),
    field("issuer", "Issuer", { format: "url", help: "Used for discovery when Token URL is empty." }),
    field("client_id", "Client ID", { required: true }),
    field("client_secret", "Client secret", { required: true, secret: true }),
    field("auth_method", "Client authentication", {
      choices: ["client_secret_basic", "client_secret_post", "client_secret_jwt"],
      default: "client_secret_basic",
    }),
    field("scope", "Scope", { help: "Space-separated scopes to request." }),
    field("extra_params", "Extra parameters", { type: "object" }),
  ],
};

/** A custom static type exercising every control kind. */
export const DEPLOY_TARGET: CredentialType = {
  id: "deploy_target",
  label: "Deploy target",
  description: "Where the pipeline deploys.",
  kind: "static",
  managed: false,
  inputs: [
    field("host", "Host", { required: true, help: "DNS name of the target." }),
    field("notes", "Notes", { multiline: true }),
    field("insecure", "Skip TLS verification", { type: "boolean" }),
    field("regions", "Regions", { type: "list" }),
    field("labels", "Labels", { type: "object" }),
    field("password", "Password", { secret: true }),
  ],
};

export const OK_RESULT: TestResult = {
  ok: true,
  credential: "okta-ci",
  type: "oauth2_client_credentials",
  http_status: 200,
  elapsed_ms: 42,
  token_type: "Bearer",
  expires_in: 3600,
  expires_at: new Date(Date.now() + 3_600_000).toISOString(),
  scope_requested: "read write",
  scope_granted: "read",
  claims: { header: { alg: "RS256", kid: "k1" }, payload: { sub: "ci-client", aud: "api://default" } },
  token_preview: "eyJhbG••••••••",
  error: null,
  server_error: null,
  error_description: null,
  error_uri: null,
  hint: null,
  request: {
    method: "POST",
    url: "https://idp.example/oauth2/token",
    headers: [
      ["Authorization", "Basic ••••••••"],
      ["Content-Type", "application/x-www-form-urlencoded"],
    ],
    body: [
      ["grant_type", "client_credentials"],
      ["scope", "read write"],
    ],
  },
  diagnoses: [],
};

export const INVALID_CLIENT_RESULT: TestResult = {
  ...OK_RESULT,
  ok: false,
  http_status: 401,
  token_type: null,
  expires_in: null,
  expires_at: null,
  scope_granted: null,
  claims: null,
  token_preview: null,
  error: "invalid_client",
  server_error: "invalid_client",
  error_description: "client authentication failed",
  hint: "the server did not accept the client: check the client ID and the client secret, or try client_secret_post",
  diagnoses: [
    {
      kind: "auth_method",
      finding: "The server accepts client_secret_post, not client_secret_basic (the method this credential uses).",
      facts: ["token_endpoint_auth_methods_supported: client_secret_post private_key_jwt"],
      fix: { label: "Switch to client_secret_post", input: "auth_method", value: "client_secret_post" },
    },
  ],
};
