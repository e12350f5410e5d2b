#!/usr/bin/env bash
# Keystead against a real Secret Service (gnome-keyring on a private D-Bus session): the master key
# is created in the OS keyring, works across processes, and never lands in the data dir.
#   tests/keyring/run.sh [path/to/keystead]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
bin="${1:-$repo/target/debug/keystead}"
for tool in dbus-run-session gnome-keyring-daemon secret-tool; do
  command -v "$tool" >/dev/null || { echo "keyring test: missing $tool (apt-get install dbus-x11 gnome-keyring libsecret-tools)" >&2; exit 2; }
done
[ -x "$bin" ] || { echo "keyring test: $bin not built (cargo build --bin keystead)" >&2; exit 2; }

scratch="$(mktemp -d -t keystead-keyring.XXXXXX)"
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/data" "$scratch/xdg-data" "$scratch/run"
chmod 700 "$scratch/run"

XDG_DATA_HOME="$scratch/xdg-data" XDG_RUNTIME_DIR="$scratch/run" KEYSTEAD_BIN="$bin" \
  KEYSTEAD_DATA_DIR="$scratch/data" dbus-run-session -- bash -c '
set -u
unset KEYSTEAD_PASSPHRASE KEYSTEAD_KEYRING
# The unlock password must be an empty line (not empty input) for a fresh login keyring.
echo "" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
passed=0; failed=0
check() { if eval "$2"; then passed=$((passed+1)); echo "ok - $1"; else failed=$((failed+1)); echo "not ok - $1"; fi; }
created="$(printf %s keyring-canary-value | "$KEYSTEAD_BIN" secret set app API_KEY 2>&1 >/dev/null)"
check "first start says the master key went to the OS keyring" "[[ \"\$created\" == *\"master key in the OS keyring\"* ]]"
check "a second process reads the secret back" "[ \"\$(\"\$KEYSTEAD_BIN\" secret get app API_KEY --reveal)\" = keyring-canary-value ]"
check "status reports keyring mode" "\"\$KEYSTEAD_BIN\" --json status | grep -q \"\\\"key_mode\\\": \\\"keyring\\\"\""
account="$(secret-tool search service keystead 2>&1 | sed -n "s/^attribute.username = //p" | head -n1)"
check "the keyring holds one keystead entry" "[ -n \"\$account\" ]"
secret-tool lookup service keystead username "$account" > "$XDG_RUNTIME_DIR/master.key"
check "the keyring entry is a 256-bit key" "[ \"\$(stat -c %s \"\$XDG_RUNTIME_DIR/master.key\")\" -eq 32 ]"
leaked=0
for f in "$KEYSTEAD_DATA_DIR"/*; do
  python3 -c "import sys; sys.exit(0 if open(sys.argv[1],\"rb\").read() in open(sys.argv[2],\"rb\").read() else 1)" "$XDG_RUNTIME_DIR/master.key" "$f" && leaked=1
  grep -q keyring-canary-value "$f" && leaked=1
done
check "neither the master key nor the value is in the data dir" "[ \$leaked -eq 0 ]"
secret-tool clear service keystead username "$account"
missing="$("$KEYSTEAD_BIN" secret list app 2>&1)"; code=$?
check "a removed keyring entry is reported, not papered over" "[ \$code -eq 1 ] && [[ \"\$missing\" == *\"OS keyring has no usable master key\"* ]]"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
' 2> >(grep -v "Failed to set fd limit" >&2)
