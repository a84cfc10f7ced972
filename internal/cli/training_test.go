package cli

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"dlfs/internal/kernel"
	"dlfs/internal/report"
	"dlfs/mnist"
	"dlfs/network"
	"dlfs/train"
)

// runFiles are the files the README says a training run leaves.
var runFiles = []string{"accuracy.csv", "accuracy.svg", "checkpoint.npz", "confusion.csv", "confusion.svg", "hidden_units.svg",
	"loss.csv", "loss.svg", "loss_first1000.svg", "mistakes.svg", "params.npz", "report.html"}

// TestFolderHoldsOneRun: a training run leaves exactly the files the
// README lists; evaluating saved parameters leaves its own in a folder of
// its own (into a training run's it is refused: TestOneWriterAFolder);
// a run into the evaluation's folder replaces them with the run's files.
func TestFolderHoldsOneRun(t *testing.T) {
	skipUnderRace(t)
	dir, evaluated := t.TempDir(), t.TempDir()
	if code, _, stderr := runCommand("-iters", "2", "-seed", "3", "-out", dir); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if got := folder(t, dir); !slices.Equal(got, runFiles) {
		t.Errorf("a run left %v, want %v", got, runFiles)
	}
	model := filepath.Join(dir, "params.npz")
	code, stdout, stderr := runCommand("-load", model, "-out", evaluated)
	if code != 0 {
		t.Fatalf("-load: exit %d: %s", code, stderr)
	}
	want := []string{"confusion.csv", "confusion.svg", "hidden_units.svg", "mistakes.svg", "params.npz", "report.html"}
	if got := folder(t, evaluated); !slices.Equal(got, want) {
		t.Errorf("-load -out left %v, want %v", got, want)
	}
	// The parameters written are those read: evaluated again, the same.
	if code, again, _ := runCommand("-load", filepath.Join(evaluated, "params.npz")); code != 0 || strings.ReplaceAll(again, evaluated, dir) != stdout {
		t.Errorf("the parameters -load wrote evaluate to %q, those it read to %q", again, stdout)
	}
	if code, _, stderr := runCommand("-resume", evaluated); code != 1 || !strings.Contains(stderr, filepath.Join(evaluated, "checkpoint.npz")) {
		t.Errorf("-resume of a folder holding no run: exit %d, %s", code, stderr)
	}
	if code, _, stderr := runCommand("-iters", "2", "-out", evaluated); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if got := folder(t, evaluated); !slices.Equal(got, runFiles) {
		t.Errorf("a run after -load -out left %v, want %v", got, runFiles)
	}
}

// TestCheckpointNotWritten: a run whose checkpoint cannot be written
// (checkpoint.npz is a folder here; a full disk in TestFullDisk) exits 1
// naming it at the first evaluation, and leaves the earlier run's files as
// they were, so that -resume continues the run the folder holds.
func TestCheckpointNotWritten(t *testing.T) {
	skipUnderRace(t)
	dir := t.TempDir()
	if code, _, stderr := runCommand("-iters", "2", "-seed", "3", "-out", dir); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	// The earlier run's checkpoint replaced by a folder that cannot be
	// renamed over.
	ck := filepath.Join(dir, "checkpoint.npz")
	os.Remove(ck)
	os.MkdirAll(filepath.Join(ck, "x"), 0o755)
	before, names := contents(t, dir), folder(t, dir)
	code, stdout, stderr := runCommand("-iters", "1200", "-seed", "4", "-out", dir)
	if code != 1 || !strings.HasPrefix(stderr, "dlfs: writing "+ck+": ") ||
		!strings.Contains(stderr, "the run stopped after 1 update, nothing more written: "+dir+" still holds the earlier run's files") {
		t.Errorf("exit %d, stderr\n%s", code, stderr)
	}
	if lines := strings.Count(stdout, "\n"); lines != 1 || !strings.HasPrefix(stdout, "iter 0 ") {
		t.Errorf("stdout %q, want the first evaluation's line only", stdout)
	}
	after := contents(t, dir)
	if got := folder(t, dir); !slices.Equal(got, names) {
		t.Errorf("the folder holds %v, it held %v", got, names)
	}
	for name, b := range before {
		if !bytes.Equal(after[name], b) {
			t.Errorf("%s changed", name)
		}
	}
}

