"use strict";
// The learning lab's page. It only draws: every number it prints comes
// from the server (the training, the readings, the chapter's answers);
// the one curve it computes itself is §4.3's function_1, the backdrop on
// which the server's tangent is drawn.

const $ = id => document.getElementById(id);
const colors = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#8c564b", "#000000"];
const ended = new Set(["finished", "stopped", "interrupted", "diverged", "failed"]);

// api sends a JSON request and returns the JSON answer, throwing the
// server's error message.
async function api(method, path, body) {
  const opt = { method, headers: {} };
  if (body !== undefined) {
    opt.body = JSON.stringify(body);
    opt.headers["Content-Type"] = "application/json";
  }
  const r = await fetch(path, opt);
  const j = await r.json();
  if (!r.ok) throw new Error(j.error || String(r.status));
  return j;
}

function fmt(v, digits) {
  if (v === null || v === undefined) return "–";
  return Number(v).toFixed(digits);
}

// ---- The runs: each run's history, from its event stream.

const runs = new Map(); // id → {obj, losses, evals, color, units, source, times}
let shown = null;       // the run whose units, confusion and digits are drawn
let digitImages = [];

function label(o) {
  if (o.id === 0) return "run 0: " + o.dir + " (loaded)";
  const s = o.settings;
  return "run " + o.id + ": lr " + s.lr + ", batch " + s.batch + ", hidden " + s.hidden +
    (s.book ? ", the book's code" : "") + (s.grad === "numerical" ? ", numerical" : "") + (s.replace ? ", replace" : "");
}

function track(o) {
  let r = runs.get(o.id);
  if (!r) {
    r = { obj: o, losses: [], evals: [], color: colors[runs.size % colors.length], units: null, source: null, times: [], done: false };
    runs.set(o.id, r);
    subscribe(r);
  }
  r.obj = o;
  return r;
}

function subscribe(r) {
  const es = new EventSource("api/runs/" + r.obj.id + "/events");
  r.source = es;
  es.addEventListener("update", e => {
    const d = JSON.parse(e.data);
    for (let k = 0; k < d.losses.length; k++) r.losses[d.iter + k] = d.losses[k];
    r.times.push([performance.now(), d.iter + d.losses.length]);
    if (r.times.length > 20) r.times.shift();
    r.obj.updates_done = d.iter + d.losses.length;
    redraw("loss");
  });
  es.addEventListener("eval", e => {
    const d = JSON.parse(e.data);
    if (!r.evals.some(v => v.iter === d.iter && v.final === d.final)) r.evals.push(d);
    r.obj.train_acc = d.train_acc;
    r.obj.test_acc = d.test_acc;
    redraw("eval");
  });
  es.addEventListener("units", e => { r.units = JSON.parse(e.data); redraw("units"); });
  es.addEventListener("rate", e => { r.obj.lr = JSON.parse(e.data).lr; redraw("loss"); });
  es.addEventListener("state", e => {
    const d = JSON.parse(e.data);
    if (d.id !== undefined) r.obj = d;
    else r.obj.state = d.state;
    if (ended.has(r.obj.state)) {
      es.close();
      r.done = true;
      if (r.obj.error) showError("run " + r.obj.id + ": " + r.obj.error);
    }
    listRuns();
    redraw();
  });
  es.onerror = () => {
    if (r.done) return;
    if (es.readyState === EventSource.CLOSED) r.done = true;
    serverGone();
  };
}

async function refresh() {
  const list = await api("GET", "api/runs");
  for (const o of list) track(o);
  const active = list.filter(o => !ended.has(o.state));
  if (active.length) shown = active[active.length - 1].id;
  else if (list.length && shown === null) shown = list[list.length - 1].id;
  listRuns();
  redraw();
}

// ---- The server: when it goes away, say so and look for it again.

let polling = null;
function serverGone() {
  $("server").textContent = "the server is not answering: reconnecting…";
  $("server").className = "gone";
  if (polling) return;
  polling = setInterval(async () => {
    try {
      await refresh();
      clearInterval(polling);
      polling = null;
      $("server").textContent = "connected";
      $("server").className = "ok";
      for (const r of runs.values()) {
        if (!r.done && (!r.source || r.source.readyState === EventSource.CLOSED)) subscribe(r);
      }
    } catch (err) {
      // still away
    }
  }, 2000);
}

