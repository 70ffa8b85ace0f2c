"""Answers to the server's own questions, "never mind", and "undo that".

A command that ends in a question leaves it pending in the speaker's conversation
(`Conversation.pending`). The next utterance is first read as its answer: the original words are
said again with the answer put where it belongs (the phrase the question was about replaced by the
chosen option or the person/name said, or the answer added: names for the N tasks, the date of a
reminder, the words of a message), and the first such reading that the parser is sure of, and that
puts every word of the answer to use, is the command. Nothing is guessed: an answer that fits no
reading is not an answer (the utterance is then read as a command of its own).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from executor.plan import Plan

BULK_LIMIT = 5  # a command that changes more existing things than this is confirmed first
_CHANGES_EXISTING = {"UPDATE_TASK": "task", "SET_DEADLINE": "task", "ASSIGN_USER": "task", "UNASSIGN_USER": "task",
                     "UPDATE_CHANNEL": "channel", "ADD_MEMBER": "channel", "REMOVE_MEMBER": "channel"}

PENDING_TTL = timedelta(minutes=5)

_CANCEL = re.compile(
    r"^\s*(?:(?:oh\s+|okay\s+|ok\s+|no\s+|nah\s+|actually\s+)?(?:never\s*mind|nevermind|forget\s+(?:it|that|about\s+it)|cancel(?:\s+(?:it|that))?|"
    r"scratch\s+that|drop\s+it|skip\s+it|nothing|no(?:pe)?|stop)|olv[ií]d(?:alo|ate|ese)|d[ée]jalo|cancela(?:lo)?|"
    r"no\s+importa|nada|ninguno)\s*[.!]*\s*$",
    re.I,
)
_UNDO = re.compile(
    r"^\s*(?:(?:please|oops|whoops|uh|um|ok|okay|no)[,\s]+)*(?:undo(?:\s+(?:that|it|this|the\s+last\s+(?:command|one|thing|change)|"
    r"what\s+i\s+(?:just\s+)?(?:said|did)))?|take\s+(?:that|it)\s+back|revert\s+(?:that|it|the\s+last\s+(?:command|change))|"
    r"deshaz(?:lo|\s+eso|\s+lo\s+[úu]ltimo)?|deshacer(?:\s+eso|\s+lo\s+[úu]ltimo)?|revierte\s+eso)"
    r"(?:[,\s]+please)?\s*[.!]*\s*$",
    re.I,
)
_YES = re.compile(r"^\s*(?:(?:yes|yeah|yep|sure|ok(?:ay)?|s[ií])[,\s]+)?(?:yes|yeah|yep|sure|confirm(?:ed)?|i\s+confirm|do\s+it|"
                  r"go\s+ahead|ok(?:ay)?|s[ií]|confirmo|confirmado|dale|claro|adelante)(?:[,\s]+please)?\s*[.!]*\s*$", re.I)

_ORDINALS = {"first": 0, "1st": 0, "one": 0, "primero": 0, "primera": 0, "second": 1, "2nd": 1, "two": 1,
             "segundo": 1, "segunda": 1, "third": 2, "3rd": 2, "three": 2, "tercero": 2, "tercera": 2,
             "fourth": 3, "4th": 3, "four": 3, "cuarto": 3, "cuarta": 3, "fifth": 4, "5th": 4, "five": 4,
             "quinto": 4, "quinta": 4}
# "call them A, B and C" / "name them …" / "llámalas …": the names, without the words around them
_NAMING = re.compile(
    r"^\s*(?:(?:um|uh|ok|okay|so|well|eh|este|bueno)[,\s]+)*(?:(?:you\s+can\s+|let's\s+)?(?:call|name|title)\s+(?:them|it|those|the\s+tasks?|"
    r"the\s+channel)(?:\s+as)?|they(?:'re|\s+are)|it(?:'s|\s+is)|ll[aá]m(?:alas|alos|ala|alo|ales)|se\s+llaman?|"
    r"son|p[oó]n(?:ele|les)\s+(?:de\s+)?nombre|(?:the\s+)?names?\s+(?:are|is)|called|named)\s*[:,]?\s+",
    re.I,
)
_FILLER = re.compile(r"^\s*(?:(?:um|uh|ok|okay|so|well|eh|este|bueno|pues|oh)[,\s]+)+", re.I)


@dataclass
class Pending:
    """A question the server asked and the command it came from."""

    text: str  # the command's words (as the parser read them)
    question: str
    options: list[str]
    details: dict[str, Any]
    asked_at: datetime
    command_id: str | None = None
    language: str = "en"

    def expired(self, now: datetime) -> bool:
        return now - self.asked_at > PENDING_TTL

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "question": self.question, "options": self.options,
                "details": _plain(self.details), "asked_at": self.asked_at.isoformat(),
                "command_id": self.command_id, "language": self.language}

    @classmethod
    def from_json(cls, data: Any) -> Pending | None:
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            return None
        try:
            asked = datetime.fromisoformat(str(data.get("asked_at")))
        except ValueError:
            return None
        options = [str(o) for o in data.get("options") or [] if isinstance(o, str)]
        raw = data.get("details")
        details: dict[str, Any] = dict(raw) if isinstance(raw, dict) else {}
        return cls(data["text"], str(data.get("question") or ""), options, details, asked,
                   str(data["command_id"]) if data.get("command_id") else None, str(data.get("language") or "en"))


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value if isinstance(value, (str, int, float, bool)) or value is None else str(value)


# What the recogniser makes of a spoken "Undo that" (tiny.en, natural voice: "And do that.", "Do the last
# command."); said alone it means nothing else, typed it is not taken as an undo.
_HEARD_UNDO = re.compile(r"^\s*(?:and\s+|an\s+)?do\s+(?:that|this|it|the\s+last\s+(?:command|one|thing|change))"
                         r"(?:[,\s]+please)?\s*[.!]*\s*$", re.I)


def _parts(text: str) -> list[str]:
    """ "Never mind. Never mind." (the recogniser repeats a short phrase): each sentence on its own."""
    return [p for p in re.split(r"(?<=[.!?])\s+", text.strip()) if p.strip()] or [text]


def is_cancel(text: str) -> bool:
    return all(_CANCEL.match(p) for p in _parts(text))


def is_undo(text: str, *, spoken: bool = False) -> bool:
    return all(_UNDO.match(p) or (spoken and _HEARD_UNDO.match(p)) for p in _parts(text))


def is_yes(text: str) -> bool:
    return bool(_YES.match(text))


def _bare(text: str) -> str:
    return _FILLER.sub("", text).strip().strip(".!?¿¡").strip()


def pick_option(answer: str, options: list[str]) -> str | None:
    """The option an answer chooses: by position ("the second one", "el primero"), by name, or by a word
    only one option has ("the marketing one"). None when it chooses none or several."""
    said = _bare(answer).lower()
    said = re.sub(r"^(?:the|el|la|los|las)\s+|\s+(?:one|uno|una|please|por\s+favor)$", "", said).strip()
    if not said or not options:
        return None
    if said in ("last", "último", "ultimo", "última", "ultima"):
        return options[-1]
    if said in _ORDINALS and _ORDINALS[said] < len(options):
        return options[_ORDINALS[said]]
    exact = [o for o in options if o.lower() == said]
    if len(exact) == 1:
        return exact[0]
    words = [w for w in re.findall(r"\w+", said) if len(w) >= 3]
    if not words:
        return None
    holding = [o for o in options if all(re.search(rf"\b{re.escape(w)}", o, re.I) for w in words)]
    return holding[0] if len(holding) == 1 else None


def readings(pending: Pending, answer: str) -> list[str]:
    """The original command said again with the answer in it, most specific first."""
    said = str(pending.details.get("said") or "").strip()
    chosen = pick_option(answer, pending.options)
    text = pending.text.strip().rstrip(".!")
    out: list[str] = []
    names = _NAMING.sub("", answer).strip().strip(".!").strip() if _NAMING.match(answer) else _bare(answer)
    value = chosen or names
    reading = pending.details.get("reading")
    if chosen is not None and isinstance(reading, str) and "{}" in reading:
        out.append(reading.replace("{}", chosen))  # "unblock X" + "the Q4 report" -> "unblock X from Prepare Q4 report"
    if said and said.lower() not in ("it", "that", "this", "them"):
        at = text.lower().rfind(said.lower())
        if at >= 0:
            out.append(f"{text[:at]}{value}{text[at + len(said):]}")
    elif said:
        at = _word_at(text, said)
        if at >= 0:
            out.append(f"{text[:at]}{value}{text[at + len(said):]}")
    if chosen is None:
        count = pending.details.get("count")
        if count or re.search(r"\bcalled\b|\bllamar", pending.question, re.I):
            out.append(f"{text}: {names}")  # "create three tasks in X due Friday: A, B and C"
            noun = re.search(r"\b(?:tasks?|subtasks?|tareas?|subtareas?)\b", text, re.I)
            if noun:  # "create three tasks in X due Friday" + "A, B and C" -> "create three tasks: A, B and C, in X …"
                head, tail = text[: noun.end()], text[noun.end():].strip(" ,")
                out.append(f"{head}: {names}" + (f", {tail}" if tail else ""))
                out.append(f"{head} called {names}" + (f" {tail}" if tail else ""))
            out.append(f"{text} called {names}")
        out.append(f"{text} {names}")
        if pending.details.get("reason") == "no_message":
            out.append(f"{text}: {_bare(answer)}")
    return list(dict.fromkeys(out))


def _word_at(text: str, word: str) -> int:
    """Where the last `word` (a whole word) is in `text`, or -1."""
    found = list(re.finditer(rf"\b{re.escape(word)}\b", text, re.I))
    return found[-1].start() if found else -1


def resolve(pending: Pending, answer: str, parse: Callable[[str], Plan], sure: Callable[[Plan], bool],
            uses_all: Callable[[str, Plan], bool]) -> tuple[Plan, str] | None:
    """The first reading of the pending command with `answer` in it that the parser is sure of and that
    puts the answer's words to use; None if there is none."""
    for text in readings(pending, answer):
        plan = parse(text)
        if sure(plan) and uses_all(_said(pending, answer), plan) and _fits(pending, answer, plan):
            return plan, text
    return None


