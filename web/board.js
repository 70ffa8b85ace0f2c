// The staff board: channels I may see, the selected channel's tasks by status, its messages,
// my notifications. Initial state comes from the REST API; then /api/live keeps it current
// without a reload (while the feed is down, the page refetches now and then instead).
// `#channel=<id>` opens a channel; `#assignee=<id>` shows one person's tasks across the channels I may
// see (the dashboard links here when a person is clicked).

import {
  api, apiAll, avatar, formatDate, h, LiveSocket, liveIndicator, mountTopbar, relativeTime, replace, requireUser,
  showError,
} from "/static/app.js";

const COLUMNS = [
  ["todo", "To do"],
  ["in_progress", "In progress"],
  ["blocked", "Blocked"],
  ["review", "Review"],
  ["completed", "Done"],
];
const PRIORITY_RANK = { urgent: 0, high: 1, medium: 2, low: 3 };
const POLL_MS = 15_000; // refetch interval while the live feed is down

const user = requireUser();
if (user) {
  mountTopbar("/board");
  startBoard();
}

function debounce(fn, ms) {
  let timer = null;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
}

function startBoard() {
  const els = {
    error: document.getElementById("board-error"),
    channels: document.getElementById("channels"),
    name: document.getElementById("channel-name"),
    description: document.getElementById("channel-description"),
    count: document.getElementById("task-count"),
    columns: document.getElementById("columns"),
    messages: document.getElementById("messages"),
    messageForm: document.getElementById("message-form"),
    messageText: document.getElementById("message-text"),
    messageError: document.getElementById("message-error"),
    unread: document.getElementById("unread"),
    notifications: document.getElementById("notifications"),
    markRead: document.getElementById("mark-read"),
    online: document.getElementById("online"),
  };
  const people = new Map();
  let channels = [];
  let selected = null;
  let assignee = new URLSearchParams(location.hash.slice(1)).get("assignee");
  const tasks = new Map();
  const fresh = new Set();

  // ------------------------------------------------------------ people

  async function loadPeople() {
    try {
      for (const p of await apiAll("/api/users", {}, 2000)) people.set(p.id, p);
    } catch { /* names fall back to "Someone" */ }
  }

  // ------------------------------------------------------------ channels

  async function loadChannels() {
    try {
      channels = await apiAll("/api/channels", {}, 1000);
    } catch (err) {
      showError(els.error, err);
      return;
    }
    channels = channels.filter((c) => c.status !== "archived")
      .sort((a, b) => a.name.localeCompare(b.name));
    renderChannels();
    const fromHash = new URLSearchParams(location.hash.slice(1)).get("channel");
    const keep = channels.find((c) => c.id === (selected || fromHash));
    if (assignee && !selected) {
      showAssignee();
    } else if (!keep) {
      if (channels.length) selectChannel(channels[0].id);
      else {
        selected = null;
        replace(els.name, "No channels yet");
        replace(els.columns, h("p", { class: "empty" }, "You are not in any channel yet."));
      }
    } else if (keep.id !== selected) {
      selectChannel(keep.id);
    } else {
      renderChannelHead();
    }
  }

  function renderChannels() {
    if (!channels.length) {
      replace(els.channels, h("li", { class: "empty" }, "No channels"));
      return;
    }
    replace(els.channels, channels.map((c) => h("li", {},
      h("button", { type: "button", "data-testid": "channel-link", "data-channel-id": c.id,
        "aria-current": c.id === selected ? "true" : null, onclick: () => selectChannel(c.id) },
      h("span", {}, c.name),
      c.privacy !== "public" ? h("span", { class: "privacy", title: c.privacy }, c.privacy) : null))));
  }

  function renderChannelHead() {
    if (assignee && !selected) {
      const name = people.get(assignee)?.full_name || "Someone";
      replace(els.name, `Tasks of ${name}`);
      replace(els.description, "In every channel you may see · ",
        h("a", { href: "#", "data-testid": "clear-assignee", onclick: (ev) => {
          ev.preventDefault();
          if (channels.length) selectChannel(channels[0].id);
        } }, "back to channels"));
      return;
    }
    const c = channels.find((x) => x.id === selected);
    replace(els.name, c ? c.name : "Tasks");
    replace(els.description, c?.description || "");
  }

  /** One person's tasks across channels (`#assignee=<id>`); messages belong to a channel, so none here. */
  async function showAssignee() {
    selected = null;
    renderChannels();
    renderChannelHead();
    tasks.clear();
    replace(els.columns, h("p", { class: "empty" }, "Loading tasks…"));
    replace(els.messages, h("li", { class: "empty" }, "Pick a channel to see its messages."));
    await loadTasks();
  }

  async function selectChannel(id) {
    assignee = null;
    selected = id;
    history.replaceState(null, "", `#channel=${id}`);
    renderChannels();
    renderChannelHead();
    tasks.clear();
    replace(els.columns, h("p", { class: "empty" }, "Loading tasks…"));
    replace(els.messages);
    live.send({ type: "view", channel_id: id });
    await Promise.all([loadTasks(), loadMessages()]);
  }

  // ------------------------------------------------------------ tasks

  async function loadTasks() {
    const channelId = selected;
    const person = channelId ? null : assignee;
    if (!channelId && !person) return;
    try {
      const items = await apiAll("/api/tasks", channelId ? { channel_id: channelId } : { assignee_id: person }, 2000);
      if (channelId !== selected || (person && person !== assignee)) return;
      tasks.clear();
      for (const t of items) tasks.set(t.id, t);
      renderTasks();
    } catch (err) {
      if (channelId === selected && (!person || person === assignee)) showError(els.columns, err);
    }
  }

  /** Fetch one task again after an event about it; drop it if I may no longer see it. */
  async function refreshTask(taskId) {
    try {
      const task = await api(`/api/tasks/${taskId}`);
      const shown = selected ? task.channel_id === selected : (task.assignee_ids || []).includes(assignee);
      if (shown) {
        const known = tasks.get(task.id);
        if (!known || known.status !== task.status) fresh.add(task.id);
        tasks.set(task.id, task);
      } else {
        tasks.delete(task.id);
      }
    } catch (err) {
      if (err.status === 404 || err.status === 403) tasks.delete(taskId);
      else return;
    }
    renderTasks();
  }

  function sortTasks(list) {
    return list.sort((a, b) =>
      (PRIORITY_RANK[a.priority] ?? 9) - (PRIORITY_RANK[b.priority] ?? 9)
      || String(a.due_date || "9999").localeCompare(String(b.due_date || "9999"))
      || String(a.created_at).localeCompare(String(b.created_at)));
  }

  function card(task) {
    const due = task.due_date ? new Date(task.due_date) : null;
    const overdue = due && due < new Date() && task.status !== "completed";
    const node = h("li", { class: `card${fresh.has(task.id) ? " fresh" : ""}`, "data-testid": "task-card",
      "data-task-id": task.id, "data-status": task.status },
    h("div", { class: "title" }, task.title),
    h("div", { class: "meta" },
      h("span", { class: `badge ${task.priority}`, title: "Priority" }, task.priority),
      task.blocked ? h("span", { class: "badge blocked", "data-testid": "blocked-badge",
        title: (task.blockers || []).map((b) => `Waiting on: ${b.title}`).join("\n") || "Blocked" }, "blocked") : null,
      due ? h("span", { class: `due${overdue ? " overdue" : ""}`, title: due.toLocaleString() },
        `Due ${formatDate(task.due_date)}`) : null,
      task.subtask_count ? h("span", {}, `${task.subtask_count} subtask${task.subtask_count === 1 ? "" : "s"}`) : null,
      h("span", { class: "assignees", "aria-label": "Assignees" },
        (task.assignee_ids || []).map((id) => avatar(people.get(id) || { full_name: "Someone" })))));
    return node;
  }

  function renderTasks() {
    const visible = [...tasks.values()].filter((t) => t.status !== "cancelled");
    els.count.textContent = `${visible.length} task${visible.length === 1 ? "" : "s"}`;
    replace(els.columns, COLUMNS.map(([status, label]) => {
      const list = sortTasks(visible.filter((t) => t.status === status));
      return h("section", { class: "column", "data-testid": `column-${status}`, "aria-label": label },
        h("h3", {}, h("span", {}, label), h("span", {}, String(list.length))),
        list.length ? h("ol", {}, list.map(card)) : h("p", { class: "empty" }, "Nothing here"));
    }));
    fresh.clear();
  }

  // ------------------------------------------------------------ messages

  async function loadMessages() {
    const channelId = selected;
    if (!channelId) return;
    try {
      const page = await api(`/api/channels/${channelId}/messages`, { query: { limit: 50 } });
      if (channelId !== selected) return;
      const items = (Array.isArray(page) ? page : page?.items || []).slice().reverse(); // oldest first
      if (!items.length) {
        replace(els.messages, h("li", { class: "empty" }, "No messages yet."));
        return;
      }
      replace(els.messages, items.map((m) => h("li", { "data-testid": "message", "data-message-id": m.id },
        h("span", { class: "from" }, m.author_name || people.get(m.user_id)?.full_name || "Someone"),
        m.deleted || m.content === null ? h("em", { class: "faint" }, "deleted") : m.content,
        h("span", { class: "faint" }, ` · ${relativeTime(m.created_at)}`))));
      els.messages.scrollTop = els.messages.scrollHeight;
    } catch (err) {
      if (channelId !== selected) return;
      if (err.status === 404 || err.status === 405) {
        replace(els.messages, h("li", { class: "empty" }, "Messages are not available."));
      } else {
        replace(els.messages, h("li", {}, err.message));
      }
    }
  }

  els.messageForm.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    replace(els.messageError);
    const content = els.messageText.value.trim();
    if (!content || !selected) return;
    try {
      await api(`/api/channels/${selected}/messages`, { method: "POST", body: { content } });
      els.messageText.value = "";
      loadMessages();
    } catch (err) {
      showError(els.messageError, err);
    }
  });

  // ------------------------------------------------------------ notifications

  async function loadNotifications() {
    try {
      const [page, count] = await Promise.all([
        api("/api/notifications", { query: { limit: 20 } }),
        api("/api/notifications/unread-count"),
      ]);
      const n = count?.unread ?? 0;
      els.unread.textContent = String(n);
      els.unread.dataset.count = String(n);
      els.unread.setAttribute("aria-label", `${n} unread`);
      const items = page?.items || [];
      replace(els.notifications, items.length ? items.map((x) => h("li", {
        class: x.is_read ? null : "unread", "data-testid": "notification" },
      x.title, x.body ? h("div", { class: "muted lines" }, x.body) : null,
      h("div", { class: "faint" }, relativeTime(x.created_at)))) : h("li", { class: "empty" }, "Nothing new."));
    } catch (err) {
      replace(els.notifications, h("li", {}, err.message));
    }
  }

  els.markRead.addEventListener("click", async () => {
    try {
      await api("/api/notifications/read", { method: "POST", body: {} });
    } catch (err) {
      showError(els.error, err);
    }
    loadNotifications();
  });

  // ------------------------------------------------------------ live

  const reloadTasks = debounce(loadTasks, 150);
  const reloadChannels = debounce(loadChannels, 200);
  const reloadMessages = debounce(loadMessages, 150);
  const reloadNotifications = debounce(loadNotifications, 200);

  function reloadAll() {
    reloadChannels();
    reloadTasks();
    reloadMessages();
    reloadNotifications();
  }

  function applyEvent(event) {
    const type = String(event.type || "");
    const kind = type.split(".")[0];
    const inSelected = !event.channel_id || event.channel_id === selected;
    if (kind === "task" || type === "task") {
      if (event.entity_id && (inSelected || (assignee && !selected) || tasks.has(event.entity_id))) {
        refreshTask(event.entity_id);
      }
    } else if (kind === "dependency") {
      if (inSelected) reloadTasks(); // blocked badges on either end may change
    } else if (kind === "channel") {
      reloadChannels();
      if (event.channel_id === selected) reloadTasks();
    } else if (kind === "message") {
      if (event.channel_id === selected) reloadMessages();
    } else if (kind === "notification") {
      reloadNotifications();
    } else if (kind === "resource" && event.channel_id === selected) {
      reloadMessages();
    }
  }

  /** Who is online (GET /api/presence); presence events only say who changed, so refetch the list. */
  async function loadPresence() {
    try {
      const data = await api("/api/presence");
      const others = (data?.users || []).filter((u) => u.user_id !== user.id);
      if (!others.length) { els.online.textContent = "Only you"; return; }
      replace(els.online, h("ul", { class: "notifications" }, others.map((u) => {
        const person = people.get(u.user_id) || { full_name: "Someone" };
        const here = selected && (u.channel_ids || []).includes(selected);
        return h("li", { class: "row", "data-testid": "online-person" }, avatar(person), person.full_name,
          here ? h("span", { class: "faint" }, "· viewing this channel") : null);
      })));
    } catch (err) {
      els.online.textContent = err.status === 404 ? "—" : err.message;
    }
  }
  const renderPresence = debounce(loadPresence, 300);

  const setIndicator = liveIndicator();
  let pollTimer = null;
  const live = new LiveSocket({
    onEvent: applyEvent,
    onState: (state) => {
      setIndicator(state);
      clearInterval(pollTimer);
      if (state !== "live") pollTimer = setInterval(() => { reloadTasks(); reloadNotifications(); }, POLL_MS);
    },
    onReady: ({ resumed }) => {
      if (selected) live.send({ type: "view", channel_id: selected });
      if (!resumed && started) reloadAll(); // anything between our fetch and this point is in the fetch now
    },
    onResync: reloadAll,
    onPresence: renderPresence,
  });
  window.voicedesk = { live, tasks }; // for diagnostics (and the browser tests)

  let started = false;
  (async () => {
    live.start(); // first: so nothing committed while we fetch is missed
    await loadPeople();
    await Promise.all([loadChannels(), loadNotifications()]);
    started = true;
    loadPresence();
  })();
}