// A look every few seconds finds the server gone even when no run streams.
setInterval(async () => {
  if (polling) return;
  try {
    await refresh();
  } catch (err) {
    serverGone();
  }
}, 3000);

function showError(msg) { $("error").textContent = msg; }

// ---- Controls.

$("settings").addEventListener("submit", async e => {
  e.preventDefault();
  const f = e.target.elements;
  const body = {
    iters: Number(f.iters.value), batch: Number(f.batch.value), lr: Number(f.lr.value),
    hidden: Number(f.hidden.value), seed: Number(f.seed.value), replace: f.replace.checked,
    grad: f.grad.value, book: f.book.value === "true",
  };
  try {
    const o = await api("POST", "api/runs", body);
    showError("");
    shown = o.id;
    $("lr-now").value = o.settings.lr;
    track(o);
    listRuns();
    redraw();
  } catch (err) {
    showError(err.message);
  }
});

async function control(what) {
  if (shown === null) return;
  try {
    const o = await api("POST", "api/runs/" + shown + "/" + what);
    runs.get(shown).obj = o;
    showError("");
  } catch (err) {
    showError(err.message);
  }
  redraw();
}
$("pause").addEventListener("click", () => control("pause"));
$("resume").addEventListener("click", () => control("resume"));
$("stop").addEventListener("click", () => control("stop"));
$("lr-set").addEventListener("click", async () => {
  if (shown === null) return;
  try {
    const o = await api("PATCH", "api/runs/" + shown, { lr: Number($("lr-now").value) });
    runs.get(shown).obj = o;
    showError("");
  } catch (err) {
    showError(err.message);
  }
  redraw();
});

function listRuns() {
  const body = $("runs").querySelector("tbody");
  body.textContent = "";
  const reader = $("reader");
  const chosen = reader.value;
  reader.textContent = "";
  reader.add(new Option("the latest network", ""));
  for (const r of runs.values()) {
    const o = r.obj;
    const tr = body.insertRow();
    const cells = [String(o.id), label(o).replace(/^run \d+: /, ""), o.state, String(o.updates_done), fmt(o.train_acc, 4), fmt(o.test_acc, 4)];
    for (const c of cells) tr.insertCell().textContent = c;
    tr.cells[0].style.borderLeft = "6px solid " + r.color;
    const files = tr.insertCell();
    if (o.report) {
      const a = document.createElement("a");
      a.href = o.report;
      a.textContent = "report";
      files.append(a, " " + o.dir);
    } else {
      files.textContent = o.dir;
    }
    reader.add(new Option("run " + o.id + " (" + o.state + ")", String(o.id)));
  }
  reader.value = chosen;
  if (reader.selectedIndex < 0) reader.value = "";
}

// ---- Drawing: charts redrawn at most once a frame.

// redraw draws, at the next frame, the parts that what changed touches:
// "loss" the loss chart and the status, "eval" the accuracies, the
// confusion and the digits, "units" the hidden units, "runs" everything.
let frame = 0;
const dirty = new Set();
function redraw(what) {
  dirty.add(what || "runs");
  if (frame) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    const all = dirty.has("runs");
    if (all || dirty.has("loss")) drawLoss();
    if (all || dirty.has("eval")) { drawAccuracy(); drawEvaluation(); }
    if (all) drawLegend();
    if (all || dirty.has("units")) drawUnits();
    drawStatus();
    dirty.clear();
  });
}

