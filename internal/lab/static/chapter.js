// The chapter by hand (§4.2–§4.4.1): each card asks the server, which
// answers with the network package's own functions, and shows its own
// errors, cleared by its next answer. The points that can be dragged move
// with the arrow keys too.

import { api } from "./api.js";
import { $, el } from "./dom.js";

// asker returns a function that asks path?query and answers the newest
// question only (an older answer is dropped), telling errors in the
// card's error line.
function asker(card, path) {
  const error = card.querySelector(".error");
  let n = 0;
  return async query => {
    const mine = ++n;
    try {
      const v = await api("GET", path + "?" + query);
      if (mine !== n) return null;
      error.textContent = "";
      return v;
    } catch (err) {
      if (mine === n) error.textContent = err.message;
      return null;
    }
  };
}

// draggable moves a canvas's point with the pointer (move gets the point
// in canvas pixels) and with the arrow keys (nudge gets the step).
function draggable(canvas, move, nudge) {
  let down = false;
  const at = e => {
    const r = canvas.getBoundingClientRect();
    return [(e.clientX - r.left) * canvas.width / r.width, (e.clientY - r.top) * canvas.height / r.height];
  };
  canvas.addEventListener("pointerdown", e => { down = true; canvas.setPointerCapture(e.pointerId); move(at(e)); });
  canvas.addEventListener("pointermove", e => { if (down) move(at(e)); });
  canvas.addEventListener("pointerup", () => { down = false; });
  canvas.addEventListener("keydown", e => {
    const steps = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
    if (!(e.key in steps)) return;
    e.preventDefault();
    nudge(...steps[e.key]);
  });
}

export function chapterPanel() {
  lossCard();
  diffCard();
  gradientCard();
  descentCard();
}

// §4.2: the two loss functions of ten probabilities.
function lossCard() {
  const book1 = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0];
  const book2 = [0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0];
  const sliders = [], values = [];
  for (let d = 0; d < 10; d++) {
    const s = el("input", { type: "range", min: 0, max: 1, step: 0.01, id: "y" + d, "aria-label": "y" + d });
    const v = el("span");
    s.addEventListener("input", losses);
    $("y-sliders").append(el("div", { className: "slider" }, "y" + d + " ", s, v));
    sliders.push(s);
    values.push(v);
    $("t-digit").add(new Option(String(d), String(d)));
  }
  $("t-digit").addEventListener("change", losses);
  const preset = y => {
    y.forEach((v, d) => { sliders[d].value = v; });
    $("t-digit").value = "2";
    losses();
  };
  $("preset1").addEventListener("click", () => preset(book1));
  $("preset2").addEventListener("click", () => preset(book2));
  const ask = asker($("loss-card"), "api/chapter/loss");
  async function losses() {
    const y = sliders.map(s => s.value);
    y.forEach((v, d) => { values[d].textContent = Number(v).toFixed(2); });
    const t = Number($("t-digit").value);
    const r = await ask("y=" + y.join(",") + "&t=" + t);
    if (!r) return;
    const sum = y.reduce((a, b) => a + Number(b), 0);
    let text = "sum of squares  " + r.sum_squared.toPrecision(6) + "\ncross-entropy   " + r.cross_entropy.toPrecision(6) +
      "\n(the probabilities sum to " + sum.toFixed(2) + ")";
    if (r.cross_entropy < 0) {
      text += "\nbelow 0: the book's −log(y + 1e-7) adds a tiny delta so that y = 0 gives a number, not −∞; at y" + t + " = " +
        Number(y[t]).toFixed(2) + " it makes the log just above 0, the loss just below";
    }
    $("loss-out").textContent = text;
  }
  preset(book1);
}