// TestDivergedRun: a learning rate so large that the loss is NaN from the
// second update says so on stderr, ends with a line saying where, exits 1,
// and leaves the files of the update before: a params.npz that -load
// reads, and a loss.csv of finite numbers.
func TestDivergedRun(t *testing.T) {
	skipUnderRace(t)
	dir := t.TempDir()
	code, stdout, stderr := runCommand("-lr", "1e300", "-iters", "50", "-out", dir)
	if code != 1 || !strings.HasPrefix(stderr, "dlfs: the loss of update 1 is NaN: the training has diverged (is -lr 1e+300 too large?); stopping, with the files of the 1 update before it\n") {
		t.Errorf("exit %d, stderr\n%s", code, stderr)
	}
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "iter 0 ") || !strings.HasPrefix(lines[1], "final iter 1 ") ||
		lines[2] != "diverged at update 1 of 50: its loss is NaN; the files are for the 1 update before it" {
		t.Errorf("stdout\n%s", stdout)
	}
	if code, _, stderr := runCommand("-load", filepath.Join(dir, "params.npz")); code != 0 {
		t.Errorf("-load of the diverged run's parameters: exit %d: %s", code, stderr)
	}
	loss, _ := os.ReadFile(filepath.Join(dir, "loss.csv"))
	if !regexp.MustCompile(`^iter,loss,lr\n0,[0-9.]+,1e\+300\n$`).Match(loss) {
		t.Errorf("loss.csv %q, want the one finite loss of update 0", loss)
	}
}