// axes draws a chart's frame and ticks: x from 0 to xMax, y from 0 to yMax.
function axes(ctx, w, h, xMax, yMax, yTicks, xLabel) {
  const m = { l: 46, r: 22, t: 10, b: 34 };
  ctx.clearRect(0, 0, w, h);
  ctx.strokeStyle = "#888";
  ctx.fillStyle = "#333";
  ctx.font = "11px sans-serif";
  ctx.beginPath();
  ctx.moveTo(m.l, m.t);
  ctx.lineTo(m.l, h - m.b);
  ctx.lineTo(w - m.r, h - m.b);
  ctx.stroke();
  const X = v => m.l + (w - m.l - m.r) * v / xMax;
  const Y = v => h - m.b - (h - m.t - m.b) * v / yMax;
  ctx.textAlign = "right";
  for (const v of yTicks) {
    ctx.fillText(String(v), m.l - 4, Y(v) + 4);
    ctx.strokeStyle = "#eee";
    ctx.beginPath();
    ctx.moveTo(m.l + 1, Y(v));
    ctx.lineTo(w - m.r, Y(v));
    ctx.stroke();
  }
  ctx.textAlign = "center";
  const step = niceStep(xMax / 5);
  for (let v = 0; v <= xMax; v += step) ctx.fillText(String(v), X(v), h - m.b + 14);
  ctx.fillText(xLabel, (m.l + w - m.r) / 2, h - 4);
  return { X, Y, m };
}

function niceStep(x) {
  const p = Math.pow(10, Math.floor(Math.log10(Math.max(x, 1))));
  for (const k of [1, 2, 5, 10]) if (k * p >= x) return k * p;
  return 10 * p;
}

function drawLoss() {
  const c = $("loss"), ctx = c.getContext("2d");
  let xMax = 1, yMax = 2.5;
  for (const r of runs.values()) {
    xMax = Math.max(xMax, r.obj.settings.iters || r.losses.length);
    for (const v of r.losses) if (v !== null && v > yMax) yMax = Math.min(Math.ceil(v), 10);
  }
  const ticks = [];
  for (let v = 0; v <= yMax + 1e-9; v += yMax > 5 ? 2 : 0.5) ticks.push(Number(v.toFixed(1)));
  const { X, Y, m } = axes(ctx, c.width, c.height, xMax, yMax, ticks, "update");
  const width = c.width - m.l - m.r;
  for (const r of runs.values()) {
    const n = r.losses.length;
    if (!n) continue;
    // One point a pixel column, the mean of its updates, and the last
    // update's own point at the end.
    const per = Math.max(1, Math.ceil(xMax / width));
    ctx.strokeStyle = r.color;
    ctx.lineWidth = r.obj.id === shown ? 1.5 : 1;
    ctx.beginPath();
    let started = false;
    const point = (x, v) => {
      if (v === null || !isFinite(v)) { started = false; return; }
      const y = Y(Math.min(v, yMax));
      if (started) ctx.lineTo(X(x), y); else ctx.moveTo(X(x), y);
      started = true;
    };
    for (let i = 0; i < n; i += per) {
      let s = 0, k = 0, bad = false;
      for (let j = i; j < Math.min(i + per, n); j++) {
        const v = r.losses[j];
        if (v === null || v === undefined) { bad = true; continue; }
        s += v;
        k++;
      }
      point(i, k && !bad ? s / k : null);
    }
    point(n - 1, r.losses[n - 1]);
    ctx.stroke();
  }
  ctx.lineWidth = 1;
}

function drawAccuracy() {
  const c = $("acc"), ctx = c.getContext("2d");
  let xMax = 1;
  for (const r of runs.values()) xMax = Math.max(xMax, r.obj.settings.iters || 1);
  const { X, Y } = axes(ctx, c.width, c.height, xMax, 1, [0, 0.2, 0.4, 0.6, 0.8, 1], "update");
  for (const r of runs.values()) {
    for (const [key, dash] of [["train_acc", []], ["test_acc", [5, 3]]]) {
      ctx.strokeStyle = r.color;
      ctx.setLineDash(dash);
      ctx.beginPath();
      r.evals.forEach((e, i) => {
        if (i === 0) ctx.moveTo(X(e.iter), Y(e[key])); else ctx.lineTo(X(e.iter), Y(e[key]));
      });
      ctx.stroke();
    }
  }
  ctx.setLineDash([]);
}

function drawLegend() {
  const legend = $("legend");
  legend.textContent = "";
  for (const r of runs.values()) {
    if (r.obj.id === 0) continue;
    const s = document.createElement("span");
    const i = document.createElement("i");
    i.style.background = r.color;
    s.append(i, label(r.obj));
    legend.append(s);
  }
  if (legend.childNodes.length) legend.append("(accuracy: solid train, dashed test)");
}

