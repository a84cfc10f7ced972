"""Plants each mutation below, one at a time, in a scratch clone of the
repository, runs the test suite (go test -short ./..., in the build the
mutated code lives in) and reports which tests caught it.

    /usr/bin/python3 docs/mutations.py [ID...]     # from the project root

Each mutation is a small, plausible bug: a wrong index, a dropped term, an
off-by-one bound, a loosened check, a fast path taken for the wrong shapes,
a sampler that stays valid but stops being random. The results are in
docs/testing.md.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

M = [
    # (id, file, old, new, build, what)
    (2, "tensor/elementwise.go", "if a != a || a > b {", "if a > b {", "plain", "Maximum loses NaN in its first operand"),
    (3, "tensor/broadcast.go", "st[len(out)-len(shape)+i] = s", "st[i] = s", "plain", "broadcast strides aligned to the left, not the right"),
    (4, "tensor/broadcast.go", "ao -= as[d] * shape[d]", "ao -= as[d] * (shape[d] - 1)", "plain", "carry of the general loop off by one row"),
    (6, "tensor/reduce.go", "case n < 8:", "case n <= 8:", "plain", "pairwise sum: eight values added in order instead of as a tree"),
    (7, "tensor/reduce.go", "h -= h % 8", "h -= h % 4", "plain", "pairwise sum split at a multiple of 4, not 8"),
    (8, "tensor/reduce.go", "const block = 8192", "const block = 4096", "plain", "numpy's block of 8192 taken as 4096"),
    (9, "tensor/reduce.go", "v > best || v != v", "v >= best || v != v", "plain", "Argmax: the last maximum wins ties"),
    (10, "tensor/reduce.go", "for k := 1; k < n; k++ {", "for k := 1; k < n-1; k++ {", "plain", "Max skips the last slice"),
    (11, "internal/kernel/matmul.go", "c[(i+2)*n+j] = dot(a2, bt[j*k:j*k+k])", "c[(i+2)*n+j] = dot(a1, bt[j*k:j*k+k])", "plain", "MatMul: odd last column of the third row of a block from the second"),
    (12, "tensor/matmul.go", "s *= shape[r-1-i]", "s *= shape[i]", "plain", "Transpose of rank 3 and more: strides of the wrong axes"),
    (13, "tensor/format.go", "summarize := len(t.data) > threshold", "summarize := len(t.data) >= threshold", "plain", "printing summarizes 1000 elements"),
    (14, "tensor/format.go", "maxAbs >= 1e8", "maxAbs > 1e8", "plain", "scientific notation from above 1e8, not at it"),
    (15, "tensor/format.go", "len(f) > ff.prec {", "len(f) > ff.prec+1 {", "plain", "one digit more than the precision printed"),
    (16, "tensor/npy.go", 'case "<f8", "|f8", "=f8", ">f8":', 'case "<f8", "|f8", "=f8", ">f8", "<i8":', "plain", ".npy reader accepts int64 as float64"),
    (17, "tensor/npy.go", "if size*count != avail {", "if size*count > avail {", "plain", ".npy reader accepts trailing data"),
    (18, "tensor/npy.go", "err != nil || d < 0 || d > math.MaxInt32", "err != nil || d > math.MaxInt32", "plain", ".npy reader accepts a negative dimension"),
    (19, "tensor/npy.go", "if descr[0] == '>' {", "if descr[0] == '<' {", "plain", ".npy byte order reversed"),
    (20, "tensor/nprand/nprand.go", "v <= max {", "v < max {", "plain", "numpy's randint never draws its upper bound"),
    (21, "tensor/nprand/nprand.go", "y ^= y >> 18", "y ^= y >> 17", "plain", "MT19937 tempering shift"),
    (22, "tensor/nprand/nprand.go", "for i := k - 1; i > 0; i-- {", "for i := k - 1; i > 1; i-- {", "plain", "permutation never swaps the first two"),
    (23, "mnist/idx.go", "if head[0] != 0 || head[1] != 0 {", "if head[0] != 0 {", "plain", "IDX magic: second byte unchecked"),
    (24, "mnist/idx.go", "if rank == 0 || rank > maxRank {", "if rank > maxRank {", "plain", "IDX rank 0 accepted"),
    (25, "mnist/idx.go", "extra[:]); m > 0 {", "extra[:]); m > 1 {", "plain", "IDX trailing byte unchecked"),
    (26, "mnist/nonzero.go", "binary.LittleEndian.Uint64(img[k:k+8]) == 0", "binary.LittleEndian.Uint32(img[k:k+4]) == 0", "plain", "non-zero pixel lists skip eight pixels when the first four are zero"),
    (27, "mnist/tensors.go", "t[p] = float64(p) / 255", "t[p] = float64(p) / 256", "plain", "pixels normalized by 256"),
    (28, "network/activation.go", "x = tensor.Sub(x, tensor.Max(x, -1, true))", "x = tensor.Sub(x, tensor.Mean(x, -1, true))", "plain", "softmax shifted by the mean, not the max (overflow)"),
    (29, "network/gradient.go", "\t\txd[idx] = tmpVal // the value restored\n", "\n", "plain", "numerical gradient leaves x perturbed"),
    (30, "network/twolayer.go", "tensor.DivScalar(tensor.Sub(y, oneHotTargets(t, batchNum, y.Dim(1))), float64(batchNum))",
     "tensor.Sub(y, oneHotTargets(t, batchNum, y.Dim(1)))", "plain", "backprop: dy not divided by the batch size"),
    (31, "network/loss.go", "CrossEntropyDelta))) / float64(n)", "CrossEntropyDelta))) / float64(k)", "plain", "batch cross entropy divided by the classes"),
    (32, "train/sampler.go", "j := i + s.rng.IntN(s.n-i)", "j := i + s.rng.IntN(min(s.n-i, 2*len(s.idx)))", "plain", "sampler without replacement: valid, distinct batches drifting from one to the next"),
    (33, "train/sampler.go", "s.idx[i] = s.rng.IntN(s.n)", "s.idx[i] = s.rng.IntN(s.n - 1)", "plain", "sampler with replacement never draws the last image"),
    (34, "train/config.go", "max(float64(trainSize)/float64(c.Batch), 1)", "max(float64(trainSize/c.Batch), 1)", "plain", "iterations per epoch rounded down, as integer division would"),
    (35, "train/progress.go", "if r.hooks.Stop == nil || i+1 >= r.cfg.Iters {", "if r.hooks.Stop == nil || i+1 > r.cfg.Iters {", "plain", "a stop after the last update marks the run interrupted"),
    (36, "internal/kernel/rows.go", "for ; j+5 <= n; j += 5 {\n\t\to := out[j : j+5 : j+5]\n\t\ts0, s1",
     "for ; j+5 < n; j += 5 {\n\t\to := out[j : j+5 : j+5]\n\t\ts0, s1", "plain", "sparse kernel: a last group of five left to the one-column loop"),
    (37, "internal/kernel/rows.go", "\t\t\ts4 += float64(v * r[4])\n\t\t}\n\t\to[0], o[1], o[2], o[3], o[4] = s0, s1, s2, s3, s4",
     "\t\t\ts4 += float64(v * r[3])\n\t\t}\n\t\to[0], o[1], o[2], o[3], o[4] = s0, s1, s2, s3, s4", "plain", "sparse kernel: fifth column from the fourth"),
    (38, "internal/engine/forward.go", "o[4] = (1 - zs[4]) * zs[4] * s4", "o[4] = (1 - zs[3]) * zs[4] * s4", "plain", "backward pass: σ' of the wrong unit"),
    (39, "internal/engine/sparse.go", "if p1 < s.cols {", "if p1 < s.cols-1 {", "plain", "span of columns ending at the last-but-one column"),
    (40, "internal/kernel/exp.go", "tj := Exp2Table[k&63]", "tj := Exp2Table[(k+1)&63]", "plain", "exp's table read one entry off"),
    (41, "internal/kernel/exp_vector.go", "x.Greater(lo).And(x.Less(hi)).ToBits()&lanes != lanes", "x.Greater(lo).And(x.Less(hi)).ToBits()&lanes == 0", "simd", "vector exp taken for a group with a value outside its range"),
    (42, "internal/engine/vector_activation.go", "if x.IsNaN().ToBits() != 0 {\n\t\t\tbreak", "if false {\n\t\t\tbreak", "simd", "vector sigmoid takes NaN groups"),
    (43, "internal/parallel/parallel.go", "cur.size = max(1, n*chunkWork/work/align) * align", "cur.size = max(1, n*chunkWork/work/align)", "plain", "chunks not aligned"),
    (44, "internal/engine/batch.go", "n := min(len(t), set.Len()-start)", "n := min(len(t), set.Len()-start-1)", "plain", "evaluation chunk drops the set's last image"),
    # Issue 13's second round: the 3-byte Sparse, the float32 evaluation, the new vector code.
    (45, "internal/engine/sparse.go", "tidx[t], tcode[t] = row, code[q]", "tidx[t], tcode[t] = row, code[max(q-1, 0)]", "plain", "column form: an entry takes the level of the one before it"),
    (46, "internal/kernel/rows.go", "vals[q] = level[codes[lo+q]]", "vals[q] = level[codes[q]]", "plain", "sparse kernel: rows longer than 64 entries read the first piece's levels again"),
    (47, "internal/engine/gradient.go", "n, stride := len(out), a.Dim(1)", "n, stride := len(out), len(out)", "plain", "∂L/∂b1 sums da1 as if its rows were not padded"),
    (48, "internal/kernel/vector.go", "b1 = b1.Add(v.Mul(hi))", "b1 = b1.Add(u.Mul(hi))", "simd", "z1·W2 two rows at a time: the second row's last columns from the first"),
    (49, "internal/engine/vector_activation.go", "one.Sub(z).Mul(z).Mul(dz)", "one.Sub(z).Mul(dz).Mul(z)", "simd", "vector da1 rounded in another order than the scalar code"),
    (50, "internal/engine/evaluate.go", "\t\t\tbest = argmax(a2)\n", "\n", "simd", "float32 evaluation: an uncertain image recomputed, but its float32 class kept"),
    (51, "internal/engine/approx.go", "eb+f.bound(k, n)", "eb", "simd", "float32 evaluation: a class certain when it leads by its own error bound only"),
    (52, "internal/engine/approx.go", "return float64(m*u/(1-float64(m*u))*float64(n)*f.scale[k]) + f.margin[k]", "return float64(m*u/(1-float64(m*u))*f.scale[k]) + f.margin[k]", "simd", "float32 evaluation: the error bound without the factor of the pixel count"),
    (53, "internal/engine/approx.go", "m[j] = max(m[j], math.Abs(v))", "m[j] = max(m[j], v)", "simd", "float32 evaluation: the bound's largest weight ignores negative ones"),
    (54, "internal/kernel/exp_vector.go", "lanes := uint8(0xff) >> max(0, 8-(len(a)-k))", "lanes := uint8(0xff) >> max(1, 9-(len(a)-k))", "simd", "vector exp: the last element of a group left out of the range test"),
    # Issue 13's third round: the nine-column scalar kernel in pieces of at most 64 entries.
    (55, "internal/kernel/rows.go", "s8 += float64(v * r2[3])", "s8 += float64(v * r2[2])", "plain", "sparse kernel: ninth column of a block from the eighth"),
    (56, "internal/kernel/rows.go", "addColumns(out, j, vals, rows[lo:hi], w, stride)", "addColumns(out, j, vals, rows[:hi-lo], w, stride)", "plain", "sparse kernel: rows longer than 64 entries read the first piece's columns again"),
    # Issue 23, faults a user meets, and issue 24's first tests of what users rely on.
    (57, "train/progress.go", "Net: &network.TwoLayerNet{Params: r.res.Net.Clone()}, Initial", "Net: r.res.Net, Initial", "plain", "the state kept for a replay shares the network trained on"),
    (58, "internal/report/files.go", "\t\tnames = append(names, filepath.Base(path))\n", "\n", "plain", "a run's files, once written together, removed as an earlier run's"),
    (59, "train/model.go", "case shape[0] != mnist.Pixels && shape[1] == mnist.Pixels:", "case shape[1] == mnist.Pixels:", "plain", "a 784-784-10 network's W1 refused as transposed"),
    (60, "tensor/npy.go", "if hlen > maxNPYHeader {", "if hlen > 1<<20 {", "plain", "an .npy header longer than numpy reads is read"),
    (61, "internal/regular/regular.go", "if !info.Mode().IsRegular() {", "if info.IsDir() {", "plain", "a named pipe or a device opened as a file"),
    (62, "train/memory.go", "workers := float64(runtime.NumCPU())\n\treturn 2 * sum(total, 6*8*b*h", "workers := 1.0\n\treturn 2 * sum(total, 6*8*b*h", "plain", "the memory estimate counts one core's evaluation buffers"),
    (63, "internal/cli/predict.go", "if first, ok := written[name]; ok {", "if first, ok := written[name]; ok && first == path {", "plain", "predict -out: two images of one name in two folders overwrite one input"),
    (64, "internal/engine/evaluate.go", "if !kernel.Finite(e.net.W1.Data()) {", "if !kernel.Finite(e.net.W1.Data()[:0]) {", "plain", "a W1 that is not finite evaluated sparsely, unlike the book's product"),
    (65, "tensor/nprand/nprand.go", "uint64(k) > 1<<32 ||", "uint64(k) > math.MaxUint32 ||", "plain", "choice refuses a population of 2^32, which numpy draws from 32-bit words"),
    (66, "mnist/mnist.go", "\tif img.Dims[0] == 0 {", "\tif img.Dims[0] < 0 {", "plain", "a data set with no images loaded"),
    (67, "tensor/npz.go", "if _, err = io.ReadFull(rc, end[:]); err == io.EOF {", "if _, err = io.ReadFull(rc, end[:0]); err == nil {", "plain", ".npz entries read without their checksum"),
    (68, "internal/report/folder.go", "\tc.Data.Dir = f.DataDir\n", "\n", "plain", "a checkpoint forgets the -data folder"),
    (69, "internal/cli/train.go", "\t\t\t\treturn // the data is known by its contents, below: a folder may move\n", "", "plain", "-resume compares -data by its path, not its contents"),
    (70, "internal/report/plot/chart.go", "return marginT + float64((ymax-y)/(ymax-ymin)*ph)", "return marginT + float64((y-ymin)/(ymax-ymin)*ph)", "plain", "charts drawn upside down"),
    (71, "internal/report/figures.go", "epochs[i] = float64(e.Iter) / itersPerEpoch", "epochs[i] = float64(e.Iter)", "plain", "accuracy chart in updates, its axis labelled epochs"),
    (72, "mnist/digit.go", "bg > 0 && bg < 1 {", "bg > 1 {", "plain", "grey paper read as ink"),
    (73, "internal/cli/training.go", "\t\treturn errReported\n\tcase res.Interrupted:", "\t\treturn nil\n\tcase res.Interrupted:", "plain", "a diverged run exits 0"),
    (74, "train/checkpoint_read.go", "if slices.Contains(names, \"sampler\") != withSampler {", "if slices.Contains(names, \"sampler\") && !withSampler {", "plain", "a checkpoint without its sampler resumed"),
    (75, "internal/report/plot/grid.go", "tx := bx.x + (k%p.Cols)*(bx.tile+gridGap)", "tx := bx.x + (k/p.Cols)*(bx.tile+gridGap)", "plain", "grid images placed by row for column"),
    (76, "internal/lab/api.go", "rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}", "rec := &statusRecorder{ResponseWriter: w, status: http.StatusAccepted}", "plain", "the log's status of a handler that writes none"),
    (77, "internal/report/inspect.go", "in.Confusion[label][read]++", "in.Confusion[read][label]++", "plain", "confusion matrix counted by reading, then label"),
    (78, "internal/report/inspect.go", "sort.SliceStable(", "sort.Slice(", "plain", "mistakes of equal probability out of the set's order"),
    (79, "internal/report/inspect.go", "Mistake{start + i, label", "Mistake{i, label", "plain", "a mistake's index counted within its chunk"),
    (80, "train/tuned.go", "return time.Since(start) / probes", "return time.Since(start)", "plain", "the numerical gradient's estimate is three updates"),
    (81, "train/learner.go", "return b.rng.Choice(trainSize, batchSize, b.replace)", "return b.rng.Choice(trainSize, batchSize, true)", "plain", "-book -replace=false still draws with replacement"),
    (82, "train/tuned.go", "ck.Sampler = append([]int(nil), n.batches.perm...)", "ck.Sampler = n.batches.perm", "plain", "a checkpoint shares the sampler's live permutation"),
    (83, "train/progress.go", "r.res.Initial = net.net().W1.Clone()", "r.res.Initial = net.net().W1", "plain", "the initial W1 kept is the one trained"),
    (84, "internal/engine/forward.go", "func (p *updatedLossPass) hidden(i int)   { p.fromParts(i) }", "func (p *updatedLossPass) hidden(i int)   { p.fromRows(i) }", "plain", "the loss after an update from a one-pass x·W1, not the parts the update computed"),
    (85, "internal/lab/events.go", "return slices.Clone(s.events[i:]), s.log", "return slices.Clone(s.events[min(i+1, len(s.events)):]), s.log", "plain", "the event stream skips an event after each wait"),
    (86, "internal/lab/run.go", "\t\tr.first = i\n", "\t\tr.first = i + 1\n", "plain", "an update event's first update off by one"),
    (87, "internal/lab/control.go", "if r.state != from || r.stop {", "if r.state != from && r.state != to || r.stop {", "plain", "a paused run paused again, a running one resumed"),
    (88, "internal/lab/server.go", "if !k.active && (oldest == nil", "if (oldest == nil", "plain", "a connection in a request closed to make room"),
    (89, "internal/lab/predict.go", "cfg.Width > maxPixels/cfg.Height {", "cfg.Width > maxPixels {", "plain", "an image's pixel bound checks its width only"),
    (90, "train/progress.go", "\tif next != current {\n\t\tr.res.Rates = append(r.res.Rates, Rate{i, next})\n\t}", "", "plain", "a change of learning rate not recorded"),
    (91, "internal/lab/settings.go", "c.Numerical, c.Book = s.Grad == \"numerical\", s.Book", "c.Numerical, c.Book = s.Grad == \"numerical\", false", "plain", "the lab's book setting ignored"),
    (92, "internal/lab/static/runs.js", "for (let k = 0; k < d.losses.length; k++) r.losses[d.iter + k] = d.losses[k];", "for (let k = 1; k < d.losses.length; k++) r.losses[d.iter + k] = d.losses[k];", "plain", "the page drops the first loss of every update event"),
    (93, "internal/kernel/rows.go", "n += int((u | -u) >> 63)", "n += int(u >> 63)", "plain", "a row's non-zeros: only the negative ones counted"),
    (94, "internal/kernel/vector.go", ".NotEqual(zero).ToBits()\n\t\thi", ".Greater(zero).ToBits()\n\t\thi", "simd", "the vector non-zeros lose negative values in the first eight of sixteen"),
    (95, "internal/kernel/rows.go", "\t\ts3 += v[3] - v[3]", "\t\ts3 += v[2] - v[2]", "plain", "finite never looks at every fourth value"),
    (96, "internal/kernel/vector.go", "b1 := archsimd.LoadFloat64x8((*[8]float64)(v[8:16]))", "b1 := archsimd.LoadFloat64x8((*[8]float64)(v[0:8]))", "simd", "the vector finite never looks at the second eight of 32"),
    (97, "internal/kernel/rows.go", "for ; j+9 <= n; j += 9 {", "for ; j+9 < n; j += 9 {", "plain", "a row's last nine columns left to the smaller loops"),
    (98, "internal/kernel/matmul.go", "SumRows(c[i*n:i*n+n], row, idx, idx, b, n)", "SumRows(c[i*n:i*n+n], row, idx, idx, b, k)", "plain", "a term's row of b found with a's width"),
    (99, "internal/kernel/vector.go", "\t\tfor ; i < i1; i++ {\n\t\t\tvar s archsimd.Float64x8", "\t\tfor ; i < i1-1; i++ {\n\t\t\tvar s archsimd.Float64x8", "simd", "the vector dense kernel drops the last row past a block of four"),
    (100, "internal/kernel/matmul.go", "Vector && n >= vectorPass", "Vector && n >= 8", "simd", "the vector build skips zeros for any b with eight columns (equivalent: the bits stay)"),
    (104, "tensor/matmul.go", "o[i] = a[(i0+i)*n+j]", "o[i] = a[(i0+i)*n+j0]", "plain", "the transpose copies a square's first column into each of its rows"),
    (105, "mnist/tensors.go", "value = &pixelScale32", "value = &pixelScale", "plain", "the book's float32 pixels given as float64 quotients"),
    (106, "internal/kernel/floats.go", "if n >= hugeAdvice/8 {", "if n > hugeAdvice/8 {", "plain", "huge pages offered from just above numpy's 4 MiB, not at it"),
]


def main():
    only = {int(a) for a in sys.argv[1:]}
    root = os.getcwd()
    scratch = tempfile.mkdtemp(prefix="mutants")
    subprocess.run(["git", "clone", "-q", root, scratch], check=True)
    caught = 0
    rows = []
    for id_, path, old, new, build, what in M:
        if only and id_ not in only:
            continue
        f = os.path.join(scratch, path)
        src = open(f).read()
        if src.count(old) != 1:
            print(f"{id_}: {path}: the text to mutate occurs {src.count(old)} times", flush=True)
            continue
        open(f, "w").write(src.replace(old, new))
        env = dict(os.environ)
        if build == "simd":
            env["GOEXPERIMENT"] = "simd"
        r = subprocess.run(["go", "test", "-short", "-count=1", "./..."], cwd=scratch, env=env,
                           capture_output=True, text=True)
        open(f, "w").write(src)
        out = r.stdout + r.stderr
        fails = sorted(set(re.findall(r"--- FAIL: (\S+)", out)))
        if r.returncode == 0:
            verdict = "SURVIVED"
        elif not fails:
            verdict = "caught (" + (re.findall(r"^(.*(?:panic|build failed|cannot|undefined).*)$", out, re.M) or ["failed"])[0][:80] + ")"
            caught += 1
        else:
            verdict = "caught by " + ", ".join(fails[:4]) + (" …" if len(fails) > 4 else "")
            caught += 1
        rows.append((id_, path, what, verdict))
        print(f"{id_} | {path} | {what} | {verdict}", flush=True)
    shutil.rmtree(scratch)
    print(f"caught {caught} of {len(rows)}")


if __name__ == "__main__":
    main()
