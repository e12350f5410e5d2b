#!/usr/bin/env bash
# The desktop app's figures, release build (Cargo's `desktop` profile, as `make package` builds it), under Xvfb: cold start to an interactive unlock screen,
# memory after start and with a 10 000-secret namespace open, data to first paint of that namespace,
# and the release binary's size. Prints a Markdown section (machine, command, table) on stdout.
#
#   benches/desktop.sh                        # builds the ui, the app (target/desktop) and the release CLI first
#   KEYSTEAD_BENCH_SKIP_BUILD=1 benches/desktop.sh
#   KEYSTEAD_BENCH_RUNS=5 KEYSTEAD_BENCH_OPEN_RUNS=3 KEYSTEAD_BENCH_SECRETS=10000 (defaults)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
. "$repo/tests/scratch.sh"
app="${KEYSTEAD_BENCH_APP:-$repo/target/desktop/keystead-desktop}"
cli="${KEYSTEAD_BENCH_CLI:-$repo/target/release/keystead}"
driver="${TAURI_DRIVER:-$repo/.tools/bin/tauri-driver}"
native_driver="/usr/bin/WebKitWebDriver"
secrets="${KEYSTEAD_BENCH_SECRETS:-10000}"
runs="${KEYSTEAD_BENCH_RUNS:-5}"
# Not the end-to-end tests' ports (tauri-driver 4444, its WebKitWebDriver 4445).
port="${KEYSTEAD_BENCH_DRIVER_PORT:-4450}"
native_port=$((port + 1))
passphrase="desktop bench passphrase"
namespace="bench"

for tool in xvfb-run node; do
  command -v "$tool" >/dev/null || { echo "desktop bench: missing $tool (make deps)" >&2; exit 2; }
done
[ -x "$native_driver" ] || { echo "desktop bench: missing $native_driver (apt-get install webkit2gtk-driver)" >&2; exit 2; }
[ -x "$driver" ] || { echo "desktop bench: missing $driver (make e2e-deps)" >&2; exit 2; }
[ -d "$repo/tests/e2e/node_modules/webdriverio" ] || (cd "$repo/tests/e2e" && npm ci --no-audit --no-fund >&2)

if [ -z "${KEYSTEAD_BENCH_SKIP_BUILD:-}" ]; then
  # The app as `make package` builds it: through the Tauri CLI, which leaves out the commands no
  # capability allows (removeUnusedCommands in tauri.conf.json).
  (cd "$repo/ui" && npm run build && npm run tauri -- build --ci --no-bundle -- --profile desktop) >&2
  (cd "$repo" && cargo build --release -p keystead --bin keystead) >&2
fi
for bin in "$app" "$cli"; do
  [ -x "$bin" ] || { echo "desktop bench: $bin not built" >&2; exit 2; }
done

scratch="$(mktemp -d -t keystead-bench.XXXXXX)"
trap 'remove_scratch "$scratch"' EXIT
mkdir -p "$scratch"/{data,xdg-data,xdg-cache,xdg-config,xdg-runtime}
chmod 700 "$scratch/xdg-runtime" "$scratch/data"

# One namespace of $secrets secrets, imported by the CLI into a passphrase-protected data dir.
awk -v n="$secrets" 'BEGIN { for (i = 0; i < n; i++) printf "BENCH_SECRET_%05d=value-%05d-abcdefghijklmnopqrstuvwx\n", i, i }' >"$scratch/bench.env"
KEYSTEAD_KEYRING=off KEYSTEAD_PASSPHRASE="$passphrase" KEYSTEAD_DATA_DIR="$scratch/data" \
  "$cli" secret import "$namespace" "$scratch/bench.env" >/dev/null 2>"$scratch/import.log" \
  || { cat "$scratch/import.log" >&2; exit 1; }

# WebKitWebDriver starts the app through this launcher, which notes its pid (kept by exec) and the
# wall-clock time it starts the app.
cat >"$scratch/launch" <<EOF
#!/bin/sh
echo "\$\$ \$(date +%s%N)" >>"$scratch/spawns"
exec "$app" "\$@"
EOF
chmod +x "$scratch/launch"

