package main

// page is the one page `go run . serve` serves: a canvas to draw a digit on
// with a mouse, a pen or a finger, the network's probabilities as bars that
// change as you draw, and the 28×28 input it saw. It needs nothing from the
// internet: no script, style or font from elsewhere.
const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Read my handwriting: Deep Learning from Scratch, chapter 4</title>
<style>
  body { font-family: Helvetica, Arial, sans-serif; margin: 24px; color: #222; background: #fafafa; }
  h1 { font-size: 22px; margin: 0 0 4px; }
  p.note { margin: 0 0 16px; color: #555; }
  .row { display: flex; flex-wrap: wrap; gap: 32px; align-items: flex-start; }
  h2 { font-size: 15px; margin: 0 0 8px; }
  #pad { border: 1px solid #888; touch-action: none; cursor: crosshair; background: #000; width: 280px; height: 280px; }
  button { margin-top: 8px; font-size: 15px; padding: 6px 18px; }
  .bar { display: flex; align-items: center; height: 24px; font-variant-numeric: tabular-nums; }
  .bar .d { width: 18px; font-weight: bold; }
  .bar .track { width: 220px; height: 16px; background: #e5e5e5; margin: 0 8px; }
  .bar .fill { height: 100%; width: 0; background: #0072b2; transition: width 0.15s; }
  .bar.best .fill { background: #d55e00; }
  .bar .p { width: 48px; text-align: right; }
  #seen { width: 168px; height: 168px; image-rendering: pixelated; border: 1px solid #888; background: #000; }
  #answer { font-size: 20px; margin-top: 8px; min-height: 1.5em; }
</style>
</head>
<body>
<h1>Draw a digit</h1>
<p class="note">The two-layer network of chapter 4 reads it as you draw, after the same preparation as MNIST's images: cropped, scaled to 20 pixels, centred by its centre of mass in 28&times;28.</p>
<div class="row">
  <div>
    <canvas id="pad" width="280" height="280"></canvas><br>
    <button id="clear">Clear</button>
  </div>
  <div>
    <h2>What the network reads</h2>
    <div id="bars"></div>
    <div id="answer"></div>
  </div>
  <div>
    <h2>What it saw (28&times;28)</h2>
    <canvas id="seen" width="28" height="28"></canvas>
  </div>
</div>
<script>
"use strict";
const pad = document.getElementById("pad");
const ctx = pad.getContext("2d");
const seen = document.getElementById("seen").getContext("2d");
const bars = document.getElementById("bars");
const answer = document.getElementById("answer");

for (let d = 0; d < 10; d++) {
  bars.insertAdjacentHTML("beforeend",
    '<div class="bar" id="bar' + d + '"><span class="d">' + d + '</span>' +
    '<span class="track"><span class="fill" style="display:block"></span></span><span class="p"></span></div>');
}

function clearAll() {
  ctx.fillStyle = "#000";
  ctx.fillRect(0, 0, pad.width, pad.height);
  seen.clearRect(0, 0, 28, 28);
  for (let d = 0; d < 10; d++) show(d, 0, false, "");
  answer.textContent = "";
}

function show(d, p, best, text) {
  const bar = document.getElementById("bar" + d);
  bar.querySelector(".fill").style.width = (100 * p).toFixed(1) + "%";
  bar.querySelector(".p").textContent = text;
  bar.classList.toggle("best", best);
}

let drawing = false, last = null, pending = false, again = false;

function point(e) {
  const r = pad.getBoundingClientRect();
  return [(e.clientX - r.left) * pad.width / r.width, (e.clientY - r.top) * pad.height / r.height];
}

pad.addEventListener("pointerdown", e => {
  drawing = true;
  pad.setPointerCapture(e.pointerId);
  last = point(e);
  stroke(last, last);
});
pad.addEventListener("pointermove", e => {
  if (!drawing) return;
  const p = point(e);
  stroke(last, p);
  last = p;
  send();
});
pad.addEventListener("pointerup", () => { drawing = false; send(); });
pad.addEventListener("pointercancel", () => { drawing = false; });
document.getElementById("clear").addEventListener("click", clearAll);

function stroke(a, b) {
  ctx.strokeStyle = "#fff";
  ctx.lineWidth = 20;
  ctx.lineCap = "round";
  ctx.lineJoin = "round";
  ctx.beginPath();
  ctx.moveTo(a[0], a[1]);
  ctx.lineTo(b[0], b[1]);
  ctx.stroke();
}

// send posts the drawing, one request at a time: a drawing changed while
// one is on its way is sent when the answer comes.
function send() {
  if (pending) { again = true; return; }
  pending = true;
  pad.toBlob(blob => {
    fetch("predict", { method: "POST", body: blob, headers: { "Content-Type": "image/png" } })
      .then(r => r.json())
      .then(result)
      .catch(err => { answer.textContent = String(err); })
      .finally(() => {
        pending = false;
        if (again) { again = false; send(); }
      });
  }, "image/png");
}

function result(r) {
  if (r.error) {
    answer.textContent = r.error;
    return;
  }
  for (let d = 0; d < 10; d++) {
    show(d, r.probabilities[d], d === r.digit, r.probabilities[d].toFixed(3));
  }
  answer.textContent = "It reads " + r.digit + " (" + (100 * r.probabilities[r.digit]).toFixed(1) + "%)";
  const img = seen.createImageData(28, 28);
  for (let i = 0; i < 784; i++) {
    const v = Math.round(255 * r.input[i]);
    img.data[4 * i] = img.data[4 * i + 1] = img.data[4 * i + 2] = v;
    img.data[4 * i + 3] = 255;
  }
  seen.putImageData(img, 0, 0);
}

clearAll();
</script>
</body>
</html>
`
