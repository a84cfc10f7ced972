// The reading panel: a digit drawn with the mouse, a finger or the keys,
// read by a run's network of the moment, and read again as that network
// learns; what it saw, and the drawing followed through the network.

import { postImage } from "./api.js";
import { $, el } from "./dom.js";

export function readPanel(runs) {
  const pad = $("pad"), ctx = pad.getContext("2d"), seen = $("seen").getContext("2d"), reader = $("reader");
  const bars = [];
  for (let d = 0; d < 10; d++) {
    const fill = el("span", { className: "fill" }), p = el("span", { className: "p" });
    const bar = el("div", { className: "bar" }, el("span", { className: "d", textContent: String(d) }), el("span", { className: "track" }, fill), p);
    $("bars").append(bar);
    bars.push({ bar, fill, p });
  }

  let inked = false, sending = false, again = false;
  function clear() {
    inked = false;
    ctx.fillStyle = "#000";
    ctx.fillRect(0, 0, pad.width, pad.height);
    seen.clearRect(0, 0, 28, 28);
    bars.forEach((b, d) => show(d, 0, false, ""));
    $("answer").textContent = "";
    $("trace").getContext("2d").clearRect(0, 0, $("trace").width, $("trace").height);
    pen.draw();
  }
  function show(d, p, best, text) {
    bars[d].fill.style.width = (100 * p).toFixed(1) + "%";
    bars[d].p.textContent = text;
    bars[d].bar.classList.toggle("best", best);
  }
  function stroke(a, b) {
    inked = true;
    ctx.strokeStyle = "#fff";
    ctx.lineWidth = 20;
    ctx.lineCap = "round";
    ctx.beginPath();
    ctx.moveTo(a[0], a[1]);
    ctx.lineTo(b[0], b[1]);
    ctx.stroke();
  }

  // The pointer draws while pressed.
  let drawing = false, last = null;
  const at = e => {
    const r = pad.getBoundingClientRect();
    return [(e.clientX - r.left) * pad.width / r.width, (e.clientY - r.top) * pad.height / r.height];
  };
  pad.addEventListener("pointerdown", e => {
    drawing = true;
    pad.setPointerCapture(e.pointerId);
    last = at(e);
    stroke(last, last);
  });
  pad.addEventListener("pointermove", e => {
    if (!drawing) return;
    const p = at(e);
    stroke(last, p);
    last = p;
    send();
  });
  pad.addEventListener("pointerup", () => { drawing = false; send(); });
  pad.addEventListener("pointercancel", () => { drawing = false; });

  // The keys move a pen: the arrows move it by a tenth of the pad,
  // Space lifts or lowers it, Delete clears. Its place is a ring, drawn
  // on the pad's frame rather than into the drawing.
  const pen = {
    x: 140, y: 140, down: false,
    draw() { $("pen").style.transform = `translate(${this.x - 10}px, ${this.y - 10}px)`; $("pen").classList.toggle("down", this.down); },
  };
  pad.addEventListener("keydown", e => {
    const step = 28, moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    if (e.key in moves) {
      const from = [pen.x, pen.y];
      pen.x = Math.max(10, Math.min(270, pen.x + moves[e.key][0]));
      pen.y = Math.max(10, Math.min(270, pen.y + moves[e.key][1]));
      if (pen.down) { stroke(from, [pen.x, pen.y]); send(); }
    } else if (e.key === " ") {
      pen.down = !pen.down;
      if (pen.down) { stroke([pen.x, pen.y], [pen.x, pen.y]); send(); }
    } else if (e.key === "Delete" || e.key === "Backspace") {
      clear();
    } else {
      return;
    }
    e.preventDefault();
    pen.draw();
  });
  pad.addEventListener("focus", () => $("pen").hidden = false);
  pad.addEventListener("blur", () => $("pen").hidden = true);

  $("clear").addEventListener("click", clear);
  reader.addEventListener("change", () => { if (inked) send(); });

  // send posts the drawing, one request at a time: a drawing changed while
  // one is on its way is sent when the answer comes.
  function send() {
    if (sending) { again = true; return; }
    sending = true;
    pad.toBlob(async blob => {
      // A look back reads with the viewed run as it was then.
      const look = runs.lookBack, id = look ? String(runs.viewed) : reader.value;
      try {
        reading(await postImage("api/predict" + (id ? "?run=" + id : "") + (look ? "&updates=" + look.updates : ""), blob));
      } catch (err) {
        $("answer").textContent = err.message;
      }
      sending = false;
      if (again) { again = false; send(); }
    }, "image/png");
  }

  function reading(r) {
    for (let d = 0; d < 10; d++) show(d, r.probabilities[d], d === r.digit, r.probabilities[d].toFixed(3));
    $("answer").textContent = "It reads " + r.digit + " (" + (100 * r.probabilities[r.digit]).toFixed(1) + "%): run " + r.run +
      (r.run ? " after " + r.updates + " updates" : "");
    const img = seen.createImageData(28, 28);
    for (let i = 0; i < 784; i++) {
      const v = Math.round(255 * r.input[i]);
      img.data[4 * i] = img.data[4 * i + 1] = img.data[4 * i + 2] = v;
      img.data[4 * i + 3] = 255;
    }
    seen.putImageData(img, 0, 0);
    trace(r);
  }

  // trace draws the drawing's way through the network: the hidden layer's
  // activations σ(a1), a square each from black 0 to white 1, and the
  // scores a2 the softmax turns into the bars.
  function trace(r) {
    const c = $("trace"), t = c.getContext("2d");
    t.clearRect(0, 0, c.width, c.height);
    t.font = "11px sans-serif";
    t.fillStyle = "#333";
    t.fillText("hidden σ(a1), " + r.hidden.length + " units", 0, 11);
    const cols = 10, size = 16;
    r.hidden.slice(0, 100).forEach((v, j) => {
      const g = Math.round(255 * v);
      t.fillStyle = `rgb(${g},${g},${g})`;
      t.fillRect((j % cols) * (size + 2), 16 + Math.floor(j / cols) * (size + 2), size, size);
    });
    const x0 = cols * (size + 2) + 16, m = Math.max(...r.scores.map(Math.abs), 1e-9);
    t.fillStyle = "#333";
    t.fillText("scores a2 → softmax", x0, 11);
    r.scores.forEach((s, d) => {
      const y = 16 + d * 15, mid = x0 + 56, w = 40 * s / m;
      t.fillStyle = "#333";
      t.fillText(String(d), x0, y + 10);
      t.fillStyle = d === r.digit ? "#d55e00" : "#0072b2";
      t.fillRect(Math.min(mid, mid + w), y + 2, Math.abs(w), 10);
      t.fillStyle = "#333";
      t.fillText(s.toFixed(2), x0 + 104, y + 10);
    });
  }

  // The reading follows the network: each new units picture of the run
  // that reads (the chosen one, or the newest) reads the drawing again.
  runs.on((what, run) => {
    if (what === "runs" || what === "state") options();
    if (what === "look" && inked) send();
    if (what !== "units" || !inked || runs.lookBack) return;
    const all = runs.all().filter(r => r.obj.updates_done > 0 || r.id === 0);
    const reading = reader.value ? Number(reader.value) : all.length && all[all.length - 1].id;
    if (run.id === reading) send();
  });

  function options() {
    const chosen = reader.value;
    reader.textContent = "";
    reader.add(new Option("the latest network", ""));
    for (const r of runs.all()) reader.add(new Option("run " + r.id + " (" + r.obj.state + ")", String(r.id)));
    reader.value = chosen;
    if (reader.selectedIndex < 0) reader.value = "";
  }

  clear();
}
