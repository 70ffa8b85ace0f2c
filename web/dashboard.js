// The dashboard: charts of the period's analytics (/api/analytics/*: throughput, workload, at-risk
// tasks, command success and latency, silent channels and open mentions; refetched when the period
// changes), then recent commands with their timings (p50/p95 over the page of history shown), open
// voice sessions and the server's health (refreshed every 10 s). Clicking a person or a channel
// opens the board on their tasks (`/board#assignee=<id>`, `/board#channel=<id>`).

import { api, formatDate, formatMs, h, mountTopbar, replace, requireUser, showError } from "/static/app.js";
import { barChart, lineChart, pairChart } from "/static/charts.js";

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

/** Created and completed per ISO week, summed over the channels (categories would count tasks twice). */
export function weeklyThroughput(channels) {
  const weeks = new Map();
  for (const c of channels || []) {
    for (const w of c.throughput || []) {
      const sum = weeks.get(w.week) || { week: w.week, created: 0, completed: 0 };
      sum.created += w.created;
      sum.completed += w.completed;
      weeks.set(w.week, sum);
    }
  }
  return [...weeks.values()].sort((a, b) => a.week.localeCompare(b.week));
}

const personHref = (id) => `/board#assignee=${encodeURIComponent(id)}`;
const channelHref = (id) => `/board#channel=${encodeURIComponent(id)}`;
const pct = (rate) => (rate === null || rate === undefined ? "—" : `${Math.round(rate * 100)}%`);
const empty = (text, testid) => h("p", { class: "empty", "data-testid": testid }, text);

function startAnalytics() {
  const period = document.getElementById("period");
  const slots = Object.fromEntries(["throughput", "workload", "at-risk", "voice", "communication"]
    .map((id) => [id, document.getElementById(id)]));
  let generation = 0;

  /** Fetch one endpoint for the period into its slots: "Loading…", then the render or a readable error. */
  async function section(targets, path, render) {
    const mine = generation;
    for (const slot of targets) replace(slot, h("p", { class: "faint" }, "Loading…"));
    const days = Number(period.value) || 30;
    const from = new Date(Date.now() - days * 86_400_000).toISOString();
    try {
      const data = await api(path, { query: { from } });
      if (mine === generation) render(targets[0], data);
    } catch (err) {
      if (mine !== generation) return;
      for (const slot of targets) showError(slot, err, { testid: "analytics-error" });
    }
  }

  function renderProjects(data) {
    const weeks = weeklyThroughput(data.channels);
    if (!weeks.length || weeks.every((w) => !w.created && !w.completed)) {
      replace(slots.throughput, empty("No tasks created or completed in this period.", "throughput-empty"));
    } else {
      replace(slots.throughput, lineChart({ testid: "throughput", labels: weeks.map((w) => w.week.replace(/^\d+-/, "")),
        series: [
          { key: "created", label: "Created", color: "#2563eb", values: weeks.map((w) => w.created) },
          { key: "completed", label: "Completed", color: "#047857", values: weeks.map((w) => w.completed) },
        ] }));
    }
    const risks = (data.channels || []).flatMap((c) => (c.at_risk || []).map((r) => ({ ...r, channel: c })))
      .sort((a, b) => a.days_left - b.days_left);
    if (!risks.length) {
      replace(slots["at-risk"], empty("Nothing at risk.", "at-risk-empty"));
      return;
    }
    replace(slots["at-risk"], h("table", {},
      h("thead", {}, h("tr", {}, h("th", {}, "Task"), h("th", {}, "Channel"), h("th", {}, "Due"), h("th", {}, "Why"))),
      h("tbody", {}, risks.map((r) => h("tr", { "data-testid": "risk-row", "data-task-id": r.task_id },
        h("td", {}, r.title),
        h("td", {}, h("a", { href: channelHref(r.channel.id), "data-testid": "risk-channel" }, r.channel.name)),
        h("td", { title: new Date(r.due_date).toLocaleString() }, formatDate(r.due_date),
          h("div", { class: "faint" }, r.days_left < 1 ? "within a day" : `${r.days_left.toFixed(1)} days left`)),
        h("td", { "data-testid": "risk-reasons" }, h("ul", { class: "reasons" }, r.reasons.map((x) => h("li", {}, x)))))))));
  }

  function renderTeam(slot, data) {
    const people = [...(data.people || [])]
      .sort((a, b) => b.estimated_hours_open - a.estimated_hours_open || a.full_name.localeCompare(b.full_name));
    document.getElementById("workload-scope").textContent = user.role === "staff"
      ? "your estimated open hours, against the team median" : "estimated open hours per person";
    if (!people.length) {
      replace(slot, empty("Nobody to show.", "workload-empty"));
      return;
    }
    const overloaded = people.filter((p) => p.overloaded);
    replace(slot,
      barChart({ testid: "workload", unit: " h", median: data.team_median_estimated_hours, medianLabel: "team median",
        rows: people.map((p) => ({ id: p.person_id, label: p.full_name, value: p.estimated_hours_open,
          href: personHref(p.person_id), highlight: p.overloaded,
          title: `${p.full_name}: ${p.overloaded ? `overloaded: ${p.overloaded_reason}` : p.available_reason
            ? `available: ${p.available_reason}` : `${p.open} open, ${p.estimated_hours_open} h estimated`} — open their tasks` })) }),
      overloaded.length ? h("p", { class: "muted", "data-testid": "overloaded" },
        h("span", { class: "badge bad" }, "overloaded"), " ",
        overloaded.map((p, i) => [i ? "; " : "", h("a", { href: personHref(p.person_id) }, p.full_name),
          ` (${p.overloaded_reason})`])) : null);
  }

  function renderCommands(slot, data) {
    const stat = (label, value, sub, testid) => h("div", { class: "stat", "data-testid": testid },
      h("div", { class: "label" }, label), h("div", { class: "value" }, value, sub ? h("small", {}, ` ${sub}`) : null));
    const src = data.by_source || {};
    const stats = h("div", { class: "stats" },
      stat("Success", pct(data.success_rate), `of ${data.total}`, "success-rate"),
      ["voice", "text"].map((k) => stat(k === "voice" ? "Voice" : "Typed", pct(src[k]?.success_rate),
        `of ${src[k]?.total ?? 0}`, `success-${k}`)));
    if (!data.total) {
      replace(slot, stats, empty("No commands in this period.", "commands-empty"));
      return;
    }
    const stages = (data.latency || []).filter((x) => x.count);
    replace(slot, stats,
      stages.length ? pairChart({ testid: "latency", unit: " ms",
        rows: stages.map((x) => ({ label: x.stage.replace(/_ms$/, "").replace(/_/g, " "), a: x.p50_ms, b: x.p95_ms })) })
        : empty("No timings recorded.", "latency-empty"),
      (data.suggestions || []).length ? h("ul", { class: "reasons", "data-testid": "command-suggestions" },
        data.suggestions.map((x) => h("li", {}, x.text))) : null);
  }

  function renderCommunication(slot, data) {
    const silent = data.silent_channels || [];
    const open = data.open_mentions || [];
    replace(slot,
      h("h3", {}, `Silent for ${data.silent_days}+ days`),
      silent.length ? h("ul", { class: "reasons" }, silent.map((c) => h("li", { "data-testid": "silent-channel" },
        h("a", { href: channelHref(c.channel_id) }, c.name),
        h("span", { class: "faint" }, c.last_message_at ? ` · last message ${formatDate(c.last_message_at)}` : " · no messages yet"))))
        : empty("Every channel spoke recently.", "silent-empty"),
      h("h3", {}, `Waiting for a reply (${data.open_mentions_total})`),
      open.length ? h("ul", { class: "reasons" }, open.map((m) => h("li", { "data-testid": "open-mention" },
        h("a", { href: personHref(m.waiting_on_id) }, m.waiting_on_name), ` owes ${m.from_name} a reply in `,
        h("a", { href: channelHref(m.channel_id) }, m.channel_name),
        h("span", { class: "faint" }, ` · ${m.waiting_hours < 48 ? `${Math.round(m.waiting_hours)} h` : `${Math.round(m.waiting_hours / 24)} days`}`))))
        : empty("No open mentions.", "mentions-empty"));
  }

  function load() {
    generation += 1;
    section([slots.throughput, slots["at-risk"]], "/api/analytics/projects", (_slot, data) => renderProjects(data));
    section([slots.workload], "/api/analytics/team", renderTeam);
    section([slots.voice], "/api/analytics/commands", renderCommands);
    section([slots.communication], "/api/analytics/communication", renderCommunication);
  }

  period.addEventListener("change", load);
  return load;
}

