// The CEO's console: speak (or type) a command, watch it transcribed, planned and committed,
// hear the reply, answer the server's questions, and undo a command from the history.

import { api, ApiError, formatMs, h, mountTopbar, relativeTime, replace, requireUser, showError } from "/static/app.js";
import { CommandView } from "/static/plan.js";
import { PendingQuestion } from "/static/question.js";
import { Speaker } from "/static/speech.js";
import { VoiceLink } from "/static/voice.js";

const user = requireUser(["ceo", "manager"]);
if (user) {
  mountTopbar("/console");
  startConsole();
}

function newKey() {
  if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
  return `k-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/** A command that changed something, so it can be undone (questions and dry runs change nothing). */
function changedSomething(item) {
  return item.status === "completed" && item.plan?.kind !== "query" && !item.plan?.dropped
    && Array.isArray(item.results) && item.results.some((r) => r.status === "done");
}

/** The ids of the commands on this page whose completed undo stands (an undone undo does not). */
function undoneIds(items) {
  const undoes = new Map(); // undo's id → the command it undid
  for (const item of items) {
    if (item.plan?.kind === "undo" && item.status === "completed" && item.plan.undoes) {
      undoes.set(item.command_id, item.plan.undoes);
    }
  }
  const stands = (id, depth = 0) => depth < 20 && ![...undoes].some(([u, target]) => target === id && stands(u, depth + 1));
  return new Set([...undoes].filter(([u]) => stands(u)).map(([, target]) => target));
}

/** What to tell the speaker when a voice session cannot start. */
function voiceRefusal(err) {
  const what = err.message || "The voice service could not start.";
  if (err.status === 429) return `${what} Press the microphone to try again in a moment.`;
  if (err.status === 403) return `${what} Voice commands are for the CEO and managers; you can type commands below.`;
  if (err.status === 401) return "You are signed out. Sign in again to use voice.";
  if (err.status === 0 || err.status >= 500) return `${what} Check your connection and press the microphone to try again.`;
  return `${what} Press the microphone to try again, or type the command below.`;
}

function startConsole() {
  // an answered suggestion changes its command's record: the history's "Show" draws it as it is now
  const view = new CommandView(document.getElementById("command-view"), { onSuggestionAnswered: () => loadHistory() });
  const mic = document.getElementById("mic");
  const micLabel = document.getElementById("mic-label");
  const micStatus = document.getElementById("mic-status");
  const voiceNotice = document.getElementById("voice-notice");
  const hangupButton = document.getElementById("hangup");
  const language = document.getElementById("language");
  const partial = document.getElementById("partial");
  const final = document.getElementById("final");
  const history = document.getElementById("history");
  const muteButton = document.getElementById("mute");

  // ------------------------------------------------------------ speaking back

  const speaker = new Speaker();
  function showMute() {
    muteButton.setAttribute("aria-pressed", String(speaker.muted));
    muteButton.title = !speaker.available ? "This browser cannot speak replies"
      : speaker.muted ? "Replies are silent; press to hear them" : "Replies are said out loud; press to keep them silent";
  }
  muteButton.disabled = !speaker.available;
  muteButton.addEventListener("click", () => speaker.setMuted(!speaker.muted));
  speaker.addEventListener("mute", showMute);
  showMute();

  const question = new PendingQuestion(document.getElementById("pending-question"), {
    onAnswer: (answer) => runTyped(answer, { dryRun: false }),
  });

  /** A command's outcome, spoken, typed or an undo: shown, said back, its question followed, history reloaded. */
  function finish(result) {
    view.showResult(result);
    speaker.say(result.reply, result.language);
    question.follow(result);
    loadHistory();
  }

  // ------------------------------------------------------------ voice

  const HOLD_MS = 350; // held longer than this: push-to-talk (release stops)
  const IDLE_HANGUP_MS = 3 * 60_000; // free the server's session after this long with the mic off
  const link = new VoiceLink();
  let listening = false;
  let pressedAt = 0;
  let startedByPress = false;
  let idleTimer = null;
  let finishingTimer = null;

  function setMic(state, status) {
    mic.dataset.state = state;
    mic.setAttribute("aria-pressed", String(state === "listening"));
    micLabel.textContent = { idle: "Start", connecting: "Connecting…", listening: "Stop", finishing: "Start",
      ready: "Start" }[state] || "Start";
    if (status !== undefined) micStatus.textContent = status;
    hangupButton.hidden = !(link.state === "connected" || link.state === "connecting");
  }

  async function startListening() {
    clearTimeout(idleTimer);
    clearTimeout(finishingTimer);
    listening = true;
    if (link.state !== "connected") {
      setMic("connecting", "Connecting to the voice service…");
      try {
        await link.connect({ language: language.value || undefined });
      } catch (err) {
        listening = false;
        const error = err instanceof ApiError ? err
          : new ApiError(0, err.code || "voice_unavailable", err.message || String(err));
        // Every refusal is said next to the button, with what to do (a silent "Start" helps no one).
        setMic("idle", voiceRefusal(error));
        micStatus.dataset.error = error.code || "voice_unavailable";
        view.showError(error);
        return;
      }
      delete micStatus.dataset.error;
      if (!listening) { link.setMicOn(false); setMic("ready", "Connected. Press to talk."); return; }
    }
    link.setMicOn(true);
    setMic("listening", "Listening… the command runs when you pause.");
  }

  function stopListening() {
    if (!listening) return;
    listening = false;
    link.setMicOn(false); // keeps sending silence, so the server sees the end of speech
    if (link.state !== "connected") { setMic("idle"); return; }
    setMic("finishing", "Finishing…");
    finishingTimer = setTimeout(() => setMic("ready", "Press to talk."), 8000);
    idleTimer = setTimeout(() => link.hangup(), IDLE_HANGUP_MS);
  }

  mic.addEventListener("pointerdown", (ev) => {
    if (ev.button !== 0) return;
    mic.setPointerCapture?.(ev.pointerId);
    pressedAt = performance.now();
    startedByPress = !listening;
    if (startedByPress) startListening();
  });
  mic.addEventListener("pointerup", () => {
    if (!pressedAt) return;
    const held = performance.now() - pressedAt;
    pressedAt = 0;
    if (startedByPress ? held >= HOLD_MS : true) stopListening();
  });
  mic.addEventListener("pointercancel", () => { pressedAt = 0; });
  mic.addEventListener("click", (ev) => {
    if (ev.detail !== 0) return; // pointer clicks are handled above; this is Enter/Space
    if (listening) stopListening(); else startListening();
  });
  hangupButton.addEventListener("click", () => {
    listening = false;
    link.hangup();
    setMic("idle", "Voice session ended.");
  });
  window.addEventListener("pagehide", () => link.release());

  link.addEventListener("state", (ev) => {
    const state = ev.detail;
    if (state === "connected") setMic(listening ? "listening" : "ready");
    if (state === "closed" || state === "failed") {
      listening = false;
      speaker.hearing(false);
      setMic("idle", state === "failed" ? "The voice connection failed. Press to try again." : "");
    }
    hangupButton.hidden = !(state === "connected" || state === "connecting");
  });

  let utterance = null;
  let heardEnd = null; // the utterance whose end of speech was reported (its late partials are not speech)

  function renderPartial(ev) {
    const confirmed = ev.confirmed ?? "";
    const tentative = ev.tentative ?? (ev.confirmed === undefined ? ev.text || "" : "");
    replace(partial,
      h("span", { class: "confirmed", "data-testid": "partial-confirmed" }, confirmed),
      confirmed && tentative ? " " : "",
      h("span", { class: "tentative", "data-testid": "partial-tentative" }, tentative));
  }

  link.addEventListener("message", (ev) => {
    const msg = ev.detail;
    switch (msg.type) {
      case "ready":
        if (listening) micStatus.textContent = "Listening… the command runs when you pause.";
        break;
      case "vad":
        if (msg.state === "started") {
          mic.dataset.speech = "on";
          speaker.hearing(true);
          if (msg.utterance_id !== utterance) {
            utterance = msg.utterance_id;
            replace(partial);
          }
          micStatus.textContent = "Hearing you…";
        } else if (msg.state === "ended") {
          mic.dataset.speech = "off";
          heardEnd = msg.utterance_id;
          speaker.hearing(false);
          micStatus.textContent = "Working on it…";
        }
        break;
      case "partial":
        if (msg.utterance_id !== undefined && msg.utterance_id !== utterance) utterance = msg.utterance_id;
        if (msg.utterance_id === undefined || msg.utterance_id !== heardEnd) speaker.hearing(true); // words: speech
        renderPartial(msg);
        break;
      case "final":
        renderPartial({ confirmed: msg.text, tentative: "" });
        final.textContent = msg.text;
        final.dataset.source = "voice";
        view.clear("Understanding…");
        break;
      case "plan":
        view.clear();
        view.showPlan(msg.plan || msg);
        break;
      case "progress":
        view.progress(msg);
        break;
      case "result":
        clearTimeout(finishingTimer);
        micStatus.textContent = resultStatus(msg);
        if (!listening && link.state === "connected") setMic("ready");
        finish(msg);
        break;
      case "error":
        view.showError(msg.error || msg);
        micStatus.textContent = msg.error?.message || "Something went wrong.";
        break;
      case "notice": // e.g. Spanish chosen but only the English model installed: say how to enable it
        voiceNotice.hidden = false;
        voiceNotice.dataset.code = msg.code || "notice";
        voiceNotice.textContent = msg.message || "";
        break;
      case "closed": // the server ended this session (e.g. a newer one of yours replaced it)
        listening = false;
        setMic("idle", `${msg.message || "The voice session ended."} Press the microphone to start again.`);
        break;
      default: // pong, metrics and anything newer than this page
        break;
    }
  });

  function resultStatus(result) {
    const t = result.timings_ms || {};
    const ms = t.end_of_speech_to_commit_ms ?? t.total_ms;
    const label = { completed: "Done", failed: "Not done", needs_clarification: "Needs a clarification" }[result.status]
      || result.status;
    return ms !== undefined ? `${label} · ${formatMs(ms)} after you stopped speaking` : label;
  }

  // ------------------------------------------------------------ typed commands

  const form = document.getElementById("typed-form");
  const text = document.getElementById("command-text");
  const run = document.getElementById("command-run");
  const dryRun = document.getElementById("dry-run");
  const typedError = document.getElementById("typed-error");

  /** Run a typed command (or a chosen answer) and show its outcome; `typed`: it came from the text box. */
  async function runTyped(command, { dryRun: dry = dryRun.checked, typed = false } = {}) {
    run.disabled = true;
    run.textContent = "Running…";
    final.textContent = command;
    final.dataset.source = "typed";
    replace(partial);
    view.clear("Understanding…");
    try {
      const result = await api("/api/commands", {
        method: "POST", body: { text: command, dry_run: dry, idempotency_key: newKey() },
      });
      view.clear();
      // the next thing typed after a question is its answer: start from an empty box
      if (typed && (result.status === "completed" || result.status === "needs_clarification")) text.value = "";
      finish(result);
      if (result.status === "needs_clarification") text.focus();
    } catch (err) {
      view.clear();
      view.showError(err);
    } finally {
      run.disabled = false;
      run.textContent = "Run command";
    }
  }

  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    replace(typedError);
    const command = text.value.trim();
    if (!command) {
      showError(typedError, new ApiError(0, "empty_command", "Type a command first."), { testid: "typed-error" });
      text.focus();
      return;
    }
    runTyped(command, { typed: true });
  });
  text.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) form.requestSubmit();
  });

  // ------------------------------------------------------------ history

  let historyLoaded = false;
  let historyAsks = 0;

  async function loadHistory() {
    try {
      const asked = ++historyAsks;
      const page = await api("/api/commands", { query: { limit: 20 } });
      if (asked !== historyAsks) return; // a newer load is on its way: never draw an older page over it
      const items = page?.items || [];
      if (!historyLoaded) question.restore(items[0]); // a question asked before this page was loaded
      historyLoaded = true;
      if (!items.length) {
        replace(history, h("p", { class: "empty" }, "No commands yet."));
        return;
      }
      const undone = undoneIds(items);
      replace(history, h("ol", { class: "history" }, items.map((item) => {
        const t = item.timings_ms || {};
        const ms = t.end_of_speech_to_commit_ms ?? t.total_ms;
        const isUndone = undone.has(item.command_id);
        return h("li", { "data-testid": "history-item", "data-status": item.status,
          "data-command-id": item.command_id, "data-undone": isUndone ? "true" : null },
          h("span", { class: "text" }, item.transcript),
          h("span", { class: "actions" },
            isUndone ? h("span", { class: "badge undone" }, "undone") : null,
            h("span", { class: `badge ${item.status}` }, item.status.replace(/_/g, " ")),
            changedSomething(item) && !isUndone
              ? h("button", { type: "button", class: "undo", "data-testid": "undo",
                "aria-label": `Undo “${item.transcript}”`, onclick: (ev) => undo(item, ev.currentTarget) }, "Undo")
              : null),
          h("span", { class: "meta" },
            `${item.source === "voice" ? "Spoken" : "Typed"} · ${relativeTime(item.created_at)}`,
            ms !== undefined ? ` · ${formatMs(ms)}` : "", " · ",
            h("button", { type: "button", class: "link", onclick: () => {
              final.textContent = item.transcript;
              view.clear();
              view.showResult(item);
            } }, "Show")));
      })));
    } catch (err) {
      showError(history, err);
    }
  }

  /** Undo one command from the history; the undo is a command of its own, shown and said like any. */
  async function undo(item, button) {
    button.disabled = true;
    button.textContent = "Undoing…";
    final.textContent = `Undo “${item.transcript}”`;
    final.dataset.source = "typed";
    view.clear("Undoing…");
    try {
      finish(await api(`/api/commands/${encodeURIComponent(item.command_id)}/undo`, { method: "POST" }));
    } catch (err) {
      view.clear();
      view.showError(err);
      button.disabled = false;
      button.textContent = "Undo";
    }
  }

  document.getElementById("history-refresh").addEventListener("click", loadHistory);
  loadHistory();
  setMic("idle");
}
