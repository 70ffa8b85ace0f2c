"""LocalAgreement-2: a word is confirmed once two consecutive hypotheses agree on it.

Re-decoding a growing utterance changes its last words as more audio arrives; the prefix
two passes in a row agree on rarely changes again, so it is shown as confirmed.
"""

from __future__ import annotations

import difflib
import string
from collections.abc import Sequence

from pipeline.frames import Word

_STRIP = string.punctuation + "“”‘’…"


def normalize_word(word: str) -> str:
    """Compare words without case or surrounding punctuation ("Sarah," == "sarah")."""
    return word.strip(_STRIP).lower()


def word_keys(text: str) -> list[str]:
    """The words of `text` as compared (no case, no marks; words that are only marks dropped)."""
    return [k for k in (normalize_word(w) for w in text.split()) if k]


def align_words(text: str, *sources: Sequence[Word]) -> tuple[Word, ...]:
    """`text`'s words (split on spaces), each with the probability of the same word in `sources`.

    `text` was made from the decodes the sources come from (cut, merged, joined): its words are
    matched to theirs in order, normalised; a word no source holds gets None."""
    pool = [w for source in sources for w in source]
    words = text.split()
    keys = [normalize_word(w) for w in words]
    probs: list[float | None] = [None] * len(words)
    matcher = difflib.SequenceMatcher(None, keys, [normalize_word(w.text) for w in pool], autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            probs[block.a + k] = pool[block.b + k].probability
    return tuple(Word(w, p) for w, p in zip(words, probs, strict=True))


def common_prefix(a: list[str], b: list[str]) -> int:
    """Number of leading words `a` and `b` share (normalised)."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if normalize_word(x) != normalize_word(y):
            break
        n += 1
    return n


class LocalAgreement:
    """Feed hypotheses with `update`; get (confirmed, tentative) text back.

    Confirmed text only grows: a later hypothesis that disagrees with it does not retract it.
    """

    def __init__(self) -> None:
        self.confirmed: list[str] = []
        self._previous: list[str] | None = None

    def reset(self) -> None:
        self.confirmed = []
        self._previous = None

    def update(self, hypothesis: str) -> tuple[str, str]:
        words = hypothesis.split()
        if self._previous is not None:
            agreed = common_prefix(self._previous, words)
            if agreed > len(self.confirmed):
                self.confirmed = words[:agreed]
        self._previous = words
        # the current hypothesis, after the part it shares with what is confirmed
        skip = (
            min(len(self.confirmed), len(words))
            if common_prefix(self.confirmed, words) >= len(self.confirmed)
            else len(self.confirmed)
        )
        tentative = words[skip:]
        return " ".join(self.confirmed), " ".join(tentative)


def merge_tail(text: str, tail: str, *, max_new_words: int = 3) -> str:
    """`text` with the words that a decode of its last second (`tail`) heard after it ended.

    Whisper drops a short last word ("… and add Tom" → "… and add"), yet hears it when the last
    second is decoded on its own with the text before as context. The tail decode starts mid-word,
    so its first words are unreliable: it is anchored on the longest run of `text`'s last words that
    it repeats, and only what follows that run (at most `max_new_words`) is appended. No anchor, or
    nothing after it: `text` unchanged.
    """
    words = text.split()
    heard = tail.split()
    keys = [normalize_word(w) for w in words]
    tail_keys = [normalize_word(w) for w in heard]
    for k in range(min(len(keys), len(tail_keys)), 0, -1):
        suffix = keys[-k:]
        if not all(suffix):
            continue
        for i in range(len(tail_keys) - k, -1, -1):
            if tail_keys[i : i + k] != suffix:
                continue
            extra = [w for w in heard[i + k :] if normalize_word(w)]
            if not extra or len(extra) > max_new_words:
                return text
            if [normalize_word(w) for w in extra] == keys[-len(extra) :]:
                return text  # "… to David, David": the tail decode repeating the text, not a new word
            return " ".join([*words[:-1], words[-1].rstrip(".,;:!?"), *extra])
    return text


def merge_head(text: str, head: str, *, max_new_words: int = 6) -> str:
    """`text` with the words a decode of its first seconds (`head`) heard before it starts.

    Whisper sometimes skips the start of a window ("Create a channel called Launch Party and add
    Mike" → "called Launch Party and add Mike"), more so when the prompt's example commands sound
    like it. The head decode ends mid-word, so it is anchored on the longest run of `text`'s first
    words that it contains, and only what precedes that run (at most `max_new_words`) is
    prepended. No anchor, or nothing before it: `text` unchanged.
    """
    words = text.split()
    heard = head.split()
    keys = [normalize_word(w) for w in words]
    head_keys = [normalize_word(w) for w in heard]
    for k in range(min(len(keys), len(head_keys)), 0, -1):
        prefix = keys[:k]
        if not all(prefix):
            continue
        for i in range(len(head_keys) - k + 1):
            if head_keys[i : i + k] != prefix:
                continue
            extra = [w for w in heard[:i] if normalize_word(w)]
            if not extra or len(extra) > max_new_words:
                return text
            if [normalize_word(w) for w in extra] == keys[: len(extra)]:
                return text  # the head decode repeating the text, not words it lacks
            return " ".join([*extra, *words])  # case kept: the first word may be a name
    return text
