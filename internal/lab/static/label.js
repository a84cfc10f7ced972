// How the page names a run: its settings and its learning rates' story.

// rateStory tells a run's learning rates: "lr 0.1", or "lr 0.1 → 0.5 at
// update 3102 → 0.05 at 7000".
export function rateStory(o) {
  const rates = o.rates && o.rates.length ? o.rates : [{ from: 0, lr: o.settings.lr }];
  return "lr " + rates.map((r, i) => (i ? r.lr + " at update " + r.from : String(r.lr))).join(" → ");
}

// label names a run with its settings.
export function label(o) {
  if (o.id === 0) return "run 0: " + o.dir + " (loaded)";
  const s = o.settings;
  return "run " + o.id + ": " + rateStory(o) + ", batch " + s.batch + ", hidden " + s.hidden +
    (s.book ? ", the book's code" : "") + (s.grad === "numerical" ? ", numerical" : "") + (s.replace ? ", replace" : "");
}
