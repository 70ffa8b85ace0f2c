"""The deterministic parser: a command's text and the organisation snapshot -> a `Plan`.

normalize -> (Spanish -> English command words) -> clauses -> each clause read by the first
reader that recognises it -> one plan. Any unknown name stops the whole command with an
error or a question; nothing is half-planned. `parse` never raises.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, cast
from uuid import UUID

from executor.plan import Plan, PlanError, SendMessage, SetReminder
from pipeline.intent import (
    channel_clauses,
    comms_clauses,
    dependency_clauses,
    entities,
    task_clauses,
    task_updates,
    typos,
    undependency_clauses,
)
from pipeline.intent.builder import PlanBuilder, Unresolved, ask
from pipeline.intent.clauses import RELATION, VERB, Clause, split
from pipeline.intent.context import CommandContext
from pipeline.intent.dates import find_dates
from pipeline.intent.doubts import PENALTY, doubts
from pipeline.intent.normalize import MAX_CHARS, normalize, strip_leading
from pipeline.intent.questions import read_question
from pipeline.intent.segmentation import alternatives
from pipeline.intent.slots import take_due
from pipeline.intent.spanish import looks_spanish, to_english

Reader = Callable[[str, Clause, PlanBuilder], bool]

UNEXPLAINED_PENALTY = 0.45  # one clause not understood is enough to ask the LLM (< 0.6)
ASR_FIX_PENALTY = 0.03
DOUBT_PENALTY = PENALTY  # a name that swallowed a person, a date or a priority: ask, never act
SETTLED = 0.8  # a plan this sure is not re-read with other punctuation
RESEGMENT_PENALTY = 0.05  # the plan came from marks the recogniser did not put there

_READERS: tuple[tuple[str, Reader], ...] = (
    ("mention", comms_clauses.read_mention),
    ("message", comms_clauses.read_message),
    ("reminder", comms_clauses.read_reminder),
    ("create_channel", channel_clauses.read_create),
    ("create_task", task_clauses.read_create),
    ("remove_dependency", undependency_clauses.read_remove_dependency),
    ("estimate", task_updates.read_estimate),
    ("need", task_updates.read_need),
    ("dependency", lambda t, c, b: _relation(t, b) and dependency_clauses.read_dependency(t, c, b)),
    ("shift", task_updates.read_shift),
    ("assign", task_updates.read_assign),
    ("remove", channel_clauses.read_remove),
    ("deadline", task_updates.read_deadline),
    ("status", task_updates.read_status),
    ("priority", task_updates.read_priority),
    ("category", channel_clauses.read_category),
    ("privacy", channel_clauses.read_privacy),
    ("channel_status", channel_clauses.read_channel_status),
    ("rename", channel_clauses.read_rename),
    ("link", channel_clauses.read_link),
    ("share", comms_clauses.read_share),
    ("add_member", channel_clauses.read_add_member),
    ("under", lambda t, c, b: task_clauses.read_under(t, b)),
    ("focus_modifiers", task_updates.read_focus_modifiers),
    ("missing_detail", lambda t, c, b: _missing_detail(t, b)),
)
# A request with its essential detail left out: asked for, never guessed.
_NO_DATE = re.compile(
    r"^(?:change|move|update|set|push(?:\s+back)?|reschedule|postpone|shift)\s+(?:the\s+)?(?:due\s+date|deadline)\s+"
    r"(?:on|of|for)\s+(?P<t>.+)$|^(?:reschedule|postpone)\s+(?P<t2>.+)$",
    re.I,
)
_NO_WORDS = re.compile(
    r"^(?:send|post|write|drop)\s+(?:a\s+|an\s+)?(?:message|note|update|announcement)\s+(?:to|in|on|into)\s+(?P<c>.+)$", re.I
)


def _missing_detail(text: str, b: PlanBuilder) -> bool:
    """ "Change the due date on X." (to when?), "Send a message to Q4 Planning." (saying what?)."""
    m = _NO_DATE.match(text)
    if m and entities.has_task(m["t"] or m["t2"], b):
        title = b.task_title(entities.task(m["t"] or m["t2"], b))
        raise ask(f"When should '{title}' be due?", [], said=text, reason="no_date")
    w = _NO_WORDS.match(text)
    if w and entities.names_channel(w["c"], b):
        name = b.channel_name(entities.channel(w["c"], b))
        raise ask(f"What should the message in {name} say?", [], said=text, reason="no_message")
    return False

_UNDER_THEN = re.compile(
    r"^(?:under|beneath|below)\s+(?P<t>.+?),?\s+(?P<rest>(?:add|create|make|put|set\s+up|new)\b.*)$", re.I
)


_PLACE_ONLY = re.compile(
    r"^(?:over\s+|right\s+|back\s+|and\s+)?(?:in|inside|within|on|for|to)\s+(?:the\s+)?(?P<c>[^,;]+?)$", re.I
)
_PLACE_THEN = re.compile(
    rf"^(?:over\s+|right\s+|back\s+)?(?:in|inside|within)\s+(?:the\s+)?(?P<c>[^,;]+?),?\s+(?P<rest>(?:{VERB})\b.*)$", re.I
)
_DONE_WITH_IT = re.compile(r"^(?:we're|we\s+are|i'm|i\s+am)\s+(?:all\s+)?(?:done|finished)\s+with\s+(?:it|that|this|them)$", re.I)
_QUESTION = re.compile(
    r"^(?:what|who|whom|whose|which|when|where|why|how)(?:'s|'re)?\b(?!\s+(?:if|about)\b)"
    r"|^(?:is|are|does|do|did|was|were|has|have)\s+(?:there|anyone|anybody|anything|the|this|that|it|[A-Z]\w+)\b[^.!]*\?$"
    # spoken, so without its question mark: no request starts with "is/are/was/were/did/does/has"
    r"|^(?:is|are|was|were|did|does|has)\s+(?:there|anyone|anybody|anything|the|this|that|it|any|all|every|\w+'s|[a-z]\w+)\b"
    r"(?!\s+(?:to|got\s+to)\b)",
    re.I,
)


def _focus_from_aside(text: str, b: PlanBuilder) -> None:
    """ "We booked the flights, mark that done": that = the flights; "done with q4 close now, archive it": it = Q4 Close."""
    about = (
        re.search(r"\b(?:the|our|my)\s+(.+)$", text)
        or _STOPPED.search(text)
        or re.search(r"\bwith\s+(.+?)(?:\s+now)?$", text, re.I)
        or re.match(r"^(.+?)(?:'s|\s+is|\s+was)\b", text, re.I)
    )
    if not about:
        return
    phrase = re.sub(r"(?:'s|\s+is|\s+are|\s+was|\s+isn't|\s+aren't|\s+wasn't)(?:\s+.*)?$|\s+(?:now|any\s*more)$", "",
                    about[1], flags=re.I)
    try:
        if entities.clearly_channel(phrase, b) or (entities.names_channel(phrase, b) and not entities.has_task(phrase, b)):
            b.focus_channel(entities.channel(phrase, b))
        elif entities.has_task(phrase, b) and (found := entities.find_task(phrase, b)):
            b.focus_tasks([found])
    except Unresolved:
        return  # an aside that names nothing sure leaves the focus as it was


_SAID_OF = re.compile(
    r"^(?:[\w'-]+\s+){0,6}?(?:is|isn't|are|aren't|was|wasn't|has|hasn't|have|haven't|had|started|finished|needs|can't|"
    r"won't|doesn't|looks|seems)\b|'s\s+(?:started|done|finished|been|not|over|ready)\b",
    re.I,
)
_PRONOUN_REQUEST = re.compile(
    rf"^(?:{VERB})\b.*\b(?:it|that|this|them|that\s+one|this\s+one)\b|^(?:make|set|mark|move|push|give|put)\s+(?:it|that|this|them)\b",
    re.I,
)


def _topic_of_next(text: str, following: str, b: PlanBuilder) -> bool:
    """A remark about a task or channel, then a request about "it": the remark says what "it" is."""
    if not _SAID_OF.search(text) or not _PRONOUN_REQUEST.match(strip_leading(following)[0]):
        return False
    tasks, channel, kind = list(b.tasks), b.channel, b.last_kind
    _focus_from_aside(text, b)
    return b.tasks != tasks or b.channel != channel or b.last_kind != kind


def _names_only(text: str, b: PlanBuilder) -> bool:
    """A clause that is only an exact name of a task or a channel: what the next clause is about."""
    bare = re.sub(r"^(?:the|that|this)\s+|\s+(?:task|channel)$", "", text.strip(" ,.;:"), flags=re.I).lower()
    if len(bare.split()) < 2 and not re.search(r"\bchannel$", text.strip(), re.I):
        return False
    task = next((t for t in b.ctx.tasks if t.title.lower() == bare), None)
    channel = next((c for c in b.ctx.channels if c.name.lower() == bare), None)
    if channel is None and re.search(r"\bchannel$", text.strip(), re.I):
        channel = next((c for c in b.ctx.channels if entities.names_channel(text, b) and entities.clearly_channel(text, b)
                        and c.id == entities.channel(text, b)), None)
    if (task is None) == (channel is None):
        return False
    if task is not None:
        b.focus_tasks([task.id])
    elif channel is not None:
        b.focus_channel(channel.id)
    return True


def _is_place(phrase: str, b: PlanBuilder) -> bool:
    """A phrase that names a channel and nothing else (not "in two weeks", not "in progress")."""
    if find_dates(phrase, b.ctx.now) or re.search(r"\b(?:progress|review|parallel|order|time|case)\b", phrase, re.I):
        return False
    return bool(re.search(r"\b(?:channel|chanel)\s*$", phrase, re.I)) or entities.clearly_channel(phrase, b)


def _relation(text: str, b: PlanBuilder) -> bool:
    """ "A before B" relates two tasks; "done before the end of the month" is a deadline."""
    if not RELATION.search(text):
        return False
    # "the second one depends on the first": ordinals that name tasks, not days of the month
    text = re.sub(r"\bthe\s+(?:first|second|third|fourth|fifth|last)\b(?:\s+one)?", "the task", text, flags=re.I)
    n = len(b.dates)
    rest, due = take_due(text, b)
    del b.dates[n:]
    return due is None or bool(RELATION.search(rest))


def parse(text: str, ctx: CommandContext) -> Plan:
    """Read a typed or transcribed command into a plan of actions against `ctx` (a few ms).

    The text is read with its marks as given; a plan that is not sure (see `SETTLED`) is read
    again with the marks a recogniser may have misplaced (`segmentation.alternatives`), and the
    first re-reading that is sure wins. Otherwise the first reading stands: it asks or fails.
    """
    try:
        plan = _parse(text, ctx)
        if _settled(plan) or plan.query is not None or (plan.error is not None and plan.error.code in _FINAL_ERRORS):
            return plan
        unexplained = _unexplained_words(plan)
        requests = _unexplained_requests(plan) + _later_requests(text)
        for alt in alternatives(text):
            other = _parse(alt, ctx)
            if _settled(other) and _covered(unexplained, _mentioned(other, ctx)) and not _swallowed(requests, other):
                other.confidence = round(max(0.0, other.confidence - RESEGMENT_PENALTY), 3)
                return other
        return plan
    except Unresolved as u:  # pragma: no cover - _parse handles these
        return Plan(error=u.error, clarification=u.clarification, confidence=0.5)
    except Exception as exc:  # a parser bug must never take the command path down
        return Plan(
            error=PlanError(
                code="not_understood",
                message="Sorry, I could not understand that command",
                details={"reason": type(exc).__name__},
            ),
            confidence=0.0,
        )


_FINAL_ERRORS = {"empty", "too_long"}


def _settled(plan: Plan) -> bool:
    return (
        (bool(plan.actions) or plan.query is not None)
        and plan.error is None
        and plan.clarification is None
        and plan.confidence >= SETTLED
    )


def is_settled(plan: Plan) -> bool:
    """Sure enough to act on (or answer) as read: actions or a question, no error or question back,
    confidence >= SETTLED. A spoken question read surely is not traded for another reading's command."""
    return _settled(plan)


