// What the viewed run's network has learnt: W1's hidden units on one
// scale with its colour bar, the confusion of its last live evaluation,
// and the test digits it reads.

import { $, el, fmt, grey, unbase64 } from "./dom.js";

export function drawUnits(run) {
  const uc = $("units"), u = uc.getContext("2d");
  u.clearRect(0, 0, uc.width, uc.height);
  const bar = $("units-bar"), b = bar.getContext("2d");
  const grad = b.createLinearGradient(0, 0, bar.width, 0);
  grad.addColorStop(0, "#000");
  grad.addColorStop(0.5, "#808080");
  grad.addColorStop(1, "#fff");
  b.fillStyle = grad;
  b.fillRect(0, 0, bar.width, bar.height);
  const d = run && run.units;
  $("units-lo").textContent = d ? "−" + d.scale.toPrecision(3) : "";
  $("units-hi").textContent = d ? "+" + d.scale.toPrecision(3) : "";
  $("units-note").textContent = d ? "run " + run.id + " after " + d.iter + " updates; " + d.units.length + " of " + d.hidden + " units" : "no units yet";
  if (!d) return;
  // Twice the size while fifty fit.
  const scale = d.units.length <= 50 ? 2 : 1, size = 28 * scale + 2;
  const per = Math.floor(uc.width / size);
  d.units.forEach((s, j) => grey(u, (j % per) * size, Math.floor(j / per) * size, unbase64(s), scale));
}

// lastLive is the run's latest evaluation that carries a confusion.
function lastLive(run) {
  if (!run) return null;
  let last = null;
  for (const e of run.evals) if (e.confusion && (!last || e.iter > last.iter || (e.iter === last.iter && e.final))) last = e;
  return last;
}

export function drawEvaluation(run, digits) {
  const last = lastLive(run);
  drawConfusion(last ? last.confusion : null);
  drawDigits(digits, last ? last.digits : null);
  $("confusion-note").textContent = last ? "run " + run.id + " after " + last.iter + " updates" : "";
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
