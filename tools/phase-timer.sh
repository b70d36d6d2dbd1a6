# Sourced by the set-up, CI and fresh-machine scripts: `phase NAME` starts a timed phase, and at
# exit (failed or not) a table shows where the minutes went.
PHASES=()
PHASE_NAME=''
PHASE_START=0
RUN_START=$(date +%s)

end_phase() {
  [[ -n "$PHASE_NAME" ]] && PHASES+=("$(printf '%-20s %5ss' "$PHASE_NAME" $(($(date +%s) - PHASE_START)))")
  PHASE_NAME=''
}

phase() {
  end_phase
  PHASE_NAME=$1
  PHASE_START=$(date +%s)
  printf '\n===== [%s] %s =====\n' "$(date -u +%H:%M:%SZ)" "$1"
}

report_phases() {
  local rc=$?
  end_phase
  printf '\n===== [%s] %s: phase times (exit %s) =====\n' "$(date -u +%H:%M:%SZ)" "$PHASE_TITLE" "$rc"
  printf '%s\n' "${PHASES[@]}" "$(printf '%-20s %5ss' total $(($(date +%s) - RUN_START)))"
}

# PHASE_TITLE names the script in the closing table (set before calling, or the script's name).
start_phase_timer() {
  PHASE_TITLE=${PHASE_TITLE:-$(basename "$0")}
  trap report_phases EXIT
}
