// The runs: each run's history from its event stream, and who is looking
// at what. A Runs is the page's one shared state; panels read it and are
// told of its changes, never reaching into each other.

import { api } from "./api.js";

const colors = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#8c564b", "#000000"];
export const ended = new Set(["finished", "stopped", "interrupted", "diverged", "failed"]);

// A Run is one run as the page knows it: the server's object (obj), the
// loss of every update, the evaluations, the last units picture, the pace
// of its last update event.
class Run {
  constructor(obj, color) {
    this.obj = obj;
    this.color = color;
    this.visible = true;
    this.reset();
  }
  reset() {
    this.losses = [];
    this.evals = [];
    this.units = null;
    this.perSecond = 0;
    this.done = false;
    this.source = null;
  }
  get id() { return this.obj.id; }
}

export class Runs {
  constructor() {
    this.runs = new Map(); // id → Run
    this.viewed = null;    // the run whose units, confusion and digits are shown
    this.lastActive = null; // the newest run seen training
    this.lookBack = null;   // an evaluation of the viewed run looked back at, or null for now
    this.listeners = new Set();
    this.connected = true;
  }

  // on calls fn(what, run) at each change: "runs" (the list), "update",
  // "eval", "units", "rate", "state", "view", "look", "server".
  on(fn) { this.listeners.add(fn); }
  emit(what, run) { for (const fn of this.listeners) fn(what, run); }

  get(id) { return this.runs.get(id); }
  all() { return [...this.runs.values()]; }
  view(id) {
    if (id !== this.viewed) this.lookBack = null;
    this.viewed = id;
    this.emit("view", this.get(id));
  }
  // look looks back at evaluation e of the viewed run ({iter, final,
  // updates, …}), or at now for null.
  look(e) { this.lookBack = e; this.emit("look", this.get(this.viewed)); }
  setVisible(run, visible) { run.visible = visible; this.emit("runs", run); }

  // refresh fetches the list of runs and follows the new ones. It throws
  // when the server does not answer.
  async refresh() {
    const list = await api("GET", "api/runs");
    for (const o of list) this.track(o);
    // A run that starts is shown; otherwise the learner's choice stays.
    const active = list.filter(o => !ended.has(o.state));
    const newest = active.length ? active[active.length - 1].id : null;
    if (newest !== null && newest !== this.lastActive) {
      this.lastActive = newest;
      this.view(newest);
    } else if (list.length && (this.viewed === null || !this.runs.has(this.viewed))) {
      this.view(list[list.length - 1].id);
    }
    this.emit("runs");
  }

  // track adds or updates the run of a server object, following its
  // stream while it has more to say.
  track(o) {
    let r = this.runs.get(o.id);
    if (!r) {
      r = new Run(o, colors[this.runs.size % colors.length]);
      this.runs.set(o.id, r);
      this.follow(r);
    } else {
      const wasEnded = ended.has(r.obj.state);
      r.obj = { ...r.obj, ...o };
      if (wasEnded && !ended.has(o.state) && r.done) this.follow(r); // resumed
    }
    return r;
  }

  // follow reads a run's stream from its start. A stream that breaks is
  // closed and read again from the start once the server answers: a
  // restarted server numbers its events anew.
  follow(r) {
    if (r.source) r.source.close();
    r.reset();
    const es = new EventSource("api/runs/" + r.id + "/events");
    r.source = es;
    const on = (name, fn) => es.addEventListener(name, e => { if (r.source === es) fn(JSON.parse(e.data)); });
    on("update", d => {
      for (let k = 0; k < d.losses.length; k++) r.losses[d.iter + k] = d.losses[k];
      r.obj.updates_done = d.iter + d.losses.length;
      r.perSecond = d.per_second;
      this.emit("update", r);
    });
    on("eval", d => {
      const i = r.evals.findIndex(v => v.iter === d.iter && v.final === d.final);
      if (i >= 0) r.evals[i] = d; else r.evals.push(d);
      r.obj.train_acc = d.train_acc;
      r.obj.test_acc = d.test_acc;
      r.obj.verdict = d.verdict;
      this.emit("eval", r);
    });
    on("units", d => { r.units = d; this.emit("units", r); });
    on("rate", d => {
      r.obj.lr = d.lr;
      r.obj.rates = [...(r.obj.rates || []).filter(x => x.from < d.from), d];
      this.emit("rate", r);
    });
    on("state", d => {
      if (d.id !== undefined) r.obj = d; else r.obj.state = d.state;
      if (ended.has(r.obj.state)) {
        es.close();
        r.done = true;
      }
      this.emit("state", r);
    });
    es.onerror = () => {
      if (r.source !== es || r.done) return;
      es.close();
      r.source = null;
      this.gone();
    };
  }

  // gone marks the server away and looks for it every two seconds; when
  // it answers, the broken streams are read again.
  gone() {
    if (!this.connected) return;
    this.connected = false;
    this.emit("server");
    const look = setInterval(async () => {
      try {
        await this.refresh();
      } catch (err) {
        return; // still away
      }
      clearInterval(look);
      this.connected = true;
      for (const r of this.runs.values()) if (!r.done && !r.source) this.follow(r);
      this.emit("server");
    }, 2000);
  }

  // watch looks at the server every few seconds, which finds it gone
  // even when no run streams.
  watch() {
    setInterval(async () => {
      if (!this.connected) return;
      try {
        await this.refresh();
      } catch (err) {
        this.gone();
      }
    }, 3000);
  }
}