# A Spanish question, read on the speaker's words (nothing was understood as a request)
_QUESTION_ES = re.compile(
    r"^\s*¿|\?\s*$|^(?:qu[ée]\s+(?:tareas?|tiene|tienen|hay|falta|faltan|queda|quedan|pasa|est[áa]n?|bloquea)|qu[ée](?=[^?]*\?)|"
    r"qui[ée]n(?:es)?|cu[áa]l(?:es)?|cu[áa]ndo|d[óo]nde|c[óo]mo\s+(?:va|van|vamos|est[áa]n?)|cu[áa]nt[oa]s?|por\s+qu[ée]|"
    r"hay\s+(?:algo|alguna?|tareas?)|est[áa]\s+(?:terminad|hech|list|bloquead)|tiene\s+\w+\s+(?:algo|tareas))\b",
    re.I,
)
_NOT_UNDERSTOOD = "not understood: "
# What people add after a request that asks for nothing: "we're done with it", "he moved teams", "thanks".
_ASIDE = re.compile(
    r"^(?:he|she|they|we|we're|we've|we'll|i'm|i've|it's\s+been|that's\s+(?:all|it|great|fine)|thanks|thank\s+you|"
    r"cheers|that's\s+everything|waiting\s+(?:on|for)|pending|because|since|while\s+(?:we're|i'm)\s+at\s+it)\b|"
    r"^[\w' ]{1,40}?(?:'s|\s+is|\s+are|\s+was|\s+were)\s+(?:swamped|busy|out|off|sick|away|slammed|overloaded|booked|"
    r"sorted|confirmed|arranged|on\s+leave|on\s+vacation|done\s+with\s+it|finished\s+with\s+it|wrapped(?:\s+up)?|"
    r"over|behind\s+us|slipping|behind|delayed|running\s+late|late|stuck)$|"
    r"^(?:we're\s+|we\s+are\s+|i'm\s+|all\s+)?(?:done|finished|through)\s+with\s+.+$",
    re.I,
)
# A story before the request: "So I was talking to Sarah yesterday and we really need to get the campaign moving."
_NARRATIVE = re.compile(
    r"^(?:so\s+)?(?:i|we)\s+(?:was|were|had\s+been|have\s+been|'ve\s+been|just)\s+(?:talking|speaking|chatting|meeting|on\s+a\s+call)"
    r"\s+(?:to|with)\b",
    re.I,
)
_STRONG = re.compile(
    r"\b(?:urgent|priority|asap|due|deadline|today|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"blocked|blocks|private|public|restricted|assign|add|remove|create|cancel|archive)\b",
    re.I,
)
# A remark said around a request: "The printer is backed up.", "I'd hate for this to slip through the cracks."
_STATEMENT = re.compile(
    r"^(?:i\s+(?:think|feel|guess|suppose|believe|reckon|know|hate|love|worry)|i'd\s+(?:hate|love|like)|it'd|it\s+would|"
    r"it's|that's|this\s+is|there's|there\s+is|there\s+are|(?:the|our|my|this|that)\s+[\w'-]+(?:\s+[\w'-]+){0,4}\s+"
    r"(?:is|are|was|were|has|have|had|does|doesn't|isn't|aren't|won't|seems?|looks?|keeps?))\b",
    re.I,
)
# "urgent is too much, make that one high": a judgement on what was said, the next clause is the request
_TOO_MUCH = re.compile(
    r"^[\w' ]{1,30}?(?:'s|\s+is|\s+was)(?:\s+|(?=n't))(?:(?:a\s+bit\s+|way\s+|far\s+)?too\s+(?:much|high|low|early|late|soon|tight|"
    r"aggressive|strong)|overkill|a\s+bit\s+much|not\s+right|wrong|"
    r"(?:not|n't)\s+(?:that\s+|so\s+)?(?:urgent|important|a\s+priority|high\s+priority|critical)(?:\s+any\s*more)?)$|"
    r"^only\s+.+?\s+(?:should|needs?\s+to|can|may)\s+(?:see|know\s+about|access|read|be\s+in)\s+(?:it|this|that)$",
    re.I,
)
# "we're not hiring a designer anymore": the task the aside is about
_STOPPED = re.compile(
    r"\b(?:not|no\s+longer|stopped|dropped|froze|frozen|cancell?ed|scrapped|killed)\s+(?P<t>.+?)(?:\s+(?:any\s*more|now|after\s+all))?$",
    re.I,
)
_MEANINGFUL = re.compile(
    r"\b(?:urgent|priority|asap|due|deadline|today|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday|next|blocked|blocks|private|public|restricted|assign|add|remove|create|need|needs|should|must)\b",
    re.I,
)
_FUNCTION_WORDS = frozenset(
    "a an the to of in on at by for and or with it its this that these those is are be as due please also then "
    "so just now task tasks channel channels priority subtask subtasks both all each every them they"
    " thanks only just too well called named titled description category members privacy instead"
    " y de del la el los las para con a al en un una que one two three four five six seven eight nine ten".split()
)


