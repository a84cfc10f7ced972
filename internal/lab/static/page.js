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