function grey(ctx, x, y, bytes, scale) {
  const img = ctx.createImageData(28, 28);
  for (let p = 0; p < 784; p++) {
    img.data[4 * p] = img.data[4 * p + 1] = img.data[4 * p + 2] = bytes[p];
    img.data[4 * p + 3] = 255;
  }
  if (scale === 1) { ctx.putImageData(img, x, y); return; }
  const tmp = document.createElement("canvas");
  tmp.width = tmp.height = 28;
  tmp.getContext("2d").putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(tmp, x, y, 28 * scale, 28 * scale);
}

function unbase64(s) {
  const b = atob(s), out = new Uint8Array(b.length);
  for (let i = 0; i < b.length; i++) out[i] = b.charCodeAt(i);
  return out;
}

function drawUnits() {
  const r = shown === null ? null : runs.get(shown);
  const uc = $("units"), u = uc.getContext("2d");
  u.clearRect(0, 0, uc.width, uc.height);
  if (r && r.units) {
    // Twice the size while fifty fit.
    const scale = r.units.units.length <= 50 ? 2 : 1, size = 28 * scale + 2;
    const per = Math.floor(uc.width / size);
    r.units.units.forEach((s, j) => grey(u, (j % per) * size, Math.floor(j / per) * size, unbase64(s), scale));
  }
}

function drawEvaluation() {
  const r = shown === null ? null : runs.get(shown);
  const last = r && r.evals.length ? r.evals[r.evals.length - 1] : null;
  drawConfusion(last ? last.confusion : null);
  drawDigits(last ? last.digits : null);
}

function drawConfusion(m) {
  const c = $("confusion"), ctx = c.getContext("2d");
  ctx.clearRect(0, 0, c.width, c.height);
  if (!m) return;
  const cell = 26, off = 24;
  ctx.font = "10px sans-serif";
  ctx.textAlign = "center";
  for (let t = 0; t < 10; t++) {
    const row = m[t].reduce((a, b) => a + b, 0) || 1;
    ctx.fillStyle = "#333";
    ctx.fillText(String(t), off - 10, off + t * cell + 16);
    ctx.fillText(String(t), off + t * cell + 13, off - 8);
    for (let p = 0; p < 10; p++) {
      const v = m[t][p] / row;
      ctx.fillStyle = t === p ? "rgba(0,114,178," + v + ")" : "rgba(213,94,0," + Math.min(1, 4 * v) + ")";
      ctx.fillRect(off + p * cell, off + t * cell, cell - 1, cell - 1);
      ctx.fillStyle = v > 0.5 ? "#fff" : "#222";
      if (m[t][p]) ctx.fillText(String(m[t][p]), off + p * cell + 13, off + t * cell + 16);
    }
  }
}

function drawDigits(readings) {
  const box = $("digits");
  if (!digitImages.length) return;
  if (!box.childNodes.length) {
    for (const d of digitImages) {
      const div = document.createElement("div");
      div.className = "digit";
      const cv = document.createElement("canvas");
      cv.width = cv.height = 28;
      grey(cv.getContext("2d"), 0, 0, unbase64(d.pixels), 1);
      const p = document.createElement("div");
      div.append(cv, p);
      box.append(div);
    }
  }
  digitImages.forEach((d, i) => {
    const p = box.childNodes[i].lastChild;
    if (!readings) { p.textContent = "label " + d.label; return; }
    const rd = readings[i];
    p.textContent = rd.top.map((t, k) => t + " " + fmt(rd.probabilities[k], 2)).join(" · ");
    p.style.color = rd.top[0] === d.label ? "#060" : "#b00";
  });
}

function drawStatus() {
  const r = shown === null ? null : runs.get(shown);
  const state = r ? r.obj.state : "";
  $("pause").disabled = state !== "running";
  $("resume").disabled = state !== "paused";
  $("stop").disabled = state !== "running" && state !== "paused";
  $("lr-set").disabled = state !== "running" && state !== "paused";
  if (!r) { $("status").textContent = "no run yet: set the settings and Start"; return; }
  const o = r.obj;
  let text = "run " + o.id + " " + o.state + ": " + o.updates_done + " of " + (o.settings.iters || o.updates_done) + " updates";
  if (o.state === "running" && r.times.length > 1) {
    const [t0, n0] = r.times[0], [t1, n1] = r.times[r.times.length - 1];
    const rate = (n1 - n0) / ((t1 - t0) / 1000);
    if (rate > 0) text += ", " + rate.toFixed(0) + " updates/s, " + Math.ceil((o.settings.iters - n1) / rate) + " s left";
  }
  text += "; lr " + o.lr + "; train acc " + fmt(o.train_acc, 4) + ", test acc " + fmt(o.test_acc, 4);
  $("status").textContent = text;
}

