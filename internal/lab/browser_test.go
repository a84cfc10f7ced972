package lab

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"dlfs/internal/browser"
	"dlfs/internal/platformtest"
)

// TestPageInBrowser drives the page in a real Chromium, as a learner
// would: a run started from the form, its loss drawn, its accuracy past
// 0.85; paused, its learning rate changed, resumed, finished, with the
// change in its loss.csv; a 1 drawn with the mouse and read as 1; the
// step h made too small and the rounding shown; lr 10 in the descent
// panel, reported as diverging; a second tab, opened late, showing the
// whole run. Any exception, console error or failed load (a missing
// favicon too) fails it. With DLFS_SCREENSHOTS set to a folder, it leaves
// each panel's screenshot there.
func TestPageInBrowser(t *testing.T) {
	if platformtest.Race {
		t.Skip("the page's run takes too long under the race detector; the plain and vector builds run it")
	}
	path, err := browser.Find()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true and %v", err)
		}
		t.Skip(err)
	}
	l, _ := newTestLab(t, nil)
	srv := httptest.NewServer(l.Handler())
	defer srv.Close()
	b, err := browser.Launch(path, t.TempDir(), 1400, 1000)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	p, err := b.Open(ctx, srv.URL+"/")
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	text := func(selector string) string {
		t.Helper()
		var s string
		must(p.Eval(ctx, fmt.Sprintf("document.querySelector(%q).textContent", selector), &s))
		return s
	}
	start := time.Now()
	must(p.Wait(ctx, `document.querySelector("#status").textContent.startsWith("no run yet")`))

	// A run from the form.
	must(p.Eval(ctx, `(() => { const f = document.querySelector("#settings").elements;
		f.iters.value = 3000; f.lr.value = 0.3; f.seed.value = 1; })()`, nil))
	must(p.Click(ctx, "#start"))
	must(p.Wait(ctx, `/run 1 running/.test(document.querySelector("#status").textContent)`))
	must(p.Wait(ctx, `(() => { const m = document.querySelector("#status").textContent.match(/test acc (0\.\d+)/);
		return m && Number(m[1]) >= 0.85; })()`))
	var inked int
	must(p.Eval(ctx, `(() => { const c = document.querySelector("#loss"), d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
		let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i+3] > 0 && Math.abs(d[i] - d[i+2]) > 60) n++; return n; })()`, &inked))
	if inked < 100 {
		t.Errorf("the loss chart has %d coloured pixels", inked)
	}

	// Pause, a new learning rate, resume.
	must(p.Click(ctx, "#pause"))
	must(p.Wait(ctx, `document.querySelector("#status").textContent.includes("paused")`))
	must(p.Eval(ctx, `document.querySelector("#lr-now").value = "0.05"`, nil))
	must(p.Click(ctx, "#lr-set"))
	must(p.Wait(ctx, `document.querySelector("#status").textContent.includes("lr 0.05")`))
	must(p.Click(ctx, "#resume"))
	must(p.Wait(ctx, `/run 1 (running|finished)/.test(document.querySelector("#status").textContent)`))
	must(p.Wait(ctx, `document.querySelector("#status").textContent.startsWith("run 1 finished: 3000 of 3000")`))
	rows := csvRows(t, filepath.Join(l.find(1).dir, "loss.csv"))
	if last := rows[len(rows)-1]; len(rows) != 3001 || last[2] != "0.05" || rows[1][2] != "0.3" {
		t.Errorf("loss.csv: %d rows, the first %v, the last %v", len(rows), rows[1], last)
	}
	// The runs table follows the status line once it has fetched the
	// finished run's row.
	if err := p.Wait(ctx, `document.querySelector("#runs").textContent.includes("report")`); err != nil {
		t.Errorf("the runs table links no report: %q (%v)", text("#runs"), err)
	}

	// A 1 drawn with the mouse.
	x, y, err := p.Center(ctx, "#pad")
	must(err)
	must(p.Mouse(ctx, "mousePressed", x, y-90))
	for dy := -80.0; dy <= 90; dy += 10 {
		must(p.Mouse(ctx, "mouseMoved", x+dy/20, y+dy))
	}
	must(p.Mouse(ctx, "mouseReleased", x+4.5, y+90))
	must(p.Wait(ctx, `document.querySelector("#answer").textContent.startsWith("It reads")`))
	if got := text("#answer"); !strings.HasPrefix(got, "It reads 1 ") {
		t.Errorf("a drawn 1: %q", got)
	}

	// The chapter: h too small, then lr 10.
	must(p.Eval(ctx, `(() => { const h = document.querySelector("#h"); h.value = -50; h.dispatchEvent(new Event("input")); })()`, nil))
	must(p.Wait(ctx, `document.querySelector("#diff-out").textContent.includes("rounds back to x")`))
	must(p.Click(ctx, `button[data-lr="10"]`))
	must(p.Wait(ctx, `document.querySelector("#descent-out").textContent.startsWith("diverged")`))
	must(p.Click(ctx, "#preset2"))
	must(p.Wait(ctx, `document.querySelector("#loss-out").textContent.includes("2.30258")`))

	if dir := os.Getenv("DLFS_SCREENSHOTS"); dir != "" {
		for _, panel := range []string{"train-panel", "read-panel", "chapter-panel"} {
			png, err := p.Screenshot(ctx, "#"+panel)
			must(err)
			must(os.WriteFile(filepath.Join(dir, panel+".png"), png, 0o644))
		}
	}

	// A second tab, late, sees the whole run.
	p2, err := b.Open(ctx, srv.URL+"/")
	must(err)
	must(p2.Wait(ctx, `document.querySelector("#status").textContent.startsWith("run 1 finished")`))
	must(p2.Wait(ctx, `runs.get(1).losses.length === 3000 && runs.get(1).evals.length === 26`))
	var drawn []*float64
	must(p2.Eval(ctx, `runs.get(1).losses`, &drawn))
	for i, v := range drawn {
		if want, _ := strconv.ParseFloat(rows[i+1][1], 64); v == nil || *v != want {
			t.Fatalf("the late tab's loss %d is %v, loss.csv's %v", i, v, want)
		}
	}

	for i, page := range []*browser.Page{p, p2} {
		for _, problem := range page.Problems(0) {
			t.Errorf("tab %d: %s", i+1, problem)
		}
	}

	// The server goes away, and comes back at the same address: the page
	// says so, then finds it again. (The browser logs the failed requests
	// meanwhile; only an exception counts then.)
	events, _ := b.Events(0)
	addr := srv.Listener.Addr().String()
	srv.Close()
	must(p.Wait(ctx, `document.querySelector("#server").textContent.includes("not answering")`))
	ln, err := net.Listen("tcp", addr)
	must(err)
	back := &http.Server{Handler: l.Handler()}
	go back.Serve(ln)
	defer back.Close()
	must(p.Wait(ctx, `document.querySelector("#server").textContent === "connected"`))
	for _, problem := range p.Problems(len(events)) {
		if strings.HasPrefix(problem, "exception") {
			t.Errorf("while the server was away: %s", problem)
		}
	}
	t.Logf("the page's test took %v", time.Since(start).Round(time.Millisecond))
}
