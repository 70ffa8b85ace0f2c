// Renders one command as it unfolds: the plan's actions as rows that tick through
// planned → started → done (or failed / rolled back, with the reason), then the result with
// its timings. The same view serves spoken commands (progress events arrive one by one on the
// data channel) and typed ones (the whole response arrives at once).

import { errorBox, formatMs, h, replace } from "/static/app.js";
import { suggestionList } from "/static/suggestions.js";

const STATE_LABEL = {
  planned: "Planned",
  started: "Running…",
  done: "Done",
  failed: "Failed",
  rolled_back: "Rolled back",
  not_run: "Not run",
};

const TYPE_LABEL = {
  CREATE_CHANNEL: "Create channel",
  UPDATE_CHANNEL: "Update channel",
  ADD_MEMBER: "Add member",
  REMOVE_MEMBER: "Remove member",
  LINK_CHANNELS: "Link channels",
  CREATE_TASK: "Create task",
  UPDATE_TASK: "Update task",
  ASSIGN_USER: "Assign",
  UNASSIGN_USER: "Unassign",
  SET_DEADLINE: "Set deadline",
  CREATE_DEPENDENCY: "Add dependency",
  REMOVE_DEPENDENCY: "Remove dependency",
  SHARE_RESOURCE: "Share resource",
  UPLOAD_FILE: "Upload file",
  SEND_MESSAGE: "Send message",
  SET_REMINDER: "Set reminder",
};

/** A one-line description of an action when the plan did not carry a summary. */
function describe(action) {
  if (action.summary) return action.summary;
  const label = TYPE_LABEL[action.type] || action.type || "Action";
  const name = action.name || action.title || action.text || action.message || "";
  return name ? `${label}: ${name}` : label;
}

/** The ordered timings worth showing, the headline one first. */
const TIMING_KEYS = [
  ["end_of_speech_to_commit_ms", "End of speech → committed", true],
  ["total_ms", "Command total", false],
  ["endpoint_delay_ms", "Endpoint", false],
  ["end_of_speech_to_final_ms", "Speech end → transcript", false],
  ["final_decode_ms", "Final decode", false],
  ["context_ms", "Context", false],
  ["parse_ms", "Understand", false],
  ["llm_ms", "LLM", false],
  ["execute_ms", "Execute", false],
];

export function timingsList(timings) {
  if (!timings || typeof timings !== "object") return null;
  const items = TIMING_KEYS.filter(([key]) => typeof timings[key] === "number").map(([key, label, headline]) =>
    h("span", { class: headline ? "key" : null, "data-timing": key }, `${label} `, h("b", {}, formatMs(timings[key]))));
  return items.length ? h("div", { class: "timings", "data-testid": "timings" }, items) : null;
}

/** A row of a question's answer: what it is called, then a few facts worth a glance. */
function answerRow(row) {
  const name = row.title || row.name || row.full_name || row.id || "";
  const facts = [row.status, row.priority, row.due_date ? `due ${row.due_date}` : null, row.channel_name || row.channel,
    row.role].filter((v) => typeof v === "string" && v);
  return h("li", { "data-testid": "answer-row", "data-id": row.id || null },
    h("span", { class: "name" }, name), facts.length ? h("span", { class: "facts" }, facts.join(" · ")) : null);
}

/** The rows a question was answered with (`plan.kind == "query"`, `plan.answer.rows`), or null. */
export function answerList(plan) {
  const answer = plan?.kind === "query" ? plan.answer : null;
  if (!answer || !Array.isArray(answer.rows)) return null;
  const rows = answer.rows;
  const more = typeof answer.count === "number" && answer.count > rows.length ? answer.count - rows.length : 0;
  return h("div", { class: "answer", "data-testid": "answer" },
    rows.length ? h("ol", { class: "answer-rows" }, rows.map(answerRow)) : h("p", { class: "empty" }, "Nothing."),
    more ? h("p", { class: "faint" }, `and ${more} more`) : null);
}

export class CommandView {
  /** `root`: an element this view owns (it replaces its children); `onSuggestionAnswered()`: after an answer. */
  constructor(root, { onSuggestionAnswered } = {}) {
    this.root = root;
    this.onSuggestionAnswered = onSuggestionAnswered;
    this.rows = new Map();
    this.planMeta = h("div", { class: "plan-meta", "data-testid": "plan-meta" });
    this.list = h("ol", { class: "plan", "data-testid": "plan", "aria-label": "Plan" });
    this.resultSlot = h("div", { "aria-live": "polite" });
    this.clear();
  }

  clear(message = "The plan of your next command appears here.") {
    this.rows.clear();
    replace(this.planMeta);
    replace(this.list);
    replace(this.resultSlot);
    replace(this.root, h("p", { class: "empty" }, message));
    this.started = false;
  }

  _ensureMounted() {
    if (this.started) return;
    this.started = true;
    replace(this.root, this.planMeta, this.list, this.resultSlot);
  }

