// Saying replies out loud with the browser's speech synthesis: one short sentence per command
// (the record's `reply`), in the command's language, never over the person speaking, and
// silent when muted (remembered in localStorage, so a reload keeps it).

const MUTE_KEY = "voicedesk.mute";
const LANGS = { es: "es-ES", en: "en-US" };

/** The BCP 47 tag to speak a command's `language` ("es", "es-MX", "en", null) in. */
export function speechLang(language) {
  const base = String(language || "en").toLowerCase().split(/[-_]/)[0];
  return LANGS[base] || LANGS.en;
}

/**
 * Speaks replies. `say(text, language)` speaks at once, or holds the sentence while the
 * microphone hears the person (`hearing(true)` cancels what is being said) and speaks it when
 * they stop; a newer reply replaces an older one. Emits "mute" (detail: boolean) on itself.
 */
export class Speaker extends EventTarget {
  constructor({ synth = globalThis.speechSynthesis, storage = globalThis.localStorage } = {}) {
    super();
    this.synth = synth && typeof globalThis.SpeechSynthesisUtterance === "function" ? synth : null;
    this.storage = storage;
    this.listening = false;
    this.held = null; // {text, language}: the reply waiting for the person to stop speaking
    this._muted = false;
    try { this._muted = storage?.getItem(MUTE_KEY) === "1"; } catch { /* no storage: not muted */ }
  }

  get available() { return this.synth !== null; }

  get muted() { return this._muted; }

  setMuted(muted) {
    try {
      if (muted) this.storage?.setItem(MUTE_KEY, "1"); else this.storage?.removeItem(MUTE_KEY);
    } catch { /* storage refused (private mode): the toggle still works for this page */ }
    this._muted = Boolean(muted);
    if (muted) { this.held = null; this.synth?.cancel(); }
    this.dispatchEvent(new CustomEvent("mute", { detail: Boolean(muted) }));
  }

  /** Say one reply (ignored when muted or empty; held while the person is speaking). */
  say(text, language) {
    const sentence = String(text || "").trim();
    if (!sentence || !this.synth || this._muted) return;
    if (this.listening) { this.held = { text: sentence, language }; return; }
    this.held = null;
    this.synth.cancel(); // a newer reply replaces what is still being said
    const utterance = new SpeechSynthesisUtterance(sentence);
    utterance.lang = speechLang(language);
    const voice = this.synth.getVoices?.().find((v) => v.lang === utterance.lang);
    if (voice) utterance.voice = voice;
    this.synth.speak(utterance);
  }

  /** The microphone hears the person (true) or not any more (false): never talk over them. */
  hearing(on) {
    if (on === this.listening) return;
    this.listening = on;
    if (on) {
      this.synth?.cancel();
    } else if (this.held) {
      const { text, language } = this.held;
      this.say(text, language);
    }
  }
}
