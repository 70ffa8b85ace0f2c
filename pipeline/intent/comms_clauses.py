"""Clauses that talk to people or hand them files: post a message, set a reminder, share a resource.

A message's content is kept as said (dates inside it are not resolved); only its first
letter is capitalised and a full stop added.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime, timedelta
from typing import Literal
from uuid import UUID

from executor.plan import EntityRef, ResolvedDate, SendMessage, SetReminder, ShareResource, UploadFile
from pipeline.intent import entities
from pipeline.intent.builder import REMIND_TIME, PlanBuilder, ask
from pipeline.intent.clauses import Clause
from pipeline.intent.dates import DateSpan
from pipeline.intent.numbers import NUMBER_WORDS, to_int
from pipeline.intent.references import focus_channel, is_channel_pronoun
from pipeline.intent.slots import clean_title, take_dates

_POST_IN = re.compile(
    r"^(?:post|send|write|announce|put|drop|share)\s+(?:(?:a|an|the)\s+(?:message|note|update|announcement)\s+)?"
    r"(?:in|to|on|into)\s+(?P<ch>.+?)\s*(?:\bthat\b|\bsaying\b|\bwith\b|:|,)\s*(?P<body>.+)$",
    re.I | re.S,
)
_TELL = re.compile(
    r"^(?:tell|notify|message|inform|let|remind\s+everyone\s+in|ping|update)\s+(?P<ch>.+?)\s*,?\s+(?:know\s+)?"
    r"(?:that\b|:|about\b|(?:and\s+)?(?:say|saying|tell\s+(?:them|everyone|everybody|people))\b(?:\s+that\b)?|"
    r"to\s+say\b(?:\s+that\b)?)\s*(?P<body>.+)$",
    re.I | re.S,
)
# "Tell the Q4 close channel 'great job, everyone!'": a quoted message needs no "that"
_QUOTED = re.compile(
    r"^(?:tell|message|post\s+(?:in|to|on)|send\s+(?:to|in)|write\s+(?:to|in)|say\s+(?:to|in))\s+"
    r"(?P<ch>[^\"']+?)\s*[:,]?\s*(?P<body>([\"']).+\3)$",
    re.I | re.S,
)
# "Message Sarah in Leadership: can we move our 1:1?" (no space before the colon)
_TELL_COLON = re.compile(r"^(?:tell|message|notify|inform|ping|write\s+to)\s+(?P<ch>[^:\"']+?)\s*:\s*(?P<body>.+)$", re.I | re.S)
# 'Post "office closed Friday" in General': the quoted words first, then where
_QUOTED_FIRST = re.compile(
    r"^(?:post|send|announce|say|write|put|drop)\s+(?P<body>([\"']).+\2)\s+(?:in|to|on|into)\s+(?P<ch>[^\"']+?)$",
    re.I | re.S,
)
_NEXT_WEEK = re.compile(
    r"^(?!.*\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b)(?:.*\s)?next\s+week(?:\s+at\s+.+)?$", re.I
)
_LET_KNOW = re.compile(r"^let\s+(?P<ch>.+?)\s+know\s+(?:that\s+|about\s+|:\s*)?(?P<body>.+)$", re.I | re.S)
# "tell the team great job on the launch!": a message to the team needs no "that"
_TELL_TEAM = re.compile(
    r"^(?:tell|let)\s+(?P<ch>(?:the\s+)?(?:whole\s+)?(?:team|everyone|everybody|folks|all|group))\s*,?\s+"
    r"(?!know\b|that\b|about\b|in\b|on\b|at\b)(?P<body>.+)$",
    re.I | re.S,
)
_POST_BODY = re.compile(
    r"^(?:post|send|announce|say|write)\s+(?P<body>.+?)\s+(?:in|to|on)\s+(?P<ch>(?:the\s+)?[\w' -]+?\s+channel|this\s+channel|here)$",
    re.I | re.S,
)
_POST_HERE = re.compile(
    r"^(?:post|send|write|announce|say)\s+(?P<ch>here|there|in\s+here)\s*(?:\bthat\b|\bsaying\b|:|,)\s*(?P<body>.+)$",
    re.I | re.S,
)
_MESSAGE_POST = re.compile(
    r"^(?:(?:post|send|write)\s+(?:a\s+)?(?:message|note|update|announcement)(?:\s+(?:here|there|in\s+here))?\s*(?:saying|that|:)|"
    r"(?:post|announce|say)\s+that)"
    r"\s*(?P<body>.+)$",
    re.I | re.S,
)
_MENTION_TAIL = re.compile(r"\s*[,.;]?\s+(?:and\s+)?(?:mention|mentioned|mentioning|tag|tagging|cc|@)\s*[,.;]?\s+(?P<who>[^,.;]+?)[.!,;]?$", re.I)
_AUDIENCE = re.compile(r"^(?:the\s+)?(?:team|folks|everyone|people|group)\s+(?:in|on)\s+", re.I)


_PEOPLE_OF = re.compile(r"^(?:folks|team|crew|gang|guys|people|members)\b[,:]?\s+(?:that\s+)?", re.I)
_BARE_TELL = re.compile(r"^(?:tell|message|notify|inform|update|ping|post\s+(?:in|to|on)|write\s+(?:in|to))\s+(?P<rest>.+)$",
                        re.I | re.S)


def _channel_then_body(text: str, b: PlanBuilder) -> tuple[str, str] | None:
    """ "Tell the Q4 Planning channel the auditors arrive Monday", "tell Website Redesign the launch slips":
    the longest opening words that surely name a channel, then the message."""
    m = _BARE_TELL.match(text)
    if not m:
        return None
    words = _AUDIENCE.sub("", m["rest"]).split()  # "tell everyone in Leadership we move on the 22nd"
    for n in range(min(7, len(words) - 2), 0, -1):
        head = " ".join(words[:n]).rstrip(":,")
        bare = re.sub(r"^(?:the\s+)|\s+channel$", "", head, flags=re.I).lower()
        exact = any(bare == c.name.lower() for c in b.ctx.channels) or any(
            bare == c.action.name.lower() for c in b.new_channels
        )
        sure = re.search(r"\bchannel$", head, re.I) and entities.names_channel(head, b)
        if exact or sure:
            body = " ".join(words[n:]).lstrip(":, ")
            if head.lower().startswith("the "):  # "tell the Leadership folks we move …": who, not what is said
                body = _PEOPLE_OF.sub("", body)
            return (head, body) if len(body.split()) >= 2 else None
    return None


_MENTION_ONLY = re.compile(r"^(?:and\s+)?(?:mention|tag|cc|loop\s+in)\s+(?P<who>.+?)(?:\s+(?:in\s+it|too|as\s+well))?$", re.I)


def read_mention(text: str, clause: Clause, b: PlanBuilder) -> bool:
    """ "…booked for Tuesday. And mention Lisa.": tag people in the message this command just wrote."""
    m = _MENTION_ONLY.match(text)
    last = b.actions[-1] if b.actions else None
    if not m or not isinstance(last, SendMessage) or not entities.looks_like_people(m["who"], b):
        return False
    last.mentions = list(dict.fromkeys([*last.mentions, *entities.people(m["who"], b)]))
    return True


def read_message(text: str, clause: Clause, b: PlanBuilder) -> bool:
    m = (
        _LET_KNOW.match(text)
        or _POST_HERE.match(text)
        or _POST_IN.match(text)
        or _QUOTED_FIRST.match(text)
        or _TELL.match(text)
        or _TELL_COLON.match(text)
        or _POST_BODY.match(text)
        or _TELL_TEAM.match(text)
        or _QUOTED.match(text)
    )
    if (
        m
        and re.match(r"^(?:ping|remind)\b", text, re.I)
        and not re.search(r"\bthat\b|:", text[: m.start("body")])
    ):
        return False  # "ping Sarah tomorrow about the brief" is a reminder
    if m and m.re is _POST_BODY and entities.resource(re.sub(r"\s+over$", "", m["body"], flags=re.I), b) is not None:
        return False  # "send the pitch deck over to the roadshow channel" shares a file
    if m:
        target, body = _AUDIENCE.sub("", m["ch"].strip()), m["body"]
    else:
        mm = _MESSAGE_POST.match(text)
        bare = _channel_then_body(text, b) if not mm else None
        if mm:
            target, body = "here", mm["body"]
        elif bare:
            target, body = bare
        else:
            return False
    mentions: list[UUID] = []
    lead = re.match(r"^\s*(?:and\s+)?(?:mention|tag|cc)\s+", body, re.I)
    if lead:
        # "post in X and tag Lisa the copy is final": who to tag first, then the words
        words = body[lead.end() :].split()
        for k in (3, 2, 1):
            if len(words) > k and entities.looks_like_people(" ".join(words[:k]), b):
                mentions = entities.people(" ".join(words[:k]), b)
                body = " ".join(words[k:])
                break
    tag = _MENTION_TAIL.search(body)
    if tag and entities.looks_like_people(tag["who"], b):
        # "…, and mention Lisa": who to tag, not words of the message
        mentions = entities.people(tag["who"], b)
        body = body[: tag.start()]
    split_at = re.search(r"\s+in\s+(?:the\s+)?(?P<ch>.+)$", target, re.I)
    if split_at and re.fullmatch(r"him|her|them", target[: split_at.start()].strip(), re.I):
        # "remind David …, and tell him in q4 planning that …": the person just spoken of, tagged there
        mentions = [*mentions, *_pronoun_people(target[: split_at.start()], b)]
        target = split_at["ch"]
    elif split_at and entities.looks_like_people(target[: split_at.start()], b) and entities.names_channel(split_at["ch"], b):
        # "tell priya in q4 planning that …": a message in that channel, mentioning Priya
        mentions = [*mentions, *entities.people(target[: split_at.start()], b)]
        target = split_at["ch"]
    place = re.search(r"\s+(?:in\s+)?(?P<p>here|there)$", target, re.I)
    if place and entities.looks_like_people(target[: place.start()], b):
        # "ping Lisa there that flights are booked": a message in that channel, mentioning Lisa
        mentions = [*mentions, *entities.people(target[: place.start()], b)]
        target = place["p"]
    team = re.fullmatch(r"(?:the\s+)?(?:whole\s+)?(?:team|everyone|everybody|folks|people|all)(?:\s+(?:in\s+)?(?P<p>here|there))?",
                        target.strip(), re.I)
    if team:
        target = (team["p"] or "here").lower()  # "tell the team (here) that …", "tell everyone there …"
    elif target.strip().lower() == "them":
        # "add Sarah and Mike and let them know …": those people, tagged where the command is; else everyone there
        mentions = [*mentions, *b.people]
        target = "here"
    if (
        not re.search(r"\bchannel\b", target, re.I)
        and not is_channel_pronoun(target)
        and entities.looks_like_people(target, b)
    ):
        mentions = [*mentions, *entities.people(target, b)]
        target = "here"
    quoted = re.match(r"^\s*(?P<q>[\"'])(?P<said>.+?)(?P=q)\s*[,.;]?\s*(?P<tail>\S.*)$", body, re.S)
    if quoted:
        # 'post in general: "we are live", and mention Roberto': the quote is the message; what follows must be understood
        tail = quoted["tail"].strip(" .!?")
        tagged = re.match(r"^(?:and\s+)?(?:mention|tag|cc|@)\s*(?P<who>.+)$", tail, re.I)
        if tagged:
            mentions = [*mentions, *entities.people(tagged["who"], b)]  # an unknown name fails: never message words
        elif tail:
            b.penalize(0.45, f"not understood: {tail}")
        body = quoted["said"]
    channel = entities.channel(target, b)
    content = _sentence(body, clause.end)
    if not content:
        return False
    if re.fullmatch(r"(?:an?\s+)?(?:quick\s+|short\s+)?(?:message|note|update|announcement|something|few\s+words)[.!?]?", content, re.I):
        # "send a message to the general channel": what it should say was never said
        raise ask(f"What should the message in {b.channel_name(channel)} say?", [], said=body, reason="no_message")
    # "@Lisa can you send the copy": a typed @name in the words tags that person
    for at in re.finditer(r"(?<![\w@])@(?P<n>[A-Za-z][\w'-]*)", content):
        who = entities.person_or_none(at["n"], b)
        if who is not None:
            mentions = [*mentions, who]
    mentions = list(dict.fromkeys(mentions))
    b.add(
        SendMessage(
            id="",
            channel=channel,
            content=content,
            mentions=mentions,
            summary=f"Post in {b.channel_name(channel)}: {content[:60]}",
        )
    )
    return True


def _sentence(body: str, end: str = ".") -> str:
    t = body.strip().strip("\"'").strip()
    if not t:
        return ""
    t = t[0].upper() + t[1:]
    return t if t[-1] in ".!?" else t + end


_REMIND = re.compile(
    r"^(?:remind|ping|nudge)\s+(?P<who>.+?)\s+(?:about|of|to|that|regarding|re|on)\s+(?P<what>.+)$",
    re.I | re.S,
)
_REMINDER = re.compile(
    r"^(?:set|create|add|schedule|make)\s+(?:up\s+)?(?:a\s+)?reminder\s+(?:for\s+(?P<who>.+?)\s+)?"
    r"(?:about|to|for|of|that|regarding)\s+(?P<what>.+)$",
    re.I | re.S,
)
_REMIND_BARE = re.compile(r"^(?:remind|ping|nudge)\s+(?P<who>.+?)$", re.I)


def _assignee_of_focus(b: PlanBuilder) -> list[UUID]:
    """ "remind her about it" a command after "a task for Lisa …": the one person the task being talked about is for."""
    if b.tasks:
        ref = b.tasks[-1]
        made = b.new_task(ref)
        found = made.assignees if made is not None else (t.assignees if isinstance(ref, UUID) and (t := b.ctx.task(ref)) else [])
        return list(found) if len(found) == 1 else []
    conv = b.ctx.conversation
    if conv.last_kind != "task" or not conv.task_ids or conv.last_failed:
        return []
    task = b.ctx.task(conv.task_ids[0])
    return list(task.assignees) if task is not None and len(task.assignees) == 1 else []


def _pronoun_people(word: str, b: PlanBuilder) -> list[UUID]:
    """ "him", "her", "them": the people this command named, else the one person the task talked about is for; else ask."""
    people = list(b.people) or _assignee_of_focus(b)
    if not people:
        raise ask(f"Who do you mean by '{word.strip()}'?", [], said=word.strip(), reason="pronoun")
    return people


def read_reminder(text: str, clause: Clause, b: PlanBuilder) -> bool:
    if not re.match(r"^(?:remind|ping|nudge|set|create|add|schedule|make)\b", text, re.I):
        return False
    if not re.match(r"^(?:remind|ping|nudge)\b", text, re.I) and not re.search(r"\breminder\b", text, re.I):
        return False
    before = _BEFORE_DUE.search(text)
    if before:  # "remind her about it the day before at 10am": counted back from the task's due date
        text = (text[: before.start()] + " " + text[before.end() :]).strip()
    rest, spans = _reminder_dates(text, b)
    m = _REMIND.match(rest) or _REMINDER.match(rest)
    what = m["what"] if m else ""
    who_phrase = (m["who"] if m else None) or "me"
    if not m:
        bare = _REMIND_BARE.match(rest)
        if not bare or not spans:
            return False
        who_phrase = bare["who"]
        split_at = _person_prefix(who_phrase, b)
        if split_at is not None:  # "remind Priya el informe Monday at 9"
            who_phrase, what = split_at
    if re.match(r"^(?:them|him|her)$", who_phrase.strip(), re.I):
        people = _pronoun_people(who_phrase, b)
    else:
        people = entities.people(who_phrase, b)
    names = ", ".join(b.person_name(p) for p in people)
    if not spans and not before:
        raise ask(f"When should I remind {names}?", [], people=[str(p) for p in people])
    when: datetime | None = None
    if spans and not (before and spans[-1].day is not None):
        span = spans[-1]
        if span.day is not None and span.exact is None and _NEXT_WEEK.match(span.phrase.strip()):
            # a reminder "next week" goes out at the start of it (a deadline "next week" is its Friday)
            span = dataclasses.replace(span, day=span.day - timedelta(days=span.day.weekday()))
        when = b.when(span, REMIND_TIME)
    subject = clean_title(re.sub(r"\s+(?:on|at|by)$", "", what.strip(), flags=re.I))
    task, sure = entities.find_task_scored(subject, b) if subject else (None, 0.0)
    if task is not None and sure < 90 and not re.search(r"\b(?:about|regarding|re|of|on|for)\s+(?:the\s+|that\s+|this\s+)?"
                                                         + re.escape(subject.split()[0]), text, re.I):
        task = None  # "remind Tom to restart the build server": his words, not the task "migrate the build servers"
    said = re.sub(r"^(?:about|of|for|on)\s+", "", what.strip(" ,."), flags=re.I)
    if task is None and re.fullmatch(r"(?:it|that|this|that\s+task|this\s+task|that\s+one)", said, re.I):
        task = entities.task("it", b)  # "remind Lisa about that on Friday"
        subject = ""
    if task is None and not subject and b.tasks:
        task = b.tasks[-1]  # "… assign it to Sarah and remind her tomorrow"
    if before:
        when = _before_due(before, task, spans[-1] if spans else None, names, b)
    if when is None:
        raise ask(f"When should I remind {names}?", [], people=[str(p) for p in people])
    if task is not None:
        b.focus_tasks([task])
    message = _reminder_text(subject, task, b)
    for uid in people:
        b.add(
            SetReminder(
                id="",
                user_id=uid,
                message=message,
                scheduled_for=when,
                task=task,
                summary=f"Remind {b.person_name(uid)} at {when:%a %d %b %H:%M}: {message[:60]}",
            )
        )
    return True


# "the day before", "two days before it's due", "a week before the deadline", "the morning it's due"
_BEFORE_DUE = re.compile(
    rf"\s*,?\s*\b(?:(?:(?P<one>the|a|one)\s+day|(?P<n>{NUMBER_WORDS})\s+(?P<unit>days?|weeks?)|(?P<week>a\s+week))\s+before"
    r"(?:\s+(?:it'?s\s+due|it\s+is\s+due|the\s+deadline|the\s+due\s+date|its\s+deadline|its\s+due\s+date|then))?"
    r"|(?P<same>(?:on\s+)?the\s+(?:morning|day)\s+(?:of\s+the\s+deadline|(?:that\s+)?it'?s\s+due|it\s+is\s+due)))\b",
    re.I,
)


def _before_due(m: re.Match[str], task: EntityRef | None, span: DateSpan | None, names: str, b: PlanBuilder) -> datetime:
    """The reminder time counted back from the task's due date, at the time said (else the usual hour)."""
    made = b.new_task(task) if task is not None else None
    known = b.ctx.task(task) if isinstance(task, UUID) else None
    due = made.due_date if made is not None else known.due_date if known is not None else None
    if task is None or due is None:
        what = f"'{b.task_title(task)}' has no due date" if task is not None else "I don't know which task"
        raise ask(f"When should I remind {names}? {what}.", [], said=m[0].strip(" ,"), reason="no_due_date")
    if m["same"]:
        days = 0
    elif m["n"]:
        days = (to_int(m["n"]) or 1) * (7 if m["unit"].lower().startswith("week") else 1)
    else:
        days = 7 if m["week"] else 1
    at = span.at if span is not None and span.at is not None else REMIND_TIME
    local = due.astimezone(b.ctx.now.tzinfo)
    when = datetime.combine(local.date() - timedelta(days=days), at, tzinfo=b.ctx.now.tzinfo)
    b.dates.append(ResolvedDate(phrase=m[0].strip(" ,"), resolved=when))
    return when


