// What the viewed run's network has learnt: W1's hidden units on one
// scale with its colour bar, the confusion of its last live evaluation,
// and the test digits it reads.

import { $, el, fmt, grey, unbase64 } from "./dom.js";

// drawUnits draws units d (a units event's data) of run, or none.
export function drawUnits(run, d) {
  const uc = $("units"), u = uc.getContext("2d");
  u.clearRect(0, 0, uc.width, uc.height);
  const bar = $("units-bar"), b = bar.getContext("2d");
  const grad = b.createLinearGradient(0, 0, bar.width, 0);
  grad.addColorStop(0, "#000");
  grad.addColorStop(0.5, "#808080");
  grad.addColorStop(1, "#fff");
  b.fillStyle = grad;
  b.fillRect(0, 0, bar.width, bar.height);
  $("units-lo").textContent = d ? "−" + d.scale.toPrecision(3) : "";
  $("units-hi").textContent = d ? "+" + d.scale.toPrecision(3) : "";
  $("units-note").textContent = d ? "run " + run.id + " after " + d.iter + " updates; " + d.units.length + " of " + d.hidden + " units" : "no units yet";
  if (!d) return;
  // Twice the size while fifty fit.
  const scale = d.units.length <= 50 ? 2 : 1, size = 28 * scale + 2;
  const per = Math.floor(uc.width / size);
  d.units.forEach((s, j) => grey(u, (j % per) * size, Math.floor(j / per) * size, unbase64(s), scale));
}

// liveEvals are the run's evaluations that carry a confusion, in order,
// each with the updates its network had taken.
export function liveEvals(run) {
  if (!run) return [];
  return run.evals.filter(e => e.confusion).map(e => ({ ...e, updates: e.final ? e.iter : e.iter + 1 }))
    .sort((a, b) => a.updates - b.updates || a.final - b.final);
}

// drawEvaluation draws the confusion and the digits' readings of
// evaluation look of run, or of its latest.
export function drawEvaluation(run, digits, look) {
  const all = liveEvals(run), last = look || all[all.length - 1] || null;
  drawConfusion(last ? last.confusion : null);
  drawDigits(digits, last ? last.digits : null);
  $("confusion-note").textContent = last ? "run " + run.id + " after " + last.updates + " updates" : "";
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

function drawDigits(images, readings) {
  const box = $("digits");
  if (!images.length) return;
  if (!box.childNodes.length) {
    for (const d of images) {
      const cv = el("canvas", { width: 28, height: 28 });
      grey(cv.getContext("2d"), 0, 0, unbase64(d.pixels), 1);
      box.append(el("div", { className: "digit" }, cv, el("div")));
    }
  }
  images.forEach((d, i) => {
    const p = box.childNodes[i].lastChild;
    if (!readings) { p.textContent = "label " + d.label; p.style.color = ""; return; }
    const rd = readings[i];
    p.textContent = rd.top.map((t, k) => t + " " + fmt(rd.probabilities[k], 2)).join(" · ");
    p.style.color = rd.top[0] === d.label ? "#060" : "#b00";
  });
}

// lookControl is the look-back slider: over the viewed run's evaluations,
// its right end now.
export function lookControl(runs) {
  const slider = $("look"), note = $("look-note");
  let evals = [];
  function update() {
    evals = liveEvals(runs.get(runs.viewed));
    const atEnd = runs.lookBack === null;
    slider.max = String(Math.max(evals.length - 1, 0));
    slider.disabled = evals.length < 2;
    if (atEnd) slider.value = slider.max;
    note.textContent = atEnd ? (evals.length ? "now: drag to an earlier evaluation" : "") :
      "at update " + runs.lookBack.updates + " of run " + runs.viewed + " (its evaluation " + (Number(slider.value) + 1) + " of " + evals.length + ")";
  }
  slider.addEventListener("input", () => {
    const i = Number(slider.value);
    runs.look(i >= evals.length - 1 ? null : evals[i]);
  });
  runs.on((what, run) => {
    if (what === "view" || what === "look" || (what === "eval" && run.id === runs.viewed)) update();
  });
  update();
}
