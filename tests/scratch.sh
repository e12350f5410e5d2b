# Sourced by the test and bench scripts that start the desktop app.
# remove_scratch DIR removes a scratch dir that processes we started may still be writing to:
# WebKit's helper processes outlive a killed app by a moment and write Mesa's shader cache as
# they go, so one `rm -rf` can meet a directory that is not empty any more. It tries for up to
# 10 s; a dir that stays only warns, because a leftover temp dir is not a failed test, and it
# never changes the script's exit status.
remove_scratch() {
  local dir="$1" _
  for _ in $(seq 1 50); do
    rm -rf "$dir" 2>/dev/null && return 0
    sleep 0.2
  done
  echo "warning: could not remove $dir: a process still writes to it" >&2
  return 0
}
