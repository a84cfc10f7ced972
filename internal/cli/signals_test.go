package cli

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"dlfs/internal/platformtest"
)

// buildProgram builds the program into a temporary folder and returns its
// path.
func buildProgram(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "dlfs")
	if out, err := exec.Command("go", "build", "-o", bin, "dlfs").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestInterruptAndResume runs the built program as a user would: SIGINT
// part way through a run must exit with status 130 having written the
// parameters, figures, numbers and a checkpoint for the updates done;
// -resume must then end with the params.npz bytes and the lines of the run
// never interrupted. The same for SIGKILL (the last checkpoint survives)
// and for the numerical gradient.
func TestInterruptAndResume(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the program and trains five times")
	}
	platformtest.SkipWithoutSignals(t)
	bin := buildProgram(t)
	// start runs the program until its stdout shows a line starting with
	// after, then sends sig; it returns the exit status and stdout.
	start := func(sig syscall.Signal, after string, args ...string) (int, string) {
		cmd := exec.Command(bin, args...)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		var out strings.Builder
		sc := bufio.NewScanner(stdout)
		sent := false
		for sc.Scan() {
			out.WriteString(sc.Text() + "\n")
			if !sent && strings.HasPrefix(sc.Text(), after) {
				cmd.Process.Signal(sig)
				sent = true
			}
		}
		cmd.Wait()
		return cmd.ProcessState.ExitCode(), out.String()
	}
	run := func(args ...string) string {
		out, err := exec.Command(bin, args...).Output()
		if err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		return string(out)
	}
	lines := func(s string) string { // without the times
		return regexp.MustCompile(`  elapsed [0-9.]+s`).ReplaceAllString(s, "")
	}
	for _, c := range []struct {
		name  string
		sig   syscall.Signal
		after string
		args  []string
	}{
		{"SIGINT", syscall.SIGINT, "iter 600 ", []string{"-iters", "3000"}},
		{"SIGKILL", syscall.SIGKILL, "iter 600 ", []string{"-iters", "3000"}},
		{"SIGINT, numerical gradient", syscall.SIGINT, "iter 0 ", []string{"-iters", "40", "-batch", "20", "-grad", "numerical"}},
	} {
		stopped, whole := t.TempDir(), t.TempDir()
		code, out := start(c.sig, c.after, append(c.args, "-out", stopped)...)
		if c.sig == syscall.SIGINT {
			last := regexp.MustCompile(`interrupted at update (\d+) of \d+: go run \. -resume .* continues it\n$`).FindStringSubmatch(out)
			if code != 130 || last == nil {
				t.Fatalf("%s: exit %d, output\n%s", c.name, code, out)
			}
			n, _ := strconv.Atoi(last[1])
			if b, err := os.ReadFile(filepath.Join(stopped, "loss.csv")); err != nil || strings.Count(string(b), "\n") != n+1 {
				t.Errorf("%s: loss.csv for %d updates: %v", c.name, n, err)
			}
			for _, f := range []string{"params.npz", "checkpoint.npz", "accuracy.csv", "loss.svg", "accuracy.svg"} {
				if _, err := os.Stat(filepath.Join(stopped, f)); err != nil {
					t.Errorf("%s: %v", c.name, err)
				}
			}
		} else if code != -1 {
			t.Fatalf("%s: exit %d", c.name, code)
		}
		resumed := run("-resume", stopped)
		never := run(append(c.args, "-out", whole)...)
		if lines(resumed) != lines(never) {
			t.Errorf("%s: resumed run printed\n%s\nthe run never stopped\n%s", c.name, resumed, never)
		}
		a, _ := os.ReadFile(filepath.Join(stopped, "params.npz"))
		b, _ := os.ReadFile(filepath.Join(whole, "params.npz"))
		if len(a) == 0 || !bytes.Equal(a, b) {
			t.Errorf("%s: params.npz of the resumed run differs from the run never stopped", c.name)
		}
	}
}