_REMIND_HEAD = re.compile(r"^(?P<head>(?:remind|ping|nudge)\s+.+?)\s+(?P<tail>(?:that|to|about)\s+.+)$", re.I | re.S)


def _reminder_dates(text: str, b: PlanBuilder) -> tuple[str, list[DateSpan]]:
    """The reminder's time and the text without it. A time said before "that/to/about" is the reminder's,
    and dates after it are the message's own words ("remind Priya at 4 today that the report is due Friday")."""
    head = _REMIND_HEAD.match(text)
    if head:
        rest, spans = take_dates(head["head"], b)
        if spans:
            return f"{rest} {head['tail']}", spans
    return take_dates(text, b)


def _person_prefix(phrase: str, b: PlanBuilder) -> tuple[str, str] | None:
    """ "Priya el informe" -> ("Priya", "el informe"): the longest leading name, then the subject."""
    words = phrase.split()
    for k in (3, 2, 1):
        if len(words) > k and entities.looks_like_people(" ".join(words[:k]), b):
            return " ".join(words[:k]), " ".join(words[k:])
    return None


def _reminder_text(subject: str, task: EntityRef | None, b: PlanBuilder) -> str:
    """What the reminder says, labelled in the speaker's language ("Recordatorio: …" in Spanish)."""
    label = "Recordatorio" if b.language == "es" else "Reminder"
    if task is not None:
        return f"{label}: {b.task_title(task)}"
    if not subject:
        return label
    return f"{label}: {subject}"


