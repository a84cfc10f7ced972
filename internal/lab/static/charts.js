// The loss and accuracy charts (Figures 4-11 and 4-12) as SVG, each with
// its axis titles, its legend inside (a click on a run hides or shows
// it), the learning rate's changes marked, and its numbers and picture
// downloadable. The loss chart has a log scale and TensorBoard's
// smoothing.

import { svg } from "./dom.js";
import { rateStory } from "./label.js";

const W = 560, H = 320, M = { l: 56, r: 12, t: 12, b: 42 };

// smoothed is TensorBoard's debiased exponential moving average of v with
// weight w in [0, 1): each point w of the one before and 1 − w its own,
// the start not pulled towards zero. A null (no number) passes through.
export function smoothed(v, w) {
  if (!w) return v;
  const out = new Array(v.length);
  let last = 0, n = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (x === null || x === undefined || !isFinite(x)) { out[i] = null; continue; }
    last = last * w + (1 - w) * x;
    n++;
    out[i] = last / (1 - Math.pow(w, n));
  }
  return out;
}

// niceStep is a round step near x: 1, 2 or 5 times a power of ten.
function niceStep(x) {
  const p = Math.pow(10, Math.floor(Math.log10(x)));
  for (const k of [1, 2, 5, 10]) if (k * p >= x) return k * p;
  return 10 * p;
}

function tickText(v) { return Math.abs(v) >= 1000 ? (v / 1000) + "k" : String(Number(v.toPrecision(6))); }

// frame draws the axes, their ticks and titles into g, and returns the
// scales.
function frame(g, xMax, y, xTitle, yTitle) {
  const X = v => M.l + (W - M.l - M.r) * v / xMax;
  const Y = v => H - M.b - (H - M.t - M.b) * (y.map(v) - y.lo) / (y.hi - y.lo);
  for (const v of y.ticks) {
    g.append(svg("line", { x1: M.l, x2: W - M.r, y1: Y(v), y2: Y(v), class: "grid" }),
      svg("text", { x: M.l - 5, y: Y(v) + 4, "text-anchor": "end", class: "tick" }, tickText(v)));
  }
  const step = niceStep(Math.max(xMax / 5, 1));
  for (let v = 0; v <= xMax; v += step) {
    g.append(svg("text", { x: X(v), y: H - M.b + 15, "text-anchor": "middle", class: "tick" }, tickText(v)));
  }
  g.append(svg("path", { d: `M${M.l},${M.t}V${H - M.b}H${W - M.r}`, class: "axis" }),
    svg("text", { x: (M.l + W - M.r) / 2, y: H - 6, "text-anchor": "middle", class: "title" }, xTitle),
    svg("text", { x: 14, y: (M.t + H - M.b) / 2, "text-anchor": "middle", class: "title", transform: `rotate(-90 14 ${(M.t + H - M.b) / 2})` }, yTitle));
  return { X, Y };
}

// line is an SVG path through points [x, y], broken where y is null.
function line(points, X, Y) {
  let d = "", open = false;
  for (const [x, y] of points) {
    if (y === null) { open = false; continue; }
    d += (open ? "L" : "M") + X(x).toFixed(1) + "," + Y(y).toFixed(1);
    open = true;
  }
  return d;
}

// legend draws the runs' names at the top right, each a button that hides
// or shows its run, and extra keys below them.
function legend(g, runs, toggle, extra = []) {
  const items = runs.filter(r => r.id !== 0 || r.evals.length);
  if (!items.length) return;
  const box = svg("g", { class: "legend" });
  let y = M.t + 14;
  for (const r of items) {
    const item = svg("g", { class: "legend-item" + (r.visible ? "" : " hidden"), tabindex: 0, role: "button", "aria-pressed": String(r.visible), "data-run": r.id },
      svg("title", {}, (r.visible ? "hide " : "show ") + "run " + r.id),
      svg("line", { x1: W - M.r - 196, x2: W - M.r - 176, y1: y - 4, y2: y - 4, stroke: r.color, "stroke-width": 3 }),
      svg("text", { x: W - M.r - 170, y, class: "key" }, shorten(legendName(r.obj), 32)));
    item.addEventListener("click", () => toggle(r));
    item.addEventListener("keydown", e => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); toggle(r); } });
    box.append(item);
    y += 15;
  }
  for (const [dash, text] of extra) {
    box.append(svg("line", { x1: W - M.r - 196, x2: W - M.r - 176, y1: y - 4, y2: y - 4, stroke: "#444", "stroke-dasharray": dash }),
      svg("text", { x: W - M.r - 170, y, class: "key" }, text));
    y += 15;
  }
  box.prepend(svg("rect", { x: W - M.r - 202, y: M.t + 2, width: 198, height: y - M.t - 8, class: "legend-box" }));
  g.append(box);
}

// legendName is a run's name in a legend: its number and learning rates.
function legendName(o) {
  if (o.id === 0) return "run 0 (loaded)";
  return "run " + o.id + ": " + rateStory(o).replace(/ at update \d+/g, "");
}

function shorten(s, n) { return s.length > n ? s.slice(0, n - 1) + "…" : s; }

