#!/usr/bin/env bash
# End-to-end test of the web console: a fresh data dir seeded with the CLI, `keystead serve` on a free
# loopback port, and console.e2e.mjs driving Debian's Chromium (playwright-core, no browser download)
# through sign-in, masked and revealed secrets, a read-only token's limits, a token revoked mid-session
# and sign-out. Screenshots go to the directory printed at the start. Exits with the test's code.
#
#   tests/web/run.sh                              # builds the ui and the keystead binary if needed
#   KEYSTEAD_WEB_SKIP_BUILD=1 tests/web/run.sh    # uses target/debug/keystead as it is
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
bin="${KEYSTEAD_WEB_BIN:-$repo/target/debug/keystead}"
chromium="${KEYSTEAD_WEB_CHROMIUM:-/usr/bin/chromium}"
shots="${KEYSTEAD_WEB_SCREENSHOT_DIR:-$repo/target/web-e2e/screenshots}"

command -v node >/dev/null 2>&1 || { echo "run.sh: missing node (Node.js 20+)" >&2; exit 2; }
[ -x "$chromium" ] || { echo "run.sh: missing $chromium (apt-get install chromium, or .ci/install-system-deps)" >&2; exit 2; }

if [ -z "${KEYSTEAD_WEB_SKIP_BUILD:-}" ]; then
  echo "run.sh: building the ui and the keystead binary (it embeds ui/dist as the web console)"
  (cd "$repo/ui" && { [ -d node_modules ] || npm install --no-audit --no-fund; } && npm run build)
  (cd "$repo" && CARGO_PROFILE_DEV_DEBUG=0 cargo build -p keystead --bin keystead)
fi
[ -x "$bin" ] || { echo "run.sh: keystead binary $bin not found (build it, or unset KEYSTEAD_WEB_SKIP_BUILD)" >&2; exit 2; }
[ -d "$here/node_modules/playwright-core" ] || (cd "$here" && npm ci --no-audit --no-fund)

scratch="$(mktemp -d -t keystead-web.XXXXXX)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$scratch"
}
trap cleanup EXIT
rm -rf "$shots" && mkdir -p "$shots"
echo "run.sh: screenshots go to $shots"

# A fresh data dir, no OS keyring: the master key is wrapped by this passphrase.
export KEYSTEAD_DATA_DIR="$scratch/data" KEYSTEAD_KEYRING=off KEYSTEAD_PASSPHRASE="web e2e passphrase 42"
export KEYSTEAD_TENANT=main
unset DBUS_SESSION_BUS_ADDRESS KEYSTEAD_LISTEN
canary="web-e2e-canary-$RANDOM$RANDOM"
ks() { "$bin" "$@" >/dev/null; }
token_of() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.stdout.write(JSON.parse(s).token))'; }

echo "run.sh: seeding namespaces, secrets, a static credential and two service accounts"
ks namespace create company.team
ks namespace create company.data
ks namespace create prod
printf %s "$canary" | ks secret set company.team API_KEY --description "CI deploy key"
printf %s "db-$canary" | ks secret set company DB_PASSWORD --description "Shared by every team"
printf %s "aws-$canary" | ks secret set company.team AWS_SECRET
printf %s "prod-$canary" | ks secret set prod DEPLOY_KEY
ks credential apply -f - <<'EOF'
{"namespace": "company.team", "name": "aws-deploy", "type": "aws", "description": "Static AWS keys for the deploy job",
 "inputs": {"access_key": "AKIAEXAMPLEKEY123456", "secret_key": "{{ secret('AWS_SECRET') }}"}}
EOF
ks principal create --service-account web-admin --description "administers the tenant from the web console"
ks role grant web-admin admin
ks principal create --service-account web-reader --description "may only look at company.team"
ks role grant web-reader read --namespace company.team
KEYSTEAD_WEB_ADMIN_TOKEN="$("$bin" --json token create --service-account web-admin --name "web e2e admin" --max-age P1D | token_of)"
KEYSTEAD_WEB_READER_TOKEN="$("$bin" --json token create --service-account web-reader --name "web e2e reader" --max-age P1D | token_of)"
export KEYSTEAD_WEB_ADMIN_TOKEN KEYSTEAD_WEB_READER_TOKEN

"$bin" serve --listen 127.0.0.1:0 >"$scratch/serve.out" 2>"$scratch/serve.log" &
server_pid=$!
url=""
for _ in $(seq 1 100); do
  url="$(grep -o 'serving http://127\.0\.0\.1:[0-9]*' "$scratch/serve.log" 2>/dev/null | head -n 1 | cut -d' ' -f2 || true)"
  [ -n "$url" ] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$url" ]; then
  echo "run.sh: keystead serve did not print its URL; its log:" >&2
  cat "$scratch/serve.log" >&2
  exit 2
fi
echo "run.sh: keystead serve listens on $url"

started=$(date +%s)
set +e
KEYSTEAD_WEB_URL="$url" KEYSTEAD_WEB_CANARY="$canary" KEYSTEAD_WEB_CHROMIUM="$chromium" \
  KEYSTEAD_WEB_SCREENSHOT_DIR="$shots" node "$here/console.e2e.mjs"
code=$?
set -e

# Nothing secret may reach the server's log: not the tokens, not a value.
for needle in "$KEYSTEAD_WEB_ADMIN_TOKEN" "$KEYSTEAD_WEB_READER_TOKEN" "$canary"; do
  if grep -qF -- "$needle" "$scratch/serve.log" "$scratch/serve.out"; then
    echo "run.sh: FAILED: a token or secret value appears in the server's log" >&2
    code=1
  fi
done
if [ "$code" -ne 0 ]; then
  echo "run.sh: last lines of the server log:" >&2
  tail -n 30 "$scratch/serve.log" | grep -vF -e "$KEYSTEAD_WEB_ADMIN_TOKEN" -e "$KEYSTEAD_WEB_READER_TOKEN" >&2 || true
fi
echo "run.sh: web e2e finished in $(( $(date +%s) - started )) s with exit code $code; screenshots in $shots"
exit "$code"