/** Today's digest (/api/analytics/digest) for the CEO and managers: each item links to its channel or person. */
async function loadDigest() {
  const panel = document.getElementById("digest-panel");
  const slot = document.getElementById("digest");
  if (!["ceo", "manager"].includes(user.role)) return;
  panel.hidden = false;
  try {
    const d = await api("/api/analytics/digest");
    const list = (heading, items, href, testid) => (items.length ? [h("h3", {}, heading),
      h("ul", { class: "reasons", "data-testid": testid }, items.map((x) => h("li", {}, h("a", { href: href(x) }, x.text))))]
      : []);
    replace(slot, h("p", { "data-testid": "digest-title" }, h("strong", {}, d.title),
      h("span", { class: "faint" }, ` · ${d.data.overdue} overdue`)),
    ...list("At risk", d.data.at_risk, (x) => channelHref(x.channel_id), "digest-at-risk"),
    ...list("Overloaded", d.data.overloaded, (x) => personHref(x.person_id), "digest-overloaded"),
    ...list("Stalled", d.data.stalled, (x) => channelHref(x.channel_id), "digest-stalled"),
    ...list("Silent", d.data.silent, (x) => channelHref(x.channel_id), "digest-silent"));
  } catch (err) {
    if (err.code === "no_digest") replace(slot, empty("You own or manage no channel yet.", "digest-empty"));
    else showError(slot, err, { testid: "analytics-error" });
  }
}

function startDashboard() {
  loadDigest();
  const loadAnalytics = startAnalytics();
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

  document.getElementById("refresh").addEventListener("click", () => { loadAnalytics(); refresh(); });
  loadAnalytics();
  everyone.addEventListener("change", loadCommands);
  loadPeople().then(refresh);
  setInterval(() => { if (document.visibilityState === "visible") refresh(); }, REFRESH_MS);
}
