// Everything shown comes from /api/health and is written with textContent only: never as markup.
"use strict";

function item(text) {
  const li = document.createElement("li");
  li.textContent = text;
  return li;
}

function describePipeline(p) {
  let text = p.name + ": " + p.state + (p.running ? " (running)" : "");
  for (const s of p.sources || []) {
    const size = s.bytes_total >= 0 ? s.bytes_read + "/" + s.bytes_total + " bytes" : s.bytes_read + " bytes";
    text += "; source " + s.id + " " + size + ", " + s.packets + " packets" + (s.finished ? ", finished" : "");
  }
  if (p.failure) {
    text += "; failed: " + p.failure;
  }
  return text;
}

async function refresh() {
  const status = document.getElementById("status");
  const list = document.getElementById("pipelines");
  const storage = document.getElementById("storage");
  try {
    const response = await fetch("api/health", { headers: { "Accept": "application/json" } });
    const envelope = await response.json();
    const health = envelope.data;
    status.textContent = "Status: " + health.status + ", up " + health.uptime_secs + " s";
    list.replaceChildren(...health.pipelines.map((p) => item(describePipeline(p))));
    if (health.pipelines.length === 0) {
      list.replaceChildren(item("No pipeline is configured."));
    }
    const st = health.storage;
    storage.textContent = st.type === null
      ? "No storage backend is available."
      : st.type + " at " + st.location + (st.healthy ? ", healthy" : ", unhealthy: " + st.last_error)
        + "; " + st.calls_written + " calls and " + st.exchanges_written + " exchanges written";
  } catch (e) {
    status.textContent = "Status unavailable: " + e;
  }
}

document.addEventListener("DOMContentLoaded", () => {
  refresh();
  setInterval(refresh, 5000);
});
