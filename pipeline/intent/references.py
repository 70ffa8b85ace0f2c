"""What "it", "here", "that task", "them" and "the other two" point at.

Inside a command the most recent channel/tasks made or named win; otherwise the
conversation (previous commands, most recent first) answers.
"""

from __future__ import annotations

import re

from executor.plan import EntityRef
from pipeline.intent.builder import PlanBuilder, ask
from pipeline.intent.numbers import to_int

_CHANNEL_PRONOUN = re.compile(
    r"^(?:it|its|this|that|there|here|this one|that one|the same|(?:this|that|the|our|the new|the same|my)\s+"
    r"(?:channel|one|room|space|team)|este canal|ese canal|el canal|aquí|aqui|ahí|ahi|"
    r"(?:the\s+)?(?:last|latest|newest|most\s+recent)\s+channel|"
    r"(?:the\s+)?(?:channel|one)\s+(?:(?:that|which)\s+)?(?:i|we|you)(?:'ve|\s+have)?\s+just\s+(?:made|created|set\s+up|opened|started|added))$",
    re.I,
)
_TASK_PRONOUN = re.compile(
    r"^(?:it|its|this|that|this one|that one|the same|(?:this|that|the|the new|the last|the same|my)\s+"
    r"(?:task|one|subtask|item)|esta tarea|esa tarea|la tarea)$",
    re.I,
)
_TASKS_PLURAL = re.compile(
    r"^(?:them|those|these|they|both|both of them|them both|them two|the two of them|both of those|both of these|those two|these two|all of them|all|"
    r"them all|all of those|all of these|all those|all these|each of them|every one of them|all (?:two|three|four|five) of them|"
    r"all three|all two|all (?:the|of the|my|those|these) tasks|"
    r"(?:the|those|these|all the|all those|both|the new|both (?:of )?(?:the|those|these|my)?\s*(?:new|last|latest)?) tasks|"
    r"(?:the|those|these)\s+(?:two|three|four|five|\d)\s+(?:new|last|latest)\s+tasks|(?:the\s+)?(?:tasks|ones)\s+(?:i|we)\s+just\s+(?:made|created|added)|(?:the|those|these)\s+(?P<n>\w+)(?:\s+tasks)?)$",
    re.I,
)
_OTHERS = re.compile(
    r"^(?:the\s+)?(?:other|others|rest|remaining|rest of them|rest of the tasks|everything else|other tasks|"
    r"(?:other|remaining)\s+(?P<n>\w+)(?:\s+(?:tasks|ones))?|all (?:the )?others?|every other task|las otras|los otros|"
    r"las otras dos|las demás|los demás)$",
    re.I,
)


# "the last two", "the first three tasks": a slice of the tasks just listed
_FIRST_LAST_N = re.compile(
    r"^(?:the\s+)?(?P<pos>first|last|final|top|bottom)\s+(?P<n>two|three|four|five|\d)(?:\s+(?:tasks|ones|of\s+them|items))?$"
)
_ORDINALS = ["first", "second", "third", "fourth", "fifth"]
_ORDINAL = re.compile(r"^(?:the\s+)?(?P<n>first|second|third|fourth|fifth|last|final)(?:\s+(?:one|task|of\s+them))?$")


def _norm(phrase: str) -> str:
    return " ".join(phrase.lower().strip(" ,.;:!?\"'").split())


def is_channel_pronoun(phrase: str) -> bool:
    return bool(_CHANNEL_PRONOUN.match(_norm(phrase)))


def is_task_pronoun(phrase: str) -> bool:
    return bool(_TASK_PRONOUN.match(_norm(phrase)))


def after_failure(b: PlanBuilder, phrase: str, kind: str) -> None:
    """ "Make that urgent" right after a command that did nothing: "that" may mean what it was about
    to make, not what an older command made. Ask instead of guessing."""
    if b.ctx.conversation.last_failed:
        raise ask(
            f"Your last command did nothing, so I'm not sure which {kind} '{_norm(phrase)}' means. Which one?",
            [],
            said=phrase,
            reason="after_failed_command",
        )


def focus_channel(b: PlanBuilder) -> EntityRef | None:
    """ "here", "this channel": the channel of this command, else the console's, else the last one."""
    if b.channel is not None:
        return b.channel
    conv = b.ctx.conversation
    if conv.current_channel_id is not None:
        return conv.current_channel_id
    return conv.channel_ids[0] if conv.channel_ids else None


def implicit_channel(b: PlanBuilder) -> EntityRef | None:
    """Where a new task goes when no channel is named: this command's channel, else the current one."""
    if b.channel is not None:
        return b.channel
    return b.ctx.conversation.current_channel_id