# The app inherits this environment through tauri-driver: the seeded data dir, no OS keyring and no
# session bus (it starts locked, on the unlock screen), scratch XDG dirs (no saved window state).
export KEYSTEAD_DATA_DIR="$scratch/data" KEYSTEAD_KEYRING=off
export XDG_DATA_HOME="$scratch/xdg-data" XDG_CACHE_HOME="$scratch/xdg-cache"
export XDG_CONFIG_HOME="$scratch/xdg-config" XDG_RUNTIME_DIR="$scratch/xdg-runtime"
unset DBUS_SESSION_BUS_ADDRESS KEYSTEAD_PASSPHRASE
export KEYSTEAD_BENCH_LAUNCHER="$scratch/launch" KEYSTEAD_BENCH_SPAWN_LOG="$scratch/spawns"
export KEYSTEAD_BENCH_PASSPHRASE="$passphrase" KEYSTEAD_BENCH_NAMESPACE="$namespace"
export KEYSTEAD_BENCH_SECRETS="$secrets" KEYSTEAD_BENCH_RUNS="$runs" KEYSTEAD_E2E_DRIVER_PORT="$port"
export KEYSTEAD_BENCH_APP_BINARY="$app"
KEYSTEAD_BENCH_BINARY_BYTES="$(stat -c %s "$app")"
export KEYSTEAD_BENCH_BINARY_BYTES

xvfb-run -a -s "-screen 0 1280x900x24" bash -c '
  set -u
  "$0" --port "$1" --native-port "$5" --native-driver "$2" >"$3/tauri-driver.log" 2>&1 &
  driver_pid=$!
  trap "kill $driver_pid 2>/dev/null; wait $driver_pid 2>/dev/null" EXIT
  for _ in $(seq 1 100); do
    (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null && break
    sleep 0.1
  done
  node "$4/desktop.mjs" >"$3/table.md"
' "$driver" "$port" "$native_driver" "$scratch" "$here" "$native_port" || {
  echo "desktop bench: failed; tauri-driver log:" >&2
  grep -v "IncompleteMessage" "$scratch/tauri-driver.log" | tail -n 40 >&2
  exit 1
}

echo "## Desktop app (release build, Xvfb)"
echo
echo "Written by \`benches/desktop.sh\` (part of \`make bench\`); $runs cold starts of"
echo "\`target/desktop/keystead-desktop\` (Cargo's \`desktop\` profile: release, opt-level \"z\", panics abort) driven by tauri-driver + WebKitWebDriver under Xvfb (1280×900),"
echo "on a data dir seeded by \`keystead secret import\` with one namespace of $secrets secrets, locked"
echo "(passphrase mode); the last ${KEYSTEAD_BENCH_OPEN_RUNS:-3} runs also unlock and open that namespace. The OS file cache is"
echo "warm (the caches are not dropped: other work shares the machine), so \"cold\" means a new"
echo "process, not a cold disk. RSS counts every page the process maps, shared libraries (WebKitGTK,"
echo "GTK) included; PSS divides shared pages among the processes that map them. WebKit draws on the"
echo "CPU, as the app has it do by default (\`src-tauri/src/webview.rs\`; \`KEYSTEAD_WEBVIEW_GPU=on\` leaves it to WebKit)."
echo
echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "- machine: $(nproc) cores (\`nproc\`), $(free -g | awk '/Mem:/{print $2}') GiB RAM, $(uname -sr)"
echo "- command: \`${KEYSTEAD_BENCH_COMMAND:-benches/desktop.sh}\`"
echo
echo '```'
lscpu | head -n 10
echo '```'
echo
cat "$scratch/table.md"
if deb="$(ls -t "$repo"/target/desktop/bundle/deb/*.deb 2>/dev/null | head -n 1)" && [ -n "$deb" ]; then
  echo
  echo "Package: \`${deb#"$repo"/}\`, $(stat -c %s "$deb") bytes."
fi