// §4.3: function_1, its tangent at a draggable x, and h.
function diffCard() {
  const canvas = $("diff"), ctx = canvas.getContext("2d");
  let x = 5;
  const X = v => 30 + (canvas.width - 40) * v / 20;
  const Y = v => canvas.height - 25 - (canvas.height - 35) * (v + 0.5) / 6.5;
  const f1 = v => 0.01 * v * v + 0.1 * v; // the backdrop only: every number shown is the server's
  const ask = asker($("diff-card"), "api/chapter/diff");
  async function diff() {
    const h = Math.pow(10, Number($("h").value));
    $("h-value").textContent = h.toExponential(1);
    const r = await ask("x=" + x + "&h=" + h);
    if (!r) return;
    const w = canvas.width, hh = canvas.height;
    ctx.clearRect(0, 0, w, hh);
    ctx.strokeStyle = "#888";
    ctx.beginPath();
    ctx.moveTo(X(0), Y(0));
    ctx.lineTo(X(20), Y(0));
    ctx.moveTo(X(0), Y(-0.5));
    ctx.lineTo(X(0), Y(6));
    ctx.stroke();
    ctx.fillStyle = "#333";
    ctx.font = "11px sans-serif";
    for (let v = 0; v <= 20; v += 5) ctx.fillText(String(v), X(v) - 4, hh - 8);
    ctx.strokeStyle = "#0072b2";
    ctx.beginPath();
    for (let i = 0; i <= 200; i++) {
      if (i) ctx.lineTo(X(i / 10), Y(f1(i / 10))); else ctx.moveTo(X(0), Y(0));
    }
    ctx.stroke();
    ctx.strokeStyle = "#d55e00";
    ctx.beginPath();
    ctx.moveTo(X(0), Y(r.intercept));
    ctx.lineTo(X(20), Y(r.slope * 20 + r.intercept));
    ctx.stroke();
    ctx.fillStyle = "#d55e00";
    ctx.beginPath();
    ctx.arc(X(r.x), Y(r.f), 5, 0, 2 * Math.PI);
    ctx.fill();
    const err = v => (v - r.exact === 0 ? "0" : Math.abs(v - r.exact).toExponential(2));
    $("diff-out").textContent = "x = " + r.x.toFixed(2) + ", f(x) = " + r.f.toPrecision(6) + "\nexact slope 0.02x + 0.1 = " + r.exact.toPrecision(10) +
      "\ncentral difference " + r.central.toPrecision(16) + "  (error " + err(r.central) + ")" +
      "\nforward difference " + r.forward.toPrecision(16) + "  (error " + err(r.forward) + ")" +
      (r.central === 0 ? "\nx + h rounds back to x: h is lost below the spacing of floats near x" : "");
  }
  $("h").addEventListener("input", diff);
  const to = v => { x = Math.round(Math.max(0, Math.min(20, v)) * 100) / 100; diff(); };
  draggable(canvas, p => to((p[0] - 30) / (canvas.width - 40) * 20), dx => to(x + 0.5 * dx));
  diff();
}

// §4.4: function_2's negative gradient field, and one point's gradient.
function gradientCard() {
  const canvas = $("field"), ctx = canvas.getContext("2d");
  const X = v => 20 + (canvas.width - 40) * (v + 2.25) / 4.75;
  const Y = v => canvas.height - 20 - (canvas.height - 40) * (v + 2.25) / 4.75;
  let field = null, picked = null, at = [1, 1];
  function arrow(x0, y0, x1, y1) {
    const a = Math.atan2(y1 - y0, x1 - x0);
    ctx.beginPath();
    ctx.moveTo(x0, y0);
    ctx.lineTo(x1, y1);
    ctx.lineTo(x1 - 5 * Math.cos(a - 0.4), y1 - 5 * Math.sin(a - 0.4));
    ctx.moveTo(x1, y1);
    ctx.lineTo(x1 - 5 * Math.cos(a + 0.4), y1 - 5 * Math.sin(a + 0.4));
    ctx.stroke();
  }
  function draw() {
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.strokeStyle = "#ccc";
    ctx.beginPath();
    ctx.moveTo(X(-2.25), Y(0));
    ctx.lineTo(X(2.5), Y(0));
    ctx.moveTo(X(0), Y(-2.25));
    ctx.lineTo(X(0), Y(2.5));
    ctx.stroke();
    if (!field) return;
    ctx.strokeStyle = "#0072b2";
    for (const [x0, x1, g0, g1] of field.points) arrow(X(x0), Y(x1), X(x0 + 0.05 * g0), Y(x1 + 0.05 * g1));
    if (picked) {
      ctx.strokeStyle = "#d55e00";
      ctx.lineWidth = 2;
      arrow(X(picked.x[0]), Y(picked.x[1]), X(picked.x[0] - 0.1 * picked.gradient[0]), Y(picked.x[1] - 0.1 * picked.gradient[1]));
      ctx.lineWidth = 1;
    }
  }
  const ask = asker($("grad-card"), "api/chapter/gradient");
  async function pick(x0, x1) {
    at = [Math.round(x0 * 1000) / 1000, Math.round(x1 * 1000) / 1000];
    const g = await ask("x0=" + at[0] + "&x1=" + at[1]);
    if (!g) return;
    picked = g;
    $("grad-out").textContent = "at (" + g.x[0] + ", " + g.x[1] + "): f = " + g.f.toPrecision(6) +
      "\n∇f = (" + g.gradient[0].toPrecision(10) + ", " + g.gradient[1].toPrecision(10) + ")\n(exactly (2·x0, 2·x1); the arrow is −∇f, downhill)";
    draw();
  }
  draggable(canvas, p => pick((p[0] - 20) / (canvas.width - 40) * 4.75 - 2.25, (canvas.height - 20 - p[1]) / (canvas.height - 40) * 4.75 - 2.25),
    (dx, dy) => pick(at[0] + 0.25 * dx, at[1] + 0.25 * dy));
  const askField = asker($("grad-card"), "api/chapter/field");
  askField("").then(f => { field = f; draw(); });
  draw();
}

