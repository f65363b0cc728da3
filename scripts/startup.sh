#!/usr/bin/env bash
# Measures how long each program takes to show its window under Xvfb, N runs each, and prints
# the medians and their ratio. Usage: scripts/startup.sh APP MINIMAL [RUNS]
set -euo pipefail
app=$1 minimal=$2 runs=${3:-7}
: >/tmp/startup-programs.log
display=$(mktemp)
# Xvfb picks a free display itself (-displayfd); -noreset keeps it from resetting (and refusing
# connections) each time its last client leaves.
Xvfb -displayfd 3 -noreset -screen 0 1280x800x24 -nolisten tcp 3>"$display" >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true; rm -f "$display"' EXIT
for _ in $(seq 100); do [ -s "$display" ] && break; sleep 0.1; done
export DISPLAY=":$(tr -d '[:space:]' <"$display")"
for _ in $(seq 100); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done

# time_to_window PROGRAM TITLE: milliseconds from start to the window being mapped.
time_to_window() {
  local start end pid
  start=$(date +%s%N)
  "$1" >>/tmp/startup-programs.log 2>&1 &
  pid=$!
  # xdotool's own --sync polls twice a second: poll every 5 ms instead, for 20 s at most.
  until xdotool search --onlyvisible --name "$2" >/dev/null 2>&1; do
    sleep 0.005
    if (( $(date +%s%N) - start > 20000000000 )); then
      echo "$1: no window after 20 s (see /tmp/startup-programs.log)" >&2; kill "$pid" 2>/dev/null; exit 1
    fi
  done
  end=$(date +%s%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo $(( (end - start) / 1000000 ))
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

app_ms=() min_ms=()
for _ in $(seq "$runs"); do   # interleaved, so both see the same machine load
  min_ms+=("$(time_to_window "$minimal" '^Minimal Fyne window$')")
  app_ms+=("$(time_to_window "$app" '^Assistant MFP 365$')")
done
a=$(printf '%s\n' "${app_ms[@]}" | median)
m=$(printf '%s\n' "${min_ms[@]}" | median)
echo "minimal Fyne window: ${min_ms[*]} ms (median $m ms)"
echo "Assistant MFP 365:   ${app_ms[*]} ms (median $a ms)"
awk -v a="$a" -v m="$m" 'BEGIN {printf "ratio: %.2f (target <= 1.25)\n", a/m}'