// ---- Read: a digit drawn, read by the chosen run's network of the moment.

const pad = $("pad"), padCtx = pad.getContext("2d"), seen = $("seen").getContext("2d");
for (let d = 0; d < 10; d++) {
  $("bars").insertAdjacentHTML("beforeend", '<div class="bar" id="bar' + d + '"><span class="d">' + d +
    '</span><span class="track"><span class="fill"></span></span><span class="p"></span></div>');
}

function clearPad() {
  padCtx.fillStyle = "#000";
  padCtx.fillRect(0, 0, pad.width, pad.height);
  seen.clearRect(0, 0, 28, 28);
  for (let d = 0; d < 10; d++) bar(d, 0, false, "");
  $("answer").textContent = "";
}

function bar(d, p, best, text) {
  const b = $("bar" + d);
  b.querySelector(".fill").style.width = (100 * p).toFixed(1) + "%";
  b.querySelector(".p").textContent = text;
  b.classList.toggle("best", best);
}

let drawing = false, lastPoint = null, sending = false, again = false, inked = false;
function padPoint(e) {
  const r = pad.getBoundingClientRect();
  return [(e.clientX - r.left) * pad.width / r.width, (e.clientY - r.top) * pad.height / r.height];
}
pad.addEventListener("pointerdown", e => {
  drawing = true;
  pad.setPointerCapture(e.pointerId);
  lastPoint = padPoint(e);
  stroke(lastPoint, lastPoint);
});
pad.addEventListener("pointermove", e => {
  if (!drawing) return;
  const p = padPoint(e);
  stroke(lastPoint, p);
  lastPoint = p;
  send();
});
pad.addEventListener("pointerup", () => { drawing = false; send(); });
pad.addEventListener("pointercancel", () => { drawing = false; });
$("clear").addEventListener("click", () => { inked = false; clearPad(); });
$("reader").addEventListener("change", () => { if (inked) send(); });

function stroke(a, b) {
  inked = true;
  padCtx.strokeStyle = "#fff";
  padCtx.lineWidth = 20;
  padCtx.lineCap = "round";
  padCtx.beginPath();
  padCtx.moveTo(a[0], a[1]);
  padCtx.lineTo(b[0], b[1]);
  padCtx.stroke();
}

// send posts the drawing, one request at a time: a drawing changed while
// one is on its way is sent when the answer comes.
function send() {
  if (sending) { again = true; return; }
  sending = true;
  pad.toBlob(async blob => {
    const run = $("reader").value;
    try {
      const r = await fetch("api/predict" + (run ? "?run=" + run : ""), { method: "POST", body: blob, headers: { "Content-Type": "image/png" } });
      reading(await r.json());
    } catch (err) {
      $("answer").textContent = String(err);
    }
    sending = false;
    if (again) { again = false; send(); }
  }, "image/png");
}

function reading(r) {
  if (r.error) { $("answer").textContent = r.error; return; }
  for (let d = 0; d < 10; d++) bar(d, r.probabilities[d], d === r.digit, r.probabilities[d].toFixed(3));
  $("answer").textContent = "It reads " + r.digit + " (" + (100 * r.probabilities[r.digit]).toFixed(1) + "%), run " + r.run;
  const img = seen.createImageData(28, 28);
  for (let i = 0; i < 784; i++) {
    const v = Math.round(255 * r.input[i]);
    img.data[4 * i] = img.data[4 * i + 1] = img.data[4 * i + 2] = v;
    img.data[4 * i + 3] = 255;
  }
  seen.putImageData(img, 0, 0);
}

// ---- The chapter by hand.

// Later asks for the newest answer only: an answer to an older request is
// dropped.
function latest(fn) {
  let n = 0;
  return async (...args) => {
    const mine = ++n;
    try {
      const v = await fn(...args);
      if (mine === n) return v;
    } catch (err) {
      if (mine === n) showError(err.message);
    }
    return null;
  };
}

