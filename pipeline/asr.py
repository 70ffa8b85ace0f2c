"""Streaming speech recognition: partial transcripts while speaking, a final one at the end.

`StreamingTranscriber` keeps the utterance's audio since the last cut (the *window*) and:
- every `interval_ms` of new speech, re-decodes the window and runs LocalAgreement-2 over
  the hypotheses → `PartialTranscript(confirmed, tentative)`;
- at `SpeechPaused`, decodes the window speculatively. If speech does not resume, that
  result *is* the final transcript (nothing left to decode at `SpeechEnded`); if the window
  was at least `min_cut_ms` long, the text is committed and the audio dropped (a pause is a
  safe place to cut: no word straddles it), so later decodes only see the rest;
- at `SpeechEnded`, decodes only what is not covered yet → `FinalTranscript` with timings
  measured from the backdated end of speech.

One decode per session is in flight at a time. If recognition falls behind, scheduled
re-decodes are skipped (audio is never dropped: the window keeps growing) and the lag is
reported in `PartialTranscript.lag_ms` and `Metrics(asr_lag_ms)`.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from pipeline.agreement import LocalAgreement, align_words, merge_head, merge_tail
from pipeline.frames import (
    SAMPLE_RATE,
    AudioChunk,
    EndOfStream,
    FinalTranscript,
    Frame,
    Hypothesis,
    Metrics,
    PartialTranscript,
    Pcm16,
    SpeechEnded,
    SpeechPaused,
    SpeechStarted,
    UtteranceTimings,
    Word,
    wall_ms,
)
from pipeline.graph import Stage
from pipeline.whisper import Decoded, Recognizer


@dataclass(frozen=True)
class StreamingConfig:
    """Streaming knobs; durations in ms."""

    interval_ms: int = 800
    """New audio between partial re-decodes."""
    min_cut_ms: int = 3000
    """Shortest window that is committed and cut at a pause (short windows keep context)."""
    tail_after_voice_ms: int = 200
    """Silence after the last voiced frame included in the final decode."""
    partials: bool = True
    """Set False to decode only at pauses and at the end (saves CPU with many sessions)."""
    head_check_ms: int = 2000
    """Likewise for the start: the first this-many ms of a final window that starts the utterance are
    decoded on their own and words the whole-window decode skipped are prepended
    (`agreement.merge_head`; "Create a channel called Launch Party …" → "called Launch Party …" was
    seen in 2 of 30 natural-voice runs through Chromium). 0 = off."""
    tail_check_ms: int = 1250
    """The last this-many ms of a final (or speculative final) window are decoded again on their own,
    with the text before as context, and words the whole-window decode dropped at its end are
    appended (`agreement.merge_tail`): Whisper drops a short last word, "… and add Tom" → "… and
    add", after a pause in about 1 of 18 windows measured. 0 = off."""
    words: bool = True
    """Final (and speculative final) decodes measure each word's probability (`FinalTranscript.words`)."""
    alternatives: int = 3
    """Other readings of the final decode's segment kept with the final (`FinalTranscript.hypotheses`),
    from a beam search over the same encoder output; 0 = off."""


def _ms_to_samples(ms: float) -> int:
    return round(ms * SAMPLE_RATE / 1000)


@dataclass
class _Speculation:
    last_voiced_ms: float
    end_ms: float
    task: asyncio.Task[Decoded | None] | None
    committed: bool = False
    with_context: bool = False  # decoded together with the segment before the last cut


@dataclass
class _Utterance:
    id: int
    start_ms: float
    window_start_ms: float
    chunks: list[Pcm16] = field(default_factory=list)
    samples: int = 0
    committed: list[str] = field(default_factory=list)
    committed_words: list[tuple[Word, ...]] = field(default_factory=list)
    """The words of each committed segment with their probabilities (empty tuples when not measured)."""
    agreement: LocalAgreement = field(default_factory=LocalAgreement)
    generation: int = 0
    next_decode_ms: float = 0.0
    decoded_to_ms: float = 0.0
    last_voiced_ms: float = 0.0
    speculation: _Speculation | None = None
    prev_audio: Pcm16 | None = None
    """The segment dropped at the last cut: context for a short final segment."""
    decodes: int = 0
    skipped: int = 0
    max_lag_ms: float = 0.0
    language: str | None = None

    @property
    def end_ms(self) -> float:
        return self.window_start_ms + self.samples * 1000 / SAMPLE_RATE

    def window(self, until_ms: float | None = None) -> Pcm16:
        pcm = np.concatenate(self.chunks) if self.chunks else np.zeros(0, np.int16)
        if until_ms is not None:
            pcm = pcm[: max(0, _ms_to_samples(until_ms - self.window_start_ms))]
        return pcm

    def cut(self, at_ms: float) -> None:
        """Drop the audio before `at_ms` (stream time)."""
        pcm = self.window()
        split = _ms_to_samples(at_ms - self.window_start_ms)
        keep = pcm[split:]
        self.prev_audio = pcm[:split]
        self.chunks = [keep] if len(keep) else []
        self.samples = len(keep)
        self.window_start_ms = at_ms
        self.generation += 1
        self.agreement.reset()