_COMMAND_WORD = re.compile(
    rf"^(?:{VERB}|done|finished|complete|completed|started|blocked|urgent|high|low|medium|private|public|"
    r"restricted|paused|archived|review|progress|due|by|remind|me|assign|it|depends?|blocks?|waits?|requires?|follows?)$",
    re.I,
)


def _words(text: str) -> set[str]:
    """The content words of `text`: no function words, no command verbs or state words (a re-reading
    states those in other words: "mark X done" -> status completed)."""
    return {w for w in re.findall(r"[\w']+", text.lower()) if w not in _FUNCTION_WORDS and not _COMMAND_WORD.match(w)}


def _covered(words: set[str], mentioned: set[str]) -> bool:
    """Every word reappears in the plan, as said or as the start of a name ("Sara" in "Sarah Chen")."""
    return all(
        w in mentioned or any(len(w) >= 4 and (m.startswith(w) or w.startswith(m)) and len(m) >= 4 for m in mentioned)
        for w in words
    )


_REQUEST_VERB = re.compile(
    r"^(?:create|make|add|assign|reassign|unassign|give|hand|post|send|tell|message|remind|schedule|share|invite|remove|"
    r"archive|pause|rename|link|connect|push|mark|cancel|close|complete|finish|move)\s+(?!(?:is|are|was|were)\b)\S",
    re.I,
)