// syncBuffer is a bytes.Buffer that a goroutine writes while a test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// TestSignals: SIGINT during the training asks it to stop after the
// update in progress; once the training is over, it does not claim to
// stop an update, but says that the files are being written; either way
// a second SIGINT quits at once with status 130.
func TestSignals(t *testing.T) {
	platformtest.SkipWithoutSignals(t)
	status := make(chan int, 1)
	exit = func(code int) { status <- code }
	defer func() { exit = os.Exit }()
	for _, c := range []struct {
		over     bool
		stopping bool
		want     string
	}{
		{false, true, "stopping after the update in progress to save the run; interrupt again to quit at once\n"},
		{true, false, "the training is over: writing its files; interrupt again to quit at once\n"},
	} {
		var stderr syncBuffer
		s := onSignal(&stderr)
		if c.over {
			s.finished()
		}
		platformtest.Interrupt(t)
		deadline := time.Now().Add(10 * time.Second)
		for stderr.String() == "" && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
		}
		// A second signal quits at once, with the status of a shell's
		// interrupted command.
		platformtest.Interrupt(t)
		select {
		case code := <-status:
			if code != 130 {
				t.Errorf("training over %v: a second interrupt exits %d, want 130", c.over, code)
			}
		case <-time.After(10 * time.Second):
			t.Errorf("training over %v: a second interrupt did not quit", c.over)
		}
		s.release()
		if got := stderr.String(); got != c.want || s.stopping.Load() != c.stopping {
			t.Errorf("training over %v: stderr %q, stopping %v", c.over, got, s.stopping.Load())
		}
	}
}

// TestInterruptInProcess: SIGINT right after an evaluation stops the run
// after the update in progress with status 130, its files written for the
// updates done and the last line saying where; -resume then reprints the
// lines so far and ends as the run never stopped, to the bytes of
// params.npz. (TestInterruptAndResume does the same to the built program,
// with SIGKILL too.)
func TestInterruptInProcess(t *testing.T) {
	skipUnderRace(t)
	platformtest.SkipWithoutSignals(t)
	stopped, whole := t.TempDir(), t.TempDir()
	args := []string{"-iters", "1300", "-seed", "5"}
	var stdout, stderr syncBuffer
	done := make(chan int)
	go func() { done <- run(append(args, "-out", stopped), &stdout, &stderr, false) }()
	var code int
wait:
	for {
		select {
		case code = <-done:
			t.Fatalf("the run ended, status %d, before it could be interrupted:\n%s%s", code, stdout.String(), stderr.String())
		case <-time.After(time.Millisecond):
			if strings.Contains(stdout.String(), "iter 600 ") {
				break wait
			}
		}
	}
	platformtest.Interrupt(t)
	code = <-done
	last := regexp.MustCompile(`\ninterrupted at update (\d+) of 1300: go run \. -resume ` + regexp.QuoteMeta(stopped) + ` continues it\n$`).FindStringSubmatch(stdout.String())
	if code != 130 || last == nil {
		t.Fatalf("exit %d, stdout\n%s\nstderr\n%s", code, stdout.String(), stderr.String())
	}
	n, _ := strconv.Atoi(last[1])
	if b, err := os.ReadFile(filepath.Join(stopped, "loss.csv")); err != nil || strings.Count(string(b), "\n") != n+1 {
		t.Errorf("loss.csv for %d updates: %d lines, %v", n, strings.Count(string(b), "\n"), err)
	}
	if got := folder(t, stopped); !slices.Equal(got, runFiles) {
		t.Errorf("the interrupted run left %v", got)
	}
	code, resumed, errs := runCommand("-resume", stopped)
	if code != 0 {
		t.Fatalf("-resume: exit %d: %s", code, errs)
	}
	_, never, _ := runCommand(append(args, "-out", whole)...)
	elapsed := regexp.MustCompile(`  elapsed [0-9.]+s`)
	if elapsed.ReplaceAllString(resumed, "") != elapsed.ReplaceAllString(never, "") {
		t.Errorf("-resume printed\n%s\nthe run never stopped\n%s", resumed, never)
	}
	a, _ := os.ReadFile(filepath.Join(stopped, "params.npz"))
	b, _ := os.ReadFile(filepath.Join(whole, "params.npz"))
	if len(a) == 0 || !bytes.Equal(a, b) {
		t.Error("params.npz of the resumed run differs from the run never stopped")
	}
}