// §4.2: the two loss functions of ten probabilities.
const book1 = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0];
const book2 = [0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0];
for (let d = 0; d < 10; d++) {
  $("y-sliders").insertAdjacentHTML("beforeend", '<div class="slider">y' + d +
    ' <input type="range" min="0" max="1" step="0.01" id="y' + d + '"><span id="yv' + d + '"></span></div>');
  $("y" + d).addEventListener("input", losses);
  $("t-digit").add(new Option(String(d), String(d)));
}
$("t-digit").value = "2";
$("t-digit").addEventListener("change", losses);
function preset(y) {
  y.forEach((v, d) => { $("y" + d).value = v; });
  $("t-digit").value = "2";
  losses();
}
$("preset1").addEventListener("click", () => preset(book1));
$("preset2").addEventListener("click", () => preset(book2));
const askLoss = latest(q => api("GET", "api/chapter/loss?" + q));
async function losses() {
  const y = [];
  for (let d = 0; d < 10; d++) {
    y.push($("y" + d).value);
    $("yv" + d).textContent = Number($("y" + d).value).toFixed(2);
  }
  const r = await askLoss("y=" + y.join(",") + "&t=" + $("t-digit").value);
  if (!r) return;
  const sum = y.reduce((a, b) => a + Number(b), 0);
  $("loss-out").textContent = "sum of squares  " + r.sum_squared.toPrecision(6) + "\ncross-entropy   " + r.cross_entropy.toPrecision(6) +
    "\n(the probabilities sum to " + sum.toFixed(2) + ")";
}

// §4.3: function_1, its tangent at a draggable x, and h.
const diffCanvas = $("diff"), diffCtx = diffCanvas.getContext("2d");
let diffX = 5;
const dxv = v => 30 + (diffCanvas.width - 40) * v / 20;
const dyv = v => diffCanvas.height - 25 - (diffCanvas.height - 35) * (v + 0.5) / 6.5;
function f1(x) { return 0.01 * x * x + 0.1 * x; }
const askDiff = latest(q => api("GET", "api/chapter/diff?" + q));
async function diff() {
  const h = Math.pow(10, Number($("h").value));
  $("h-value").textContent = h.toExponential(1);
  const r = await askDiff("x=" + diffX + "&h=" + h);
  if (!r) return;
  const ctx = diffCtx, w = diffCanvas.width, hh = diffCanvas.height;
  ctx.clearRect(0, 0, w, hh);
  ctx.strokeStyle = "#888";
  ctx.beginPath();
  ctx.moveTo(dxv(0), dyv(0));
  ctx.lineTo(dxv(20), dyv(0));
  ctx.moveTo(dxv(0), dyv(-0.5));
  ctx.lineTo(dxv(0), dyv(6));
  ctx.stroke();
  ctx.fillStyle = "#333";
  ctx.font = "11px sans-serif";
  for (let v = 0; v <= 20; v += 5) ctx.fillText(String(v), dxv(v) - 4, hh - 8);
  ctx.strokeStyle = "#0072b2";
  ctx.beginPath();
  for (let i = 0; i <= 200; i++) {
    const x = i / 10;
    if (i) ctx.lineTo(dxv(x), dyv(f1(x))); else ctx.moveTo(dxv(x), dyv(f1(x)));
  }
  ctx.stroke();
  ctx.strokeStyle = "#d55e00";
  ctx.beginPath();
  ctx.moveTo(dxv(0), dyv(r.intercept));
  ctx.lineTo(dxv(20), dyv(r.slope * 20 + r.intercept));
  ctx.stroke();
  ctx.fillStyle = "#d55e00";
  ctx.beginPath();
  ctx.arc(dxv(r.x), dyv(r.f), 5, 0, 2 * Math.PI);
  ctx.fill();
  const err = v => (v - r.exact === 0 ? "0" : Math.abs(v - r.exact).toExponential(2));
  $("diff-out").textContent = "x = " + r.x.toFixed(2) + ", f(x) = " + r.f.toPrecision(6) + "\nexact slope 0.02x + 0.1 = " + r.exact.toPrecision(10) +
    "\ncentral difference " + r.central.toPrecision(16) + "  (error " + err(r.central) + ")" +
    "\nforward difference " + r.forward.toPrecision(16) + "  (error " + err(r.forward) + ")" +
    (r.central === 0 ? "\nx + h rounds back to x: h is lost below the spacing of floats near x" : "");
}
$("h").addEventListener("input", diff);
dragOn(diffCanvas, (px) => {
  diffX = Math.max(0, Math.min(20, (px[0] - 30) / (diffCanvas.width - 40) * 20));
  diff();
});

