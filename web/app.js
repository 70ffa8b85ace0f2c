// Shared by every page: the signed-in session (tokens in sessionStorage, refreshed before they
// expire), a fetch wrapper whose errors a person can read, small DOM helpers, the top bar, and
// the client for the staff live feed (/api/live).
//
// Why sessionStorage: tokens live only as long as the tab, are not shared between tabs (so two
// tabs never race to rotate the same refresh token, which the server treats as reuse), and a
// page reload keeps you signed in. Closing the tab signs you out of it.

const STORE_KEY = "voicedesk.session";
const REFRESH_MARGIN_MS = 60_000; // refresh this long before the access token expires

// ---------------------------------------------------------------- errors

/** An error a person can read: the server's {code, message, details}, or a network problem. */
export class ApiError extends Error {
  constructor(status, code, message, details = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details || {};
  }
}

const STATUS_MESSAGES = {
  0: "Cannot reach the server. Check your connection and try again.",
  401: "Your session has ended. Please sign in again.",
  403: "You do not have permission to do that.",
  404: "That could not be found.",
  413: "That is too large to send.",
  429: "Too many requests. Please wait a moment and try again.",
  500: "The server had a problem. Please try again.",
  502: "The server is not answering right now. Please try again.",
  503: "The server is not available right now. Please try again.",
};

function errorFrom(status, body) {
  const e = body && typeof body === "object" ? body.error : null;
  if (e && typeof e === "object") {
    return new ApiError(status, e.code || `http_${status}`, e.message || STATUS_MESSAGES[status] || `Error ${status}`,
      e.details);
  }
  return new ApiError(status, `http_${status}`, STATUS_MESSAGES[status] || `The server answered ${status}.`);
}

async function readBody(resp) {
  if (resp.status === 204) return null;
  const type = resp.headers.get("Content-Type") || "";
  if (type.includes("application/json")) {
    try { return await resp.json(); } catch { return null; }
  }
  const text = await resp.text();
  return text ? { text } : null;
}

// ---------------------------------------------------------------- session

export const session = {
  get() {
    try { return JSON.parse(sessionStorage.getItem(STORE_KEY) || "null"); } catch { return null; }
  },
  save(tokens) {
    const previous = session.get();
    const data = {
      access_token: tokens.access_token,
      refresh_token: tokens.refresh_token,
      expires_at: Date.now() + (Number(tokens.expires_in) || 900) * 1000,
      user: tokens.user || previous?.user || null,
    };
    sessionStorage.setItem(STORE_KEY, JSON.stringify(data));
    scheduleRefresh();
    return data;
  },
  clear() {
    sessionStorage.removeItem(STORE_KEY);
    clearTimeout(refreshTimer);
  },
  user() { return session.get()?.user || null; },
};

let refreshing = null;
let refreshTimer = null;

/** Trade the refresh token for new tokens (the server rotates it: always keep the new one). */
export function refreshTokens() {
  if (refreshing) return refreshing;
  refreshing = (async () => {
    const current = session.get();
    if (!current?.refresh_token) throw new ApiError(401, "signed_out", "You are signed out.");
    let resp;
    try {
      resp = await fetch("/api/auth/refresh", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ refresh_token: current.refresh_token }),
      });
    } catch {
      throw new ApiError(0, "network", STATUS_MESSAGES[0]);
    }
    const body = await readBody(resp);
    if (!resp.ok) {
      if (resp.status === 401) session.clear();
      throw errorFrom(resp.status, body);
    }
    return session.save(body).access_token;
  })().finally(() => { refreshing = null; });
  return refreshing;
}

function scheduleRefresh() {
  clearTimeout(refreshTimer);
  const s = session.get();
  if (!s) return;
  const wait = Math.max(5_000, s.expires_at - Date.now() - REFRESH_MARGIN_MS);
  refreshTimer = setTimeout(() => {
    refreshTokens().catch((err) => { if (err.status === 401) toLogin(); });
  }, wait);
}

/** A valid access token, refreshed first when it is about to expire (timers sleep in background tabs). */
export async function accessToken() {
  const s = session.get();
  if (!s) throw new ApiError(401, "signed_out", "You are signed out.");
  if (s.expires_at - Date.now() < REFRESH_MARGIN_MS / 2) return refreshTokens();
  return s.access_token;
}

export function toLogin() {
  const next = location.pathname + location.search + location.hash;
  location.replace(`/login?next=${encodeURIComponent(next)}`);
}