def _said(pending: Pending, answer: str) -> str:
    """What the answer says: the option it chose, or its words without "call them"/"llámalas"."""
    return pick_option(answer, pending.options) or (_NAMING.sub("", answer) if _NAMING.match(answer) else _bare(answer))


def _fits(pending: Pending, answer: str, plan: Plan) -> bool:
    """Names for N tasks make exactly N tasks, each called by one of the names as said (nothing else swallowed)."""
    count = pending.details.get("count")
    if not isinstance(count, int):
        return True
    said = _said(pending, answer)
    names = {n.strip(" .!").lower() for n in re.split(r"\s*(?:,|;|\band\b|\by\b|\be\b)\s*", said, flags=re.I) if n.strip(" .!")}
    titles = [str(getattr(a, "title", "")).lower() for a in plan.actions if a.type == "CREATE_TASK"]
    return len(titles) == count and all(t in names for t in titles)


def confirmation(plan: Plan) -> str | None:
    """Why `plan` must be confirmed before it runs, as the question to ask; None when it may just run.

    Archiving a channel or cancelling a task (nothing is deleted outright), or changing more than
    `BULK_LIMIT` existing tasks/channels at once ("push all the Q4 Close deadlines back a week")."""
    from uuid import UUID

    touched: set[UUID] = set()
    risky: list[str] = []
    for action in plan.actions:
        kind = _CHANGES_EXISTING.get(action.type)
        target = getattr(action, kind, None) if kind else None
        if isinstance(target, UUID):
            touched.add(target)
        if (action.type == "UPDATE_CHANNEL" and getattr(action, "status", None) == "archived") or (
                action.type == "UPDATE_TASK" and getattr(action, "status", None) == "cancelled"):
            risky.append(action.summary.rstrip("."))
    es = plan.language == "es"
    if len(touched) > BULK_LIMIT:
        said = "; ".join(a.summary.rstrip(".") for a in plan.actions[:3])
        more = len(plan.actions) - 3
        tail = (f" y {more} cambios más" if es else f" and {more} more changes") if more > 0 else ""
        if es:
            return f"Esto cambia {len(touched)} elementos: {said}{tail}. Di «confirmo» para seguir."
        return f"This changes {len(touched)} items: {said}{tail}. Say confirm to go ahead."
    if risky:
        said = "; ".join(risky[:3])
        return (f"Esto va a: {said}. Di «confirmo» para seguir." if es
                else f"This will {said[0].lower()}{said[1:]}. Say confirm to go ahead.")
    return None


def fingerprint(plan: Plan) -> str:
    """The same changes, whatever their ids: a confirmation stands only for the plan it was asked about."""
    import hashlib
    import json

    body = [a.model_dump(mode="json", exclude={"id", "summary", "depends_on", "exec_priority"}) for a in plan.actions]
    return hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()[:16]