def _names_something(text: str, ctx: CommandContext) -> bool:
    """Whether a remark holds a word of a name the organisation uses (then it may be about that thing: not dropped)."""
    known = typos.known_words(ctx)
    return any(len(w) >= 3 and w in known and w not in _FUNCTION_WORDS for w in re.findall(r"[a-z]+", text.lower()))


def _unexplained_requests(plan: Plan) -> list[str]:
    """The clauses a reading did not understand that start with a request verb ("give lisa a task there …")."""
    out = []
    for doubt in plan.doubts:
        if doubt.startswith(_NOT_UNDERSTOOD):
            said = strip_leading(doubt[len(_NOT_UNDERSTOOD) :])[0]
            if _REQUEST_VERB.match(said):
                out.append(" ".join(re.findall(r"[\w']+", said.lower())))
    return out


def _later_requests(text: str) -> list[str]:
    """Sentences after the first that start with a request verb, as said (marks and all, they were meant)."""
    out = []
    for sentence in re.split(r"(?<=[\w'\")])[.;!?]+\s+", text)[1:]:
        said = strip_leading(normalize(sentence).text)[0]
        if _REQUEST_VERB.match(said) and len(said.split()) >= 3:
            out.append(" ".join(re.findall(r"[\w']+", said.lower())))
    return out


