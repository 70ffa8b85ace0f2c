// The CEO's microphone → the server's voice pipeline, over WebRTC (aiortc on the server).
//
// Order matters (see the WebRTC field notes):
//   1. getUserMedia first, with the browser's echo cancellation, noise suppression and gain
//      control off (they distort speech for recognition). Having media permission before the
//      offer also makes Chromium put real IPs in the candidates instead of mDNS .local names,
//      which aioice would stall on.
//   2. the "events" data channel is created before the offer, so it is negotiated in it.
//   3. the offer is sent only once ICE gathering is complete (aiortc has no trickle ICE),
//      waiting at most ~3 s.
// A muted track (track.enabled = false) keeps sending silence, which the server's jitter
// buffer and endpointer need to see the end of speech.

import { api, session } from "/static/app.js";

const ICE_WAIT_MS = 3000;
const AUDIO = { echoCancellation: false, noiseSuppression: false, autoGainControl: false, channelCount: 1 };

function iceGatheringComplete(pc, timeoutMs) {
  if (pc.iceGatheringState === "complete") return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok) => {
      clearTimeout(timer);
      pc.removeEventListener("icegatheringstatechange", check);
      resolve(ok);
    };
    const check = () => { if (pc.iceGatheringState === "complete") done(true); };
    const timer = setTimeout(() => done(false), timeoutMs);
    pc.addEventListener("icegatheringstatechange", check);
  });
}

/**
 * One voice session. Emits DOM-style events on itself:
 *   "message" (detail: a data-channel JSON event), "state" (detail: connecting|connected|closed|failed).
 */
export class VoiceLink extends EventTarget {
  constructor() {
    super();
    this.pc = null;
    this.channel = null;
    this.stream = null;
    this.track = null;
    this.sessionId = null;
    this.state = "closed";
    this.timings = {};
  }

  get connected() { return this.state === "connected"; }

  _setState(state) {
    if (this.state === state) return;
    this.state = state;
    this.dispatchEvent(new CustomEvent("state", { detail: state }));
  }

  _emit(message) {
    this.dispatchEvent(new CustomEvent("message", { detail: message }));
  }

  /** Open the session: mic → peer connection → offer → answer. Resolves when the answer is applied. */
  async connect({ language } = {}) {
    if (this.pc) return;
    this._setState("connecting");
    const t0 = performance.now();
    try {
      if (!navigator.mediaDevices?.getUserMedia) {
        throw Object.assign(new Error("This browser cannot use a microphone here (a secure https page is needed)."),
          { code: "no_microphone" });
      }
      try {
        this.stream = await navigator.mediaDevices.getUserMedia({ audio: AUDIO, video: false });
      } catch (err) {
        const denied = err?.name === "NotAllowedError" || err?.name === "SecurityError";
        throw Object.assign(new Error(denied
          ? "Microphone access was refused. Allow the microphone for this site and try again."
          : `No microphone could be opened (${err?.name || err}).`), { code: "microphone_unavailable" });
      }
      this.timings.mic_ms = performance.now() - t0;
      [this.track] = this.stream.getAudioTracks();

      const pc = new RTCPeerConnection({ iceServers: [] });
      this.pc = pc;
      this.channel = pc.createDataChannel("events", { ordered: true });
      this.channel.onmessage = (ev) => {
        let data;
        try { data = JSON.parse(ev.data); } catch { return; }
        if (data && typeof data === "object") this._emit(data);
      };
      this.channel.onopen = () => { this.timings.channel_open_ms = performance.now() - t0; };
      this.channel.onclose = () => { if (this.pc) this._teardown("closed"); };
      pc.addTrack(this.track, this.stream);
      pc.onconnectionstatechange = () => {
        const s = pc.connectionState;
        if (s === "connected") {
          this.timings.connected_ms = performance.now() - t0;
          this._setState("connected");
        } else if (s === "failed") {
          this._emit({ type: "error", error: { code: "connection_failed",
            message: "The voice connection to the server failed. Press the microphone to try again." } });
          this._teardown("failed");
        } else if (s === "closed") {
          this._teardown("closed");
        }
      };

      await pc.setLocalDescription(await pc.createOffer());
      await iceGatheringComplete(pc, ICE_WAIT_MS);
      this.timings.ice_ms = performance.now() - t0;
      const answer = await api("/api/voice/offer", {
        method: "POST",
        body: { sdp: pc.localDescription.sdp, type: "offer", ...(language ? { language } : {}) },
      });
      if (!this.pc) throw new Error("The voice session was closed while connecting.");
      this.sessionId = answer.session_id;
      await pc.setRemoteDescription({ type: answer.type || "answer", sdp: answer.sdp });
      this.timings.answered_ms = performance.now() - t0;
    } catch (err) {
      this._teardown("failed");
      throw err;
    }
  }

  /** Send audio (true) or silence (false) without renegotiating. */
  setMicOn(on) {
    if (this.track) this.track.enabled = Boolean(on);
  }

  get micOn() { return Boolean(this.track?.enabled); }

  send(message) {
    if (this.channel?.readyState === "open") this.channel.send(JSON.stringify(message));
  }

  /** Ask the server to end the session; it finishes a command in flight before closing. */
  hangup() {
    if (!this.pc) return;
    this.send({ type: "hangup" });
    this.setMicOn(false);
    // Give the data channel a moment to carry the hangup, then release the microphone.
    const pc = this.pc;
    setTimeout(() => { if (this.pc === pc) this._teardown("closed"); }, 1500);
  }

  /**
   * The page is going away (reload, closed tab): end the server's session at once, so the next page
   * is not refused for sessions nobody uses. A keepalive request outlives the page; the data
   * channel's close tells the server too, when the browser gets to send it.
   */
  release() {
    const id = this.sessionId;
    const token = session.get()?.access_token;
    if (id && token) {
      try {
        fetch(`/api/voice/sessions/${encodeURIComponent(id)}`, {
          method: "DELETE", keepalive: true, headers: { Authorization: `Bearer ${token}` },
        }).catch(() => {});
      } catch { /* the page is closing: nothing more to do */ }
    }
    if (this.pc) this._teardown("closed");
  }

  _teardown(state) {
    const pc = this.pc;
    this.pc = null;
    if (this.stream) for (const t of this.stream.getTracks()) t.stop();
    this.stream = null;
    this.track = null;
    try { this.channel?.close(); } catch { /* already closed */ }
    this.channel = null;
    try { pc?.close(); } catch { /* already closed */ }
    this.sessionId = null;
    this._setState(state);
  }
}
