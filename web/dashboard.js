// The dashboard: recent commands with their timings (p50/p95 over the page of history shown),
// open voice sessions, and the server's health. Refreshes itself every 10 s.

import { api, formatDate, formatMs, h, mountTopbar, replace, requireUser, showError } from "/static/app.js";

const PAGE = 100;
const REFRESH_MS = 10_000;

const user = requireUser();
if (user) {
  mountTopbar("/dashboard");
  startDashboard();
}

/** The q-quantile (0..1) of numbers, by linear interpolation between closest ranks. */
export function quantile(values, q) {
  const xs = values.filter((v) => typeof v === "number" && Number.isFinite(v)).sort((a, b) => a - b);
  if (!xs.length) return null;
  const pos = (xs.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo);
}

function startDashboard() {
  const everyone = document.getElementById("everyone");
  const errorSlot = document.getElementById("dashboard-error");
  if (user.role === "ceo") document.getElementById("everyone-wrap").hidden = false;
  const people = new Map();

  function stat(label, value, sub, testid) {
    return h("div", { class: "stat", "data-testid": testid },
      h("div", { class: "label" }, label),
      h("div", { class: "value" }, value, sub ? h("small", {}, ` ${sub}`) : null));
  }

  function renderStats(items) {
    const eos = items.map((c) => c.timings_ms?.end_of_speech_to_commit_ms);
    const total = items.map((c) => c.timings_ms?.total_ms);
    const nEos = eos.filter((v) => typeof v === "number").length;
    const nTotal = total.filter((v) => typeof v === "number").length;
    const completed = items.filter((c) => c.status === "completed").length;
    document.getElementById("latency-scope").textContent = `over the last ${items.length} command${items.length === 1 ? "" : "s"}`;
    replace(document.getElementById("stats"),
      stat("Speech end → committed p50", formatMs(quantile(eos, 0.5)), `n=${nEos}`, "stat-eos-p50"),
      stat("Speech end → committed p95", formatMs(quantile(eos, 0.95)), "", "stat-eos-p95"),
      stat("Total p50", formatMs(quantile(total, 0.5)), `n=${nTotal}`, "stat-total-p50"),
      stat("Total p95", formatMs(quantile(total, 0.95)), "", "stat-total-p95"),
      stat("Completed", items.length ? `${Math.round((100 * completed) / items.length)}%` : "—",
        `${completed}/${items.length}`, "stat-completed"));
  }

  function renderCommands(items) {
    if (!items.length) {
      replace(document.getElementById("commands"), h("p", { class: "empty" }, "No commands yet."));
      return;
    }
    replace(document.getElementById("commands"), h("table", {},
      h("thead", {}, h("tr", {},
        h("th", {}, "When"), h("th", {}, "Who"), h("th", {}, "Source"), h("th", {}, "Status"), h("th", {}, "Command"),
        h("th", { class: "num" }, "Speech end → commit"), h("th", { class: "num" }, "Total"))),
      h("tbody", {}, items.map((c) => h("tr", { "data-testid": "command-row", "data-status": c.status },
        h("td", {}, formatDate(c.created_at, { time: true })),
        h("td", {}, c.speaker_name || ""),
        h("td", {}, c.source === "voice" ? "Voice" : "Typed"),
        h("td", {}, h("span", { class: `badge ${c.status}` }, c.status.replace(/_/g, " "))),
        h("td", {}, c.transcript, c.error?.message ? h("div", { class: "faint" }, c.error.message) : null),
        h("td", { class: "num" }, formatMs(c.timings_ms?.end_of_speech_to_commit_ms)),
        h("td", { class: "num" }, formatMs(c.timings_ms?.total_ms)))))));
  }

  async function loadCommands() {
    try {
      const page = await api("/api/commands", { query: { limit: PAGE, everyone: everyone.checked || undefined } });
      const items = page?.items || [];
      renderStats(items);
      renderCommands(items);
    } catch (err) {
      showError(errorSlot, err);
    }
  }

  async function loadSessions() {
    const slot = document.getElementById("sessions");
    try {
      const data = await api("/api/voice/sessions");
      const sessions = data?.sessions || [];
      if (!sessions.length) {
        replace(slot, h("p", { class: "empty" }, `No open sessions${data?.total ? ` of yours (${data.total} on this server)` : ""}.`));
        return;
      }
      replace(slot, h("table", {},
        h("thead", {}, h("tr", {}, h("th", {}, "Person"), h("th", {}, "State"), h("th", {}, "Session"))),
        h("tbody", {}, sessions.map((s) => h("tr", { "data-testid": "voice-session" },
          h("td", {}, people.get(s.user_id)?.full_name || s.user_id),
          h("td", {}, h("span", { class: `badge ${s.state === "connected" ? "ok" : "info"}` }, s.state)),
          h("td", { class: "mono" }, s.session_id))))),
      h("p", { class: "faint" }, `${data.total} open on this server`));
    } catch (err) {
      showError(slot, err);
    }
  }

  async function loadHealth() {
    const slot = document.getElementById("health");
    try {
      const resp = await fetch("/healthz");
      const data = await resp.json();
      slot.textContent = `Server ${data.status} · database ${data.database} · bus ${data.bus?.kind || ""} ${data.bus?.state || ""}`;
    } catch {
      slot.textContent = "Server unreachable";
    }
  }

  async function loadPeople() {
    try {
      const page = await api("/api/users", { query: { limit: 200 } });
      for (const p of page?.items || []) people.set(p.id, p);
    } catch { /* ids instead of names */ }
  }

  async function refresh() {
    replace(errorSlot);
    await Promise.all([loadCommands(), loadSessions(), loadHealth()]);
  }

  document.getElementById("refresh").addEventListener("click", refresh);
  everyone.addEventListener("change", loadCommands);
  loadPeople().then(refresh);
  setInterval(() => { if (document.visibilityState === "visible") refresh(); }, REFRESH_MS);
}