_SHARE = re.compile(
    r"^(?P<v>share|attach|upload|link|send|post|drop|put|pin|add)\s+(?P<res>.+?)"
    r"(?:\s+(?:with|to|in|into|on|onto|for|under)\s+(?P<target>.+?))?$",
    re.I,
)


def read_share(text: str, clause: Clause, b: PlanBuilder) -> bool:
    text = re.sub(r"\s+(?:too|as\s+well|also)$", "", text.strip(), flags=re.I)  # "share the pitch deck here too"
    here = re.search(r"\s+(?P<h>here|there)$", text, re.I)
    if here and not re.search(r"\b(?:with|to|in|into|on)\s+(?:here|there)$", text, re.I):
        text = f"{text[: here.start()]} in {here['h']}"
    m = _SHARE.match(text)
    if not m:
        return False
    verb = m["v"].lower()
    res_phrase = re.sub(r"\s+over$", "", m["res"], flags=re.I)  # "send the pitch deck over to …"
    several = [p for p in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", res_phrase) if p.strip()]
    if len(several) > 1 and all(entities.resource(p, b) is not None for p in several):
        for part in several:  # "share the brand guidelines and the pitch deck here"
            read_share(f"{m['v']} {part}" + (f" with {m['target']}" if m["target"] else ""), clause, b)
        return True
    if verb not in {"share", "attach", "upload", "pin"}:
        found = entities.resource(res_phrase, b)
        if found is None:
            return False
    else:
        found = entities.need_resource(res_phrase, b)
    kind: Literal["SHARE_RESOURCE", "UPLOAD_FILE"] = "UPLOAD_FILE" if verb == "upload" else "SHARE_RESOURCE"
    target = m["target"] or "here"
    parts = [p for p in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", target) if p.strip()]
    if len(parts) > 1 and all(entities.names_channel(p, b) for p in parts):
        for part in parts:  # "share Q4 Report with Q4 Close and Leadership": every channel named
            share(found, part, kind, b)
        return True
    share(found, target, kind, b)
    return True


def share(
    resource_id: UUID, target: str, kind: Literal["SHARE_RESOURCE", "UPLOAD_FILE"], b: PlanBuilder
) -> None:
    """Link a resource to the channel, task or category `target` names (default: the channel in focus)."""
    target = target.strip()
    channel: EntityRef | None = None
    task: EntityRef | None = None
    category_id: UUID | None = None
    if re.search(r"\btask\b", target, re.I) and not re.search(r"\bchannel\b", target, re.I):
        task = entities.task(target, b)
    elif re.fullmatch(r"(?:the\s+)?(?:team|everyone|everybody|group|whole\s+team)", target, re.I):
        channel = _focus_or_ask(b)
    elif (
        cat := re.fullmatch(
            r"(?:the\s+)?(?:whole\s+|entire\s+)?(?P<c>[\w ]+?)\s+(?:team|department|category)", target, re.I
        )
    ) and (found := entities.category(cat["c"], b.ctx.categories)):
        category_id = found.id
    elif (
        not is_channel_pronoun(target)
        and not re.fullmatch(r"(?:in\s+)?(?:here|there)", target, re.I)
        and not entities.names_channel(target, b)
        and entities.find_task(target, b) is not None
    ):
        task = entities.task(target, b)  # "attach the pitch deck to print brochures": a task
    elif not re.search(r"\bchannel\b", target, re.I) and entities.looks_like_people(target, b):
        b.penalize(0.1, "shared with a person: used the channel in focus")
        channel = _focus_or_ask(b)
    else:
        channel = entities.channel(target, b)
    name = next((r.name for r in b.ctx.resources if r.id == resource_id), str(resource_id))
    where = b.channel_name(channel) if channel else (b.task_title(task) if task else "category")
    summary = f"Share '{name}' with {where}"
    if kind == "UPLOAD_FILE":
        b.add(
            UploadFile(
                id="",
                resource_id=resource_id,
                channel=channel,
                task=task,
                category_id=category_id,
                summary=summary,
            )
        )
    else:
        b.add(
            ShareResource(
                id="",
                resource_id=resource_id,
                channel=channel,
                task=task,
                category_id=category_id,
                summary=summary,
            )
        )


def _focus_or_ask(b: PlanBuilder) -> EntityRef:
    ref = focus_channel(b)
    if ref is None:
        raise ask("Which channel should I share it with?", [c.name for c in b.ctx.channels[:5]])
    return ref