def _swallowed(requests: list[str], plan: Plan) -> bool:
    """A re-reading that puts a request the first reading could not place inside a message's words has not
    understood it: "post in X that the mockups are ready. give lisa a task there …" is not one message (nor is a
    reminder's "about the budget review, no wait, remind Mike")."""
    said = [
        " ".join(re.findall(r"[\w']+", (a.content if isinstance(a, SendMessage) else a.message).lower()))
        for a in plan.actions
        if isinstance(a, SendMessage | SetReminder)
    ]
    return any(r and r in s for r in requests for s in said)


def _unexplained_words(plan: Plan) -> set[str]:
    """Words of the clauses a reading did not understand (from its doubts)."""
    out: set[str] = set()
    for doubt in plan.doubts:
        if doubt.startswith(_NOT_UNDERSTOOD):
            out |= _words(doubt[len(_NOT_UNDERSTOOD) :])
    return out


def _mentioned(plan: Plan, ctx: CommandContext) -> set[str]:
    """Every word a plan puts to use: its titles, names, message texts, values, date phrases and the
    names of the people and things it refers to. A re-reading that is sure but drops words the first
    reading could not place ("… channel, Frobnicate the wombats") has hidden them, not explained them."""
    words: set[str] = set()
    for d in plan.dates:
        words |= _words(d.phrase)
    for action in plan.actions:
        for _, value in action:
            for v in value if isinstance(value, list) else [value]:
                if isinstance(v, str):
                    words |= _words(v)
                elif isinstance(v, UUID):
                    words |= _words(_entity_name(v, ctx))
    return words


def _entity_name(value: UUID, ctx: CommandContext) -> str:
    person = ctx.person(value)
    if person is not None:
        return person.full_name
    channel = ctx.channel(value)
    if channel is not None:
        return channel.name
    task = ctx.task(value)
    if task is not None:
        return task.title
    for resource in ctx.resources:
        if resource.id == value:
            return resource.name
    return next((c.name for c in ctx.categories if c.id == value), "")


