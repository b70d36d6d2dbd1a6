#!/usr/bin/env bash
# Checks the README's promise: on a fresh machine its two commands are the whole set-up.
#
#   bash tools/check-fresh-setup.sh [--purge-system-packages] [--keep]
#
# It clones the committed HEAD into a throw-away folder (no node_modules, no build outputs), gives
# npm an empty cache, reads the two commands from the README's first code block and runs them
# there unchanged, one after the other, each logged to the folder. It passes when both exit 0.
# --purge-system-packages first removes the system packages the set-up installs (root and apt
# only: for a throw-away machine), so their installation is part of what is checked.
# --keep leaves the folder for inspection.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
purge=false
keep=false
for arg in "$@"; do
  case $arg in
    --purge-system-packages) purge=true ;;
    --keep) keep=true ;;
    *) echo "usage: $0 [--purge-system-packages] [--keep]" >&2; exit 2 ;;
  esac
done

source "$repo/tools/phase-timer.sh"
PHASE_TITLE='fresh-machine check'
start_phase_timer

root=$(mktemp -d -t modcomp-fresh-XXXXXX)
# Keep the exit status for the phase table, which reads it.
$keep || trap 'rc=$?; rm -rf "$root"; (exit $rc); report_phases' EXIT
echo "throw-away root: $root"

if $purge; then
  phase 'purge system packages'
  if ((EUID != 0)) || ! command -v apt-get >/dev/null 2>&1; then
    echo '--purge-system-packages needs root and apt-get' >&2
    exit 2
  fi
  # The packages tools/setup.sh installs that a machine of this kind does not start with.
  DEBIAN_FRONTEND=noninteractive apt-get purge -y chromium poppler-utils redis-server || true
  DEBIAN_FRONTEND=noninteractive apt-get autoremove -y || true
fi
for tool in chromium pdftoppm redis-server; do
  command -v "$tool" >/dev/null 2>&1 && echo "note: $tool is already installed here" || echo "absent before set-up: $tool"
done

phase 'clone'
git clone --quiet --no-local "$repo" "$root/repo"
git -C "$root/repo" log -1 --format='commit %h %s'
export npm_config_cache="$root/npm-cache"

# The README's first fenced block: one command per line, comments after '#' dropped.
mapfile -t commands < <(awk '/^```/{ if (open) exit; open=1; next } open' "$root/repo/README.md" | sed 's/[[:space:]]*#.*$//' | sed '/^[[:space:]]*$/d')
if ((${#commands[@]} != 2)); then
  echo "expected the README's first code block to hold two commands, found ${#commands[@]}" >&2
  exit 1
fi

for i in 0 1; do
  phase "README command $((i + 1))"
  echo "\$ ${commands[$i]}"
  log="$root/command-$((i + 1)).log"
  if ! (cd "$root/repo" && bash -c "${commands[$i]}" </dev/null >"$log" 2>&1); then
    tail -n 40 "$log"
    echo "README command $((i + 1)) failed: ${commands[$i]} (log: $log)" >&2
    keep=true
    exit 1
  fi
  # The set-up's own phase table and the test summary, so the log's times reach this report.
  grep -E '^(=====|[a-z][a-z ]+ +[0-9]+s$|[0-9]+ passed, [0-9]+ failed)' "$log" | tail -n 20 || true
done
echo 'both README commands passed on a fresh clone'