function dragOn(canvas, move) {
  let down = false;
  const at = e => {
    const r = canvas.getBoundingClientRect();
    return [(e.clientX - r.left) * canvas.width / r.width, (e.clientY - r.top) * canvas.height / r.height];
  };
  canvas.addEventListener("pointerdown", e => { down = true; canvas.setPointerCapture(e.pointerId); move(at(e), true); });
  canvas.addEventListener("pointermove", e => { if (down) move(at(e), false); });
  canvas.addEventListener("pointerup", () => { down = false; });
}

// §4.4: function_2's negative gradient field, and one point's gradient.
const fieldCanvas = $("field"), fieldCtx = fieldCanvas.getContext("2d");
const fx = v => 20 + (fieldCanvas.width - 40) * (v + 2.25) / 4.75;
const fy = v => fieldCanvas.height - 20 - (fieldCanvas.height - 40) * (v + 2.25) / 4.75;
let field = null, picked = null;
function arrow(ctx, x0, y0, x1, y1) {
  const a = Math.atan2(y1 - y0, x1 - x0);
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1, y1);
  ctx.lineTo(x1 - 5 * Math.cos(a - 0.4), y1 - 5 * Math.sin(a - 0.4));
  ctx.moveTo(x1, y1);
  ctx.lineTo(x1 - 5 * Math.cos(a + 0.4), y1 - 5 * Math.sin(a + 0.4));
  ctx.stroke();
}
function drawField() {
  const ctx = fieldCtx;
  ctx.clearRect(0, 0, fieldCanvas.width, fieldCanvas.height);
  ctx.strokeStyle = "#ccc";
  ctx.beginPath();
  ctx.moveTo(fx(-2.25), fy(0));
  ctx.lineTo(fx(2.5), fy(0));
  ctx.moveTo(fx(0), fy(-2.25));
  ctx.lineTo(fx(0), fy(2.5));
  ctx.stroke();
  if (!field) return;
  ctx.strokeStyle = "#0072b2";
  for (const [x0, x1, g0, g1] of field.points) arrow(ctx, fx(x0), fy(x1), fx(x0 + 0.05 * g0), fy(x1 + 0.05 * g1));
  if (picked) {
    ctx.strokeStyle = "#d55e00";
    ctx.lineWidth = 2;
    arrow(ctx, fx(picked.x[0]), fy(picked.x[1]), fx(picked.x[0] - 0.1 * picked.gradient[0]), fy(picked.x[1] - 0.1 * picked.gradient[1]));
    ctx.lineWidth = 1;
  }
}
const askGradient = latest(q => api("GET", "api/chapter/gradient?" + q));
fieldCanvas.addEventListener("click", async e => {
  const r = fieldCanvas.getBoundingClientRect();
  const px = (e.clientX - r.left) * fieldCanvas.width / r.width, py = (e.clientY - r.top) * fieldCanvas.height / r.height;
  const x0 = (px - 20) / (fieldCanvas.width - 40) * 4.75 - 2.25, x1 = (fieldCanvas.height - 20 - py) / (fieldCanvas.height - 40) * 4.75 - 2.25;
  const g = await askGradient("x0=" + x0.toFixed(3) + "&x1=" + x1.toFixed(3));
  if (!g) return;
  picked = g;
  $("grad-out").textContent = "at (" + g.x[0] + ", " + g.x[1] + "): f = " + g.f.toPrecision(6) +
    "\n∇f = (" + g.gradient[0].toPrecision(10) + ", " + g.gradient[1].toPrecision(10) + ")\n(exactly (2·x0, 2·x1); the arrow is −∇f, downhill)";
  drawField();
});