class StreamingTranscriber(Stage):
    """Utterance frames + audio in; `PartialTranscript`/`FinalTranscript` out (others pass)."""

    def __init__(
        self,
        recognizer: Recognizer,
        config: StreamingConfig | None = None,
        *,
        prompt: str = "",
        language: str | None = None,
    ) -> None:
        super().__init__()
        self.recognizer = recognizer
        self.config = config or StreamingConfig()
        self.prompt = prompt
        """Vocabulary prompt (see `whisper.vocabulary_prompt`); read at each decode."""
        self.language = language
        """Language code for multilingual models ("es"), None = detect / English-only model."""
        self._utt: _Utterance | None = None
        self._inflight: asyncio.Task[Decoded | None] | None = None

    async def process_frame(self, frame: Frame) -> None:
        if isinstance(frame, AudioChunk):
            await self._on_audio(frame)
        elif isinstance(frame, SpeechStarted):
            self._utt = _Utterance(
                id=frame.utterance_id,
                start_ms=frame.start_ms,
                window_start_ms=frame.start_ms,
                language=self.language,
            )
            self._utt.next_decode_ms = frame.start_ms + self.config.interval_ms
            await self.push(frame)
        elif isinstance(frame, SpeechPaused):
            await self.push(frame)
            self._on_pause(frame)
        elif isinstance(frame, SpeechEnded):
            await self.push(frame)
            await self._finish(frame)
        elif isinstance(frame, EndOfStream):
            await self._settle()
            await self.push(frame)
        else:
            await self.push(frame)

    async def close(self) -> None:
        await self._settle()

    # --- audio and partial decodes -------------------------------------------------------

    async def _on_audio(self, chunk: AudioChunk) -> None:
        utt = self._utt
        if utt is None:
            return
        if not utt.chunks and chunk.start_ms > utt.window_start_ms:
            utt.window_start_ms = chunk.start_ms
        utt.chunks.append(chunk.pcm)
        utt.samples += len(chunk.pcm)
        if chunk.voiced is not False:
            utt.last_voiced_ms = chunk.end_ms
        if not self.config.partials or utt.end_ms < utt.next_decode_ms or chunk.voiced is False:
            return
        utt.next_decode_ms = utt.end_ms + self.config.interval_ms
        if self._busy():
            utt.skipped += 1
            lag = utt.end_ms - utt.decoded_to_ms
            utt.max_lag_ms = max(utt.max_lag_ms, lag)
            await self.push(
                Metrics(values={"asr_lag_ms": lag, "asr_skipped_decodes": utt.skipped}, utterance_id=utt.id)
            )
            return
        self._inflight = asyncio.create_task(self._partial(utt, utt.generation, utt.end_ms))

    def _busy(self) -> bool:
        return self._inflight is not None and not self._inflight.done()

    def _needs_context(self, utt: _Utterance, until_ms: float) -> bool:
        """A segment after a cut that is too short to decode alone (one word: Whisper drops it)."""
        return utt.prev_audio is not None and until_ms - utt.window_start_ms < self.config.min_cut_ms

    async def _decode(
        self, utt: _Utterance, until_ms: float | None, *, with_context: bool = False, final: bool = False
    ) -> Decoded:
        """Decode the window; `with_context` prepends the segment before the last cut, whose
        committed text the result then replaces. `final`: the window ends the speech so far, so its
        last words are checked with a decode of the tail alone (`tail_check_ms`)."""
        pcm = utt.window(until_ms)
        committed = utt.committed
        if with_context and utt.prev_audio is not None:
            pcm = np.concatenate([utt.prev_audio, pcm])
            committed = committed[:-1]
        utt.decodes += 1
        previous = " ".join(committed)
        if not final:
            return await self.recognizer.decode(pcm, prompt=self.prompt, previous_text=previous, language=utt.language)
        result = await self.recognizer.decode(
            pcm, prompt=self.prompt, previous_text=previous, language=utt.language, **self._evidence(self.config.alternatives)
        )
        if not previous:  # the window starts the utterance: check that its first words are there
            result = await self._check_head(utt, pcm, result)
        return await self._check_tail(utt, pcm, previous, result)

    def _evidence(self, alternatives: int) -> dict[str, Any]:
        """Keyword arguments asking the recogniser for word probabilities / alternatives (none if off)."""
        asked: dict[str, Any] = {}
        if self.config.words:
            asked["words"] = True
            if alternatives:
                asked["alternatives"] = alternatives
        return asked

    async def _check_head(self, utt: _Utterance, pcm: Pcm16, result: Decoded) -> Decoded:
        """Prepend the words a decode of the window's first `head_check_ms` hears before `result` starts."""
        head = _ms_to_samples(self.config.head_check_ms)
        if not head or not result.text.strip() or len(pcm) < head + _ms_to_samples(500):
            return result
        utt.decodes += 1
        check = await self.recognizer.decode(pcm[:head], prompt=self.prompt, language=utt.language, **self._evidence(0))
        return _merged(result, check, lambda text: merge_head(text, check.text), check_first=True)

    async def _check_tail(self, utt: _Utterance, pcm: Pcm16, previous: str, result: Decoded) -> Decoded:
        """Append the words a decode of the window's last `tail_check_ms` hears after `result` ends."""
        tail = _ms_to_samples(self.config.tail_check_ms)
        if not tail or not result.text.strip() or len(pcm) < tail + _ms_to_samples(500):
            return result  # a short window was decoded as it is: nothing to lose at its end
        utt.decodes += 1
        check = await self.recognizer.decode(
            pcm[-tail:],
            prompt=self.prompt,
            previous_text=f"{previous} {result.text}".strip(),
            language=utt.language,
            **self._evidence(0),
        )
        return _merged(result, check, lambda text: merge_tail(text, check.text), check_first=False)

    async def _partial(self, utt: _Utterance, generation: int, end_ms: float) -> Decoded | None:
        result = await self._decode(utt, end_ms)
        if self._utt is not utt or utt.generation != generation:
            return result  # the window was cut or the utterance ended meanwhile
        utt.decoded_to_ms = max(utt.decoded_to_ms, end_ms)
        if result.language:
            utt.language = utt.language or result.language
        confirmed, tentative = utt.agreement.update(result.text)
        lag = utt.end_ms - end_ms
        utt.max_lag_ms = max(utt.max_lag_ms, lag)
        await self.push(
            PartialTranscript(
                utterance_id=utt.id,
                confirmed=" ".join([*utt.committed, confirmed]).strip(),
                tentative=tentative,
                audio_ms=end_ms - utt.start_ms,
                lag_ms=lag,
            )
        )
        return result

    # --- pauses: speculative decode, cut -------------------------------------------------

    def _on_pause(self, pause: SpeechPaused) -> None:
        utt = self._utt
        if utt is None or utt.id != pause.utterance_id:
            return
        end_ms = min(utt.end_ms, pause.at_ms)
        previous = self._inflight
        spec = _Speculation(last_voiced_ms=pause.last_voiced_ms, end_ms=end_ms, task=None)
        spec.task = asyncio.create_task(self._speculate(utt, previous, spec))
        utt.speculation = spec
        self._inflight = spec.task

    async def _speculate(
        self, utt: _Utterance, previous: asyncio.Task[Decoded | None] | None, spec: _Speculation
    ) -> Decoded | None:
        if previous is not None:
            with contextlib.suppress(Exception):
                await previous  # one decode at a time per session
        end_ms = spec.end_ms
        if end_ms <= utt.window_start_ms:
            return None  # an earlier pause already cut past this point
        generation = utt.generation
        # Whether this window needs the segment before the last cut is decided now, not when the
        # pause was heard: the speculation that was still running then may have cut the window since
        # (a name after "… and add" decoded alone is dropped or misheard: tests/voice/test_last_word.py).
        with_context = spec.with_context = self._needs_context(utt, end_ms)
        result = await self._decode(utt, end_ms, with_context=with_context, final=True)
        utt.decoded_to_ms = max(utt.decoded_to_ms, end_ms)
        if (
            not with_context
            and self._utt is utt
            and utt.generation == generation
            and end_ms - utt.window_start_ms >= self.config.min_cut_ms
        ):
            if result.text:
                utt.committed.append(result.text)
                utt.committed_words.append(result.words)
            spec.committed = True
            utt.cut(end_ms)
            await self.push(
                PartialTranscript(
                    utterance_id=utt.id,
                    confirmed=" ".join(utt.committed),
                    tentative="",
                    audio_ms=end_ms - utt.start_ms,
                    lag_ms=utt.end_ms - end_ms,
                )
            )
        return result

    # --- end of utterance ----------------------------------------------------------------

    async def _finish(self, ended: SpeechEnded) -> None:
        utt = self._utt
        if utt is None or utt.id != ended.utterance_id:
            return
        spec = utt.speculation
        speculation_covers = spec is not None and spec.last_voiced_ms >= ended.last_voiced_ms
        if self._inflight is not None:
            with contextlib.suppress(Exception):
                await self._inflight
        final_decode_ms = 0.0
        tail_ms = 0.0
        texts = list(utt.committed)
        seg_words = list(utt.committed_words)
        last: Decoded | None = None  # the decode of the segment at `texts[-1]`, whose alternatives are kept
        if speculation_covers and spec is not None:
            task = spec.task
            result = None if task is None or task.cancelled() or task.exception() else task.result()
            if result is None:
                speculation_covers = False  # superseded before it ran: decode below
            elif spec.with_context and texts:
                texts[-1], seg_words[-1] = result.text, result.words  # the context decode re-read the last segment
                last = result
            elif not spec.committed:
                texts.append(result.text)
                seg_words.append(result.words)
                last = result
            elif result.text:
                last = result  # committed at the pause: it is the last committed segment
        if not speculation_covers:
            until = ended.last_voiced_ms + self.config.tail_after_voice_ms
            if until > utt.window_start_ms and utt.last_voiced_ms > utt.window_start_ms:
                context = self._needs_context(utt, until)
                result = await self._decode(utt, until, with_context=context, final=True)
                final_decode_ms = result.compute_ms
                tail_ms = result.audio_ms
                if context and texts:
                    texts[-1], seg_words[-1] = result.text, result.words
                else:
                    texts.append(result.text)
                    seg_words.append(result.words)
                last = result
        text = " ".join(w for w in texts if w).strip()
        hypotheses = _hypotheses(texts, seg_words, last)
        now = wall_ms()
        timings = UtteranceTimings(
            speech_ms=ended.last_voiced_ms - ended.start_ms,
            endpoint_delay_ms=ended.endpoint_delay_ms,
            asr_final_delay_ms=now - ended.wall_ms,
            final_decode_ms=final_decode_ms,
            decoded_tail_ms=tail_ms,
            decodes=utt.decodes,
            skipped_decodes=utt.skipped,
            max_lag_ms=utt.max_lag_ms,
            evidence_ms=last.evidence_ms if last is not None else 0.0,
        )
        self._utt = None
        await self.push(
            FinalTranscript(
                utterance_id=utt.id,
                text=text,
                start_ms=ended.start_ms,
                end_ms=ended.last_voiced_ms,
                language=utt.language or self.language,
                timings=timings,
                complete=ended.complete,
                hypotheses=hypotheses,
            )
        )

    async def _settle(self) -> None:
        if self._inflight is not None and not self._inflight.done():
            with contextlib.suppress(Exception):
                await self._inflight
        self._utt = None