// drawLoss draws every visible run's loss (Figure 4-11), a point a pixel
// column (the mean of its updates), smoothed with weight smooth, on a log
// scale if log; a dashed line where a run's learning rate changed.
export function drawLoss(el, runs, { log, smooth }, toggle) {
  el.setAttribute("viewBox", `0 0 ${W} ${H}`);
  el.textContent = "";
  const shown = runs.filter(r => r.visible && r.losses.length);
  let xMax = 1, lo = Infinity, hi = 0;
  const series = shown.map(r => {
    xMax = Math.max(xMax, r.obj.settings.iters || r.losses.length);
    return smoothed(r.losses, smooth);
  });
  const per = Math.max(1, Math.ceil(xMax / (W - M.l - M.r)));
  const points = series.map(s => {
    const out = [];
    for (let i = 0; i < s.length; i += per) {
      let sum = 0, k = 0, gap = false;
      for (let j = i; j < Math.min(i + per, s.length); j++) {
        if (s[j] === null || s[j] === undefined) gap = true; else { sum += s[j]; k++; }
      }
      const v = k && !gap ? sum / k : null;
      if (v !== null) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
      out.push([i, v]);
    }
    return out;
  });
  let y;
  if (log) {
    const a = Math.floor(Math.log10(isFinite(lo) && lo > 0 ? lo : 0.01)), b = Math.max(a + 1, Math.ceil(Math.log10(hi > 0 ? hi : 10)));
    const ticks = [];
    for (let e = a; e <= b; e++) ticks.push(Math.pow(10, e));
    y = { map: v => Math.log10(Math.max(v, 1e-300)), lo: a, hi: b, ticks };
  } else {
    const top = Math.max(2.5, Math.ceil(hi * 2) / 2), step = top > 5 ? 1 : 0.5, ticks = [];
    for (let v = 0; v <= top + 1e-9; v += step) ticks.push(Number(v.toFixed(1)));
    y = { map: v => v, lo: 0, hi: top, ticks };
  }
  const g = svg("g");
  const { X, Y } = frame(g, xMax, y, "update", log ? "loss (log scale)" : "loss: the batch's cross-entropy");
  shown.forEach((r, k) => {
    g.append(svg("path", { d: line(points[k].map(([x, v]) => [x, v === null ? null : log ? Math.max(v, Math.pow(10, y.lo)) : Math.min(v, y.hi)]), X, Y), stroke: r.color, class: "series", "data-run": r.id }));
    for (const change of (r.obj.rates || []).slice(1)) {
      g.append(svg("line", { x1: X(change.from), x2: X(change.from), y1: M.t, y2: H - M.b, stroke: r.color, class: "rate-mark", "data-run": r.id }),
        svg("text", { x: X(change.from) + 3, y: H - M.b - 4, class: "rate-label", fill: r.color }, "lr " + change.lr));
    }
  });
  legend(g, runs.filter(r => r.losses.length), toggle);
  el.append(g);
}

// drawAccuracy draws every visible run's train (solid) and test (dashed)
// accuracy at each evaluation (Figure 4-12).
export function drawAccuracy(el, runs, toggle) {
  el.setAttribute("viewBox", `0 0 ${W} ${H}`);
  el.textContent = "";
  const shown = runs.filter(r => r.visible && r.evals.length);
  let xMax = 1;
  for (const r of shown) xMax = Math.max(xMax, r.obj.settings.iters || 1);
  const g = svg("g");
  const { X, Y } = frame(g, xMax, { map: v => v, lo: 0, hi: 1, ticks: [0, 0.2, 0.4, 0.6, 0.8, 1] }, "update", "accuracy");
  for (const r of shown) {
    const evals = [...r.evals].sort((a, b) => a.iter - b.iter || a.final - b.final);
    for (const [key, dash] of [["train_acc", ""], ["test_acc", "5 3"]]) {
      g.append(svg("path", { d: line(evals.map(e => [e.iter, e[key]]), X, Y), stroke: r.color, "stroke-dasharray": dash, class: "series", "data-run": r.id }));
    }
  }
  legend(g, runs.filter(r => r.evals.length), toggle, [["", "train"], ["5 3", "test"]]);
  el.append(g);
}

// lossCSV is the visible runs' losses: run, update, loss, learning rate.
export function lossCSV(runs) {
  const rows = ["run,iter,loss,lr"];
  for (const r of runs.filter(r => r.visible)) {
    const rates = r.obj.rates && r.obj.rates.length ? r.obj.rates : [{ from: 0, lr: r.obj.settings.lr }];
    let k = 0;
    r.losses.forEach((v, i) => {
      while (k + 1 < rates.length && rates[k + 1].from <= i) k++;
      rows.push(r.id + "," + i + "," + (v === null ? "nan" : v) + "," + rates[k].lr);
    });
  }
  return rows.join("\n") + "\n";
}

// accuracyCSV is the visible runs' evaluations.
export function accuracyCSV(runs) {
  const rows = ["run,iter,final,train_acc,test_acc"];
  for (const r of runs.filter(r => r.visible)) {
    for (const e of r.evals) rows.push([r.id, e.iter, e.final, e.train_acc, e.test_acc].join(","));
  }
  return rows.join("\n") + "\n";
}

// svgFile is a chart as a file of its own.
export function svgFile(el) {
  const copy = el.cloneNode(true);
  copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  copy.setAttribute("width", W);
  copy.setAttribute("height", H);
  copy.prepend(svg("style", {}, chartStyle));
  return new XMLSerializer().serializeToString(copy);
}

// chartStyle is page.css's rules for the charts, for a chart saved alone.
const chartStyle = `text{font:11px Helvetica,Arial,sans-serif;fill:#333}.title{font-size:12px}.grid{stroke:#eee}.axis{stroke:#888;fill:none}
.series{fill:none;stroke-width:1.3}.rate-mark{stroke-dasharray:4 3}.legend-box{fill:#fff;fill-opacity:.85;stroke:#ccc}.legend-item.hidden{opacity:.35}`;