/** Where a person starts: the console for people who command, the board for everyone else. */
export function homeFor(user) {
  return user && (user.role === "ceo" || user.role === "manager") ? "/console" : "/board";
}

/**
 * The signed-in user, or a redirect to the login page (returns null: the caller stops).
 * `roles`: who may use this page; anyone else is sent to their own start page.
 */
export function requireUser(roles = null) {
  const s = session.get();
  if (!s?.access_token) { toLogin(); return null; }
  if (roles && !roles.includes(s.user?.role)) { location.replace(homeFor(s.user)); return null; }
  scheduleRefresh();
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") accessToken().catch(() => {});
  });
  return s.user;
}

export async function signIn(email, password) {
  const body = await api("/api/auth/login", { method: "POST", body: { email, password }, auth: false });
  session.save(body);
  return body.user;
}

export async function signOut() {
  const s = session.get();
  try {
    if (s) await api("/api/auth/logout", { method: "POST", body: { refresh_token: s.refresh_token } });
  } catch { /* signing out locally is what matters */ }
  session.clear();
  location.assign("/login");
}

// ---------------------------------------------------------------- fetch

/**
 * JSON request to the API. Throws ApiError (with the server's code/message/details).
 * A 401 refreshes the tokens once and retries; a second 401 sends the person to the login page.
 */
export async function api(path, { method = "GET", body, query, auth = true, signal, retry = true } = {}) {
  let url = path;
  if (query) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || v === null || v === "") continue;
      for (const item of Array.isArray(v) ? v : [v]) params.append(k, String(item));
    }
    const qs = params.toString();
    if (qs) url += (url.includes("?") ? "&" : "?") + qs;
  }
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (auth) headers.Authorization = `Bearer ${await accessToken().catch((e) => { toLogin(); throw e; })}`;
  let resp;
  try {
    resp = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
  } catch (err) {
    if (err?.name === "AbortError") throw err;
    throw new ApiError(0, "network", STATUS_MESSAGES[0]);
  }
  if (resp.status === 401 && auth && retry) {
    try {
      await refreshTokens();
    } catch (err) {
      if (err.status === 401) toLogin();
      throw err;
    }
    return api(path, { method, body, query, auth, signal, retry: false });
  }
  const data = await readBody(resp);
  if (!resp.ok) {
    const err = errorFrom(resp.status, data);
    if (resp.status === 401 && auth) toLogin();
    throw err;
  }
  return data;
}

/** Every item of a paginated list (`{items, next_cursor}`), up to `max`. */
export async function apiAll(path, query = {}, max = 1000) {
  const items = [];
  let cursor = null;
  do {
    const page = await api(path, { query: { ...query, limit: Math.min(200, max), cursor } });
    if (Array.isArray(page)) return page;
    items.push(...(page?.items || []));
    cursor = page?.next_cursor;
  } while (cursor && items.length < max);
  return items;
}

// ---------------------------------------------------------------- DOM