def _parse(text: str, ctx: CommandContext) -> Plan:
    if not text or not text.strip():
        return Plan(error=PlanError(code="empty", message="The command was empty"), confidence=0.0)
    if len(text) > MAX_CHARS:
        return Plan(
            error=PlanError(
                code="too_long",
                message=f"That command is too long ({len(text)} characters; the limit is {MAX_CHARS})",
                details={"length": len(text), "limit": MAX_CHARS},
            ),
            confidence=0.0,
        )
    slips = 0
    if not ctx.language.startswith("es") and not looks_spanish(text):
        text, slips = typos.fix(text, typos.known_words(ctx))  # "creat task", "asign it to Tom"
    norm = normalize(text)
    spoken = norm.text
    language = "en"
    if ctx.language.startswith("es") or looks_spanish(spoken):
        if looks_spanish(spoken):
            language = "es"
            spoken = to_english(spoken, ctx)
    b = PlanBuilder(ctx=ctx, language=language)
    if norm.asr_fixes:
        b.penalize(ASR_FIX_PENALTY * norm.asr_fixes, "ASR corrections")
    if slips:
        b.penalize(ASR_FIX_PENALTY * slips, "typing slips corrected")
    unexplained: list[str] = []
    try:
        previous: list[object] = []
        grew: dict[tuple[int, str], list[UUID]] = {}
        clauses = split(spoken)
        for at, clause in enumerate(clauses):
            before = len(b.actions)
            lists = _people_lists(b)
            if not _read(clause, b):
                if at + 1 < len(clauses) and _topic_of_next(clause.text, clauses[at + 1].text, b):
                    # "Lisa's started on the website copy, so move it to in progress": what "it" will mean
                    b.penalize(0.0, f"aside: {clause.text}")
                    continue
                if (
                    (_ASIDE.match(clause.text) and not _MEANINGFUL.search(clause.text))
                    or _TOO_MUCH.match(clause.text)
                    or (_NARRATIVE.match(clause.text) and not _STRONG.search(clause.text))
                    or (
                        _STATEMENT.match(clause.text)
                        and not _STRONG.search(clause.text)
                        and not _MEANINGFUL.search(clause.text)
                        and not _names_something(clause.text, ctx)
                    )
                ):
                    b.penalize(0.0, f"aside: {clause.text}")  # "…, he moved teams": a reason, not a request
                    _focus_from_aside(clause.text, b)
                    continue
                unexplained.append(clause.text)
                b.penalize(UNEXPLAINED_PENALTY, f"{_NOT_UNDERSTOOD}{clause.text}")
                continue
            now_grew = _grown(lists, b)
            if clause.corrects:
                _retract(previous, before, b, also=bool(_ALSO.search(clause.text)))
                if not _ALSO.search(clause.text) and len(b.actions) == before:
                    _retract_people(grew, now_grew, b)
            previous = b.actions[before:]
            grew = now_grew
    except Unresolved as u:
        asked = read_question(text, ctx, language)
        if asked is not None and asked.query is not None:
            return asked  # "dime qué vence mañana" is no deadline of a task "dime qué": it asks
        return Plan(
            error=u.error,
            clarification=u.clarification,
            language=language,
            confidence=0.9 if u.error else 0.5,
            dates=b.dates,
        )
    if not b.actions:
        asked = read_question(text, ctx, language)  # "What is overdue?": answered, never run
        if asked is not None:
            return asked
        said = unexplained[0] if unexplained else text.strip()
        if language == "es" and _QUESTION_ES.search(norm.text):
            said = norm.text  # "¿Qué tareas tiene pendientes Priya?": quoted in the speaker's words
        if _QUESTION.match(said) or (language == "es" and _QUESTION_ES.search(said)):
            return Plan(
                error=PlanError(
                    code="question",
                    message=f"'{said[:120]}' is a question; I can only carry out requests, not answer questions yet",
                    details={"question": said[:500]},
                ),
                language=language,
                confidence=0.0,
            )
        return Plan(
            error=PlanError(
                code="not_understood",
                message=f"Sorry, I did not understand '{said[:120]}'",
                details={"unexplained": unexplained[:5]},
            ),
            language=language,
            confidence=0.0,
        )
    _drop_repeats(b)
    _drop_superseded(b)
    _merge_channel_updates(b)
    _merge_links(b)
    for doubt in doubts(b.actions, ctx, named=b.named):
        b.penalize(DOUBT_PENALTY, doubt)
    return b.build()


