#!/bin/bash
# What watching costs a run: the training time of `go run .` (its
# checkpoint's elapsed_ns), then that of the same run in the lab with a
# headless Chromium following the page, and their ratio. Run it a few
# times in a row: rounds interleave the two.
#
#   go build -o /tmp/dlfs . && docs/lab_overhead.sh /tmp/dlfs
set -eu
bin=$1
el() { python3 -c "import zipfile,json,sys; print(json.loads(zipfile.ZipFile(sys.argv[1]).read('run.json'))['elapsed_ns']/1e9)" $1; }
tmp=$(mktemp -d)
$bin -out $tmp/cli >/dev/null 2>&1
cli=$(el $tmp/cli/checkpoint.npz)
$bin serve -addr 127.0.0.1:8099 -out $tmp/lab 2>$tmp/serve.log &
srv=$!
sleep 1.5
chromium --headless --no-sandbox --disable-gpu --user-data-dir=$tmp/prof --remote-debugging-port=9333 http://127.0.0.1:8099/ >/dev/null 2>&1 &
chr=$!
sleep 3
curl -s -X POST -d '{}' http://127.0.0.1:8099/api/runs >/dev/null
until curl -s http://127.0.0.1:8099/api/runs/1 | grep -q '"state":"finished"'; do sleep 0.5; done
lab=$(el $tmp/lab/run-1/checkpoint.npz)
echo "cli $cli lab $lab ratio $(python3 -c "print(round($lab/$cli,3))")"
kill $chr; kill -INT $srv; wait $srv 2>/dev/null || true
rm -rf "$tmp"
