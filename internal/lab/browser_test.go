package lab

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"dlfs/internal/browser"
	"dlfs/internal/platformtest"
	"dlfs/mnist"
)

// TestPageInBrowser drives the page in a real Chromium, as a learner
// would, at a desktop's size and then a phone's: a run started from the
// form, its loss drawn, its accuracy past 0.85; a 1 drawn with the mouse
// and read, then read again as the network learns; the run paused, its
// learning rate changed (named in the runs table, marked on the chart),
// resumed, finished, with the change in its loss.csv; the page not
// moving as runs start and end; the numerical gradient's time told
// before Start; lr 10 judged too large; the charts' legends hiding a
// run, their log scale, smoothing, SVG and CSV; a 1 drawn from the
// keyboard, a point moved by it; the chapter's cards, their errors in the
// card and cleared, "too small" after a drag, the negative cross-entropy
// explained; a second tab, opened late, showing the whole run with its
// learning rate, looking back at an evaluation and comparing gradients
// there; nothing wider than a phone; a server restarted on the same
// folder, found again with its runs. Any exception, console error or
// failed load (a missing favicon too) fails it. With DLFS_SCREENSHOTS set
// to a folder, it leaves each panel's screenshot there at both sizes.
// -short skips it: the handler tests hold the API the page is built on,
// and a short run is what mutation testing repeats hundreds of times.
func TestPageInBrowser(t *testing.T) {
	if platformtest.Race || testing.Short() {
		t.Skip("the page's run takes a while; go test without -short, in the plain and vector builds, runs it")
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
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
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
	text := func(p *browser.Page, selector string) string {
		t.Helper()
		var s string
		must(p.Eval(ctx, fmt.Sprintf("document.querySelector(%q).textContent", selector), &s))
		return s
	}
	number := func(p *browser.Page, js string) float64 {
		t.Helper()
		var v float64
		must(p.Eval(ctx, js, &v))
		return v
	}
	waitText := func(p *browser.Page, selector, want string) {
		t.Helper()
		wctx, cancel := context.WithTimeout(ctx, 40*time.Second)
		defer cancel()
		if err := p.Wait(wctx, fmt.Sprintf("document.querySelector(%q).textContent.includes(%q)", selector, want)); err != nil {
			t.Fatalf("%s never says %q: %q (%v)", selector, want, text(p, selector), err)
		}
	}
	set := func(p *browser.Page, selector, value, event string) {
		t.Helper()
		must(p.Eval(ctx, fmt.Sprintf(`(() => { const e = document.querySelector(%q); e.value = %q; e.dispatchEvent(new Event(%q, {bubbles: true})); })()`, selector, value, event), nil))
	}
	start := time.Now()
	waitText(p, "#status", "no run yet")
	// What is above the runs table must not move as runs come and go.
	readTop := func() float64 {
		return number(p, `document.querySelector("#runs").getBoundingClientRect().top + scrollY`)
	}
	top := readTop()

	// The numerical gradient's time, before Start.
	set(p, `select[name="grad"]`, "numerical", "change")
	waitText(p, "#warning", "the numerical gradient takes about")
	set(p, `select[name="grad"]`, "backprop", "change")
	must(p.Wait(ctx, `document.querySelector("#warning").textContent === ""`))

	// A run from the form.
	must(p.Eval(ctx, `(() => { const f = document.querySelector("#settings").elements;
		f.iters.value = 3000; f.lr.value = 0.3; f.seed.value = 1; })()`, nil))
	must(p.Click(ctx, "#start"))
	waitText(p, "#status", "run 1 running")
	if got := readTop(); got != top {
		t.Errorf("the page moved %v px as the run started", got-top)
	}
	// A 1 drawn with the mouse while the run is paused near its start, read
	// by the network of that moment; read again as the network learns.
	must(p.Click(ctx, "#pause"))
	waitText(p, "#status", "paused")
	x, y, err := p.Center(ctx, "#pad")
	must(err)
	must(p.Mouse(ctx, "mousePressed", x, y-90))
	for dy := -80.0; dy <= 90; dy += 10 {
		must(p.Mouse(ctx, "mouseMoved", x+dy/20, y+dy))
	}
	must(p.Mouse(ctx, "mouseReleased", x+4.5, y+90))
	waitText(p, "#answer", "It reads")
	after := regexp.MustCompile(`after (\d+) updates`)
	first, _ := strconv.Atoi(after.FindStringSubmatch(text(p, "#answer") + "after 0 updates")[1])
	must(p.Click(ctx, "#resume"))
	must(p.Wait(ctx, `(() => { const m = document.querySelector("#status").textContent.match(/test acc (0\.\d+)/);
		return m && Number(m[1]) >= 0.85; })()`))
	if n := number(p, `document.querySelectorAll("#loss path.series").length`); n != 1 {
		t.Errorf("the loss chart draws %v runs", n)
	}

	// Pause, a new learning rate, resume.
	must(p.Click(ctx, "#pause"))
	waitText(p, "#status", "paused")
	must(p.Eval(ctx, `document.querySelector("#lr-now").value = "0.05"`, nil))
	must(p.Click(ctx, "#lr-set"))
	waitText(p, "#status", "lr 0.05")
	must(p.Click(ctx, "#resume"))
	waitText(p, "#status", "run 1 finished: 3000 of 3000")
	rows := csvRows(t, filepath.Join(l.find(1).dir, "loss.csv"))
	if last := rows[len(rows)-1]; len(rows) != 3001 || last[2] != "0.05" || rows[1][2] != "0.3" {
		t.Errorf("loss.csv: %d rows, the first %v, the last %v", len(rows), rows[1], last)
	}
	changed := 0
	for i, r := range rows[1:] {
		if r[2] == "0.05" {
			changed = i
			break
		}
	}
	// The drawing was read again, without a stroke, as the network learnt.
	waitText(p, "#answer", "after 3000 updates")
	if !strings.HasPrefix(text(p, "#answer"), "It reads 1 ") || first >= 3000 {
		t.Errorf("a drawn 1: %q, first read after %d updates", text(p, "#answer"), first)
	}
	waitText(p, "#runs", fmt.Sprintf("lr 0.3 → 0.05 at update %d", changed))
	if n := number(p, `document.querySelectorAll("#loss .rate-mark").length`); n != 1 {
		t.Errorf("the loss chart marks %v changes of rate", n)
	}
	waitText(p, "#runs", "report")
	if got := readTop(); got != top {
		t.Errorf("the page moved %v px by the run's end", got-top)
	}

	// lr 10: judged too large.
	must(p.Eval(ctx, `(() => { const f = document.querySelector("#settings").elements; f.iters.value = 400; f.lr.value = 10; })()`, nil))
	must(p.Click(ctx, "#start"))
	waitText(p, "#status", "run 2 finished")
	waitText(p, "#verdict", "lr 10 is too large")
	waitText(p, "#runs", "lr 10 is too large")

	// The charts: titles, a legend that hides a run, a log scale, a
	// colour bar, the numbers.
	for _, want := range []string{"update", "loss: the batch's cross-entropy"} {
		waitText(p, "#loss", want)
	}
	waitText(p, "#acc", "accuracy")
	must(p.Wait(ctx, `document.querySelectorAll('#loss path.series').length === 2`))
	must(p.Eval(ctx, `document.querySelector('#loss .legend-item[data-run="2"]').dispatchEvent(new MouseEvent("click"))`, nil))
	must(p.Wait(ctx, `document.querySelectorAll('#loss path.series').length === 1 && !document.querySelector('#loss path[data-run="2"]')`))
	must(p.Eval(ctx, `document.querySelector('#loss .legend-item[data-run="2"]').dispatchEvent(new MouseEvent("click"))`, nil))
	must(p.Wait(ctx, `document.querySelectorAll('#loss path.series').length === 2`))
	must(p.Click(ctx, "#loss-log"))
	waitText(p, "#loss", "loss (log scale)")
	// TensorBoard's debiased smoothing of 1, 2, 3 with weight 0.5, by
	// hand: 0.5/0.5 = 1, (0.25 + 1)/0.75 = 5/3, (0.625 + 1.5)/0.875 = 17/7.
	var smooth []float64
	must(p.Eval(ctx, `import("./charts.js").then(m => m.smoothed([1, 2, 3], 0.5))`, &smooth))
	if want := []float64{1, 5.0 / 3, 17.0 / 7}; len(smooth) != 3 || !(math.Abs(smooth[0]-want[0]) <= 1e-15) || !(math.Abs(smooth[1]-want[1]) <= 1e-15) || !(math.Abs(smooth[2]-want[2]) <= 1e-15) {
		t.Errorf("smoothed 1, 2, 3 with 0.5: %v, want %v", smooth, want)
	}
	set(p, "#loss-smooth", "0.9", "input")
	waitText(p, "#loss-smooth-value", "0.90")
	var saved string
	must(p.Eval(ctx, `(async () => { const a = document.querySelector("#loss-svg");
		a.addEventListener("click", e => e.preventDefault()); a.click(); return (await fetch(a.href)).text(); })()`, &saved))
	if !strings.HasPrefix(saved, "<svg") || !strings.Contains(saved, `xmlns="http://www.w3.org/2000/svg"`) || !strings.Contains(saved, "loss (log scale)") || !strings.Contains(saved, "<style>") {
		t.Errorf("the loss chart saved as SVG: %.300s", saved)
	}
	if !strings.HasPrefix(text(p, "#units-hi"), "+") {
		t.Errorf("the colour bar's top: %q", text(p, "#units-hi"))
	}

	// A 1 drawn from the keyboard, read by run 1 (run 2 learnt nothing):
	// clear, the pen up three steps, down, six steps down, up.
	set(p, "#reader", "1", "change")
	must(p.Eval(ctx, `document.querySelector("#pad").focus()`, nil))
	for _, key := range []string{"Delete", "ArrowUp", "ArrowUp", "ArrowUp", " ", "ArrowDown", "ArrowDown", "ArrowDown", "ArrowDown", "ArrowDown", "ArrowDown", " "} {
		must(p.Key(ctx, key))
	}
	waitText(p, "#answer", "It reads 1 ")

	// The chapter: h too small, lr 10, the book's second output, a
	// negative cross-entropy, lr 1e-10 after a drag, an error in a card.
	must(p.Eval(ctx, `document.querySelector("#diff").focus()`, nil))
	must(p.Key(ctx, "ArrowRight"))
	must(p.Key(ctx, "ArrowRight"))
	waitText(p, "#diff-out", "x = 6.00")
	set(p, "#h", "-50", "input")
	waitText(p, "#diff-out", "rounds back to x")
	must(p.Click(ctx, `button[data-lr="10"]`))
	must(p.Wait(ctx, `document.querySelector("#descent-out").textContent.startsWith("diverged")`))
	must(p.Click(ctx, "#preset2"))
	waitText(p, "#loss-out", "2.30258")
	set(p, "#y2", "1", "input")
	waitText(p, "#loss-out", "below 0")
	must(p.Click(ctx, `button[data-lr="1e-10"]`))
	x, y, err = p.Center(ctx, "#descent")
	must(err)
	must(p.Mouse(ctx, "mousePressed", x-40, y-30))
	must(p.Mouse(ctx, "mouseMoved", x-50, y-35))
	must(p.Mouse(ctx, "mouseReleased", x-50, y-35))
	must(p.Wait(ctx, `document.querySelector("#descent-out").textContent.startsWith("barely moved")`))
	set(p, "#descent-steps", "5000", "change")
	waitText(p, "#descent-card .error", "steps")
	if got := text(p, "#error"); got != "" {
		t.Errorf("a card's error in the training panel: %q", got)
	}
	set(p, "#descent-steps", "20", "change")
	must(p.Wait(ctx, `document.querySelector("#descent-card .error").textContent === ""`))

	// screenshots writes each panel named as PANEL{suffix}.png.
	screenshots := func(p *browser.Page, suffix string, panels ...string) {
		dir := os.Getenv("DLFS_SCREENSHOTS")
		if dir == "" {
			return
		}
		for _, panel := range panels {
			png, err := p.Screenshot(ctx, "#"+panel)
			must(err)
			must(os.WriteFile(filepath.Join(dir, panel+suffix+".png"), png, 0o644))
		}
	}

	screenshots(p, "", "read-panel", "chapter-panel")

	// A second tab, late, sees the whole run and its rate, its numbers
	// loss.csv's.
	p2, err := b.Open(ctx, srv.URL+"/")
	must(err)
	waitText(p2, "#runs", "lr 0.3 → 0.05")
	must(p2.Eval(ctx, `(() => { for (const input of document.querySelectorAll('#runs input[type=radio]')) if (input.closest("tr").cells[1].textContent === "1") input.click(); })()`, nil))
	waitText(p2, "#status", "run 1 finished")
	if got := number(p2, `Number(document.querySelector("#lr-now").value)`); got != 0.05 {
		t.Errorf("the late tab's learning rate now: %v, want the run's 0.05", got)
	}
	// A look back at run 1's second evaluation, after 121 updates: its
	// units, its confusion, the gradients both ways there.
	set(p2, "#look", "1", "input")
	waitText(p2, "#units-note", "run 1 after 121 updates")
	waitText(p2, "#confusion-note", "run 1 after 121 updates")
	must(p2.Click(ctx, "#grad-compare"))
	waitText(p2, "#grad-note", "run 1 after 121 updates, on 10 images")
	if n := number(p2, `document.querySelectorAll("#grad-table tbody tr").length`); n != 12 {
		t.Errorf("the gradients' table has %v rows", n)
	}
	set(p2, "#look", "100", "input")
	waitText(p2, "#look-note", "now")
	waitText(p2, "#units-note", "run 1 after 3000 updates")
	must(p2.Click(ctx, "#grad-compare"))
	waitText(p2, "#grad-note", "run 1 after 3000 updates")
	screenshots(p2, "", "train-panel")
	var csv string
	must(p2.Wait(ctx, `document.querySelector("#loss .legend-item[data-run='2']") !== null`))
	must(p2.Eval(ctx, `(async () => { const a = document.querySelector("#loss-csv");
		a.addEventListener("click", e => e.preventDefault()); a.click(); return (await fetch(a.href)).text(); })()`, &csv))
	lines := strings.Split(strings.TrimSpace(csv), "\n")
	var ones []string
	for _, line := range lines[1:] {
		if strings.HasPrefix(line, "1,") {
			ones = append(ones, line)
		}
	}
	if len(ones) != 3000 {
		t.Fatalf("the late tab's loss CSV has %d rows of run 1", len(ones))
	}
	for i, line := range ones {
		f := strings.Split(line, ",")
		if got, want := f[2]+","+f[3], rows[i+1][1]+","+rows[i+1][2]; f[1] != strconv.Itoa(i) || mustFloat(t, f[2]) != mustFloat(t, rows[i+1][1]) || mustFloat(t, f[3]) != mustFloat(t, rows[i+1][2]) {
			t.Fatalf("the late tab's loss %d is %s, loss.csv's %s", i, got, want)
		}
	}

	// A phone: nothing wider than the screen. (The first tab comes to the
	// front: a tab behind another draws no frames.)
	must(p.Call(ctx, "Page.bringToFront", nil, nil))
	must(p.Resize(ctx, 390, 844, true))
	must(p.Wait(ctx, `innerWidth === 390`))
	if w := number(p, `document.documentElement.scrollWidth`); w > 390 {
		var wide []string
		must(p.Eval(ctx, `[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > 391).map(e => e.tagName + "#" + e.id + "." + e.className).slice(0, 8)`, &wide))
		t.Errorf("the page is %v px wide on a 390 px phone: %v", w, wide)
	}
	screenshots(p, "-phone", "train-panel", "read-panel", "chapter-panel")
	must(p.Resize(ctx, 1400, 1000, false))

	for i, page := range []*browser.Page{p, p2} {
		for _, problem := range page.Problems(0) {
			if !strings.Contains(problem, "status of 400") || !strings.Contains(problem, "steps=5000") { // asked for above
				t.Errorf("tab %d: %s", i+1, problem)
			}
		}
	}

	// The server goes away, and another comes back at the same address on
	// the same folder: the page says so, then finds it again with the
	// runs read back. (The browser logs the failed requests meanwhile;
	// only an exception counts then.)
	events, _ := b.Events(0)
	addr := srv.Listener.Addr().String()
	srv.Close()
	l.Shutdown()
	waitText(p, "#server", "not answering")
	l2, err := New(Options{Data: l.opt.Data, Out: l.opt.Out, Limit: 1 << 40, Logger: log.New(&bytes.Buffer{}, "", 0)})
	must(err)
	defer l2.Shutdown()
	ln, err := net.Listen("tcp", addr)
	must(err)
	back := &http.Server{Handler: l2.Handler()}
	go back.Serve(ln)
	defer back.Close()
	must(p.Wait(ctx, `document.querySelector("#server").textContent === "connected"`))
	waitText(p, "#runs", "lr 0.3 → 0.05")
	for _, problem := range p.Problems(len(events)) {
		if strings.HasPrefix(problem, "exception") {
			t.Errorf("while the server was away: %s", problem)
		}
	}
	t.Logf("the page's test took %v", time.Since(start).Round(time.Millisecond))
}

// mustFloat parses a number of a CSV file.
func mustFloat(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// BenchmarkPageReload opens the page on a lab whose folder holds five
// finished runs of `go run .`'s settings on the whole of MNIST, and waits
// for every run's event stream to replay to its end. ms/load is the time
// from the page's start to the last stream's end, KB/run what a run's
// stream sent (gzipped, as Chromium asks), KB-plain/run the same
// decompressed. The five runs are trained once, before the timing. The
// page's errors are TestPageInBrowser's to find: a load cut short by the
// next one is no fault of the page's.
//
//	go test -run '^$' -bench PageReload -benchtime 5x ./internal/lab
func BenchmarkPageReload(b *testing.B) {
	path, err := browser.Find()
	if err != nil {
		b.Skip(err)
	}
	data, err := mnist.Load()
	if err != nil {
		b.Fatal(err)
	}
	l, err := New(Options{Data: data, Out: b.TempDir(), Limit: 1 << 40})
	if err != nil {
		b.Fatal(err)
	}
	defer l.Shutdown()
	srv := httptest.NewServer(l.Handler())
	defer srv.Close()
	const runs = 5
	for id := 1; id <= runs; id++ {
		if code, body := do(b, l.Handler(), "POST", "/api/runs", fmt.Sprintf(`{"seed": %d}`, id)); code != http.StatusCreated {
			b.Fatalf("a run refused: %d %s", code, body)
		}
		waitState(b, l.Handler(), id, "finished")
	}
	br, err := browser.Launch(path, b.TempDir(), 1400, 1000)
	if err != nil {
		b.Fatal(err)
	}
	defer br.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	p, err := br.Open(ctx, "about:blank")
	if err != nil {
		b.Fatal(err)
	}
	var loads int
	var ms, zipped, plain float64
	for b.Loop() {
		loads++
		url := fmt.Sprintf("%s/?load=%d", srv.URL, loads)
		if err := p.Call(ctx, "Page.navigate", map[string]any{"url": url}, nil); err != nil {
			b.Fatal(err)
		}
		streams := `performance.getEntriesByType("resource").filter(e => e.name.includes("/events"))`
		if err := p.Wait(ctx, fmt.Sprintf(`location.href === %q && %s.length === %d`, url, streams, runs)); err != nil {
			b.Fatal(err)
		}
		var m struct{ End, Zipped, Plain float64 }
		js := fmt.Sprintf(`(() => { const s = %s; return {End: Math.max(...s.map(e => e.responseEnd)),
			Zipped: s.reduce((n, e) => n + e.encodedBodySize, 0), Plain: s.reduce((n, e) => n + e.decodedBodySize, 0)}; })()`, streams)
		if err := p.Eval(ctx, js, &m); err != nil {
			b.Fatal(err)
		}
		ms, zipped, plain = ms+m.End, zipped+m.Zipped, plain+m.Plain
	}
	b.ReportMetric(ms/float64(loads), "ms/load")
	b.ReportMetric(zipped/float64(loads*runs)/1000, "KB/run")
	b.ReportMetric(plain/float64(loads*runs)/1000, "KB-plain/run")
}