  /** Show the plan: every action as a row in state "planned". */
  showPlan(plan) {
    this._ensureMounted();
    const actions = Array.isArray(plan?.actions) ? plan.actions : [];
    const bits = [];
    if (actions.length) bits.push(`${actions.length} action${actions.length === 1 ? "" : "s"}`);
    if (typeof plan?.confidence === "number") bits.push(`confidence ${Math.round(plan.confidence * 100)}%`);
    if (plan?.source) bits.push(`by ${plan.source}`);
    replace(this.planMeta, bits.join(" · "));
    for (const action of actions) this._row(action.id, action.type, describe(action), "planned");
    if (!actions.length && !this.rows.size) {
      replace(this.list, h("li", { class: "empty" }, "Nothing to do was found in that command."));
    }
  }

  _row(actionId, type, summary, state) {
    let row = this.rows.get(actionId);
    if (!row) {
      if (this.list.querySelector(".empty")) replace(this.list);
      const text = h("span", { class: "summary" }, summary || TYPE_LABEL[type] || type);
      const label = h("span", { class: "badge state" }, STATE_LABEL[state] || state);
      const reason = h("div", { class: "reason", "data-testid": "plan-row-reason" });
      const li = h("li", { "data-testid": "plan-row", "data-action-id": actionId, "data-state": state },
        h("span", { class: "tick", "aria-hidden": "true" }),
        h("div", { class: "what" }, h("span", { class: "type" }, TYPE_LABEL[type] || type || ""), text, reason),
        label);
      row = { li, text, label, reason };
      this.rows.set(actionId, row);
      this.list.append(li);
    } else if (summary && state === "done") {
      row.text.textContent = summary; // the executor's summary names what was actually made
    }
    return row;
  }

  /** Apply one progress event: `{state, action_id, action_type, summary, error?}`. */
  progress(event) {
    this._ensureMounted();
    const state = event.state;
    const row = this._row(event.action_id, event.action_type || event.type, event.summary, state);
    this._setState(row, state, event.error, event);
  }

  _setState(row, state, error, event = {}) {
    row.li.dataset.state = state;
    row.label.textContent = STATE_LABEL[state] || state;
    row.label.className = `badge state ${state}`;
    if (state === "failed" && error) {
      row.reason.textContent = error.message || error.code || "This action failed";
    } else if (state === "rolled_back") {
      row.reason.textContent = event.reason || "Undone because another action failed";
    } else {
      row.reason.textContent = "";
    }
  }

  /** Show the command's outcome (the /api/commands response shape, or the data channel's "result"). */
  showResult(result) {
    this._ensureMounted();
    if (!this.rows.size && result.plan) this.showPlan(result.plan);
    const results = Array.isArray(result.results) ? result.results : [];
    const byId = new Map(results.map((r) => [r.action_id, r]));
    for (const [actionId, row] of this.rows) {
      const r = byId.get(actionId);
      if (r) {
        if (r.summary && r.status === "done") row.text.textContent = r.summary;
        this._setState(row, r.status, r.error);
      } else if (result.status !== "completed" && result.status !== "dry_run" && row.li.dataset.state === "planned") {
        this._setState(row, "not_run");
      }
    }
    if (result.error && !this.rows.size) replace(this.list); // the error below says why nothing was planned
    const status = result.status || "failed";
    const headline = {
      completed: "Done",
      failed: "Nothing was changed",
      needs_clarification: "I need a clarification",
      dry_run: "Dry run: nothing was changed",
    }[status] || status;
    const done = results.filter((r) => r.status === "done");
    const error = result.error ? errorBox(result.error, { testid: "result-error" }) : null;
    // The reply is the one sentence said back; when it is the error's own message, the error box says it.
    const reply = String(result.reply || "").trim();
    const lang = result.language || null;
    const errorSays = reply && error?.querySelector("strong")?.textContent === reply
      ? error.querySelector("strong") : null;
    if (errorSays) {
      errorSays.setAttribute("data-testid", "reply");
      if (lang) errorSays.setAttribute("lang", lang);
    }
    const said = reply && !errorSays ? h("span", { class: "reply", "data-testid": "reply", lang }, reply) : null;
    const body = h("div", { class: "result", "data-testid": "result", "data-status": status,
      "data-command-id": result.command_id || "" },
      h("div", { class: "headline" }, h("span", { class: `badge ${status}` }, status.replace(/_/g, " ")),
        said || headline),
      error,
      answerList(result.plan),
      status === "completed" && (done.length > 1 || (done.length && !said))
        ? h("ul", {}, done.map((r) => h("li", {}, r.summary || TYPE_LABEL[r.type] || r.type))) : null,
      suggestionList(result, { onAnswered: this.onSuggestionAnswered }),
      timingsList(result.timings_ms));
    replace(this.resultSlot, body);
  }

  /** An error that is not a command result (network, refused offer, pipeline failure). */
  showError(err) {
    this._ensureMounted();
    replace(this.resultSlot, errorBox(err, { testid: "result-error" }));
  }
}
