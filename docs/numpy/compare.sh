#!/usr/bin/env bash
# Times the book's training run in numpy (train_neuralnet.py beside this
# file) and a command of this project alternately, so that a machine whose
# speed drifts slows both alike, and prints each run, the medians and the
# ratios project/numpy of wall time and peak memory.
#
# Usage, from the project's root:
#   go build -o /tmp/dlfs . && docs/numpy/compare.sh [-n RUNS] -- /tmp/dlfs
#   docs/numpy/compare.sh -b [-n RUNS] -- /tmp/dlfs -book -out /tmp/book
# -b times the book's own code instead (book_run.py beside this file), the
# reference of -book.
#
# It needs python3 with numpy ($PYTHON, python3 or /usr/bin/python3, the
# first that has it; Debian: apt-get install python3-numpy) and GNU time
# (/usr/bin/time).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
runs=3 script=train_neuralnet.py
while [ $# -gt 0 ]; do
  case "$1" in
    -n) runs=$2; shift 2 ;;
    -b) script=book_run.py; shift ;;
    --) shift; break ;;
    *) break ;;
  esac
done
if [ $# -eq 0 ]; then
  echo "usage: docs/numpy/compare.sh [-n RUNS] [-b] -- COMMAND [ARG...]" >&2
  exit 2
fi
python=
for p in ${PYTHON:-} python3 /usr/bin/python3; do
  if "$p" -c 'import numpy' 2>/dev/null; then python=$p; break; fi
done
if [ -z "$python" ]; then
  echo "compare.sh: no python3 with numpy (Debian: apt-get install python3-numpy; or set PYTHON)" >&2
  exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
timed() { # name, command...: runs it, prints its line, appends "wall kB" to $tmp/name
  local name=$1; shift
  /usr/bin/time -f '%e %M' -o "$tmp/t" "$@" >"$tmp/out" 2>&1 || { echo "$name failed:"; tail -n 5 "$tmp/out"; exit 1; }
  read -r wall kb <"$tmp/t"
  echo "$wall $kb" >>"$tmp/$name"
  printf '%-8s %6.2f s %5d MiB  %s\n' "$name" "$wall" $((kb / 1024)) "$(tail -n 1 "$tmp/out" | cut -c1-80)"
}
for _ in $(seq "$runs"); do
  timed numpy "$python" "$here/$script"
  timed project "$@"
done
median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
nw=$(cut -d' ' -f1 "$tmp/numpy" | median) nm=$(cut -d' ' -f2 "$tmp/numpy" | median)
pw=$(cut -d' ' -f1 "$tmp/project" | median) pm=$(cut -d' ' -f2 "$tmp/project" | median)
echo "median numpy:   $nw s $((${nm%.*} / 1024)) MiB"
echo "median project: $pw s $((${pm%.*} / 1024)) MiB"
awk -v pw="$pw" -v nw="$nw" -v pm="$pm" -v nm="$nm" 'BEGIN {printf "ratio wall %.3f rss %.3f\n", pw / nw, pm / nm}'
