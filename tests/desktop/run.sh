#!/usr/bin/env bash
# The built desktop app on a private D-Bus session under Xvfb, without WebDriver:
# - a second launch on the same data dir hands over to the running app and exits 0;
# - a launch on another data dir (another vault) opens next to it;
# - a crashed app does not block the next launch;
# - the window opens at the size and position saved in the app's .window-state.json;
# - an unlocked app locks itself when the screensaver says the screen locked;
# - the app follows the desktop portal's colour scheme, and GTK's theme where the portal states none.
#   tests/desktop/run.sh [path/to/keystead-desktop]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
. "$repo/tests/scratch.sh"
app="${1:-$repo/target/debug/keystead-desktop}"
for tool in xvfb-run dbus-run-session dbus-send xwininfo; do
  command -v "$tool" >/dev/null || { echo "desktop test: missing $tool (apt-get install xvfb xauth dbus x11-utils)" >&2; exit 2; }
done
[ -x "$app" ] || { echo "desktop test: $app not built (cargo build -p keystead-desktop)" >&2; exit 2; }

scratch="$(mktemp -d -t keystead-desktop.XXXXXX)"
trap 'remove_scratch "$scratch"' EXIT
mkdir -p "$scratch"/{a,b,c,d,xdg-data,xdg-cache,xdg-config/dev.keystead.app,run}
chmod 700 "$scratch"/{a,b,c,d,run}
# What the app saved when it last closed: 1000×640 at (120, 80) (tauri.conf.json opens 1200×800).
cat >"$scratch/xdg-config/dev.keystead.app/.window-state.json" <<'JSON'
{"main":{"width":1000,"height":640,"x":120,"y":80,"prev_x":120,"prev_y":80,"maximized":false,"visible":true,"decorated":true,"fullscreen":false}}
JSON

# A session bus that starts no service on demand: no portal, keyring or screensaver of this
# machine answers, only what the tests run or send.
cat >"$scratch/session.conf" <<'XML'
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
XML

export XDG_DATA_HOME="$scratch/xdg-data" XDG_CACHE_HOME="$scratch/xdg-cache"
export XDG_CONFIG_HOME="$scratch/xdg-config" XDG_RUNTIME_DIR="$scratch/run"
# No OS keyring and no accessibility bus: the app starts locked, and only the app owns names.
export KEYSTEAD_KEYRING=off NO_AT_BRIDGE=1 KEYSTEAD_APP="$app" SCRATCH="$scratch"
unset KEYSTEAD_PASSPHRASE

xvfb-run -a -s "-screen 0 1600x1000x24" dbus-run-session --config-file="$scratch/session.conf" -- bash -c '
set -u
passed=0; failed=0
check() { if eval "$2"; then passed=$((passed+1)); echo "ok - $1"; else failed=$((failed+1)); echo "not ok - $1"; fi; }
# The single-instance names the running apps own on this session bus.
names() {
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.ListNames | grep -c "dev\.keystead\.app\.data_[0-9a-f]*\.SingleInstance"
}
wait_names() {
  for _ in $(seq 1 300); do [ "$(names)" = "$1" ] && return 0; sleep 0.1; done
  return 1
}
launch() { KEYSTEAD_DATA_DIR="$SCRATCH/$1" "$KEYSTEAD_APP" 2>>"$SCRATCH/$2.log" & }
pids=()
trap "kill \${pids[*]} 2>/dev/null; wait 2>/dev/null" EXIT

launch a first; pids+=($!); first=$!
check "the first launch owns a single-instance name on the session bus" "wait_names 1"
check "the first launch found the session bus" "! grep -q \"launching normally\" \"$SCRATCH/first.log\""
# The window is mapped at the configured 1200x800 first; the plugin restores it once it is ready.
size=""; position=""
for _ in $(seq 1 150); do
  geometry="$(xwininfo -name Keystead 2>/dev/null || true)"
  size="$(sed -n "s/^ *Width: //p" <<<"$geometry")x$(sed -n "s/^ *Height: //p" <<<"$geometry")"
  position="$(sed -n "s/^ *Absolute upper-left X: *//p" <<<"$geometry"),$(sed -n "s/^ *Absolute upper-left Y: *//p" <<<"$geometry")"
  [ "$size" = 1000x640 ] && [ "$position" = 120,80 ] && break
  sleep 0.1
