"""Mutation testing by operator, package by package, with go-gremlins: every
arithmetic operator, comparison, increment and sign the tool can change in
a package's covered code is changed, one at a time, and the package's own
tests (go test -short) run against it. A mutant the tests fail on is
killed; one they pass is a gap, or an equivalent mutant: a change no test
could see, listed below with the reason.

    go install github.com/go-gremlins/gremlins/cmd/gremlins@v0.6.0   # a development tool, like Chromium
    /usr/bin/python3 docs/gremlins.py                  # every package: some six hours on two cores
    /usr/bin/python3 docs/gremlins.py tensor network   # some
    /usr/bin/python3 docs/gremlins.py --keep DIR ...   # keep each package's report in DIR, or read it from there

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

# (file, folder/ or "" for any, mutant type or "" for any, text of the mutated line,
# why no test can tell). gremlins runs the plain build: what only the
# GOEXPERIMENT=simd build runs is equivalent there.
EQUIVALENT = [
    ("tensor/matmul.go", "CONDITIONALS_BOUNDARY", "i0 < m; i0 += transposeTile",
     "a square starting at m is empty: its loops run no time"),
    ("tensor/matmul.go", "CONDITIONALS_BOUNDARY", "j0 < n; j0 += transposeTile",
     "a square starting at n is empty: its loops run no time"),
    ("tensor/format.go", "CONDITIONALS_BOUNDARY", "len(f) > ff.prec {",
     "digits as many as the precision, formatted again at the precision, are the same digits"),
    ("tensor/reduce.go", "CONDITIONALS_BOUNDARY", "for i := 0; i < len(x); i += block {",
     "the extra block is empty: its pairwise sum is +0, and adding +0 to a sum that started at +0 changes no bit"),
    ("tensor/npy.go", "CONDITIONALS_BOUNDARY", "for i := 0; i < int(count); i += perBlock {",
     "a block starting at the data's end reads nothing"),
    ("tensor/npy.go", "CONDITIONALS_BOUNDARY", "if !strings.HasPrefix(s, \"(\") || end < 0 {",
     "in a string starting with '(', the first ')' is never at 0"),
    ("tensor/npy.go", "CONDITIONALS_BOUNDARY", "if len(s) < 2 || (s[0] != '\\'' && s[0] != '\"') {",
     "two characters left of a header are a closing brace and more, never a whole string literal"),
    ("tensor/tensor.go", "CONDITIONALS_BOUNDARY", "if d > m || d != d {",
     "a difference equal to the largest so far replaces it with itself"),
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
    ("train/memory.go", "CONDITIONALS_BOUNDARY", "if i == 0 || n >= 100 {",
     "exactly 100 of a unit prints as 100 in either format"),
    ("mnist/digit.go", "CONDITIONALS_BOUNDARY", "if bg := border[len(border)/2]; bg > 0 && bg < 1 {",
     "a paper level of 0 taken off is (v − 0) / 1 = v; one of exactly 1 no image gives: the median is full ink only "
     "where half the border is, and then the border's mean makes that ink's colour the paper's"),
    ("mnist/digit.go", "CONDITIONALS_BOUNDARY", "for j := int(lo); j < len(src) && float64(j) < hi; j++ {",
     "a source pixel starting exactly at hi covers none of the area: it adds 0 times a finite level"),
    ("mnist/digit.go", "ARITHMETIC_BASE", "dst[i] = sum / scale",
     "every value of a pass scaled by the same factor, which the stretch to a peak of 1 divides out again"),
    ("internal/lab/events.go", "CONDITIONALS_BOUNDARY", "if kept := thin(s.full, s.keep); len(kept) < len(s.full) {",
     "with every evaluation kept, dropFull drops none"),
    ("internal/lab/events.go", "CONDITIONALS_BOUNDARY", "if k < len(kept) && kept[k] == i {",
     "thin keeps the last evaluation, so k reaches len(kept) only as the loop ends"),
    ("internal/lab/events.go", "CONDITIONALS_BOUNDARY", "err == nil && id > 0 {",
     "a Last-Event-ID of 0 starts the replay at 0 either way"),
    ("internal/lab/gradients.go", "CONDITIONALS_BOUNDARY", "if x > y {",
     "inside x != y, x ≥ y is x > y"),
    ("internal/lab/pace.go", "CONDITIONALS_BOUNDARY", "",
     "a time exactly at the window's edge, or half a second exactly: a time no two clock readings hit"),
    ("internal/lab/predict.go", "", "if px > largeImage {",
     "whether the collector runs at once changes the memory held, never a response"),
    ("internal/lab/run.go", "CONDITIONALS_BOUNDARY", "if res.Diverged && len(r.pending) > 0 {",
     "the loss that was not a number is always pending: stepped never sends it"),
    ("internal/lab/run.go", "CONDITIONALS_BOUNDARY", "if time.Since(",
     "a time exactly at the interval's end: a time no two clock readings hit"),
    ("internal/lab/settings.go", "CONDITIONALS_BOUNDARY", "if d < 10*time.Second {",
     "exactly 10 s rounds to 10 s to the millisecond or to the second"),
    ("internal/lab/units.go", "CONDITIONALS_BOUNDARY", "a > scale && !math.IsInf(a, 0)",
     "a weight of the largest size so far replaces it with itself"),
    ("internal/lab/snapshot.go", "ARITHMETIC_BASE", "kept := make([]T, 0, len(s)/2+1)",
     "the capacity only sizes the slice, which append grows; thin is called on two or more"),
    ("internal/lab/snapshot.go", "", "for i := (len(s) + 1) % 2; i < len(s); i += 2 {",
     "(n + 1) % 2 and (n − 1) % 2 are the same parity, and i, of the parity of len(s) − 1, steps over len(s)"),
    ("internal/cli/chapter.go", "ARITHMETIC_BASE", "x+h == x)",
     "5 − 1e-50 rounds to 5 as 5 + 1e-50 does"),
    ("internal/cli/predict.go", "", "if i+1 < fs.NArg() {",
     "it decides only whether the collector runs between two images"),
    ("internal/kernel/exp.go", "", "if x > -700 && x < 700 {",
     "the fast path and the general one give the same bits wherever both apply: which is taken changes only the time"),
    ("internal/kernel/log.go", "CONDITIONALS_BOUNDARY", "if m < math.Sqrt2/2 {",
     "at m = √½ rounded, either reduction gives ln x to the same bits"),
    ("internal/kernel/huge_linux.go", "INVERT_NEGATIVES", "start := (huge - uintptr(",
     "−huge and huge are the same modulo huge in uintptr's arithmetic"),
    ("internal/kernel/matmul.go", "", "Vector && n >=",
     "in the plain build Vector is false: the vector loops are never taken"),
    ("internal/kernel/matmul.go", "CONDITIONALS_BOUNDARY", "if cap(buf) < k*n {",
     "a buffer of exactly the length needed allocated anew instead of reused: the same values"),
    ("internal/kernel/matmul.go", "CONDITIONALS_BOUNDARY", "if len(*buf) < k+nonZerosSlack {",
     "a buffer of exactly the length needed allocated anew instead of reused: the same values"),
    ("internal/kernel/matmul.go", "CONDITIONALS_BOUNDARY", "for ; j+2 <= n; j += 2 {",
     "the one-column loop sums a column in the same order as the two-column loop, each product rounded, then added"),
    ("internal/kernel/matmul.go", "", "i := r * m / min(m, 8)",
     "which rows mostlyZeros samples decides only which of two loops runs, and both give the naive loop's bits"),
    ("internal/kernel/matmul.go", "", "for _, v := range a[i*k : i*k+k] {",
     "which rows mostlyZeros samples decides only which of two loops runs, and both give the naive loop's bits"),
    ("internal/kernel/matmul.go", "", "if v == 0 {",
     "mostlyZeros decides only which of two loops runs, and both give the naive loop's bits"),
    ("internal/kernel/matmul.go", "", "zeros++",
     "mostlyZeros decides only which of two loops runs, and both give the naive loop's bits"),
    ("internal/kernel/matmul.go", "", "return 2*zeros >= seen",
     "mostlyZeros decides only which of two loops runs, and both give the naive loop's bits"),
    ("internal/kernel/normal.go", "CONDITIONALS_BOUNDARY", "",
     "a 32-bit draw equal to a table entry, or a float equal to another, happens with probability near 2^-32 a deviate: "
     "TestNormalIsRandV2s's ten million draws (without -short) would not see it either"),
    ("internal/kernel/rows.go", "CONDITIONALS_BOUNDARY", "if j >= len(out) {",
     "with every column done, the rest of the function touches no column"),
    ("internal/kernel/rows.go", "", "pieces := (len(rows) + len(buf) - 1) / len(buf)",
     "more, smaller pieces add the same terms to each column in the same order"),
    ("internal/kernel/matmul.go", "CONDITIONALS_BOUNDARY", "for ; i+3 <= i1; i += 3 {",
     "a last block of three rows left to the one-row loop: dot sums each entry in the same order, each product rounded, then added"),
    ("internal/kernel/rows.go", "CONDITIONALS_BOUNDARY", "for ; j+9 <= n; j += 9 {",
     "the five-column and one-column loops sum each column in the same order as the nine-column loop, each product rounded, then added"),
    ("internal/kernel/rows.go", "CONDITIONALS_BOUNDARY", "for ; p+4 <= len(x); p += 4 {",
     "a last group of four left to the one-value loop adds the same v − v terms: +0 or NaN either way"),
    ("internal/kernel/rows.go", "ARITHMETIC_BASE", "return s+s0+s1+s2+s3 == 0",
     "each sum is +0 or NaN (v − v is +0 for a finite v): any signs between them give 0 or NaN alike"),
    ("internal/kernel/transpose.go", "CONDITIONALS_BOUNDARY", " += transposeTile {",
     "a square starting at the region's end is empty: its loops run no time"),
    ("internal/kernel/transpose.go", "CONDITIONALS_BOUNDARY", "+4 <= ",
     "a last block of four left to the one-element loop: a transpose moves values, the same ones either way"),
    ("internal/kernel/rows.go", "CONDITIONALS_BOUNDARY", "for ; j+5 <= n; j += 5 {",
     "the one-column loop sums a column in the same order as the five-column loop, each product rounded, then added"),
    ("internal/report/report.go", "CONDITIONALS_BOUNDARY", "time.Since(r.drawn) < redrawEvery",
     "a redraw exactly a tenth of a second after the last: a time no two clock readings hit"),
    ("internal/parallel/worker.go", "CONDITIONALS_BOUNDARY", "for j := 1; j < len(shares); j++ {",
     "a core's own share, looked at again from its back, is empty by then"),
    ("internal/parallel/worker.go", "", "if i%64 != 63 || time.Since(start) <",
     "how long a core polls before parking changes when the work is done, never the work"),
    ("internal/parallel/worker.go", "CONDITIONALS_NEGATION", "if w.state.Load() == offered {",
     "a worker that waits for a token it was not sent takes the next call's: a delay, never another result"),
    ("internal/report/plot/chart.go", "", "s := strconv.FormatFloat(raw, 'e', -1, 64)",
     "only the exponent of raw printed is read, and any precision prints the same exponent"),
    ("internal/report/plot/chart.go", "CONDITIONALS_BOUNDARY", "if e < 0 { // ±Inf or NaN",
     "a number printed starts with a digit or a sign: its 'e' is never at 0"),
    ("internal/report/plot/chart.go", "CONDITIONALS_BOUNDARY", "k*s <= hi+float64(s*1e-9)",
     "a tick exactly at hi plus a billionth of a step: the nudge exists so that no tick lands on that edge"),
    ("internal/report/plot/grid.go", "CONDITIONALS_BOUNDARY", "if t < 0 {",
     "at t = 0 either end's colour mixes to white"),
    ("internal/report/plot/matrix.go", "CONDITIONALS_BOUNDARY", "if t > 0.655 {",
     "a square of exactly that shade takes either colour legibly: both contrasts are 4.6 there"),
    ("internal/report/inspect.go", "CONDITIONALS_BOUNDARY", "for start := 0; start < set.Len(); start += chunk {",
     "a chunk starting at the set's end holds no image and counts none"),
    ("internal/regular/write.go", "CONDITIONALS_BOUNDARY", "if len(base) > maxTempBase {",
     "a name of exactly maxTempBase bytes cut to its own length is the same name"),
    ("", "ARITHMETIC_BASE", "parallel.For",
     "a work estimate: it decides only how many cores share the loop, and the bits are the same on any number"),
    ("mnist/idx.go", "ARITHMETIC_BASE", "r, limit = zr, size*maxDeflateRatio",
     "the limit only sizes the first buffer, which grows as the data comes"),
    ("mnist/idx.go", "CONDITIONALS_NEGATION", "if len(data) == cap(data) {",
     "growing a buffer that still has room only moves the same bytes"),
    ("mnist/idx.go", "CONDITIONALS_BOUNDARY", "for n := 0; n < len(buf); {",
     "with the buffer full, the loop has already returned"),
    ("internal/engine/forward.go", "ARITHMETIC_BASE", "return r.x.nnzBefore(i)*r.hidden + i*r.hidden*(r.classes+30)",
     "a work estimate: it decides only where the cores' shares of images end"),
    ("internal/engine/approx.go", "", "if !kernel.Vector || h > approxStride {",
     "in the plain build kernel.Vector is false and the float32 evaluation off whatever h is"),
    ("internal/engine/evaluate.go", "", "if !f.on || x.level != &pixelLevels {",
     "in the plain build the float32 evaluation is off (f.on is false), so the exact path is taken either way"),
    ("internal/engine/step.go", "", "if kernel.Vector && tr.hidden <= w2tStride {",
     "in the plain build kernel.Vector is false: W2ᵀ is never built"),
    ("internal/engine/forward.go", "ARITHMETIC_BASE", "buf[k*w2tStride+j] = v",
     "transposeW2 serves the vector build's backward pass only"),
    ("internal/engine/forward.go", "CONDITIONALS_BOUNDARY", "for ; j+5 <= h; j += 5 {",
     "the one-column loop sums each unit in the same order as the five-column loop, each product rounded, then added"),
    ("internal/engine/evaluate.go", "CONDITIONALS_BOUNDARY", "for start := 0; start < set.Len(); start += evalChunk {",
     "a chunk starting at the set's end holds no image and counts none"),
    ("internal/engine/evaluate.go", "CONDITIONALS_BOUNDARY", "if n < evalChunk {",
     "a full chunk cut to its own length is the same rows"),
    ("internal/engine/gradient.go", "CONDITIONALS_NEGATION", "if k == 1 {",
     "which of the two halves takes which share of W2's rows and the biases: both run, and the sums are the same"),
    ("internal/engine/gradient.go", "CONDITIONALS_BOUNDARY", "if p.x.nnzBeforeCol(q+1) > p.x.nnzBeforeCol(q) {",
     "a pixel zero in the whole batch has a gradient row of +0s, and w − lr·0 is w for every weight but −0, which no normal draw gives"),
    ("internal/engine/step.go", "CONDITIONALS_NEGATION", "if k == 0 {",
     "the two pixel halves trade buffers; their sums are added, and a + b is b + a to the bit"),
    ("internal/engine/numgrad.go", "CONDITIONALS_BOUNDARY", "for q0 := 0; q0 < len(rows); q0 += lossGroup {",
     "a group starting at the column's end holds no sample and adds nothing"),
    ("internal/engine/numgrad.go", "ARITHMETIC_BASE", "for q := q0 + done; q < q1; q++ {",
     "in the plain build no loss is taken in vectors: done is 0"),
    ("internal/engine/sparse.go", "CONDITIONALS_BOUNDARY", "if p0 > 0 {",
     "a search for column 0 finds a row's start, where the span starts anyway"),
    ("internal/engine/sparse.go", "CONDITIONALS_BOUNDARY", "if p1 < s.cols {",
     "a search for the last column's end finds a row's end, where the span ends anyway"),
    ("internal/engine/sparse.go", "CONDITIONALS_BOUNDARY", "if cap(b) < n {",
     "a buffer of exactly the length needed allocated anew instead of reused: the same values"),
]


def equivalent(file, kind, text):
    """The reason a mutant is equivalent: a rule's file (a folder, ending
    in /; any, if empty) and kind (any, if empty) match and its text is in
    the line."""
    for f, k, t, why in EQUIVALENT:
        if (f in ("", file) or f.endswith("/") and file.startswith(f)) and k in ("", kind) and t in text:
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
    # The time limit of a mutant's tests is a multiple of the first run's;
    # -count=1 keeps that run out of go test's cache, which would make it
    # too short to time anything.
    cmd = [gremlins(), "unleash", "--workers", str(os.cpu_count()), "--timeout-coefficient", "5", "-o", out, pkg]
    for s in sub:
        cmd[2:2] = ["-E", "^" + re.escape(s) + "/"]
    env = dict(os.environ, GOFLAGS="-short -count=1")
    subprocess.run(cmd, cwd=root, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    with open(out) as f:
        return json.load(f)


def main():
    root = subprocess.run(["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True,
                          check=True).stdout.strip()
    args = sys.argv[1:]
    keep = None  # --keep DIR: each package's gremlins report kept there, and read from there if it is
    if args[:1] == ["--keep"]:
        keep, args = os.path.abspath(args[1]), args[2:]
        os.makedirs(keep, exist_ok=True)
    pkgs = args or PACKAGES
    rows, lived = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for pkg in pkgs:
            out = os.path.join(keep or tmp, pkg.replace("/", "_") + ".json")
            if keep and os.path.exists(out):
                with open(out) as f:
                    res = json.load(f)
            else:
                res = run(root, pkg, out)
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