_UPDATES = {"UPDATE_CHANNEL", "UPDATE_TASK", "SET_DEADLINE"}
_TARGET_FIELDS = ("channel", "task", "status", "privacy", "priority", "name", "due_date", "estimated_hours")


def _drop_repeats(b: PlanBuilder) -> None:
    """The same action twice in one command (two readings of one request) is done once."""
    seen: list[dict[str, object]] = []
    for action in list(b.actions):
        kind = getattr(action, "type", "")
        if kind not in {"ASSIGN_USER", "SET_DEADLINE", "UPDATE_TASK", "UPDATE_CHANNEL", "ADD_MEMBER", "LINK_CHANNELS",
                        "CREATE_DEPENDENCY", "REMOVE_DEPENDENCY"}:
            continue
        key = action.model_dump(exclude={"id", "summary", "depends_on"})
        if key in seen:
            b.remove(action)
        else:
            seen.append(key)


_CHANNEL_FIELDS = ("name", "description", "status", "privacy", "category_id")


def _merge_channel_updates(b: PlanBuilder) -> None:
    """ "make the Q4 close channel private and file it under operations": one change of one channel."""
    for action in list(b.actions):
        if getattr(action, "type", "") != "UPDATE_CHANNEL" or action not in b.actions:
            continue
        for later in list(b.actions[b.actions.index(action) + 1 :]):
            if getattr(later, "type", "") != "UPDATE_CHANNEL" or later.channel != action.channel:
                continue
            mine = {f for f in _CHANNEL_FIELDS if getattr(action, f) is not None}
            theirs = {f for f in _CHANNEL_FIELDS if getattr(later, f) is not None}
            if mine & theirs:
                continue
            for f in theirs:
                setattr(action, f, getattr(later, f))
            action.summary = f"{action.summary}; {later.summary}"
            b.remove(later)


def _merge_links(b: PlanBuilder) -> None:
    """ "Connect Brand Refresh and Roadshow, Roadshow can only start once Brand Refresh is done": one link, of
    the kind the second clause says; a plain "related" link of the same two channels gives way to it."""
    links = [a for a in b.actions if getattr(a, "type", "") == "LINK_CHANNELS"]
    for plain in links:
        if plain.relationship_type != "related" or plain not in b.actions:
            continue
        pair = [plain.source, plain.target]
        if any(
            o is not plain and o.relationship_type != "related" and [o.source, o.target] in (pair, pair[::-1]) for o in links
        ):
            b.remove(plain)


def _drop_superseded(b: PlanBuilder) -> None:
    """ "It's done, mark it complete" / "we're done with X, archive it": two updates of the same field of the
    same thing in one command - the later one is what was meant; the earlier one is dropped."""
    for i, action in reversed(list(enumerate(b.actions))):
        kind = getattr(action, "type", "")
        if kind not in {"UPDATE_TASK", "UPDATE_CHANNEL"} or action not in b.actions:
            continue
        target = "task" if kind == "UPDATE_TASK" else "channel"
        fields = {f for f in _TARGET_FIELDS[2:] if getattr(action, f, None) is not None}
        for earlier in list(b.actions[:i]):
            if (
                getattr(earlier, "type", "") == kind
                and getattr(earlier, target) == getattr(action, target)
                and {f for f in _TARGET_FIELDS[2:] if getattr(earlier, f, None) is not None} <= fields
            ):
                b.remove(earlier)


_WHO_ON = {"ADD_MEMBER": "channel", "REMOVE_MEMBER": "channel", "ASSIGN_USER": "task", "UNASSIGN_USER": "task"}
_ALSO = re.compile(r"\b(?:also|too|as\s+well|in\s+addition)\b", re.I)


def _people_lists(b: PlanBuilder) -> dict[tuple[int, str], list[UUID]]:
    """The members of the channels and the assignees of the tasks this command makes, as they stand."""
    return {(i, f): list(v) for i, a in enumerate(b.actions) for f in ("members", "assignees")
            if isinstance(v := getattr(a, f, None), list)}


def _grown(before: dict[tuple[int, str], list[UUID]], b: PlanBuilder) -> dict[tuple[int, str], list[UUID]]:
    """Who a clause added to a new channel's members or a new task's assignees."""
    out = {}
    for key, now in _people_lists(b).items():
        added = [p for p in now if p not in before.get(key, [])]
        if added and key in before:
            out[key] = added
    return out