// writeIDX writes the first n images of set, or their labels, as an IDX
// file in MNIST's layout.
func writeIDX(t *testing.T, path string, set *mnist.Set, n int, labels bool) {
	t.Helper()
	var b []byte
	if labels {
		b = binary.BigEndian.AppendUint32([]byte{0, 0, 8, 1}, uint32(n))
		for i := range n {
			b = append(b, byte(set.Label(i)))
		}
	} else {
		b = []byte{0, 0, 8, 3}
		for _, d := range []int{n, mnist.Rows, mnist.Cols} {
			b = binary.BigEndian.AppendUint32(b, uint32(d))
		}
		for i := range n {
			b = append(b, set.Image(i)...)
		}
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// embedded is the embedded MNIST, loaded once for the tests that cut
// data sets from it.
var embedded = sync.OnceValues(mnist.Load)

// smallDataDir writes a data set of MNIST's first train training and test
// test images into a new folder.
func smallDataDir(t *testing.T, train, test int) string {
	t.Helper()
	data, err := embedded()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	writeIDX(t, filepath.Join(dir, mnist.TrainImages), data.Train, train, false)
	writeIDX(t, filepath.Join(dir, mnist.TrainLabels), data.Train, train, true)
	writeIDX(t, filepath.Join(dir, mnist.TestImages), data.Test, test, false)
	writeIDX(t, filepath.Join(dir, mnist.TestLabels), data.Test, test, true)
	return dir
}

// TestResumeRemembersData: a run on -data, given by a relative path, is
// continued by -resume from another folder on the same data without
// -data; a -data that names other data, or the data's files changed
// since, are refused, named.
func TestResumeRemembersData(t *testing.T) {
	skipUnderRace(t)
	data := smallDataDir(t, 2000, 300)
	out := t.TempDir()
	t.Chdir(filepath.Dir(data))
	code, whole, stderr := runCommand("-data", filepath.Base(data), "-replace", "-iters", "45", "-batch", "100", "-out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	t.Chdir(out)
	code, resumed, stderr := runCommand("-resume", out)
	elapsed := regexp.MustCompile(`  elapsed [0-9.]+s`) // the final evaluation's is the resumed run's
	if code != 0 || elapsed.ReplaceAllString(resumed, "") != elapsed.ReplaceAllString(whole, "") {
		t.Errorf("-resume of the finished run: exit %d, printed\n%s\nthe run printed\n%s%s", code, resumed, whole, stderr)
	}
	// The same data in another folder is the run's data, moved: it goes on
	// there, and its checkpoint says so. Other data is refused.
	moved := smallDataDir(t, 2000, 300)
	code, _, stderr = runCommand("-resume", out, "-data", moved)
	if ck, err := train.ReadCheckpoint(filepath.Join(out, "checkpoint.npz"), math.MaxInt64); code != 0 || err != nil || ck.Data.Dir != moved {
		t.Errorf("-resume with the data moved: exit %d, %s; the checkpoint's data %v (%v)", code, stderr, ck.Data.Dir, err)
	}
	other := smallDataDir(t, 1000, 300)
	code, _, stderr = runCommand("-resume", out, "-data", other)
	if code != 1 || !strings.Contains(stderr, "the run trained on "+moved+", 2000 training and 300 test images of SHA-256") {
		t.Errorf("-resume with other data: exit %d, %s", code, stderr)
	}
	gone := filepath.Join(t.TempDir(), "gone")
	if err := os.Rename(moved, gone); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = runCommand("-resume", out)
	if code != 1 || !strings.Contains(stderr, "-resume "+out+": the run trained on "+moved+"; if that folder has moved, name its new place with -data") {
		t.Errorf("-resume with the data gone: exit %d, %s", code, stderr)
	}
	code, _, stderr = runCommand("-resume", out, "-data", gone)
	if code != 0 {
		t.Errorf("-resume with the data moved again: exit %d, %s", code, stderr)
	}
	t.Chdir(filepath.Dir(data))
	code, _, stderr = runCommand("-resume", out, "-data", filepath.Base(data), "-lr", "0.1", "-replace", "-batch", "100")
	if code != 0 {
		t.Errorf("-resume with the run's own -data (relative), -lr, -replace and -batch: exit %d, %s", code, stderr)
	}
	code, _, stderr = runCommand("-resume", out, "-lr", "0.5", "-replace=false", "-hidden", "50", "-book")
	if want := "dlfs: -resume continues the run with its settings: -book true (the run has false), -lr 0.5 (the run has 0.1), -replace false (the run has true)\n"; code != 2 || !strings.HasPrefix(stderr, want) {
		t.Errorf("-resume with other settings: exit %d, %s", code, stderr)
	}
	mnistData, err := embedded()
	if err != nil {
		t.Fatal(err)
	}
	writeIDX(t, filepath.Join(data, mnist.TrainImages), mnistData.Test, 2000, false)
	code, _, stderr = runCommand("-resume", out)
	if code != 1 || !strings.Contains(stderr, "-resume "+out+": the run trained on "+data+", 2000 training and 300 test images of SHA-256") {
		t.Errorf("-resume after the data changed: exit %d, %s", code, stderr)
	}
}

// fullDisk is TestFullDisk's script, run in a mount namespace of its own
// on a 4 MiB tmpfs: a run A, the disk filled but for 300 KiB, a run B
// into A's folder, the disk freed, then -resume.
const fullDisk = `
mount -t tmpfs -o size=4m tmpfs "$1" || exit 99
cd "$1"
"$2" -iters 601 -seed 1 -out o >a.out 2>a.err; echo "$?" >a.code
sha256sum o/* >a.sums
avail=$(df -k . | awk 'NR==2 {print $4}')
dd if=/dev/zero of=filler bs=1k count=$((avail - 300)) 2>/dev/null
"$2" -iters 1200 -seed 2 -out o >b.out 2>b.err; echo "$?" >b.code
sha256sum o/* >b.sums
ls -a o >b.ls
rm filler
"$2" -resume o >r.out 2>r.err; echo "$?" >r.code
mkdir ../results && cp *.out *.err *.code *.sums *.ls ../results/
`

// TestFullDisk: on a disk too full for the checkpoint of a new run, the
// run exits 1 at its first evaluation naming the file and the reason,
// and the earlier run's files are left as they were, with no temporary
// file: -resume, once there is room, continues the earlier run.
func TestFullDisk(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the program and trains three times")
	}
	bin := buildProgram(t)
	root := t.TempDir()
	mnt := filepath.Join(root, "disk")
	os.Mkdir(mnt, 0o755)
	cmd := exec.Command("unshare", "-m", "sh", "-c", fullDisk, "sh", mnt, bin)
	out, err := cmd.CombinedOutput()
	if cmd.ProcessState != nil && cmd.ProcessState.ExitCode() == 99 || errors.Is(err, exec.ErrNotFound) {
		t.Skipf("no tmpfs of its own here (unshare -m and mount need root): %s", out)
	}
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	res := func(name string) string {
		b, err := os.ReadFile(filepath.Join(root, "results", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if res("a.code") != "0\n" {
		t.Fatalf("run A: exit %s%s", res("a.code"), res("a.err"))
	}
	wantErr := "dlfs: writing o/checkpoint.npz: no space left on device\nthe run stopped after 1 update, nothing more written: o still holds the earlier run's files\n"
	if res("b.code") != "1\n" || res("b.err") != wantErr {
		t.Errorf("run B on the full disk: exit %s, stderr\n%s\nwant\n%s", res("b.code"), res("b.err"), wantErr)
	}
	if res("a.sums") != res("b.sums") {
		t.Errorf("run A's files changed:\n%s\nnow\n%s", res("a.sums"), res("b.sums"))
	}
	if want := ".\n..\n" + strings.Join(runFiles, "\n") + "\n"; res("b.ls") != want {
		t.Errorf("the folder holds\n%s", res("b.ls"))
	}
	elapsed := regexp.MustCompile(`  elapsed [0-9.]+s`)
	if res("r.code") != "0\n" || elapsed.ReplaceAllString(res("r.out"), "") != elapsed.ReplaceAllString(res("a.out"), "") {
		t.Errorf("-resume: exit %s, printed\n%s\nrun A printed\n%s%s", res("r.code"), res("r.out"), res("a.out"), res("r.err"))
	}
}

// TestOutputsReadBack reads a run's files as their consumers would and
// holds them to what the run printed: accuracy.csv's rows are the printed
// lines' accuracies, loss.csv has a loss an update and the printed losses,
// confusion.csv counts the 10000 test images with the test accuracy on
// its diagonal, report.html lists the run's settings and lines, and
// params.npz evaluates to the final line's accuracies.
func TestOutputsReadBack(t *testing.T) {
	skipUnderRace(t)
	dir := t.TempDir()
	code, stdout, stderr := runCommand("-iters", "601", "-seed", "3", "-lr", "0.2", "-out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	line := regexp.MustCompile(`^(final )?iter (\d+)  loss ([0-9.]+)  train acc ([0-9.]+)  test acc ([0-9.]+)  elapsed [0-9.]+s$`)
	var printed [][]string
	for _, l := range strings.Split(strings.TrimSuffix(stdout, "\n"), "\n") {
		m := line.FindStringSubmatch(l)
		if m == nil {
			t.Fatalf("line %q", l)
		}
		printed = append(printed, m)
	}
	if len(printed) != 3 { // iter 0, iter 600, final iter 601
		t.Fatalf("%d lines:\n%s", len(printed), stdout)
	}
	rows := func(name string) [][]string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		var out [][]string
		for _, l := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
			out = append(out, strings.Split(l, ","))
		}
		return out
	}
	round := func(s string) string {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		return strconv.FormatFloat(v, 'f', 4, 64)
	}
	acc := rows("accuracy.csv")
	if strings.Join(acc[0], ",") != "iter,train_acc,test_acc" || len(acc) != 4 {
		t.Fatalf("accuracy.csv: %v", acc)
	}
	loss := rows("loss.csv")
	if strings.Join(loss[0], ",") != "iter,loss,lr" || len(loss) != 602 {
		t.Fatalf("loss.csv has %d rows headed %v, want iter,loss,lr and 601", len(loss), loss[0])
	}
	for _, r := range loss[1:] {
		if r[2] != "0.2" {
			t.Fatalf("loss.csv row %v: the run's -lr is 0.2", r)
		}
	}
	for i, p := range printed {
		a := acc[i+1]
		if a[0] != p[2] || round(a[1]) != p[4] || round(a[2]) != p[5] {
			t.Errorf("accuracy.csv row %v, the line printed %q", a, p[0])
		}
		if n, _ := strconv.Atoi(p[2]); p[1] == "" && (loss[n+1][0] != p[2] || round(loss[n+1][1]) != p[3]) {
			t.Errorf("loss.csv row %v, the line printed %q", loss[n+1], p[0])
		}
	}
	if round(loss[601][1]) != printed[2][3] {
		t.Errorf("loss.csv's last row %v, the final line %q", loss[601], printed[2][0])
	}
	conf := rows("confusion.csv")
	total, right := 0, 0
	for i, r := range conf[1:] {
		for j, c := range r[1:] {
			n, _ := strconv.Atoi(c)
			total += n
			if i == j {
				right += n
			}
		}
	}
	if len(conf) != 11 || total != 10000 || strconv.FormatFloat(float64(right)/10000, 'f', 4, 64) != printed[2][5] {
		t.Errorf("confusion.csv: %d rows, %d images, %d right; the final test acc %s", len(conf), total, right, printed[2][5])
	}
	report, _ := os.ReadFile(filepath.Join(dir, "report.html"))
	for _, want := range []string{
		"<tr><td>updates (iters_num)</td><td>601</td></tr>", "<tr><td>learning rate</td><td>0.2</td></tr>",
		"<tr><td>seed</td><td>3</td></tr>", "<tr><td>hidden units</td><td>50</td></tr>", "<tr><td>batch size</td><td>100</td></tr>",
		"<tr><td>data</td><td>the embedded MNIST</td></tr>", "<tr><td>output folder</td><td>" + dir + "</td></tr>",
		strings.ReplaceAll(strings.TrimSuffix(stdout, "\n"), "\n", "\n"),
	} {
		if !strings.Contains(string(report), want) {
			t.Errorf("report.html lacks %q", want)
		}
	}
	model := filepath.Join(dir, "params.npz")
	_, evaluated, _ := runCommand("-load", model)
	if want := model + ": train acc " + printed[2][4] + "  test acc " + printed[2][5] + "\n"; evaluated != want {
		t.Errorf("-load printed %q, want %q", evaluated, want)
	}
}

// TestNumericalEstimate: -grad numerical warns first how long an update
// takes and how long the updates left will (none, resumed when done), and
// the two agree with the updates asked for and, within a factor of three,
// with the time the updates then
// take (the last line's elapsed less the first's, and less the final
// evaluation, taken as long as the first).
func TestNumericalEstimate(t *testing.T) {
	skipUnderRace(t)
	const iters = 20
	out := t.TempDir()
	code, stdout, stderr := runCommand("-grad", "numerical", "-iters", strconv.Itoa(iters), "-hidden", "20", "-out", out)
	warn := regexp.MustCompile(`^warning: the numerical gradient takes about (\S+) per update, (\S+) for the (\d+) updates to do\n`).FindStringSubmatch(stderr)
	if code != 0 || warn == nil || warn[3] != strconv.Itoa(iters) {
		t.Fatalf("exit %d, stderr\n%s", code, stderr)
	}
	per, err1 := time.ParseDuration(warn[1])
	total, err2 := time.ParseDuration(warn[2])
	if err1 != nil || err2 != nil || per <= 0 {
		t.Fatalf("%q: %v, %v", warn[0], err1, err2)
	}
	// per is rounded to the millisecond, total to 10 ms.
	if d := total - iters*per; d < -(iters*time.Millisecond/2+5*time.Millisecond) || d > iters*time.Millisecond/2+5*time.Millisecond {
		t.Errorf("%q: %d updates of %v are %v", warn[0], iters, per, iters*per)
	}
	elapsed := regexp.MustCompile(`elapsed ([0-9.]+)s\n`).FindAllStringSubmatch(stdout, -1)
	if len(elapsed) != 2 {
		t.Fatalf("stdout\n%s", stdout)
	}
	first, _ := strconv.ParseFloat(elapsed[0][1], 64)
	last, _ := strconv.ParseFloat(elapsed[1][1], 64)
	took := time.Duration((last - 2*first) * float64(time.Second))
	if est := iters * per; est > 3*took || 3*est < took {
		t.Errorf("estimated %v for %d updates; they took %v", est, iters, took)
	}
	// Resumed when done, it has no update to estimate, and says so.
	if code, _, stderr := runCommand("-resume", out); code != 0 || strings.Contains(stderr, "warning") ||
		!strings.HasPrefix(stderr, "-resume "+out+": the run has done its 20 updates; its evaluation and files are made again\n") {
		t.Errorf("-resume of the finished run: exit %d, %s", code, stderr)
	}
}

// TestBookPrintsTheBooksLines: `go run . -book` on a set of 1050 training
// images (10.5 updates an epoch) prints, before its final line, exactly
// the lines the book's script prints on it, from the transcript
// docs/numpy/book_run.py wrote (its header has the command): the
// evaluations at the book's updates, the accuracies in Python's digits.
func TestBookPrintsTheBooksLines(t *testing.T) {
	skipUnderRace(t)
	b, err := os.ReadFile("../../train/testdata/numpy_uneven.txt")
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if strings.HasPrefix(line, "train acc") {
			want = append(want, line)
		}
	}
	code, stdout, stderr := runCommand("-book", "-iters", "45", "-data", smallDataDir(t, 1050, 500), "-out", t.TempDir())
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if code != 0 || len(lines) != len(want)+1 || !slices.Equal(lines[:len(want)], want) || !strings.HasPrefix(lines[len(want)], "final iter 45 ") {
		t.Errorf("exit %d, printed\n%s\nwant\n%s\nand a final line; stderr:\n%s", code, stdout, strings.Join(want, "\n"), stderr)
	}
}

// TestOneWriterAFolder: a folder another dlfs writes (here, held by this
// process) is refused to a run, predict and a lab server, naming the
// holder, with nothing written; let go, the run writes it. An evaluation
// into a training run's folder is refused, the run's files untouched, and
// so is a run into a folder holding a user's file of a run's name.
func TestOneWriterAFolder(t *testing.T) {
	skipUnderRace(t)
	data := smallDataDir(t, 500, 100)
	out := t.TempDir()
	lock, err := report.LockFolder(out)
	if err != nil {
		t.Fatal(err)
	}
	held := fmt.Sprintf("-out: %s is in use by another dlfs (pid %d, ", out, os.Getpid())
	model := filepath.Join(t.TempDir(), "params.npz")
	seven := filepath.Join(t.TempDir(), "seven.png")
	for _, args := range [][]string{
		{"-data", data, "-iters", "5", "-out", out},
		{"predict", "-load", model, "-out", out, seven},
		{"serve", "-addr", "127.0.0.1:0", "-data", data, "-out", out},
	} {
		code, _, stderr := runCommand(args...)
		if code != 1 || !strings.Contains(stderr, held) {
			t.Errorf("%v: exit %d, %s", args, code, stderr)
		}
		if names := folder(t, out); len(names) != 1 || names[0] != report.LockName {
			t.Errorf("%v: the folder holds %v", args, names)
		}
	}
	lock.Unlock()
	if code, _, stderr := runCommand("-data", data, "-iters", "5", "-out", out); code != 0 {
		t.Fatalf("the folder let go: exit %d, %s", code, stderr)
	}
	lock, err = report.LockFolder(out)
	if err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCommand("-resume", out); code != 1 || !strings.Contains(stderr, "-resume: "+held[len("-out: "):]) {
		t.Errorf("-resume of a folder held: exit %d, %s", code, stderr)
	}
	lock.Unlock()
	before := contents(t, out)
	code, _, stderr := runCommand("-load", filepath.Join(out, "params.npz"), "-data", data, "-out", out)
	if want := "-out " + out + " holds a training run (its checkpoint.npz), whose files the evaluation would replace: choose another -out"; code != 2 || !strings.Contains(stderr, want) {
		t.Errorf("-load into the training run's folder: exit %d, %s", code, stderr)
	}
	if after := contents(t, out); !maps.EqualFunc(before, after, bytes.Equal) {
		t.Errorf("the training run's folder changed: %v, then %v", slices.Sorted(maps.Keys(before)), slices.Sorted(maps.Keys(after)))
	}
	// A user's own loss.csv, in a folder no run wrote, is not the run's to
	// replace.
	mine := t.TempDir()
	os.WriteFile(filepath.Join(mine, "loss.csv"), []byte("my own numbers\n"), 0o644)
	code, _, stderr = runCommand("-data", data, "-iters", "5", "-out", mine)
	if code != 2 || !strings.Contains(stderr, "-out: "+mine+" holds loss.csv, not written by a run of this program") {
		t.Errorf("a run into a folder with the user's loss.csv: exit %d, %s", code, stderr)
	}
	if b, _ := os.ReadFile(filepath.Join(mine, "loss.csv")); string(b) != "my own numbers\n" || len(folder(t, mine)) != 1 {
		t.Errorf("the user's folder holds %v, loss.csv %q", folder(t, mine), b)
	}
}

// TestLongEvaluation: -load of a network of more than 1000 hidden units
// says first that it will take a while; of 50, nothing.
func TestLongEvaluation(t *testing.T) {
	skipUnderRace(t)
	data := smallDataDir(t, 200, 100)
	dir := t.TempDir()
	for _, h := range []int{50, 1000, 1001} {
		net := network.NewTwoLayerNet(mnist.Pixels, h, mnist.Classes, 0.01, kernel.Normal{R: rand.New(rand.NewPCG(1, 2))})
		model := filepath.Join(dir, fmt.Sprintf("h%d.npz", h))
		var b bytes.Buffer
		if err := train.WriteModel(&b, net); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(model, b.Bytes(), 0o644)
		code, _, stderr := runCommand("-load", model, "-data", data)
		want := ""
		if h > 1000 {
			want = "evaluating 1001 hidden units on 300 images: 20 times the work of the book's 50, a while\n"
		}
		if code != 0 || stderr != want {
			t.Errorf("hidden %d: exit %d, stderr %q, want %q", h, code, stderr, want)
		}
	}
}
