package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"io/fs"
	"math"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"dlfs/internal/platformtest"
	"dlfs/train"
)

// TestServeCommand runs `serve` as a user would: on a fresh folder, with
// no model, it says where it serves only once it listens; a run started
// over the API and interrupted with Ctrl-C (SIGINT) is stopped as the
// command stops, its files written and its checkpoint kept for -resume,
// and the program exits with status 130. An address already taken is an
// error before any "serving", with exit status 1 and -out not made.
func TestServeCommand(t *testing.T) {
	skipUnderRace(t)
	platformtest.SkipWithoutSignals(t)
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
	if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("serve on a taken address made -out: %v", err)
	}

	cmd, url, log := startServe(t, bin, "-out", out)
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

// TestServeKeepsDataAbsolute: `serve -data` given a relative path keeps
// the data's absolute folder in each run's checkpoint, so that -resume
// finds it from any folder, as a run of the command does.
func TestServeKeepsDataAbsolute(t *testing.T) {
	skipUnderRace(t)
	bin := buildProgram(t)
	data := smallDataDir(t, 2000, 300)
	t.Chdir(filepath.Dir(data))
	_, url, log := startServe(t, bin, "-data", filepath.Base(data), "-out", "lab")
	res, err := http.Post(url+"api/runs", "application/json", strings.NewReader(`{"iters": 30, "hidden": 10}`))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(20 * time.Millisecond) {
		res, err := http.Get(url + "api/runs/1")
		if err != nil {
			t.Fatal(err)
		}
		var run struct{ State string }
		json.NewDecoder(res.Body).Decode(&run)
		res.Body.Close()
		if run.State == "finished" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the run is %s after a minute; log\n%s", run.State, log.String())
		}
	}
	ck, err := train.ReadCheckpoint(filepath.Join("lab", "run-1", "checkpoint.npz"), math.MaxInt64)
	if err != nil || ck.Data.Dir != data {
		t.Errorf("the checkpoint's data folder %q (%v), want %q", ck.Data.Dir, err, data)
	}
	t.Chdir(t.TempDir())
	if code, _, stderr := runCommand("-resume", filepath.Join(filepath.Dir(data), "lab", "run-1")); code != 0 {
		t.Errorf("-resume of the lab's run from another folder: exit %d, %s", code, stderr)
	}
}

// startServe starts `serve` on a free port with args and returns it, its
// URL, and what it logs after the serving line.
func startServe(t *testing.T, bin string, args ...string) (*exec.Cmd, string, *syncBuffer) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve", "-addr", "127.0.0.1:0"}, args...)...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
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
	log := new(syncBuffer)
	go func() {
		for lines.Scan() {
			log.Write([]byte(lines.Text() + "\n"))
		}
	}()
	return cmd, url, log
}

// TestServeUnderLoad floods `serve` with what used to exhaust it: fifty
// concurrent PNGs whose headers claim 4096×4096 pixels of 16-bit RGBA,
// fifty more of just under the pixel bound, and a thousand idle
// connections; a drawing sent meanwhile is answered, and the process's
// peak memory stays under 200 MB.
func TestServeUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the program and floods it")
	}
	skipUnderRace(t)
	bin := buildProgram(t)
	model, data := trainedNet()
	cmd, url, _ := startServe(t, bin, "-out", t.TempDir(), "-load", savedModel(t, t.TempDir(), model))
	encode := func(w, h int) []byte {
		img := image.NewNRGBA64(image.Rect(0, 0, w, h))
		for i := range img.Pix {
			img.Pix[i] = 0xff
		}
		for y := h / 4; y < 3*h/4; y++ { // a bar of ink
			for x := w/2 - w/20; x < w/2+w/20; x++ {
				img.SetNRGBA64(x, y, color.NRGBA64{A: 0xffff})
			}
		}
		var b bytes.Buffer
		png.Encode(&b, img)
		return b.Bytes()
	}
	huge, large := encode(4096, 4096), encode(1000, 1000)
	drawing := pngOf(t, data.Test, 0)
	post := func(body []byte) (int, error) {
		res, err := http.Post(url+"api/predict", "image/png", bytes.NewReader(body))
		if err != nil {
			return 0, err
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res.StatusCode, nil
	}
	var idle []net.Conn
	defer func() {
		for _, c := range idle {
			c.Close()
		}
	}()
	for range 1000 {
		c, err := net.Dial("tcp", strings.TrimPrefix(strings.TrimSuffix(url, "/"), "http://"))
		if err != nil {
			t.Fatal(err)
		}
		idle = append(idle, c)
	}
	statuses := make(chan int, 100)
	for _, body := range [][]byte{huge, large} {
		for range 50 {
			go func() {
				code, err := post(body)
				if err != nil {
					t.Error(err)
				}
				statuses <- code
			}()
		}
	}
	time.Sleep(200 * time.Millisecond) // the flood under way
	start := time.Now()
	code, err := post(drawing)
	took := time.Since(start)
	if err != nil || code != 200 {
		t.Errorf("a drawing during the flood: %d, %v", code, err)
	}
	counts := map[int]int{}
	for range 100 {
		counts[<-statuses]++
	}
	if counts[413] != 50 || counts[200] != 50 {
		t.Errorf("the flood's answers: %v, want 50 of 413 (too many pixels) and 50 of 200", counts)
	}
	if runtime.GOOS != "linux" {
		return // the peak memory is read from Linux's /proc
	}
	status, _ := os.ReadFile(fmt.Sprintf("/proc/%d/status", cmd.Process.Pid))
	peak := regexp.MustCompile(`VmHWM:\s+(\d+) kB`).FindSubmatch(status)
	if peak == nil {
		t.Fatalf("no VmHWM in /proc/%d/status", cmd.Process.Pid)
	}
	kb, _ := strconv.Atoi(string(peak[1]))
	t.Logf("a drawing answered in %v during the flood; peak memory %d MB", took.Round(time.Millisecond), kb>>10)
	if kb > 200<<10 {
		t.Errorf("peak memory %d MB, over 200 MB", kb>>10)
	}
}