// §4.4.1: gradient descent from a draggable start.
function descentCard() {
  const canvas = $("descent"), ctx = canvas.getContext("2d");
  const X = v => canvas.width / 2 + (canvas.width - 20) / 9 * v;
  const Y = v => canvas.height / 2 - (canvas.height - 20) / 9 * v;
  let start = [-3, 4];
  const ask = asker($("descent-card"), "api/chapter/descent");
  const far = p => p[0] === null || p[1] === null || Math.abs(p[0]) > 1e6 || Math.abs(p[1]) > 1e6;
  async function descend() {
    const lr = $("descent-lr").value, steps = $("descent-steps").value;
    const r = await ask("x0=" + start[0] + "&x1=" + start[1] + "&lr=" + encodeURIComponent(lr) + "&steps=" + encodeURIComponent(steps));
    if (!r) return;
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.strokeStyle = "#ddd";
    for (let rad = 0.5; rad <= 6.5; rad += 0.5) {
      ctx.beginPath();
      ctx.arc(X(0), Y(0), X(rad) - X(0), 0, 2 * Math.PI);
      ctx.stroke();
    }
    ctx.strokeStyle = "#aaa";
    ctx.beginPath();
    ctx.moveTo(X(-4.5), Y(0));
    ctx.lineTo(X(4.5), Y(0));
    ctx.moveTo(X(0), Y(-4.5));
    ctx.lineTo(X(0), Y(4.5));
    ctx.stroke();
    ctx.strokeStyle = ctx.fillStyle = "#d55e00";
    ctx.beginPath();
    let open = false;
    for (const p of r.path) {
      if (far(p)) break;
      if (open) ctx.lineTo(X(p[0]), Y(p[1])); else ctx.moveTo(X(p[0]), Y(p[1]));
      open = true;
    }
    ctx.stroke();
    for (const p of r.path) {
      if (far(p)) break;
      ctx.fillRect(X(p[0]) - 2, Y(p[1]) - 2, 4, 4);
    }
    ctx.fillStyle = "#0072b2";
    ctx.beginPath();
    ctx.arc(X(start[0]), Y(start[1]), 5, 0, 2 * Math.PI);
    ctx.fill();
    // The start the server stepped from is the one the end is compared with.
    const from = r.path[0], end = r.final, out = $("descent-out");
    const where = end[0] === null || end[1] === null ? "no longer a number" : "(" + end[0].toPrecision(4) + ", " + end[1].toPrecision(4) + ")";
    const moved = end[0] === null ? Infinity : Math.hypot(end[0] - from[0], end[1] - from[1]);
    if (r.diverged) {
      out.className = "out diverged";
      out.textContent = "diverged: after " + steps + " steps x is " + where + ", farther from the minimum than it started: lr " + lr + " is too large";
    } else if (Number(steps) > 0 && moved < 1e-6 * Math.hypot(from[0], from[1])) {
      out.className = "out";
      out.textContent = "barely moved: after " + steps + " steps x is " + where + ": lr " + lr + " is too small";
    } else {
      out.className = "out";
      out.textContent = "after " + steps + " steps x is " + where + ", f(x) = " + (r.f === null ? "–" : r.f.toPrecision(4));
    }
  }
  const to = (x0, x1) => { start = [Math.round(x0 * 1000) / 1000, Math.round(x1 * 1000) / 1000]; descend(); };
  draggable(canvas, p => to((p[0] - canvas.width / 2) / ((canvas.width - 20) / 9), -(p[1] - canvas.height / 2) / ((canvas.height - 20) / 9)),
    (dx, dy) => to(start[0] + 0.25 * dx, start[1] + 0.25 * dy));
  $("descent-lr").addEventListener("change", descend);
  $("descent-steps").addEventListener("change", descend);
  for (const b of document.querySelectorAll(".lr-preset")) {
    b.addEventListener("click", () => { $("descent-lr").value = b.dataset.lr; descend(); });
  }
  descend();
}