def _merged(result: Decoded, check: Decoded, merge: Callable[[str], str], *, check_first: bool) -> Decoded:
    """`result` with `merge` (a head or tail merge with `check`'s text) applied to it and to each of its
    alternatives; merged-in words take their probabilities from `check`."""

    def words(text: str, own: tuple[Word, ...]) -> tuple[Word, ...]:
        if not own:
            return ()
        return align_words(text, *((check.words, own) if check_first else (own, check.words)))

    text = merge(result.text)
    alternatives = []
    for alt in result.alternatives:
        alt_text = merge(alt.text)
        alternatives.append(alt if alt_text == alt.text else Hypothesis(alt_text, alt.score, words(alt_text, alt.words)))
    return dataclasses.replace(
        result,
        text=text,
        words=result.words if text == result.text else words(text, result.words),
        alternatives=tuple(alternatives),
        compute_ms=result.compute_ms + check.compute_ms,
        evidence_ms=result.evidence_ms + check.evidence_ms,
    )


def _hypotheses(texts: list[str], seg_words: list[tuple[Word, ...]], last: Decoded | None) -> tuple[Hypothesis, ...]:
    """The utterance's readings, best first: the joined text, then the final decode's alternatives in
    place of its segment (the last one). Empty when the recogniser measured nothing."""
    text = " ".join(t for t in texts if t).strip()
    if not any(seg_words) and (last is None or not last.alternatives):
        return ()
    best = Hypothesis(text, last.score if last is not None else 0.0, tuple(w for ws in seg_words for w in ws))
    if last is None or not texts:
        return (best,)
    before_text = [t for t in texts[:-1] if t]
    before_words = [w for ws in seg_words[:-1] for w in ws]
    others = [
        Hypothesis(" ".join([*before_text, alt.text]), alt.score, (*before_words, *alt.words) if alt.words else ())
        for alt in last.alternatives
    ]
    return (best, *others)
