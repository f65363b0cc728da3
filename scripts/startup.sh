#!/usr/bin/env bash
# Measures how long each program takes to show its window under Xvfb, and how much memory it
# holds then, N runs each, interleaved, and prints the medians and their ratios.
# Usage: scripts/startup.sh APP MINIMAL [RUNS]
#
# Memory is read from /proc/PID/status: VmRSS the moment the window is mapped (what start-up
# cost to get there), and VmHWM one second later (the peak resident set once the program has
# settled, so that work merely moved to just after the window shows is still counted).
set -euo pipefail
app=$1 minimal=$2 runs=${3:-7}
: >/tmp/startup-programs.log
display=$(mktemp) res=$(mktemp -d)
# Xvfb picks a free display itself (-displayfd); -noreset keeps it from resetting (and refusing
# connections) each time its last client leaves.
Xvfb -displayfd 3 -noreset -screen 0 1280x800x24 -nolisten tcp 3>"$display" >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true; rm -rf "$display" "$res"' EXIT
for _ in $(seq 100); do [ -s "$display" ] && break; sleep 0.1; done
export DISPLAY=":$(tr -d '[:space:]' <"$display")"
for _ in $(seq 100); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done

# kib PID FIELD: that field of /proc/PID/status (VmRSS, VmHWM), in KiB.
kib() { awk -v f="$2:" '$1 == f {print $2}' "/proc/$1/status"; }

# measure PROGRAM TITLE: "ms rss hwm": milliseconds from start to the window being mapped,
# VmRSS then (KiB), and VmHWM one second later (KiB).
measure() {
  local start end pid rss hwm
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
  rss=$(kib "$pid" VmRSS)
  sleep 1
  hwm=$(kib "$pid" VmHWM)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$(( (end - start) / 1000000 )) $rss $hwm"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
col() { awk -v c="$1" '{print $c}' "$2"; }   # column c of a results file

for _ in $(seq "$runs"); do   # interleaved, so both see the same machine load
  measure "$minimal" '^Minimal Fyne window$' >>"$res/min"
  measure "$app" '^Assistant MFP 365$' >>"$res/app"
done
# report COLUMN WHAT UNIT TARGET: both programs' runs, medians and the ratio app/minimal.
report() {
  local a m
  a=$(col "$1" "$res/app" | median) m=$(col "$1" "$res/min" | median)
  echo "$2:"
  echo "  minimal Fyne window: $(col "$1" "$res/min" | xargs) (median $m $3)"
  echo "  Assistant MFP 365:   $(col "$1" "$res/app" | xargs) (median $a $3)"
  awk -v a="$a" -v m="$m" -v t="$4" 'BEGIN {printf "  ratio: %.2f%s\n", a/m, t}'
}
report 1 "time to window mapped" ms " (target <= 1.15)"
report 2 "VmRSS when mapped" KiB ""
report 3 "VmHWM 1 s later" KiB ""
