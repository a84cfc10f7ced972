// Numerical beside backprop (§4.5): the viewed network's gradient both
// ways on ten training images, asked of the server now or at each of its
// evaluations.

import { api } from "./api.js";
import { $, el } from "./dom.js";

export function gradientsPanel(runs) {
  const card = $("gradients-card"), error = card.querySelector(".error");
  let asked = 0;
  async function compare() {
    const id = runs.viewed;
    if (id === null) { error.textContent = "no run to look at yet"; return; }
    const mine = ++asked, look = runs.lookBack;
    try {
      const g = await api("GET", "api/runs/" + id + "/gradients" + (look ? "?updates=" + look.updates : ""));
      if (mine !== asked) return;
      error.textContent = "";
      $("grad-note").textContent = "run " + g.run + " after " + g.updates + " updates, on " + g.batch + " images (loss " + g.loss.toPrecision(6) + "), h = " + g.h;
      const body = $("grad-table").querySelector("tbody");
      body.textContent = "";
      for (const e of g.entries) {
        body.append(el("tr", {}, el("td", { textContent: e.param }), el("td", { textContent: "[" + e.index.join(", ") + "]" }),
          el("td", { textContent: e.numerical.toPrecision(10) }), el("td", { textContent: e.backprop.toPrecision(10) }),
          el("td", { textContent: e.diff.toExponential(2) }), el("td", { textContent: e.relative.toExponential(2) })));
      }
    } catch (err) {
      if (mine === asked) error.textContent = err.message;
    }
  }
  $("grad-compare").addEventListener("click", compare);
  runs.on((what, run) => {
    if (!$("grad-follow").checked) return;
    if ((what === "eval" && run.id === runs.viewed && !runs.lookBack) || what === "look" || what === "view") compare();
  });
}
