// A real OAuth2 token endpoint for the end-to-end test: client_credentials with client_secret_basic or
// client_secret_post (the methods it accepts can be narrowed, as its metadata then says), on 127.0.0.1
// and a free port. It accepts exactly one client id and secret.
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";

/** RFC 6749 §2.3.1: the client id and secret are form-urlencoded, joined by ":", then base64-encoded. */
export function decodeBasicCredentials(header) {
  const match = /^Basic ([A-Za-z0-9+/]+=*)$/.exec(header ?? "");
  if (match === null) return null;
  const pair = Buffer.from(match[1], "base64").toString("utf8");
  const colon = pair.indexOf(":");
  if (colon < 0) return null;
  const formDecode = (text) => decodeURIComponent(text.replaceAll("+", " "));
  try {
    return { clientId: formDecode(pair.slice(0, colon)), clientSecret: formDecode(pair.slice(colon + 1)) };
  } catch {
    return null;
  }
}

const ALL_METHODS = ["client_secret_basic", "client_secret_post"];

export async function startTokenEndpoint({ clientId, clientSecret }) {
  const requests = [];
  const issued = [];
  let accepted = ALL_METHODS;
  let origin = "";
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => {
      const reply = (status, body, headers = {}) => {
        res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...headers });
        res.end(JSON.stringify(body));
      };
      if (req.method === "GET" && req.url === "/.well-known/openid-configuration") {
        reply(200, {
          issuer: origin,
          token_endpoint: `${origin}/oauth2/token`,
          token_endpoint_auth_methods_supported: accepted,
          scopes_supported: ["read", "write"],
        });
        return;
      }
      const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
      const basic = decodeBasicCredentials(req.headers.authorization);
      const posted = form.has("client_secret") ? { clientId: form.get("client_id"), clientSecret: form.get("client_secret") } : null;
      const credentials = basic ?? posted;
      const method = basic !== null ? "client_secret_basic" : posted !== null ? "client_secret_post" : null;
      requests.push({ method: req.method, url: req.url, grantType: form.get("grant_type"), clientId: credentials?.clientId, auth: method });
      if (req.method !== "POST" || req.url !== "/oauth2/token") {
        reply(404, { error: "not_found" });
      } else if (form.get("grant_type") !== "client_credentials") {
        reply(400, { error: "unsupported_grant_type", error_description: "only client_credentials is supported" });
      } else if (basic !== null && posted !== null) {
        reply(400, { error: "invalid_request", error_description: "more than one client authentication method" });
      } else if (
        credentials === null ||
        !accepted.includes(method) ||
        credentials.clientId !== clientId ||
        credentials.clientSecret !== clientSecret
      ) {
        reply(
          401,
          { error: "invalid_client", error_description: "client authentication failed" },
          { "www-authenticate": 'Basic realm="keystead-e2e"' },
        );
      } else {
        const accessToken = `e2e-access-${randomBytes(24).toString("hex")}`;
        issued.push(accessToken);
        reply(200, { access_token: accessToken, token_type: "Bearer", expires_in: 3600, scope: form.get("scope") ?? "" });
      }
    });
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address();
  origin = `http://127.0.0.1:${port}`;
  return {
    tokenUrl: `${origin}/oauth2/token`,
    requests,
    /** The token requests (metadata look-ups left out). */
    tokenRequests: () => requests.filter((r) => r.method === "POST"),
    issued,
    /** From now on only these client authentication methods are accepted (and listed in the metadata). */
    acceptOnly: (methods) => {
      accepted = methods ?? ALL_METHODS;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
