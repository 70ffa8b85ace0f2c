// The question the server is waiting on (a command that ended `needs_clarification`): shown
// until the next command completes, fails or drops it. The next thing typed or said is read
// as its answer; its options are buttons that send their own text as that answer.

import { h, replace } from "/static/app.js";

const PENDING_MS = 5 * 60_000; // the server forgets an unanswered question after five minutes

/**
 * `root`: the element this owns (hidden when nothing is pending).
 * `onAnswer(text)`: send `text` as the next command (an option, or "never mind").
 */
export class PendingQuestion {
  constructor(root, { onAnswer }) {
    this.root = root;
    this.onAnswer = onAnswer;
    this.commandId = null;
    this.expiry = null;
    this.hide();
  }

  /** Follow a command's outcome: a question shows it, anything else ends the one pending. */
  follow(record) {
    if (!record || record.status === "dry_run") return; // a dry run is not an answer
    if (record.status === "needs_clarification" && record.error?.message) this.show(record);
    else this.hide();
  }

  /** After a reload: the newest command of the history, when it is a question still open. */
  restore(newest) {
    if (newest?.status !== "needs_clarification") { this.hide(); return; }
    const age = Date.now() - new Date(newest.created_at).getTime();
    if (age >= 0 && age < PENDING_MS) this.show(newest, PENDING_MS - age);
    else this.hide();
  }

  show(record, ttlMs = PENDING_MS) {
    const question = record.error.message;
    const options = Array.isArray(record.error.details?.options) ? record.error.details.options : [];
    const es = String(record.language || "").startsWith("es");
    this.commandId = record.command_id || null;
    this.root.dataset.commandId = this.commandId || "";
    replace(this.root,
      h("h2", { id: "pending-title" }, es ? "Una pregunta" : "A question for you"),
      h("p", { class: "question-text", "data-testid": "pending-question-text", lang: record.language || null },
        question),
      options.length ? h("div", { class: "options", role: "group", "aria-label": "Answers" },
        options.map((option) => h("button", { type: "button", class: "option", "data-testid": "pending-option",
          onclick: () => this._answer(option) }, option))) : null,
      h("p", { class: "hint" },
        options.length ? "Choose one, or say or type the answer. " : "Say or type the answer. ",
        h("button", { type: "button", class: "link", "data-testid": "pending-dismiss",
          onclick: () => this._answer(es ? "olvídalo" : "never mind") }, es ? "Olvídalo" : "Never mind")));
    this.root.hidden = false;
    clearTimeout(this.expiry);
    this.expiry = setTimeout(() => this.hide(), ttlMs);
  }

  hide() {
    clearTimeout(this.expiry);
    this.commandId = null;
    this.root.hidden = true;
    replace(this.root);
  }

  get pending() { return !this.root.hidden; }

  _answer(text) {
    for (const button of this.root.querySelectorAll("button")) button.disabled = true;
    Promise.resolve(this.onAnswer(text)).finally(() => {
      for (const button of this.root.querySelectorAll("button")) button.disabled = false;
    });
  }
}
