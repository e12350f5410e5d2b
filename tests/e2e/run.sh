#!/usr/bin/env bash
# End-to-end test of the built Keystead desktop app:
# builds what is missing, then under Xvfb starts tauri-driver (over WebKitWebDriver) and runs
# desktop.e2e.mjs against a fresh data dir with no reachable OS keyring. Exits with the test's code.
#
#   tests/e2e/run.sh            # build ui + app if needed, then test
#   KEYSTEAD_E2E_SKIP_BUILD=1 tests/e2e/run.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
. "$repo/tests/scratch.sh"
app="${KEYSTEAD_E2E_APP:-$repo/target/debug/keystead-desktop}"
driver="${TAURI_DRIVER:-$repo/.tools/bin/tauri-driver}"
native_driver="/usr/bin/WebKitWebDriver"
port="${KEYSTEAD_E2E_DRIVER_PORT:-4444}"

need() { command -v "$1" >/dev/null 2>&1 || { echo "run.sh: missing $1 ($2)" >&2; exit 2; }; }
need xvfb-run "apt-get install xvfb xauth"
need node "Node.js 20+"
need xclip "apt-get install xclip (reads the clipboard the app writes)"
[ -x "$native_driver" ] || { echo "run.sh: missing $native_driver (apt-get install webkit2gtk-driver)" >&2; exit 2; }
if [ ! -x "$driver" ]; then
  echo "run.sh: installing tauri-driver into $repo/.tools"
  cargo install tauri-driver --locked --version 2.1.0 --root "$repo/.tools"
fi

if [ -z "${KEYSTEAD_E2E_SKIP_BUILD:-}" ]; then
  echo "run.sh: building the ui and the desktop app (its default custom-protocol feature serves ui/dist)"
  (cd "$repo/ui" && { [ -d node_modules ] || npm install --no-audit --no-fund; } && npm run build)
  (cd "$repo" && CARGO_PROFILE_DEV_DEBUG=0 cargo build -p keystead-desktop)
fi
[ -x "$app" ] || { echo "run.sh: app binary $app not found" >&2; exit 2; }
[ -d "$here/node_modules/webdriverio" ] || (cd "$here" && npm ci --no-audit --no-fund)

scratch="$(mktemp -d -t keystead-e2e.XXXXXX)"
trap 'remove_scratch "$scratch"' EXIT
mkdir -p "$scratch/data" "$scratch/xdg-data" "$scratch/xdg-cache" "$scratch/xdg-config" "$scratch/xdg-runtime"
chmod 700 "$scratch/xdg-runtime"

# The app inherits this environment through tauri-driver and WebKitWebDriver: a fresh data dir,
# no session bus (so no OS keyring: the passphrase path), and scratch XDG dirs for WebKit's caches.
export KEYSTEAD_DATA_DIR="$scratch/data"
export XDG_DATA_HOME="$scratch/xdg-data" XDG_CACHE_HOME="$scratch/xdg-cache"
export XDG_CONFIG_HOME="$scratch/xdg-config" XDG_RUNTIME_DIR="$scratch/xdg-runtime"
unset DBUS_SESSION_BUS_ADDRESS KEYSTEAD_PASSPHRASE
export KEYSTEAD_E2E_APP="$app" KEYSTEAD_E2E_DRIVER_PORT="$port"
# Copy clears the clipboard after 30 s; a short delay lets the test see the clear happen.
export KEYSTEAD_CLIPBOARD_CLEAR_SECS="${KEYSTEAD_CLIPBOARD_CLEAR_SECS:-2}"
# The README screenshot is refreshed only on request (KEYSTEAD_E2E_SCREENSHOT=docs/screenshot.png).
export KEYSTEAD_E2E_SCREENSHOT="${KEYSTEAD_E2E_SCREENSHOT:-$scratch/screenshot.png}"
# The credential form and Test result panel (credential-form.png, credential-test.png,
# credential-test-failed.png), the API tokens list (access-tokens.png), the KV tab (kv.png) and the
# secrets import preview (secrets-import.png): set a directory to keep them;
# by default they go to the scratch dir and are removed with it.
export KEYSTEAD_E2E_SCREENSHOT_DIR="${KEYSTEAD_E2E_SCREENSHOT_DIR:-$scratch}"

started=$(date +%s)
set +e
xvfb-run -a -s "-screen 0 1280x900x24" bash -c '
  set -u
  "$0" --port "$1" --native-driver "$2" >"$3/tauri-driver.log" 2>&1 &
  driver_pid=$!
  trap "kill $driver_pid 2>/dev/null; wait $driver_pid 2>/dev/null" EXIT
  for _ in $(seq 1 100); do
    (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null && break
    sleep 0.1
  done
  (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null || { echo "run.sh: tauri-driver did not listen on $1" >&2; cat "$3/tauri-driver.log" >&2; exit 2; }
  node "$4/desktop.e2e.mjs"
' "$driver" "$port" "$native_driver" "$scratch" "$here"
code=$?
set -e
if [ "$code" -ne 0 ] && [ -f "$scratch/tauri-driver.log" ]; then
  echo "run.sh: last lines of the tauri-driver log:" >&2
  tail -n 40 "$scratch/tauri-driver.log" >&2
fi
echo "run.sh: e2e finished in $(( $(date +%s) - started )) s with exit code $code"
exit "$code"