def _retract_people(earlier: dict[tuple[int, str], list[UUID]], now: dict[tuple[int, str], list[UUID]],
                    b: PlanBuilder) -> None:
    """ "create a channel X, add Priya, no wait, add Elena instead": Elena replaces Priya in the new channel."""
    for (i, field_name), said in now.items():
        taken_back = [p for p in earlier.get((i, field_name), []) if p not in said]
        if taken_back:
            people = getattr(b.actions[i], field_name)
            people[:] = [p for p in people if p not in taken_back]


def _retract(previous: list[object], start: int, b: PlanBuilder, also: bool = False) -> None:
    """ "Make Leadership public. Actually no, make it restricted.": the correction replaces the change.

    Only a single update right before the correction, replaced by updates of the same kind to the
    same thing (nothing refers to an update, so the later actions can simply move up one id).
    """
    new = b.actions[start:]
    if len(previous) != 1 or start == 0 or b.actions[start - 1] is not previous[0] or not new:
        return
    old = previous[0]
    kind = getattr(old, "type", "")
    if kind in _WHO_ON and not also and len(new) == 1 and getattr(new[0], "type", "") == kind:
        # "add Tom to Leadership, no wait, add Mike": the same change with another person
        where, said, taken_back = _WHO_ON[kind], cast(Any, new[0]), cast(Any, old)
        if getattr(said, where) == getattr(taken_back, where) and said.user_id != taken_back.user_id:
            b.remove(b.actions[start - 1])
        return
    if kind not in _UPDATES or any(getattr(a, "type", "") != kind for a in new):
        return
    target = "channel" if kind == "UPDATE_CHANNEL" else "task"
    changed = {f for f in _TARGET_FIELDS[2:] if getattr(old, f, None) is not None}
    if any(getattr(a, target) != getattr(old, target) for a in new):
        # "archive Leadership, no wait, archive Website Redesign": the same change, said of another thing
        same = [{f: getattr(a, f, None) for f in changed} for a in new]
        if also or len(new) != 1 or same[0] != {f: getattr(old, f, None) for f in changed}:
            return
    elif not any(getattr(a, f, None) is not None for a in new for f in changed):
        return
    b.remove(b.actions[start - 1])


def _read(clause: Clause, b: PlanBuilder) -> bool:
    text = clause.text
    if _QUESTION.match(text):
        return False  # "What is blocking the budget review?" asks; it orders nothing
    if _DONE_WITH_IT.match(text) and b.actions:
        return True  # "shut down the roadshow channel, we're done with it": why, not another request
    m = _UNDER_THEN.match(text)
    if m:
        b.pending_parent = entities.task(m["t"], b)
        text = m["rest"]
    if _names_only(text, b):
        return True  # "hire a designer, we're not doing that anymore, cancel it": the subject, said first
    place = next((p for p in (_PLACE_ONLY.match(text), _PLACE_THEN.match(text)) if p and _is_place(p["c"], b)), None)
    if place:
        # "In the Q4 close channel, create a task …" / "Over in Brand Refresh add Sarah and …"
        about_task = b.last_kind == "task"
        where = entities.channel(place["c"], b)
        if not place.groupdict().get("rest") and about_task:
            made = [t for ref in b.tasks if (t := b.new_task(ref)) is not None]
            if made:  # "Create a task called X for Elena. High priority. In Q4 Planning.": where it goes
                for task in made:
                    task.channel = where
                b.last_kind = "task"
                return True
        b.focus_channel(where)
        if not place.groupdict().get("rest"):
            return True
        text = place["rest"]
    for _name, reader in _READERS:
        dates, penalties = len(b.dates), len(b.penalties)
        if reader(text, clause, b):
            return True
        del b.dates[dates:], b.penalties[penalties:]  # a reader that passed leaves no trace
    return False


def answer(pending: Any, text: str, ctx: CommandContext) -> tuple[Plan, str] | None:
    """`text` as the answer to the speaker's pending question (`pipeline.intent.answers`): the plan of the
    original command with the answer in it, and the words it was read from; None if `text` answers nothing."""
    from pipeline.intent import answers

    def uses_all(said: str, plan: Plan) -> bool:
        return _covered(_words(said), _mentioned(plan, ctx))

    return answers.resolve(pending, text, lambda t: parse(t, ctx), _settled, uses_all)
