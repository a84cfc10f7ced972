// The training panel (§4.5): the settings, checked as they are typed; the
// controls of the viewed run; its status; the runs table.

import { api } from "./api.js";
import { $, el, fmt } from "./dom.js";
import { label } from "./label.js";

export function trainPanel(runs) {
  const form = $("settings"), error = $("error");
  const say = err => { error.textContent = err ? err.message : ""; };

  function settings() {
    const f = form.elements;
    return {
      iters: Number(f.iters.value), batch: Number(f.batch.value), lr: Number(f.lr.value),
      hidden: Number(f.hidden.value), seed: Number(f.seed.value), replace: f.replace.checked,
      grad: f.grad.value, book: f.book.value === "true",
    };
  }

  // The settings are checked as they change: a bad one is named before
  // Start, and the numerical gradient's time is told.
  let checking = 0, timer = 0;
  async function check() {
    const mine = ++checking, w = $("warning");
    try {
      const r = await api("POST", "api/settings", settings());
      if (mine !== checking) return;
      w.textContent = r.warning;
      w.className = r.warning ? "warning" : "";
    } catch (err) {
      if (mine !== checking) return;
      w.textContent = err.message;
      w.className = "error";
    }
  }
  form.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(check, 250); });
  form.addEventListener("change", () => { clearTimeout(timer); check(); });

  form.addEventListener("submit", async e => {
    e.preventDefault();
    try {
      const o = await api("POST", "api/runs", settings());
      say(null);
      runs.track(o);
      runs.lastActive = o.id;
      runs.view(o.id);
      runs.emit("runs");
    } catch (err) {
      say(err);
    }
  });

  async function act(method, what, body) {
    const id = runs.viewed;
    if (id === null) return;
    try {
      const o = await api(method, "api/runs/" + id + what, body);
      runs.track(o);
      say(null);
    } catch (err) {
      say(err);
    }
    runs.emit("state", runs.get(id));
  }
  $("pause").addEventListener("click", () => act("POST", "/pause"));
  $("resume").addEventListener("click", () => act("POST", "/resume"));
  $("stop").addEventListener("click", () => act("POST", "/stop"));
  $("lr-set").addEventListener("click", () => act("PATCH", "", { lr: Number($("lr-now").value) }));

  runs.on((what, run) => {
    if (what === "view" || (what === "rate" && run.id === runs.viewed)) followRate();
    if (what === "runs" || what === "state" || what === "eval" || what === "rate" || what === "view") table();
    status();
  });
  check();

  // The "learning rate now" box shows the viewed run's rate when the run
  // viewed changes or its rate does, unless the learner is typing in it.
  function followRate() {
    const r = runs.get(runs.viewed), box = $("lr-now");
    if (r && document.activeElement !== box) box.value = r.obj.lr;
  }

  function status() {
    const r = runs.viewed === null ? null : runs.get(runs.viewed);
    const state = r ? r.obj.state : "";
    const active = state === "running" || state === "paused";
    $("pause").disabled = state !== "running";
    $("resume").disabled = !(state === "paused" || (r && r.obj.resumable));
    $("resume").textContent = state === "paused" || !(r && r.obj.resumable) ? "Resume" : "Resume from its checkpoint";
    $("stop").disabled = !active;
    $("lr-set").disabled = !active;
    $("verdict").textContent = r && r.obj.verdict ? r.obj.verdict : "";
    if (!r) { $("status").textContent = "no run yet: set the settings and Start"; return; }
    const o = r.obj;
    let text = "run " + o.id + " " + o.state + ": " + o.updates_done + " of " + (o.settings.iters || o.updates_done) + " updates";
    if (state === "running" && r.perSecond > 0) {
      text += ", " + r.perSecond.toFixed(0) + " updates/s, " + Math.ceil((o.settings.iters - o.updates_done) / r.perSecond) + " s left";
    }
    text += "; lr " + o.lr + "; train acc " + fmt(o.train_acc, 4) + ", test acc " + fmt(o.test_acc, 4);
    $("status").textContent = text;
  }

  function table() {
    const body = $("runs").querySelector("tbody");
    body.textContent = "";
    for (const r of runs.all()) {
      const o = r.obj;
      const show = el("input", { type: "checkbox", checked: r.visible, title: "show on the charts" });
      show.addEventListener("change", () => runs.setVisible(r, show.checked));
      const view = el("input", { type: "radio", name: "viewed", checked: runs.viewed === o.id, title: "its units, confusion and digits below" });
      view.addEventListener("change", () => runs.view(o.id));
      const files = el("td", {}, o.report ? el("a", { href: o.report, textContent: "report" }) : "", " " + o.dir);
      if (o.resumable) {
        const resume = el("button", { textContent: "Resume", className: "small" });
        resume.addEventListener("click", () => { runs.view(o.id); act("POST", "/resume"); });
        files.append(" ", resume);
      }
      const state = el("td", {}, o.state);
      if (o.verdict) state.append(el("div", { className: "verdict", textContent: o.verdict }));
      if (o.error) state.append(el("div", { className: "error", textContent: o.error }));
      const id = el("td", { textContent: String(o.id) });
      id.style.borderLeft = "6px solid " + r.color;
      body.append(el("tr", {}, el("td", {}, show, view), id, el("td", { textContent: label(o).replace(/^run \d+: /, "") }), state,
        el("td", { textContent: String(o.updates_done) }), el("td", { textContent: fmt(o.train_acc, 4) }), el("td", { textContent: fmt(o.test_acc, 4) }), files));
    }
  }
}
