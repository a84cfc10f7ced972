// The learning lab's page: the panels, wired to one Runs. The page only
// draws: every number it prints comes from the server (the training, the
// readings, the chapter's answers).

import { api } from "./api.js";
import { $, download } from "./dom.js";
import { Runs } from "./runs.js";
import { accuracyCSV, drawAccuracy, drawLoss, lossCSV, svgFile } from "./charts.js";
import { drawEvaluation, drawUnits, lookControl } from "./views.js";
import { gradientsPanel } from "./gradients.js";
import { trainPanel } from "./train.js";
import { readPanel } from "./read.js";
import { chapterPanel } from "./chapter.js";

const runs = new Runs();
let digits = [];
let pastUnits = null; // the units of the evaluation looked back at

// Charts are drawn at most once a frame, those that a change touches.
const dirty = new Set();
let frame = 0;
function redraw(...parts) {
  for (const p of parts) dirty.add(p);
  if (frame) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    const all = runs.all(), viewed = runs.get(runs.viewed);
    const toggle = r => runs.setVisible(r, !r.visible);
    if (dirty.has("loss")) drawLoss($("loss"), all, { log: $("loss-log").checked, smooth: Number($("loss-smooth").value) }, toggle);
    if (dirty.has("acc")) drawAccuracy($("acc"), all, toggle);
    if (dirty.has("units")) drawUnits(viewed, runs.lookBack ? pastUnits : viewed && viewed.units);
    if (dirty.has("eval")) drawEvaluation(viewed, digits, runs.lookBack);
    dirty.clear();
  });
}

runs.on((what, run) => {
  switch (what) {
    case "update": case "rate": redraw("loss"); break;
    case "eval": redraw("acc", ...(run.id === runs.viewed ? ["eval"] : [])); break;
    case "units": if (run.id === runs.viewed && !runs.lookBack) redraw("units"); break;
    case "view": redraw("units", "eval", "loss"); break;
    case "look": lookBack(); break;
    case "server":
      $("server").textContent = runs.connected ? "connected" : "the server is not answering: reconnecting…";
      $("server").className = runs.connected ? "ok" : "gone";
      break;
    default: redraw("loss", "acc", "units", "eval");
  }
});

$("loss-log").addEventListener("change", () => redraw("loss"));
$("loss-smooth").addEventListener("input", () => {
  $("loss-smooth-value").textContent = Number($("loss-smooth").value).toFixed(2);
  redraw("loss");
});
download($("loss-svg"), "loss.svg", "image/svg+xml", () => svgFile($("loss")));
download($("loss-csv"), "loss.csv", "text/csv", () => lossCSV(runs.all()));
download($("acc-svg"), "accuracy.svg", "image/svg+xml", () => svgFile($("acc")));
download($("acc-csv"), "accuracy.csv", "text/csv", () => accuracyCSV(runs.all()));

// lookBack draws the viewed run as it was at the evaluation looked back
// at: its units asked of the server, the rest from its events.
let looking = 0;
async function lookBack() {
  const mine = ++looking, look = runs.lookBack, id = runs.viewed;
  pastUnits = null;
  if (look) {
    try {
      const u = await api("GET", "api/runs/" + id + "/units?updates=" + look.updates);
      if (mine !== looking) return;
      pastUnits = u;
      $("error").textContent = "";
    } catch (err) {
      if (mine === looking) $("error").textContent = err.message;
    }
  }
  redraw("units", "eval");
}

trainPanel(runs);
lookControl(runs);
gradientsPanel(runs);
readPanel(runs);
chapterPanel();

async function start() {
  try {
    digits = await api("GET", "api/digits");
    await runs.refresh();
  } catch (err) {
    runs.gone();
  }
  redraw("loss", "acc", "units", "eval");
  runs.watch();
}
start();
