// The server's API, with one rule for errors: every failure is an Error
// whose message a learner can read — the server's own {"error": …}, or
// what went wrong on the way (no answer in time, no connection).

const timeout = 15000; // ms; a reading or a chapter's answer takes a few

// api sends a JSON request (body, if any, as JSON) and returns the JSON
// answer.
export async function api(method, path, body) {
  const opt = { method, headers: {} };
  if (body !== undefined) {
    opt.body = JSON.stringify(body);
    opt.headers["Content-Type"] = "application/json";
  }
  return send(path, opt);
}

// postImage sends a PNG for the network to read.
export function postImage(path, blob) {
  return send(path, { method: "POST", body: blob, headers: { "Content-Type": "image/png" } });
}

async function send(path, opt) {
  let r;
  try {
    r = await fetch(path, { ...opt, signal: AbortSignal.timeout(timeout) });
  } catch (err) {
    throw new Error(err.name === "TimeoutError" ? "the server did not answer in " + timeout / 1000 + " s" : "the server is not answering (" + err.message + ")");
  }
  let j;
  try {
    j = await r.json();
  } catch (err) {
    throw new Error("the server answered " + r.status + " without JSON");
  }
  if (!r.ok) throw new Error(j.error || "the server answered " + r.status);
  return j;
}
