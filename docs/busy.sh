#!/usr/bin/env bash
# Speed on a busy machine: runs a command once on a quiet machine, once with GOMAXPROCS=1, and once
# each way while J CPU-bound busy loops compete for the cores (as a browser, a build or another job
# would on a user's machine), alternating the runs so that machine drift hits all alike.
#
# Usage, from the project root:
#   docs/busy.sh [-j J] [-n RUNS] -- COMMAND [ARG...]
#     -j J     competing busy loops (default 1)
#     -n RUNS  rounds (default 3); medians are printed
# Example:
#   go build -o /tmp/dlfs . && docs/busy.sh -- /tmp/dlfs -out /tmp/busy-out
# Prints each run's wall and CPU seconds, the medians, and last the line
#   "busy ratio X cpu Y oversub Z"
# X = busy wall (default GOMAXPROCS) / busy wall (GOMAXPROCS=1): above 1, the parallel code loses
#     to its own single-core run when the machine is busy;
# Y = busy CPU seconds (default) / busy CPU seconds (GOMAXPROCS=1): above 1, cycles spent waiting;
# Z = quiet wall with GOMAXPROCS = 4 x cores / quiet wall (default): above 1, more threads than cores hurt.
set -euo pipefail
jobs=1 runs=3
while [ $# -gt 0 ]; do
  case "$1" in
    -j) jobs=$2; shift 2 ;;
    -n) runs=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "usage: busy.sh [-j J] [-n RUNS] -- COMMAND [ARG...]" >&2; exit 2 ;;
  esac
done
[ $# -gt 0 ] || { echo "usage: busy.sh [-j J] [-n RUNS] -- COMMAND [ARG...]" >&2; exit 2; }
tmp=$(mktemp -d)
hogs=()
stop_hogs() { for h in "${hogs[@]}"; do kill "$h" 2>/dev/null || true; done; hogs=(); }
trap 'stop_hogs; rm -rf "$tmp"' EXIT
start_hogs() { for _ in $(seq 1 "$jobs"); do sh -c 'while :; do :; done' & hogs+=($!); done; }
cores=$(nproc)
# one timed run: label, then env assignments and the command; appends "wall cpu" to $tmp/label
timed() {
  local label=$1; shift
  /usr/bin/time -f '%e %U %S' -o "$tmp/t" env "$@" >"$tmp/out" 2>&1 || { echo "the command failed ($label):"; tail -n 20 "$tmp/out"; exit 1; }
  read -r w u s <"$tmp/t"
  local c; c=$(awk -v u="$u" -v s="$s" 'BEGIN{printf "%.2f", u+s}')
  echo "$w $c" >>"$tmp/$label"
  echo "run $i $label: ${w}s wall ${c}s cpu"
}
for i in $(seq 1 "$runs"); do
  timed quiet "$@"
  timed oversub GOMAXPROCS=$((4 * cores)) "$@"
  start_hogs
  timed busy "$@"
  timed busy1 GOMAXPROCS=1 "$@"
  stop_hogs
done
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
col() { awk -v k="$2" '{print $k}' "$tmp/$1" | median; }
qw=$(col quiet 1) ow=$(col oversub 1) bw=$(col busy 1) bc=$(col busy 2) b1w=$(col busy1 1) b1c=$(col busy1 2)
echo "median quiet: ${qw}s; GOMAXPROCS=$((4 * cores)): ${ow}s; with $jobs busy loop(s): ${bw}s wall ${bc}s cpu; same, GOMAXPROCS=1: ${b1w}s wall ${b1c}s cpu"
awk -v bw="$bw" -v b1w="$b1w" -v bc="$bc" -v b1c="$b1c" -v ow="$ow" -v qw="$qw" \
  'BEGIN {printf "busy ratio %.3f cpu %.3f oversub %.3f\n", bw/b1w, bc/b1c, ow/qw}'
