"""LocalAgreement-2: a word is confirmed once two consecutive hypotheses agree on it.

Re-decoding a growing utterance changes its last words as more audio arrives; the prefix
two passes in a row agree on rarely changes again, so it is shown as confirmed.
"""

from __future__ import annotations

import string

_STRIP = string.punctuation + "“”‘’…"


def normalize_word(word: str) -> str:
    """Compare words without case or surrounding punctuation ("Sarah," == "sarah")."""
    return word.strip(_STRIP).lower()


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
