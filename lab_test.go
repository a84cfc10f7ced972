package main

import (
	"bufio"
	"encoding/json"
	"io"
	"math"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"dlfs/train"
)

// TestServeCommand runs `serve` as a user would: on a fresh folder, with
// no model, it says where it serves only once it listens; a run started
// over the API and interrupted with Ctrl-C (SIGINT) is stopped as the
// command stops, its files written and its checkpoint kept for -resume,
// and the program exits with status 130. An address already taken is an
// error before any "serving", with exit status 1.
func TestServeCommand(t *testing.T) {
	skipUnderRace(t)
	bin := buildProgram(t)
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	out := filepath.Join(t.TempDir(), "lab")
	cmd := exec.Command(bin, "serve", "-addr", taken.Addr().String(), "-out", out)
	b, err := cmd.CombinedOutput()
	if code := cmd.ProcessState.ExitCode(); code != 1 || strings.Contains(string(b), "serving") || !strings.Contains(string(b), "address already in use") {
		t.Errorf("serve on a taken address: exit %d (%v), output %s", code, err, b)
	}

	cmd = exec.Command(bin, "serve", "-addr", "127.0.0.1:0", "-out", out)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	lines := bufio.NewScanner(stderr)
	var url string
	serving := regexp.MustCompile(`serving the lab on (http://127\.0\.0\.1:\d+/) \(runs in .*\)$`)
	for url == "" && lines.Scan() {
		if m := serving.FindStringSubmatch(lines.Text()); m != nil {
			url = m[1]
		}
	}
	if url == "" {
		t.Fatalf("no serving line: %v", lines.Err())
	}
	var log strings.Builder
	go func() {
		for lines.Scan() {
			log.WriteString(lines.Text() + "\n")
		}
	}()
	res, err := http.Post(url+"api/runs", "application/json", strings.NewReader(`{"iters": 100000}`))
	if err != nil {
		t.Fatal(err)
	}
	var run struct {
		ID  int
		Dir string
	}
	json.NewDecoder(res.Body).Decode(&run)
	res.Body.Close()
	if res.StatusCode != 201 || run.Dir != filepath.Join(out, "run-1") {
		t.Fatalf("POST /api/runs: %d, %+v", res.StatusCode, run)
	}
	// Once the first evaluation is checkpointed, Ctrl-C.
	deadline := time.Now().Add(time.Minute)
	for {
		if _, err := os.Stat(filepath.Join(run.Dir, "checkpoint.npz")); err == nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	events, err := http.Get(url + "api/runs/1/events")
	if err != nil {
		t.Fatal(err)
	}
	cmd.Process.Signal(syscall.SIGINT)
	stream, _ := io.ReadAll(events.Body)
	cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != 130 {
		t.Errorf("serve after SIGINT: exit %d; log\n%s", code, log.String())
	}
	if !strings.Contains(string(stream), `"state":"interrupted"`) {
		t.Errorf("the event stream did not end with the run interrupted: ...%s", stream[max(0, len(stream)-300):])
	}
	for _, name := range []string{"params.npz", "checkpoint.npz", "loss.csv", "accuracy.csv", "report.html"} {
		if _, err := os.Stat(filepath.Join(run.Dir, name)); err != nil {
			t.Errorf("after SIGINT: %v", err)
		}
	}
	ck, err := train.ReadCheckpoint(filepath.Join(run.Dir, "checkpoint.npz"), math.MaxInt64)
	if err != nil {
		t.Fatal(err)
	}
	loss, _ := os.ReadFile(filepath.Join(run.Dir, "loss.csv"))
	if ck.Done != strings.Count(string(loss), "\n")-1 || ck.Config.Iters != 100000 {
		t.Errorf("the checkpoint to resume from: %d updates done, loss.csv %d rows", ck.Done, strings.Count(string(loss), "\n")-1)
	}
}
