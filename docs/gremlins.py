"""Mutation testing by operator, package by package, with go-gremlins: every
arithmetic operator, comparison, increment and sign the tool can change in
a package's covered code is changed, one at a time, and the package's own
tests (go test -short) run against it. A mutant the tests fail on is
killed; one they pass is a gap, or an equivalent mutant: a change no test
could see, listed below with the reason.

    go install github.com/go-gremlins/gremlins/cmd/gremlins@v0.6.0   # a development tool, like Chromium
    /usr/bin/python3 docs/gremlins.py                  # every package: about 90 minutes on two cores
    /usr/bin/python3 docs/gremlins.py tensor network   # some

It prints, per package, the mutants killed, lived and timed out, the
efficacy (killed / (killed + lived), as gremlins counts it) and the
efficacy with the equivalent mutants left out, then each mutant that lived
with its line of code and, if it is one, why it is equivalent. A mutant
whose tests outlive gremlins' time limit counts as neither. The mutants of
tensor/nprand and internal/report/plot are tested by their own packages'
tests, not their parents'. The results are in docs/testing.md.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

PACKAGES = [
    "tensor", "tensor/nprand", "network", "mnist", "train",
    "internal/kernel", "internal/engine", "internal/parallel", "internal/regular", "internal/sysmem",
    "internal/report", "internal/report/plot", "internal/lab", "internal/cli",
]

# (file, mutant type, text of the mutated line, why no test can tell).
EQUIVALENT = [
    ("tensor/matmul.go", "CONDITIONALS_BOUNDARY", "i0 < m; i0 += transposeTile",
     "a square starting at m is empty: its loops run no time"),
    ("tensor/matmul.go", "CONDITIONALS_BOUNDARY", "j0 < n; j0 += transposeTile",
     "a square starting at n is empty: its loops run no time"),
    ("tensor/format.go", "CONDITIONALS_BOUNDARY", "len(f) > ff.prec {",
     "digits as many as the precision, formatted again at the precision, are the same digits"),
    ("tensor/reduce.go", "CONDITIONALS_BOUNDARY", "for i := 0; i < len(x); i += block {",
     "the extra block is empty: its pairwise sum is +0, and adding +0 to a sum that started at +0 changes no bit"),
    ("tensor/nprand/log.go", "CONDITIONALS_BOUNDARY", "if m < math.Sqrt2/2 {",
     "at m = √½ rounded, both reductions keep |s| small enough for 100 bits"),
    ("tensor/nprand/log.go", "ARITHMETIC_BASE", "return fastTwoSum(s.hi, s.lo+t.lo)",
     "t.lo, the error of adding two low parts, is below 2^-150 of the sum: past the 2^-104 the logarithm is good to"),
    ("tensor/nprand/log.go", "ARITHMETIC_BASE", "q3 := r.hi / y.hi",
     "the third round of the division adds bits below 2^-104; the logarithm is good to 2^-104 without them"),
    ("tensor/nprand/log.go", "ARITHMETIC_BASE", "q2 := r.hi / y.hi",
     "a wrong second quotient is made good by the third round, which divides what is left"),
    ("tensor/nprand/log.go", "ARITHMETIC_BASE", "q1 := x.hi / y.hi",
     "a wrong first quotient is made good by the next two rounds, which divide what is left"),
    ("tensor/nprand/nprand.go", "CONDITIONALS_BOUNDARY", "if r2 < 1 && r2 != 0 {",
     "r² = x1² + x2² is exactly 1 on a set of draws of probability below 2^-50"),
    ("tensor/nprand/nprand.go", "CONDITIONALS_BOUNDARY", "for i := k - 1; i > 0; i-- {",
     "the swap of position 0 with itself draws nothing (interval(0) is 0 without a word) and moves nothing"),
]


def equivalent(file, kind, text):
    for f, k, t, why in EQUIVALENT:
        if f == file and k == kind and t in text:
            return why
    return None


def gremlins():
    gopath = subprocess.run(["go", "env", "GOPATH"], capture_output=True, text=True, check=True).stdout.strip()
    for path in [shutil.which("gremlins"), os.path.join(gopath, "bin", "gremlins")]:
        if path and os.path.exists(path):
            return path
    sys.exit("gremlins is not installed: go install github.com/go-gremlins/gremlins/cmd/gremlins@v0.6.0")


def run(root, pkg, out):
    sub = [p[len(pkg) + 1:] for p in PACKAGES if p.startswith(pkg + "/")]
    cmd = [gremlins(), "unleash", "--workers", str(os.cpu_count()), "-o", out, pkg]
    for s in sub:
        cmd[2:2] = ["-E", "^" + re.escape(s) + "/"]
    env = dict(os.environ, GOFLAGS="-short")
    subprocess.run(cmd, cwd=root, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    with open(out) as f:
        return json.load(f)


def main():
    root = subprocess.run(["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True,
                          check=True).stdout.strip()
    pkgs = sys.argv[1:] or PACKAGES
    rows, lived = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for pkg in pkgs:
            res = run(root, pkg, os.path.join(tmp, pkg.replace("/", "_") + ".json"))
            n = {"KILLED": 0, "LIVED": 0, "TIMED OUT": 0, "NOT COVERED": 0, "NOT VIABLE": 0}
            equiv = 0
            for f in res.get("files") or []:
                path = os.path.join(pkg, f["file_name"])
                with open(os.path.join(root, path)) as src:
                    lines = src.read().split("\n")
                for m in f["mutations"]:
                    n[m["status"]] = n.get(m["status"], 0) + 1
                    if m["status"] != "LIVED":
                        continue
                    text = lines[m["line"] - 1].strip()
                    why = equivalent(path, m["type"], text)
                    equiv += why is not None
                    lived.append((path, m["line"], m["column"], m["type"], text, why))
            k, l = n["KILLED"], n["LIVED"]
            eff = 100 * k / (k + l) if k + l else 100
            eff2 = 100 * k / (k + l - equiv) if k + l - equiv else 100
            rows.append((pkg, k, l, equiv, n["TIMED OUT"], n["NOT COVERED"], eff, eff2))
            print(f"{pkg}: killed {k}, lived {l} ({equiv} equivalent), timed out {n['TIMED OUT']}, "
                  f"not covered {n['NOT COVERED']}: efficacy {eff:.1f}%, {eff2:.1f}% without the equivalent",
                  flush=True)
    print("\n| package | killed | lived | equivalent | timed out | not covered | efficacy | without the equivalent |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| `{r[0]}` | {r[1]} | {r[2]} | {r[3]} | {r[4]} | {r[5]} | {r[6]:.1f}% | {r[7]:.1f}% |")
    print("\nLived:")
    for path, line, col, kind, text, why in sorted(lived):
        print(f"{path}:{line}:{col} {kind}: {text}" + (f"\n    equivalent: {why}" if why else ""))


if __name__ == "__main__":
    main()
