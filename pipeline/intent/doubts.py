"""Names and titles that swallowed words meant as something else: a reason to ask, never to act.

A parser that reads "called Enterprise Deals add Lisa Mike and Sarah" as one channel name, or
"tom back up the database" as a task title, completes the command with the wrong rows - the
worst outcome there is. After a plan is built, every name it invents (a new channel's name, a
new task's title, a rename) is checked for words the grammar gives another meaning: a person of
the organisation at the edge of a title or after a command verb, a priority, a due date, a
privacy word, "channel", a command verb with its pronoun. Each finding is a doubt; a plan with
doubts has its confidence lowered below the bar for acting (`parser.DOUBT_PENALTY`), so the
caller re-reads it (another segmentation) or asks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from executor.plan import CreateChannel, CreateTask, Plan, UpdateChannel, UpdateTask
from pipeline.intent.context import CommandContext
from pipeline.intent.entities import CATEGORY_RE
from pipeline.intent.spanish import (
    command_in_title,
    filler_at_start,
    naming_words_at_start,
    not_a_title,
    reason_as_title,
)

PENALTY = 0.45  # each doubt: enough on its own to fall under the 60 % bar for acting


def lower(plan: Plan, ctx: CommandContext) -> Plan:
    """The plan with its confidence lowered for every doubt about its names and titles (an LLM's plan
    is held to the same rule as the parser's)."""
    found = doubts(plan.actions, ctx)
    if not found:
        return plan
    confidence = round(max(0.0, plan.confidence - PENALTY * len(found)), 3)
    return plan.model_copy(update={"confidence": confidence, "doubts": [*plan.doubts, *found]})


_PRIORITY = re.compile(r"\b(?:urgent|asap|(?:high|low|top|medium)[\s-]priority|prioridad\s+\w+|urgente)\b", re.I)
_DUE = re.compile(
    r"\b(?:due|by|before|until)\s+(?:(?:the|this|next|end\s+of)\s+)?(?:monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday|today|tomorrow|tonight|eod|end|noon|week|month|\d{1,2}(?:st|nd|rd|th)?)\b",
    re.I,
)
_VERB_OBJECT = re.compile(
    r"\b(?:add|assign|give|invite|make|mark|set|put|move|share|create|remove)\s+(?:it|them|this|that|him|her)\b", re.I
)
_NOT_TITLES = frozenset(
    "it this that them they these those what which who whom why how when where itself themselves himself herself here "
    "there".split()
)
# Words after which a person closes a title as its object: "call Tom", "lunch with Sarah", "llamar a Tom"
_BEFORE_NAME = frozenset(
    "to with for a al con para call email ping meet thank brief invite interview onboard de and y from by "
    "visit text message remind ask tell".split()
)
_NAMING_WORDS = frozenset("named called titled llámalo llamalo llámala llamala llamado llamada".split())
_LOOSE_HEAD = frozenset("y e o and or but pero with con de del a to for para by".split())
_PLACE_HEAD = re.compile(r"^(?:in|into|to|inside|en)\s+\w", re.I)
_RELATION = re.compile(
    r"\b(?:blocks|blocked\s+by|depends\s+on|is\s+blocking|follows|(?:can'?t|cannot|can\s+not)\s+start|"
    r"(?:has|have|must|needs?)\s+to\s+wait|waits\s+(?:for|on)|can\s+only\s+start|only\s+starts?|"
    r"(?:once|after|when|as\s+soon\s+as|before)\s+.+?\s+(?:is|are|has\s+been|have\s+been|gets?)\s+"
    r"(?:done|finished|complete|completed|found|ready|approved|signed|booked|sorted|fixed|in|out|live|over)|"
    # the same said in Spanish: "… que dependa de X", "… que bloquee a X", "… hasta que esté X"
    r"dependa?n?\s+de|bloquee?n?|bloquead[oa]s?\s+por|(?:no\s+)?(?:puede|pueda)n?\s+empezar|esperen?\s+a)\b",
    re.I,
)
_FOR_NAME_TAIL = re.compile(r"\s(?:for|to|with)\s+([A-Z][a-z]+)$")
_LOOSE_TAIL = re.compile(r"\s(?:to|for|by|with|in|on|at|and|due|of|from|the|a)$", re.I)
_LOOSE_PRONOUN_TAIL = re.compile(r"\s(?:and\s+it's|and\s+its|it's|its|is)$", re.I)  # "… invoices and it's"
_REFERENCE_TAIL = re.compile(r"\s(?:that|this|the\s+same)\s+(?:one|task)$|\s(?:with|on)\s+(?:it|that|this|them)$", re.I)
_QUANTIFIER_HEAD = re.compile(r"^(?:all|each|both|every(?:one|thing)?)\s", re.I)
# A second command inside a title: "pick photos send to print" (two titles said without a mark).
_INNER_VERB = re.compile(
    r"(?<=[a-z0-9])\s+(?<!\band\s)(?<!\bto\s)(?<!\bor\s)(?<!\bthen\s)(?:send|create|add|assign|share|remind|mark|invite|make)"
    r"\s+\S+\s+\S+",
    re.I,
)
# "… assigned to Elena", "… asignada a Elena": who does the task, said after its title
_ASSIGNED = re.compile(r"\b(?:assigned\s+to|asignad[oa]s?\s+(?:a|para))\s+\S", re.I)
_PRIVACY_TAIL = re.compile(r"\b(?:private|public|restricted|privad[oa]|p[uú]blic[oa]|restringid[oa])$", re.I)
_VERBS_BEFORE_PERSON = re.compile(r"\b(?:add|adding|and|assign|assigned|invite|with|plus|include|just|only)$", re.I)
_CORRECTION = re.compile(r"\b(?:no|sorry|i\s+mean|actually|wait|or\s+rather)\s+(?:to|for)\s+\w", re.I)


def doubts(actions: Iterable[object], ctx: CommandContext, *, named: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """Why a name or title in `actions` may hold words meant as something else (empty: none).

    `named`: titles the speaker marked as titles ("called …", quotes); "to Sarah" in one is kept.
    """
    found: list[str] = []
    for action in actions:
        if isinstance(action, CreateTask | UpdateTask):
            title = action.title
            if title:
                found += [f"task title '{title}' {why}" for why in _title_doubts(title, ctx, title in named)]
        elif isinstance(action, CreateChannel | UpdateChannel):
            name = action.name
            if name:
                found += [f"channel name '{name}' {why}" for why in _name_doubts(name, ctx, name in named)]
    return found


def _common(text: str) -> list[str]:
    out: list[str] = []
    if re.search(r"[:;()\[\]]|^[,.!?-]|[,.-]$|\s[-–,]\s|\s,", text):
        out.append("holds a mark that splits a sentence")
    if _PRIORITY.search(text):
        out.append("holds a priority")
    if _DUE.search(text):
        out.append("holds a due date")
    if _VERB_OBJECT.search(text):
        out.append("holds a command")
    if _EFFORT.search(text):
        out.append("holds an estimate")
    return out


# "audit the firewall rules should take about two days": an amount of work left inside a name
_EFFORT = re.compile(
    r"\b(?:take|takes|took|about|around|roughly|approximately|unas?|como|aproximadamente|llevar[aá])\s+(?:\w+\s+){0,2}?"
    r"(?:\d+(?:\.\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|half\s+a|un|una|dos|tres|cuatro|cinco|seis|medio)"
    r"\s*(?:-\s*)?(?:hours?|hrs?|days?|weeks?|horas?|d[ií]as?|semanas?|jornadas?)\b",
    re.I,
)


def _title_doubts(title: str, ctx: CommandContext, named: bool) -> list[str]:
    out = _common(title)
    words = title.split()
    if re.match(r"^[A-Z][\w'-]*\s+(?:needs|has|should|must|will\s+need|is\s+going)\s+to\b", title):
        out.append("starts with who should do it")  # "Kevin needs to fix the printer": nobody here is called Kevin
    if re.match(r"^(?:her|him|them|me|us)\s+to\b", title, re.I):
        out.append("starts with a pronoun")  # "for her to draft …": whose task it is, not its name
    if len(words) > 2 and re.search(r"\s(?:next|this|due|by|on|at|until|before|after|and|or|with)$", title, re.I):
        out.append("ends with a loose word")  # "negotiate new contracts next" ("… in four weeks next due" misheard)
    if title.lower().strip(" ?") in _NOT_TITLES or not_a_title(title):
        out.append("is a pronoun or a question word")
    if filler := filler_at_start(title):
        out.append(f"starts with the filler '{filler}'")  # "este revisar el contrato": a hesitation, not the title
    if reason_as_title(title):
        out.append("starts with 'que' and a subject of its own")  # "que el informe ya está hecho": a reason, not a name
    if re.match(r"^(?:the\s+)?(?:first|second|third|fourth|last|other|next|previous)(?:\s+one)?\b", title, re.I):
        out.append("starts with a reference")  # "…, the second one for Sarah": about an item, not a new one
    if words and _is_person(words[0], ctx) and len(words) > 1:
        out.append(f"starts with the person '{words[0]}'")
    inner = [i for i in range(1, len(words)) if _is_person(words[i], ctx) and words[i - 1].lower() not in _BEFORE_NAME]
    if inner and len(words) > 2:
        out.append(f"holds the person '{words[inner[0]]}'")
    if len(words) > 1 and (words[-1].lower().strip(",.") in {"high", "low", "medium", "urgent", "asap"}
                           or re.search(r"[\s-]priority[.!]?$", title, re.I)):
        out.append("ends with a priority")  # "… due on the 15th of priority": 'low' heard as 'of'/'Hope'/'Bill'
    if re.search(r"\bchannel\b", title, re.I) or _PLACE_HEAD.match(title):
        out.append("holds a channel")
    low = title.lower()
    if any(low.startswith(c.name.lower() + " ") for c in ctx.channels if len(c.name) > 3):
        out.append("starts with a channel's name")
    if any(low == c.name.lower() for c in ctx.channels):
        out.append("is a channel's name")
    assignee = re.search(r"\bfor\s+([A-Za-z]+)\b", title)
    if assignee and not named and _is_person(assignee[1], ctx):
        out.append(f"holds 'for {assignee[1]}'")
    who = _FOR_NAME_TAIL.search(title)
    if who and not named and not _is_person(who[1], ctx) and not _names_thing(who[1], ctx):
        out.append(f"ends with '{who[0].strip()}', and no one here is called {who[1]}")
    if len(words) > 1 and words[0].lower() in {"a", "para", "for", "to"} and _is_person(words[1], ctx):
        out.append(f"starts with '{words[0]} {words[1]}'")
    if len(words) > 1 and words[0].lower() == "a" and re.fullmatch(r"[a-záéíóú]+(?:ar|er|ir)", words[1].lower()):
        out.append("starts with 'a' before a verb")
    if "," in title and (not named or len(title.rsplit(",", 1)[1].split()) <= 3):
        # "finalize the slides, Force error": words after a pause, not a title (said after "called" too:
        # "called migrate the build servers, High-Pride-Ordie")
        out.append("holds a comma")
    if len(words) > 1 and words[0].lower() in {"and", "y", "or", "o", "but", "pero", "also", *_NAMING_WORDS}:
        out.append(f"starts with '{words[0]}'")  # "And the invitations do at the end of next month"
    if any(f" {c.name.lower()} " in f" {low} " for c in ctx.channels if len(c.name) > 5):
        out.append("holds a channel's name")  # "and Brand Refresh to update the email templates"
    if _CORRECTION.search(title):
        out.append("holds a correction")
    if _LOOSE_TAIL.search(title) or (not named and _LOOSE_PRONOUN_TAIL.search(title)):
        out.append("ends with a loose word")
    if re.match(r"^(?:assign|unassign|reassign)\s", title, re.I):
        out.append("starts with 'assign'")  # "a task to assign three new resellers" ("sign" misheard): an order, not a title
    if _REFERENCE_TAIL.search(title):
        out.append("ends with a reference")  # "help with that one": about a task that exists, not a new one
    if _QUANTIFIER_HEAD.match(title):
        out.append("starts with a quantifier")
    if _INNER_VERB.search(title):
        out.append("holds a second command")
    if _ASSIGNED.search(title):
        out.append("holds an assignment")
    if _RELATION.search(title):
        out.append("holds a dependency")
    out += _person_after_verb(words, ctx)
    given = re.search(r"\bse\s+l[oa]s?\s+\w+\s+(?:a|para)\s+(\w+)", title, re.I)
    if given and _is_person(given[1], ctx):
        out.append(f"holds '{given[0]}'")  # "… y se la dejas a Lisa": the task handed to someone, said in the title
    said = command_in_title(title, lambda w: _is_person(w, ctx))
    if said:
        out.append(f"holds the command '{said}' next to a person")  # "revisar los textos asígnela a Lisa"
    return out


def _name_doubts(name: str, ctx: CommandContext, named: bool) -> list[str]:
    out = _common(name)
    words = name.split()
    if len(words) > 6:
        out.append("is longer than a channel's name")
    if re.search(r"\s(?:as|like)\s", name, re.I):
        out.append("holds 'as'")  # "called pot, as pilot" ("Podcast Pilot" misheard): a role or a kind, not a name
    first = words[0].lower().strip(",.") if words else ""
    if first in {"name", *_NAMING_WORDS} or (len(words) == 1 and first == "title"):
        # "a finance channel name Payroll Upgrade"; alone, "channel name, Parallel, Brave": the name garbled after it
        out.append("is a naming word" if len(words) == 1 else f"starts with '{words[0]}'")
    if filler := filler_at_start(name):
        out.append(f"starts with the filler '{filler}'")
    if said := naming_words_at_start(name):
        out.append(f"starts with the naming words '{said}'")  # "q se llame Cierre Presupuesto": the request's words
    if "," in name:
        out.append("holds a comma")  # "website relaunch, and my concern": a pause, then more request
    if re.search(r"\s(?:and|y)\s+(?:my|our|your|his|her|their|the|a|an|it|its|mi|su|el|la)\b", name, re.I):
        out.append("holds 'and' with a new phrase")  # "Web Relaunch and my concern" ("add Mike and Sarah" misheard)
    if len(words) > 1 and words[0].lower() in _LOOSE_HEAD:
        out.append(f"starts with '{words[0]}'")  # "y amamos bien estaria": speech the recogniser garbled
    if re.search(r"\b(?:no\s+perd[oó]n|perd[oó]n|no\s+espera|mejor\s+dicho|no\s+wait|sorry|i\s+mean)\b", name, re.I):
        out.append("holds a correction")
    if re.search(r"\b(?:let's|lets|call\s+it|name\s+it|called|named|instead|actually)\b|^call\s", name, re.I):
        out.append("holds naming words")  # "let's call it Partner Network": the request, not the name
    if re.search(r"\b(?:description|category|privacy|members?)\b", name, re.I):
        out.append("holds a channel detail")
    if re.search(rf"\b(?:in|under|for|into)\s+(?:the\s+)?(?:{CATEGORY_RE.pattern})\b", name, re.I):
        out.append("holds a category")
    elif not named and len(words) > 1 and CATEGORY_RE.fullmatch(words[-1]):
        out.append("ends with a category")
    if len(words) > 1 and _PRIVACY_TAIL.search(name):
        out.append("ends with a privacy word")
    if len(words) > 1 and (_LOOSE_TAIL.search(name) or re.search(r"\s(?:as|y|con|para|de|el|la)$", name, re.I)):
        out.append("ends with a loose word")  # "Q1 Launch as (a marketing channel)"
    people = [w for w in words if _is_person(w, ctx)]
    if people and len(words) > 1 and not named:
        out.append(f"holds the person '{people[-1]}'")
    out += _person_after_verb(words, ctx)
    return list(dict.fromkeys(out))


def _person_after_verb(words: list[str], ctx: CommandContext) -> list[str]:
    """ "… add Lisa", "… and Mike": a request for people left inside a name."""
    for i in range(1, len(words)):
        before = words[i - 1].lower()
        if _is_person(words[i], ctx) and _VERBS_BEFORE_PERSON.search(before):
            return [f"holds '{words[i - 1]} {words[i]}'"]
    return []


def _names_thing(word: str, ctx: CommandContext) -> bool:
    w = word.lower()
    return any(w in c.name.lower().split() for c in ctx.channels) or any(w == c.name.lower() for c in ctx.categories)


def _is_person(word: str, ctx: CommandContext) -> bool:
    w = word.strip(",.;:!?").lower()
    if len(w) < 3:
        return False
    return any(w in {p.first_name.lower(), p.full_name.split()[-1].lower()} for p in ctx.people)