// §4.4.1: gradient descent from a draggable start.
const descCanvas = $("descent"), descCtx = descCanvas.getContext("2d");
const gx = v => descCanvas.width / 2 + (descCanvas.width - 20) / 9 * v;
const gy = v => descCanvas.height / 2 - (descCanvas.height - 20) / 9 * v;
let start = [-3, 4];
const askDescent = latest(q => api("GET", "api/chapter/descent?" + q));
async function descend() {
  const lr = $("descent-lr").value, steps = $("descent-steps").value;
  const r = await askDescent("x0=" + start[0].toFixed(3) + "&x1=" + start[1].toFixed(3) + "&lr=" + lr + "&steps=" + steps);
  if (!r) return;
  const ctx = descCtx;
  ctx.clearRect(0, 0, descCanvas.width, descCanvas.height);
  ctx.strokeStyle = "#ddd";
  for (let rad = 0.5; rad <= 6.5; rad += 0.5) {
    ctx.beginPath();
    ctx.arc(gx(0), gy(0), gx(rad) - gx(0), 0, 2 * Math.PI);
    ctx.stroke();
  }
  ctx.strokeStyle = "#aaa";
  ctx.beginPath();
  ctx.moveTo(gx(-4.5), gy(0));
  ctx.lineTo(gx(4.5), gy(0));
  ctx.moveTo(gx(0), gy(-4.5));
  ctx.lineTo(gx(0), gy(4.5));
  ctx.stroke();
  ctx.strokeStyle = "#d55e00";
  ctx.fillStyle = "#d55e00";
  ctx.beginPath();
  let open = false;
  for (const p of r.path) {
    if (p[0] === null || p[1] === null || Math.abs(p[0]) > 1e6 || Math.abs(p[1]) > 1e6) break;
    if (open) ctx.lineTo(gx(p[0]), gy(p[1])); else ctx.moveTo(gx(p[0]), gy(p[1]));
    open = true;
  }
  ctx.stroke();
  for (const p of r.path) {
    if (p[0] === null || p[1] === null || Math.abs(p[0]) > 1e6 || Math.abs(p[1]) > 1e6) break;
    ctx.fillRect(gx(p[0]) - 2, gy(p[1]) - 2, 4, 4);
  }
  ctx.fillStyle = "#0072b2";
  ctx.beginPath();
  ctx.arc(gx(start[0]), gy(start[1]), 5, 0, 2 * Math.PI);
  ctx.fill();
  const end = r.final, out = $("descent-out");
  const where = end[0] === null || end[1] === null ? "no longer a number" : "(" + end[0].toPrecision(4) + ", " + end[1].toPrecision(4) + ")";
  const moved = end[0] === null ? Infinity : Math.hypot(end[0] - start[0], end[1] - start[1]);
  if (r.diverged) {
    out.className = "out diverged";
    out.textContent = "diverged: after " + steps + " steps x is " + where + ", farther from the minimum than it started: lr " + lr + " is too large";
  } else if (Number(steps) > 0 && moved < 1e-6 * Math.hypot(start[0], start[1])) {
    out.className = "out";
    out.textContent = "barely moved: after " + steps + " steps x is " + where + ": lr " + lr + " is too small";
  } else {
    out.className = "out";
    out.textContent = "after " + steps + " steps x is " + where + ", f(x) = " + (r.f === null ? "–" : r.f.toPrecision(4));
  }
}
dragOn(descCanvas, px => {
  start = [(px[0] - descCanvas.width / 2) / ((descCanvas.width - 20) / 9), -(px[1] - descCanvas.height / 2) / ((descCanvas.height - 20) / 9)];
  descend();
});
$("descent-lr").addEventListener("change", descend);
$("descent-steps").addEventListener("change", descend);
for (const b of document.querySelectorAll(".lr-preset")) {
  b.addEventListener("click", () => { $("descent-lr").value = b.dataset.lr; descend(); });
}

// ---- Start.

async function init() {
  clearPad();
  preset(book1);
  diff();
  descend();
  try {
    digitImages = await api("GET", "api/digits");
    field = await api("GET", "api/chapter/field");
    drawField();
    await refresh();
  } catch (err) {
    serverGone();
  }
}
init();
