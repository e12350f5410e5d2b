// A real OAuth2 token endpoint for the end-to-end test: client_credentials with client_secret_basic,
// on 127.0.0.1 and a free port. It accepts exactly one client id and secret.
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

export async function startTokenEndpoint({ clientId, clientSecret }) {
  const requests = [];
  const issued = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => {
      const reply = (status, body, headers = {}) => {
        res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...headers });
        res.end(JSON.stringify(body));
      };
      const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
      const credentials = decodeBasicCredentials(req.headers.authorization);
      requests.push({ method: req.method, url: req.url, grantType: form.get("grant_type"), clientId: credentials?.clientId });
      if (req.method !== "POST" || req.url !== "/oauth2/token") {
        reply(404, { error: "not_found" });
      } else if (form.get("grant_type") !== "client_credentials") {
        reply(400, { error: "unsupported_grant_type", error_description: "only client_credentials is supported" });
      } else if (credentials === null || credentials.clientId !== clientId || credentials.clientSecret !== clientSecret) {
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
  return {
    tokenUrl: `http://127.0.0.1:${port}/oauth2/token`,
    requests,
    issued,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