done
check "the window opens at the saved size (1000x640, got $size)" "[ \"$size\" = 1000x640 ]"
check "the window opens at the saved position (120,80, got $position)" "[ \"$position\" = 120,80 ]"

started=$(date +%s%N)
KEYSTEAD_DATA_DIR="$SCRATCH/a" timeout 20 "$KEYSTEAD_APP" 2>>"$SCRATCH/second.log"; code=$?
took=$(( ($(date +%s%N) - started) / 1000000 ))
check "a second launch on the same data dir exits 0 (got $code after $took ms)" "[ $code -eq 0 ]"
check "the running app is still there" "kill -0 $first"
check "still one name: the second launch opened no app" "[ \"\$(names)\" = 1 ]"

launch b other; pids+=($!); other=$!
check "a launch on another data dir opens next to it" "wait_names 2 && kill -0 $other"

kill -9 "$first"; wait "$first" 2>/dev/null
check "a crashed app gives its name back" "wait_names 1"
launch a after-crash; pids+=($!); after=$!
check "the next launch on that data dir opens" "wait_names 2 && kill -0 $after"

# Unlocked at start by KEYSTEAD_PASSPHRASE (a fresh data dir: the master key is made then).
KEYSTEAD_DATA_DIR="$SCRATCH/c" KEYSTEAD_PASSPHRASE="screen lock test passphrase" RUST_LOG=keystead_desktop=info NO_COLOR=1 \
  "$KEYSTEAD_APP" 2>>"$SCRATCH/screen.log" & pids+=($!)
in_log() { for _ in $(seq 1 300); do grep -q "$1" "$SCRATCH/screen.log" && return 0; sleep 0.1; done; return 1; }
check "the app watches the screensaver on the session bus" "in_log \"org.freedesktop.ScreenSaver.*watching the screen lock\|watching the screen lock.*org.freedesktop.ScreenSaver\""
screensaver() { dbus-send --session --type=signal /org/freedesktop/ScreenSaver org.freedesktop.ScreenSaver.ActiveChanged "boolean:$1"; }
screensaver false; sleep 0.5
check "the screensaver going off does not lock" "! grep -q \"locked: the screen locked\" \"$SCRATCH/screen.log\""
screensaver true
check "the screen locking locks the unlocked app" "in_log \"locked: the screen locked\""
screensaver true
check "a second screen lock finds it locked already" "in_log \"Keystead was locked already\""

# No portal runs on this bus (it starts none): the app takes the light GTK theme, then follows the colour scheme in
# the SettingChanged signals that xdg-desktop-portal sends when the dark style is switched (Tauri
# copies it into the GTK settings the app reads).
KEYSTEAD_DATA_DIR="$SCRATCH/d" GTK_THEME=Adwaita RUST_LOG=keystead_desktop=info NO_COLOR=1 \
  "$KEYSTEAD_APP" 2>>"$SCRATCH/style.log" & pids+=($!)
portal() {
  dbus-send --session --type=signal /org/freedesktop/portal/desktop org.freedesktop.portal.Settings.SettingChanged \
    string:org.freedesktop.appearance string:color-scheme "variant:uint32:$1"
}
# Whether the app has said $2 times that the style is now $1 (dark=true or dark=false).
styles() {
  for _ in $(seq 1 300); do
    [ "$(grep -c "the desktop.s style $1" "$SCRATCH/style.log")" -ge "$2" ] && return 0
    sleep 0.1
  done
  return 1
}
check "without a portal the app takes the light GTK theme" "styles dark=false 1"
portal 1
check "the portal dark style makes it dark" "styles dark=true 1"
portal 0
check "a portal without preference gives the GTK theme back" "styles dark=false 2"

echo "$passed passed, $failed failed"
if [ "$failed" -ne 0 ]; then
  for log in "$SCRATCH"/*.log; do echo "== $log"; tail -n 20 "$log"; done
fi
[ "$failed" -eq 0 ]
' 2> >(grep -v -e "^dbus-daemon\[" -e "^SpiRegistry" >&2)
