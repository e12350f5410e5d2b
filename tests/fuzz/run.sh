#!/usr/bin/env bash
# OpenAPI-driven fuzzing of `keystead serve` with schemathesis (PyPI): every operation of
# /api/v1/openapi.json, with an admin token, checking that no answer is a 5xx and every answer fits
# its documented schema. Uses the keystead binary `cargo test` built (or KEYSTEAD_BIN).
#
#   tests/fuzz/run.sh            # installs schemathesis into .tools/venv when missing
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
bin="${KEYSTEAD_BIN:-$repo/target/debug/keystead}"
venv="$repo/.tools/venv"
version="4.32.5"
[ -x "$bin" ] || { echo "fuzz: $bin not found (cargo test --workspace builds it)" >&2; exit 2; }
if ! "$venv/bin/st" --version 2>/dev/null | grep -q "$version"; then
  echo "fuzz: installing schemathesis $version into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$version"
fi

scratch="$(mktemp -d -t keystead-fuzz.XXXXXX)"
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$scratch"
}
trap cleanup EXIT
export KEYSTEAD_DATA_DIR="$scratch/data" KEYSTEAD_KEYRING=off KEYSTEAD_PASSPHRASE="fuzz passphrase 123"

# Something to find: namespaces, secrets, a static credential, a principal with an admin token.
printf 'v1' | "$bin" secret set company.team API_KEY >/dev/null
printf 'v2' | "$bin" secret set company DB_PASSWORD >/dev/null
cat >"$scratch/git.json" <<'JSON'
{"namespace": "company", "name": "git", "type": "source_control",
 "inputs": {"username": "ci", "password": "{{ secret('DB_PASSWORD') }}"}}
JSON
"$bin" credential apply -f "$scratch/git.json" >/dev/null
"$bin" principal create --service-account fuzzer >/dev/null
"$bin" role grant fuzzer admin >/dev/null
token="$("$bin" token create --service-account fuzzer --name fuzz 2>/dev/null)"

# Unauthenticated probes are part of the run: let them through the failed-auth limit.
"$bin" serve --listen 127.0.0.1:0 --failed-auth-limit 1000000 2>"$scratch/serve.log" &
server_pid=$!
url=""
for _ in $(seq 1 100); do
  url="$(sed -n 's/.*keystead: serving \(http:[^ ]*\)\/api\/v1.*/\1/p' "$scratch/serve.log" | head -n1)"
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { echo "fuzz: keystead serve did not start" >&2; cat "$scratch/serve.log" >&2; exit 2; }
echo "fuzz: schemathesis $version against $url"

# Left out: operations that send requests to URLs taken from the generated input (a Test, a token
# mint, discovery: only loopback traffic is allowed here), and those that would revoke the fuzzing
# token itself. The integration tests cover them.
offline_only='(/test|/token|/credential-discovery|/credential-test|/disable|/revoke-tokens|/tokens/\{id\}/(revoke|rotate)|/role-bindings/revoke)$'

started=$(date +%s)
set +e
# schemathesis keeps a cache of the crashes it found in ./.schemathesis: run it from the scratch dir
# so a run leaves nothing in the repository.
(cd "$scratch" && "$venv/bin/st" run "$url/api/v1/openapi.json" --url "$url" \
  -H "Authorization: Bearer $token" \
  --checks not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance \
  --max-examples "${KEYSTEAD_FUZZ_EXAMPLES:-12}" --seed 1 --no-color \
  --phases examples,coverage,fuzzing \
  --exclude-path-regex "$offline_only" \
  --exclude-name 'DELETE /api/v1/{tenant}/principals/{name}' \
  --report junit --report-dir "$scratch/report")
code=$?
set -e
echo "fuzz: finished in $(( $(date +%s) - started )) s with exit code $code"
if [ "$code" -ne 0 ]; then
  echo "fuzz: last lines of the server log:" >&2
  tail -n 20 "$scratch/serve.log" >&2
fi
exit "$code"