def focus_task(b: PlanBuilder) -> EntityRef | None:
    if b.tasks:
        return b.tasks[-1]
    if b.last_kind == "channel":
        # this command is about a channel so far: "it" is more likely that channel than an older task
        raise ask("Do you mean the channel or a task? Which task?", [], said="it", reason="channel_or_task")
    after_failure(b, "it", "task")
    conv = b.ctx.conversation
    if conv.task_ids and len(conv.last_created_task_ids) > 1 and conv.task_ids[0] in conv.last_created_task_ids:
        # "It's done" right after three tasks were made: which of them?
        titles = [t.title for t in b.ctx.tasks if t.id in conv.last_created_task_ids]
        raise ask("Which of them do you mean?", titles, said="it", reason="several_just_made")
    return conv.task_ids[0] if conv.task_ids else None


def _recent_batch(b: PlanBuilder) -> list[EntityRef]:
    if b.new_tasks:
        return [t.ref for t in b.new_tasks]
    after_failure(b, "them", "tasks")
    conv = b.ctx.conversation
    if conv.last_created_task_ids:
        return list(conv.last_created_task_ids)
    return list(conv.task_ids[:1])


def ordinal_task(phrase: str, b: PlanBuilder) -> EntityRef | None:
    """ "the first one", "the second", "the last task": one of the tasks just listed."""
    if not _ORDINAL.match(_norm(phrase)):
        return None
    found = plural_tasks(phrase, b, [])
    return found[0] if found else None


def is_task_reference(phrase: str) -> bool:
    """ "it", "the second one", "the last two", "them all", "the others": tasks named by where they were said."""
    text = _norm(phrase)
    return any(p.match(text) for p in (_TASK_PRONOUN, _ORDINAL, _FIRST_LAST_N, _TASKS_PLURAL, _OTHERS))


def is_others(phrase: str) -> bool:
    """ "the others", "the other two", "the rest": the tasks besides those named."""
    return bool(_OTHERS.match(_norm(phrase)))


def plural_tasks(phrase: str, b: PlanBuilder, besides: list[EntityRef]) -> list[EntityRef] | None:
    """ "them", "both", "the other two", "the rest": a list of tasks, or None if not such a phrase.

    `besides` are the tasks already named in the clause ("budget review blocks the others").
    """
    text = _norm(phrase)
    o = _ORDINAL.match(text)
    if o:
        batch = _recent_batch(b)
        word = o["n"]
        index = -1 if word in {"last", "final"} else _ORDINALS.index(word)
        if not batch or index >= len(batch) or (index >= 0 and len(batch) < 2):
            return None  # "the last task" with nothing listed: the usual rules
        chosen = [batch[index]]
        b.focus_tasks(chosen)
        return chosen
    m = _FIRST_LAST_N.match(text)
    if m:
        batch, count = _recent_batch(b), to_int(m["n"]) or 0
        if count < 1 or len(batch) < count:  # "the last two" of one: not what was meant
            raise ask(f"Which tasks do you mean by '{phrase.strip()}'?", [], said=phrase.strip(), reason="count")
        chosen = batch[:count] if m["pos"] in {"first", "top"} else batch[len(batch) - count :]
        b.focus_tasks(chosen)
        return chosen
    m = _OTHERS.match(text)
    if m:
        batch = [r for r in _recent_batch(b) if r not in besides]
        if not besides and b.tasks:
            batch = [r for r in batch if r not in b.tasks[-1:]]
        n = to_int(m["n"]) if m["n"] else None
        if n and len(batch) < n:  # "the other two" with one other: not what was meant
            raise ask(f"Which {m['n']} tasks do you mean by '{phrase.strip()}'?", [], said=phrase.strip(), reason="count")
        return batch[-n:] if n and len(batch) > n else batch
    m = _TASKS_PLURAL.match(text)
    if m:
        if m["n"] is not None and to_int(m["n"]) is None:
            return None
        said = re.search(r"\b(?:both|two|three|four|five)\b", text)
        want = {"both": 2, "two": 2, "three": 3, "four": 4, "five": 5}[said[0]] if said else None
        found = list(b.tasks) if b.tasks else _recent_batch(b)  # what this command named so far, else the last batch
        if want is not None and len(found) != want and b.tasks:
            found = _recent_batch(b)  # "give the second one to Tom and assign both to Lisa": both of the batch
        if want is not None and len(found) != want:
            raise ask(f"Which {want} tasks do you mean by '{phrase.strip()}'?", [], said=phrase.strip(), reason="count")
        return found
    return None
