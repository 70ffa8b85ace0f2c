// The suggestions a command carries (learned defaults, predictive tasks and subtasks; docs/memory.md): one
// row each saying what it would do, why and how sure, with Accept / Decline until it is answered.

import { api, errorBox, h, replace } from "/static/app.js";

const STATUS_LABEL = { offered: "Offered", accepted: "Accepted", declined: "Declined", applied: "Applied as usual" };

/** What accepting `s` would do, in a sentence: "Assign “Design the flyer” to Sarah". */
export function suggestionAction(s) {
  const task = `“${s.task_title || "the task"}”`;
  const label = String(s.label ?? s.value ?? "");
  switch (s.field) {
    case "assignee": return `Assign ${task} to ${label}`;
    case "priority": return `Make ${task} ${label} priority`;
    case "due_offset": return label.startsWith("the same") ? `Make ${task} due ${label}` : `Make ${task} due in ${label}`;
    case "task": return s.channel_name ? `Add the task “${label}” to ${s.channel_name}` : `Add the task “${label}”`;
    case "subtask": return `Add the subtask “${label}” under ${task}`;
    default: return `${s.field}: ${label}`;
  }
}

/** The command a record's suggestions belong to, and them: its own, or the one a "yes"/"no" answered. */
function suggestionsOf(record) {
  const plan = record?.plan || {};
  if (plan.kind === "suggestion") { // a spoken or typed "yes"/"no": the answered one, as it is now
    const answered = (record.results || []).map((r) => r?.data?.suggestion).filter((s) => s && typeof s === "object");
    return { commandId: plan.answers?.command_id || null, items: answered };
  }
  const items = Array.isArray(plan.suggestions) ? plan.suggestions.filter((s) => s && typeof s === "object") : [];
  return { commandId: record?.command_id || null, items };
}

/**
 * The "Suggestions" list of a command record, or null when it carries none.
 * `onAnswered()`: called after each answer (the command's record changed).
 */
export function suggestionList(record, { onAnswered } = {}) {
  const { commandId, items } = suggestionsOf(record);
  if (!items.length) return null;
  return h("div", { class: "suggestions", "data-testid": "suggestions" },
    h("h3", {}, "Suggestions"),
    h("ol", {}, items.map((s) => suggestionRow(commandId, s, onAnswered))));
}

function suggestionRow(commandId, suggestion, onAnswered) {
  const status = h("span", { "data-testid": "suggestion-status" });
  const actions = h("span", { class: "actions" });
  const error = h("div");
  const li = h("li", { "data-testid": "suggestion", "data-field": suggestion.field, "data-n": suggestion.n },
    h("div", { class: "what" },
      h("span", { class: "summary" }, suggestionAction(suggestion)),
      suggestion.reason ? h("span", { class: "reason", "data-testid": "suggestion-reason" }, suggestion.reason) : null,
      typeof suggestion.confidence === "number"
        ? h("span", { class: "confidence" }, `confidence ${Math.round(suggestion.confidence * 100)}%`) : null,
      error),
    h("span", { class: "side" }, status, actions));

  function show(state) {
    li.dataset.status = state;
    status.textContent = STATUS_LABEL[state] || String(state || "").replace(/_/g, " ");
    status.className = `badge ${state === "accepted" || state === "applied" ? "ok" : state === "offered" ? "info" : ""}`;
    const open = state === "offered" && commandId !== null && Number.isInteger(suggestion.n);
    replace(actions, open ? [
      h("button", { type: "button", class: "primary", "data-testid": "suggestion-accept",
        "aria-label": `Accept: ${suggestionAction(suggestion)}`, onclick: () => answer("accept") }, "Accept"),
      h("button", { type: "button", "data-testid": "suggestion-decline",
        "aria-label": `Decline: ${suggestionAction(suggestion)}`, onclick: () => answer("decline") }, "Decline"),
    ] : []);
  }

  async function answer(verb) {
    for (const button of actions.querySelectorAll("button")) button.disabled = true;
    replace(error);
    try {
      const body = await api(`/api/commands/${encodeURIComponent(commandId)}/suggestions/${suggestion.n}/${verb}`,
        { method: "POST" });
      show(body?.suggestion?.status || (verb === "accept" ? "accepted" : "declined"));
    } catch (err) {
      replace(error, errorBox(err, { testid: "suggestion-error" }));
      // answered meanwhile (by voice, or on another page): show how; otherwise it can be answered again
      show(err.code === "suggestion_answered" && err.details?.status ? err.details.status : li.dataset.status);
    }
    onAnswered?.();
  }

  show(suggestion.status || "offered");
  return li;
}