/** `h("div", {class: "x", onclick}, child, "text")`: an element; never parses HTML. */
export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
    else if (key === "class") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (value === true) node.setAttribute(key, "");
    else node.setAttribute(key, String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function replace(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

/** A readable error box: the message, the code, and any field problems or options in the details. */
export function errorBox(err, { testid = "error" } = {}) {
  const e = err instanceof ApiError ? err
    : err && typeof err === "object" && "message" in err && !(err instanceof Error)
      ? new ApiError(0, err.code || "error", err.message, err.details)
      : new ApiError(0, "error", err?.message || String(err));
  const details = e.details || {};
  const lines = [];
  for (const f of details.fields || []) lines.push(`${f.field}: ${f.problem}`);
  if (Array.isArray(details.options) && details.options.length) lines.push(`Options: ${details.options.join(", ")}`);
  return h("div", { class: "error", role: "alert", "data-testid": testid, "data-code": e.code },
    h("strong", {}, e.message),
    lines.length ? h("ul", {}, lines.map((l) => h("li", {}, l))) : null,
    e.code && e.code !== "error" ? h("span", { class: "code" }, e.code) : null);
}

export function showError(container, err, opts) {
  replace(container, errorBox(err, opts));
}

export function initials(name) {
  return String(name || "?").split(/\s+/).filter(Boolean).slice(0, 2).map((p) => p[0].toUpperCase()).join("");
}

export function avatar(person) {
  const name = person?.full_name || "Unknown";
  return h("span", { class: "avatar", title: name, style: person?.avatar_color ? `background:${person.avatar_color}` : null },
    h("span", { "aria-hidden": "true" }, initials(name)), h("span", { class: "visually-hidden" }, name));
}

export function formatMs(ms) {
  if (ms === undefined || ms === null || Number.isNaN(Number(ms))) return "—";
  const v = Number(ms);
  return v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`;
}

export function formatDate(iso, { time = false } = {}) {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const opts = { month: "short", day: "numeric" };
  if (d.getFullYear() !== new Date().getFullYear()) opts.year = "numeric";
  if (time) Object.assign(opts, { hour: "2-digit", minute: "2-digit" });
  return d.toLocaleString(undefined, opts);
}

export function relativeTime(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const s = Math.round((Date.now() - d.getTime()) / 1000);
  if (s < 45) return "just now";
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  return formatDate(iso);
}

/** The top bar: brand, the pages this person may use, who is signed in, sign out. */
export function mountTopbar(active) {
  const user = session.user();
  const bar = document.querySelector("header.topbar");
  if (!bar || !user) return;
  const pages = [];
  if (user.role === "ceo" || user.role === "manager") pages.push(["/console", "Console"]);
  pages.push(["/board", "Board"], ["/dashboard", "Dashboard"]);
  replace(bar,
    h("a", { class: "brand", href: homeFor(user) }, "voicedesk"),
    h("nav", { "aria-label": "Pages" }, pages.map(([href, label]) =>
      h("a", { href, "aria-current": href === active ? "page" : null }, label))),
    h("div", { class: "who" },
      h("span", { class: "live-slot" }),
      avatar(user),
      h("span", { "data-testid": "signed-in-as" }, user.full_name, " ", h("span", { class: "faint" }, `· ${user.role}`)),
      h("button", { type: "button", class: "link", onclick: signOut }, "Sign out")));
}

// ---------------------------------------------------------------- live feed

/**
 * The staff live feed over WebSocket `/api/live` (Zulip-style events contract):
 * authenticate with the access token, resume from the last event id seen, deduplicate by id,
 * refresh the token when the server says it is expiring, reconnect with backoff.
 *
 * Callbacks: onEvent(event), onState("connecting"|"live"|"reconnecting"|"offline"),
 * onResync() (the gap is too old: refetch everything), onPresence(message).
 */
export class LiveSocket {
  constructor({ path = "/api/live", onEvent = () => {}, onState = () => {}, onResync = () => {},
    onPresence = () => {}, onReady = () => {} } = {}) {
    this.path = path;
    this.onEvent = onEvent;
    this.onReady = onReady;
    this.resuming = false;
    this.onState = onState;
    this.onResync = onResync;
    this.onPresence = onPresence;
    this.lastEventId = null;
    this.seen = new Set();
    this.seenOrder = [];
    this.attempts = 0;
    this.state = "offline";
    this.stopped = true;
    this.ws = null;
    this.timer = null;
    this.watchdog = null;
    this.log = []; // the last events received, for diagnostics and tests
    this._online = () => { if (!this.stopped && this.state !== "live") this._reconnectNow(); };
  }

  start() {
    this.stopped = false;
    window.addEventListener("online", this._online);
    this._connect();
  }

  stop() {
    this.stopped = true;
    window.removeEventListener("online", this._online);
    clearTimeout(this.timer);
    clearTimeout(this.watchdog);
    if (this.ws) this.ws.close(1000, "bye");
    this._setState("offline");
  }

  /** Tell the server which channel this person is looking at (presence). */
  send(message) {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(message));
  }

  _setState(state) {
    if (state === this.state) return;
    this.state = state;
    this.onState(state);
  }

  async _connect() {
    clearTimeout(this.timer);
    if (this.stopped) return;
    this._setState(this.attempts === 0 ? "connecting" : "reconnecting");
    let token;
    try {
      token = await accessToken();
    } catch (err) {
      if (err.status === 401) { toLogin(); return; }
      this._scheduleReconnect();
      return;
    }
    const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}${this.path}`;
    let ws;
    try {
      ws = new WebSocket(url);
    } catch {
      this._scheduleReconnect();
      return;
    }
    this.ws = ws;
    ws.onopen = () => {
      const hello = { type: "auth", token };
      this.resuming = this.lastEventId !== null;
      if (this.resuming) hello.last_event_id = this.lastEventId;
      ws.send(JSON.stringify(hello));
      this._armWatchdog();
    };
    ws.onmessage = (msg) => {
      if (ws !== this.ws) return;
      this._armWatchdog();
      let data;
      try { data = JSON.parse(msg.data); } catch { return; }
      this._handle(ws, data);
    };
    ws.onclose = (ev) => {
      if (ws !== this.ws) return;
      clearTimeout(this.watchdog);
      this.ws = null;
      if (this.stopped) return;
      // 4001: the token was refused or expired; refresh before trying again.
      if ([4001, 4401, 1008].includes(ev.code)) refreshTokens().catch((e) => { if (e.status === 401) toLogin(); });
      // 4400 (our cursor was refused) and 4009 (resync): start over without a cursor.
      if (ev.code === 4400 || ev.code === 4009) this._forget();
      this._scheduleReconnect();
    };
    ws.onerror = () => { /* onclose follows and reconnects */ };
  }

  _handle(ws, data) {
    switch (data.type) {
      case "ready":
        this.attempts = 0;
        if (this.lastEventId === null && data.last_event_id !== undefined && data.last_event_id !== null) {
          this.lastEventId = data.last_event_id;
        }
        this._setState("live");
        // Not resumed: events before this point were not replayed, so the page refetches its state.
        this.onReady({ resumed: this.resuming });
        break;
      case "event": {
        const event = data.event || {};
        const key = String(event.id);
        if (event.id !== undefined && this.seen.has(key)) return; // replay overlap: already applied
        if (event.id !== undefined) {
          this.seen.add(key);
          this.seenOrder.push(key);
          if (this.seenOrder.length > 2000) this.seen.delete(this.seenOrder.shift());
          this.lastEventId = event.id;
        }
        this.log.push(event);
        if (this.log.length > 500) this.log.shift();
        try { this.onEvent(event); } catch (err) { console.error("live event handler failed", err); }
        break;
      }
      case "presence":
        this.onPresence(data);
        break;
      case "resync_required":
        // Our cursor is older than what the server keeps: start over from fresh state.
        this._forget();
        ws.close(4000, "resync");
        this._reconnectNow();
        break;
      case "token_expiring":
        refreshTokens()
          .then((token) => { if (ws === this.ws) ws.send(JSON.stringify({ type: "auth", token })); })
          .catch((err) => { if (err.status === 401) toLogin(); });
        break;
      case "error":
        if (["invalid_token", "token_expired", "unauthorized"].includes(data.code || data.error?.code)) {
          refreshTokens().catch((e) => { if (e.status === 401) toLogin(); });
        }
        break;
      default: // heartbeat, pong and anything newer than this client
        break;
    }
  }

  _forget() {
    const had = this.lastEventId !== null;
    this.lastEventId = null;
    this.seen.clear();
    this.seenOrder = [];
    if (had) this.onResync();
  }

  _armWatchdog() {
    clearTimeout(this.watchdog);
    // No message (not even a heartbeat) for this long: the connection is dead without knowing it.
    this.watchdog = setTimeout(() => { if (this.ws) this.ws.close(4002, "silent"); }, 70_000);
  }

  _scheduleReconnect() {
    if (this.stopped) return;
    this._setState(this.attempts >= 4 ? "offline" : "reconnecting");
    const base = Math.min(30_000, 500 * 2 ** this.attempts);
    this.attempts += 1;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this._connect(), base / 2 + Math.random() * base / 2);
  }

  _reconnectNow() {
    this.attempts = 0;
    clearTimeout(this.timer);
    if (this.ws) {
      const old = this.ws;
      this.ws = null;
      old.close(1000, "reconnect");
    }
    this.timer = setTimeout(() => this._connect(), 50);
  }
}

/** Put a "live" indicator in the top bar that follows a LiveSocket's state. */
export function liveIndicator() {
  const labels = { live: "Live", connecting: "Connecting…", reconnecting: "Reconnecting…", offline: "Offline" };
  const node = h("span", { class: "live-indicator", "data-testid": "live-indicator", "data-state": "offline",
    role: "status", "aria-live": "polite" }, labels.offline);
  document.querySelector(".live-slot")?.replaceWith(node);
  return (state) => {
    node.dataset.state = state;
    node.textContent = labels[state] || state;
    node.title = state === "offline" ? "Not receiving live updates; refreshing now and then" : "";
  };
}
