"""Dependencies between tasks: "A blocks B", "B follows A", "B requires A", "A and B in parallel".

`CREATE_DEPENDENCY(task=B, depends_on_task=A)` always means B waits on A. One side may be
several tasks ("budget review blocks the other two" -> one dependency per other task). A
side that names no task while the other side does is a new task, created next to it.

ASR choice: right after a command created tasks, "budget review blocks, no number two" (the
recogniser's "the other two") is read as "the others" when the unclear object carries the
count of the other new tasks ("two" for two) or sounds like "other(s)"/"rest"; confidence
drops by 0.15. Anything else unclear keeps the rule above (a new task) - a guess is only
made where the count confirms it. "once A is done, do B" and "B can't start until A is
done" are read with the state words ("is done") removed from the task names.
"""

from __future__ import annotations

import re
from uuid import UUID

from rapidfuzz import fuzz

from executor.plan import CreateDependency, CreateTask, DependencyType, EntityRef, RelationshipType
from pipeline.intent import channel_clauses, entities
from pipeline.intent.builder import PlanBuilder, ask, fail
from pipeline.intent.clauses import RELATION, Clause
from pipeline.intent.numbers import to_int
from pipeline.intent.references import is_others, is_task_pronoun, plural_tasks
from pipeline.intent.slots import clean_title

_LEAD = re.compile(
    r"^(?:make(?:\s+it\s+so\s+that)?|have|let|set\s+it\s+(?:up\s+)?so(?:\s+that)?|so\s+that|ensure\s+that|ensure)\s+",
    re.I,
)
# (pattern, type, waiting side): "first" means the first group waits on the second.
_RAW: tuple[tuple[str, DependencyType, str], ...] = (
    (
        r"^(?P<x>.+?)\s+(?:(?:is|are|was|were|will\s+be|should\s+be)\s+blocked\s+by|blocked\s+by|(?:needs?\s+to\s+|has\s+to\s+|have\s+to\s+|must\s+|should\s+|will\s+(?:have\s+to\s+)?)?waits?\s+(?:on|for|until)|"
        r"can(?:'t|not)\s+(?:start|begin|happen|go\s+ahead|go\s+out|ship|launch|be\s+done|be\s+sent)\s+(?:until|till|before|without)|"
        r"(?:should|must|will|shall)(?:\s+not|n't)\s+(?:start|begin)\s+(?:until|till|before)|"
        r"is\s+waiting\s+(?:on|for)|(?:is|are)\s+on\s+hold\s+until)\s+(?P<y>.+)$",
        "blocks",
        "first",
    ),
    (
        r"^(?P<x>.+?)\s+(?:blocks?|is\s+blocking|(?:should|will|must|would|has\s+to|needs\s+to|is\s+going\s+to)\s+block|must\s+(?:be\s+done|happen|finish|come|be\s+finished)\s+before|"
        r"(?:has|needs)\s+to\s+(?:be\s+done|be\s+finished|be\s+completed|be\s+complete|happen|finish|come)\s+before|"
        r"should\s+(?:be\s+done|be\s+finished|happen|come)\s+before|"
        r"comes?\s+before|goes\s+before|before)\s+(?P<y>.+)$",
        "blocks",
        "second",
    ),
    (
        r"^(?P<x>.+?)\s+(?:depends?\s+on|is\s+dependent\s+on|relies\s+on|requires?|needs)\s+(?P<y>.+)$",
        "requires",
        "first",
    ),
    (
        r"^(?P<x>.+?)\s+(?:(?:can|could|should|will|may|must)\s+(?:only\s+)?(?:start|begin|happen|go\s+ahead|kick\s+off)\s+"
        r"(?:after|once|when)|only\s+(?:starts?|begins?|happens?)\s+(?:after|once|when)|(?:starts?|begins?)\s+(?:after|once)|"
        r"follows?|should\s+follow|must\s+follow|comes?\s+after|goes\s+after|happens?\s+after|"
        r"(?:has|have|needs?)\s+to\s+(?:happen|come|go|run)\s+after|"
        r"(?:is|should\s+be|must\s+be)\s+(?:done\s+)?after|after)\s+(?P<y>.+)$",
        "follows",
        "first",
    ),
    (
        r"^(?P<x>.+?)\s+(?:(?:runs?|happens?|goes|is|are|can\s+run|should\s+run)\s+)?(?:in\s+parallel\s+with|"
        r"alongside|at\s+the\s+same\s+time\s+as|parallel\s+to|concurrently\s+with)\s+(?P<y>.+)$",
        "parallel",
        "first",
    ),
)
# "don't start the deck review until the press release is done": the first waits on the second
_RAW = (
    # "the books can't be closed until the accounts are reconciled" (the waiting side read as its task)
    (r"^(?P<x>.+?\s+can(?:'t|not)\s+be\s+[a-z]+ed)\s+(?:until|till|before)\s+(?P<y>.+)$", "blocks", "first"),
    # "let's only hire the designer once the website copy is updated"
    (r"^(?:let'?s\s+|we(?:'ll|\s+will|\s+should)\s+)?only\s+(?P<x>.+?)\s+(?:once|after|when)\s+(?P<y>.+)$", "follows", "first"),
    (
        r"^(?:don'?t|do\s+not|never|no\s+one\s+should)\s+(?:start|begin|kick\s+off|work\s+on)\s+(?P<x>.+?)\s+"
        r"(?:until|till|before|unless)\s+(?P<y>.+)$",
        "blocks",
        "first",
    ),
    *_RAW,
)
_PATTERNS = tuple((re.compile(p, re.I), t, side) for p, t, side in _RAW)
_BOTH_PARALLEL = re.compile(
    r"^(?:run\s+|do\s+|work\s+on\s+)?(?P<x>.+?)\s+and\s+(?P<y>.+?)\s+(?:(?:can|could|should|will|may)\s+)?"
    r"(?:be\s+done\s+|run\s+|happen\s+|go\s+|proceed\s+|be\s+worked\s+on\s+)?"
    r"(?:in\s+parallel|at\s+the\s+same\s+time|concurrently|side\s+by\s+side|together)$",
    re.I,
)
# "they can run in parallel", "the two can happen at the same time": the two tasks just spoken of
_THEY_PARALLEL = re.compile(
    r"^(?P<p>they|these|those|both(?:\s+of\s+them)?|the\s+two(?:\s+tasks)?|them|these\s+two|those\s+two|them\s+both)\s+"
    r"(?:(?:can|could|should|will|may)\s+)?(?:be\s+done\s+|run\s+|happen\s+|go\s+|proceed\s+)?"
    r"(?:in\s+parallel|at\s+the\s+same\s+time|concurrently|side\s+by\s+side)$",
    re.I,
)
# "once the invoices are done, (we can) start the budget review": the second waits on the first
_ONCE = re.compile(
    r"^(?:once|as\s+soon\s+as|when|after)\s+(?P<y>.+?),?\s+(?:(?:we|you|they|\w+)\s+(?:can|should|will|could)\s+)?"
    r"(?:then\s+)?(?:do|start|begin|kick\s+off|work\s+on|move\s+on\s+to|go\s+ahead\s+with|tackle)\s+(?P<x>.+)$",
    re.I,
)
# "the photos are done", "the logo review is finished": the task is meant, not its state
_DONE_STATE = re.compile(
    r"(?:\s+(?:is|are|has\s+been|have\s+been|gets|get)|'s|'re)\s+(?:done|finished|complete|completed|over|approved|signed\s+off|"
    r"wrapped\s+up|reconciled|ready|in)$|\s+(?:finishes|finish|wraps\s+up|lands|land|ships|ship|is\s+through)$",
    re.I,
)


_HOLD_UNTIL = re.compile(
    r"^(?:put|place|pause|freeze|suspend|shelve|archive)\b.*?(?:\bon\s+hold\s+)?\b(?:until|till)\s+(?:after\s+)?"
    r"(?:the\s+)?(?:holidays?|new\s+year|break|summer|winter|christmas|january|february|march|april|may|june|july|august|"
    r"september|october|november|december|next\s+\w+|further\s+notice|q[1-4])\b",
    re.I,
)
_FIRST = re.compile(r"(?<!\bthe)(?<!\bthe very)\s+(?:(?:to\s+be\s+)?(?:done|finished)\s+)?first$", re.I)  # "X needs Y (done) first"
# "before anyone starts on the Q4 report", "before we begin the launch plan": the task the work is on
_WORK_STARTS = re.compile(
    r"^(?:(?:anyone|anybody|someone|somebody|we|you|they|people|the\s+team|work|[a-z]+)\s+(?:can\s+|could\s+)?"
    r"(?:starts?|begins?|gets?\s+going|kicks?\s+off)\s+(?:work\s+)?(?:on|with)\s+|"
    r"(?:anyone|anybody|someone|somebody|we|you|they|people|the\s+team)\s+(?:can\s+|could\s+)?(?:starts?|begins?|kicks?\s+off)\s+)",
    re.I,
)
_NOTHING_ELSE = re.compile(r"^(?:nothing|none\s+of\s+the\s+others|no\s+other\s+tasks?)\s+(?:else\s+)?(?:can|should|may|will|must)\s+", re.I)
_RELATION_COMMA = re.compile(rf"(?P<r>{RELATION.pattern})\s*,\s*", re.I)
_OTHER_WORDS = ("other", "others", "rest", "remaining")


def read_dependency(text: str, clause: Clause, b: PlanBuilder) -> bool:
    body = _LEAD.sub("", text).strip(" ,.")
    if _HOLD_UNTIL.match(body):
        return False  # "put Brand Refresh on hold until after the holidays": a pause, not an order of tasks
    body = _RELATION_COMMA.sub(lambda m: m["r"] + " ", body)  # "budget review blocks, the other two"
    body = _NOTHING_ELSE.sub("the others can't ", body)  # "nothing else can start until X is done"
    pair = _THEY_PARALLEL.match(body)
    refs = plural_tasks(pair["p"], b, []) if pair else None
    if pair and refs is not None:
        if len(refs) != 2:
            raise ask("Which two tasks can run in parallel?", [b.task_title(r) for r in refs[:5]], said=pair["p"])
        b.add(CreateDependency(id="", task=refs[1], depends_on_task=refs[0], dependency_type="parallel",
                               summary=f"'{b.task_title(refs[1])}' parallel with '{b.task_title(refs[0])}'"))
        b.focus_tasks(list(refs))
        return True
    m = _BOTH_PARALLEL.match(body)
    if m and _channels(m["x"], m["y"], b):
        channel_clauses.link(entities.channel(m["x"], b), entities.channel(m["y"], b), "parallel", b)
        return True
    if m:
        _link(m["x"], m["y"], "parallel", "first", b)
        return True
    m = _ONCE.match(body)
    if m:
        _link(m["x"], _DONE_STATE.sub("", m["y"]), "follows", "first", b)
        return True
    for pattern, dep_type, side in _PATTERNS:
        m = pattern.match(body)
        if m:
            y_said = re.sub(r"\s+(?:can|could|may)\s+(?:start|begin|go\s+ahead)$|\s+(?:starts|begins)$", "", m["y"], flags=re.I)
            x, y = _DONE_STATE.sub("", m["x"]), _DONE_STATE.sub("", _FIRST.sub("", _WORK_STARTS.sub("", y_said)))
            if _channels(x, y, b):
                # "the roadshow channel comes after platform migration": an order between channels
                first, then = (y, x) if side == "first" and dep_type != "parallel" else (x, y)
                rel: RelationshipType = "parallel" if dep_type == "parallel" else "sequential"
                channel_clauses.link(entities.channel(first, b), entities.channel(then, b), rel, b)
                return True
            _link(x, y, dep_type, side, b)
            return True
    return False


def _channels(x: str, y: str, b: PlanBuilder) -> bool:
    """Both sides name channels (and at least one says "channel" or is surely a channel)."""
    if not (entities.names_channel(x, b) and entities.names_channel(y, b)):
        return False
    said = bool(re.search(r"\bchannel\b", f"{x} {y}", re.I)) or entities.clearly_channel(x, b)
    return said or (entities.find_task(x, b) is None and entities.find_task(y, b) is None)


def _side(phrase: str, b: PlanBuilder, besides: list[EntityRef]) -> list[EntityRef] | None:
    # "the travel policy one", "the audit to be done": the task said
    phrase = re.sub(r"^(?P<h>(?:the|that|this)\s+.+?)\s+one$", r"\g<h>", phrase.strip(), flags=re.I)
    phrase = re.sub(r"\s+to\s+be\s+(?:done|finished|complete|completed|over|wrapped\s+up|signed\s+off)$", "", phrase, flags=re.I)
    plural = plural_tasks(phrase, b, besides)
    if plural is not None:
        return plural or None
    if re.match(r"\s*(?:itself|themselves|each\s+other|one\s+another)\b", phrase, re.I):
        raise fail("self_dependency", "A task can't depend on itself", said=phrase)
    if is_task_pronoun(phrase):
        return [entities.task(phrase, b)]  # "…, it can only start once X is finished": never a task called "it"
    found = entities.find_task(phrase, b)
    if found is not None:
        return [found]
    parts = [p for p in re.split(r"\s*(?:,|\band\b|&)\s*", phrase) if p.strip()]
    if len(parts) > 1:
        refs = [entities.find_task(p, b) for p in parts]
        if all(refs):
            return [r for r in refs if r is not None]
    return None


# "the migration plan is written", "the photo shoot can happen": a state said of a task that exists
_STATE_TAIL = re.compile(
    r"\s+(?:(?:is|are|has\s+been|have\s+been|gets?|got)\s+(?:\w+ed|written|done|sent|signed|given|taken|seen|"
    r"drawn|chosen|made|built|set|up|out|through|back|over)(?:\s+(?:off|up|out|in|back))?|"
    r"(?:can|could|may|will)\s+(?:happen|start|begin|go\s+ahead|proceed|take\s+place|go\s+out|ship|launch|run|"
    r"be\s+\w+ed|be\s+done)|(?:takes?\s+place|happens|starts|begins))$",
    re.I,
)


# "the bank accounts are reconciled", "the books can't be closed": the task "reconcile the bank accounts"
_PASSIVE = re.compile(
    r"^(?P<obj>.+?)\s+(?:is|are|gets?|got|has\s+been|have\s+been|can(?:'t|not)\s+be|(?:should|must)(?:\s+not|n't)\s+be)"
    r"\s+(?P<v>[a-z]+ed)$",
    re.I,
)
# "we've hired the designer", "Sarah has updated the copy": the task "hire the designer"
_DONE_BY = re.compile(r"^(?:we(?:'ve|\s+have)?|you(?:'ve|\s+have)?|they(?:'ve|\s+have)?|[A-Z]\w+\s+has)\s+(?P<v>[a-z]+ed)\s+(?P<obj>.+)$")


def _bases(past: str) -> list[str]:
    """Verbs a past form may come from: "hired" -> hire, "booked" -> book, "planned" -> plan."""
    stem = past.lower()[:-2]
    out = [past.lower()[:-1], stem]
    if len(stem) > 2 and stem[-1] == stem[-2]:
        out.append(stem[:-1])
    if stem.endswith("i"):
        out.append(stem[:-1] + "y")
    return out


def _side_or_state(phrase: str, b: PlanBuilder, besides: list[EntityRef]) -> list[EntityRef] | None:
    """A side as named, else with a state said of it removed when that names an existing task, else read as
    the task done to it ("the bank accounts are reconciled", "we've hired the designer")."""
    found = _side(phrase, b, besides)
    if found is None and _STATE_TAIL.search(phrase):
        found = _side(_STATE_TAIL.sub("", phrase), b, besides)
    done = _PASSIVE.match(phrase.strip()) or _DONE_BY.match(phrase.strip())
    if found is None and done:
        obj = re.sub(r"^(?:the|a|an|our)\s+", "", done["obj"].strip(), flags=re.I)
        for verb in _bases(done["v"]):
            found = _side(f"{verb} the {obj}", b, besides)
            if found is not None:
                break
    return found


def _link(x: str, y: str, dep_type: DependencyType, waiting: str, b: PlanBuilder) -> None:
    x, y = (re.sub(r"\s+(?:too|as\s+well|also)$", "", side.strip(), flags=re.I) for side in (x, y))  # "… blocks X too"
    if is_others(x):  # "the others can't start until the budget review is done": the others besides it
        ys = _side_or_state(y, b, [])
        xs = _side_or_state(x, b, ys or [])
    else:
        xs = _side_or_state(x, b, [])
        ys = _side_or_state(y, b, xs or [])
    if xs is None and ys is not None:
        xs = _side_or_state(x, b, ys)
    if xs is None and ys is None:
        raise fail("unknown_task", f"There is no task called '{clean_title(x)}'", name=clean_title(x))
    if xs is None:
        assert ys is not None
        xs = [_new_next_to(x, ys[0], b)]
    if ys is None:
        others = _garbled_others(y, xs, b)
        ys = others if others else [_new_next_to(y, xs[0], b)]
    for side, other, said in ((ys, xs, y), (xs, ys, x)):
        if is_others(said) and any(r in side for r in other):
            # "make the movers one block the other two": the others are the ones besides the movers
            again = plural_tasks(said, b, list(other))
            if again is not None:
                side[:] = again
    waiters, blockers = (xs, ys) if waiting == "first" else (ys, xs)
    if all(w == d for w in waiters for d in blockers):
        # "…, and another to paint the lobby, make it follow that task": both sides came out as one task
        raise ask(f"Which task should '{b.task_title(waiters[0])}' wait for?", [], said=f"{x} / {y}", reason="same_task")
    for w in waiters:
        for d in blockers:
            if w == d:
                continue
            b.add(
                CreateDependency(
                    id="",
                    task=w,
                    depends_on_task=d,
                    dependency_type=dep_type,
                    summary=f"'{b.task_title(w)}' {dep_type} on '{b.task_title(d)}'",
                )
            )
    # the sentence's subject last: "make it depend on X and remind Sara about it" - it is the subject
    subject = xs if waiting == "first" else ys
    b.focus_tasks([*[r for r in [*waiters, *blockers] if r not in subject], *subject])


def _garbled_others(phrase: str, named: list[EntityRef], b: PlanBuilder) -> list[EntityRef] | None:
    """ "budget review blocks, no number two" (ASR for "the other two") right after tasks were made.

    Read as "the others" only when the named side is one of the tasks this command created and
    the unclear words carry the count of the other new tasks or sound like "other(s)"/"rest";
    confidence drops by 0.15 so the speaker can check.
    """
    made: list[EntityRef] = [t.ref for t in b.new_tasks]
    if not made or not all(r in made for r in named):
        return None
    others = [r for r in made if r not in named]
    words = re.findall(r"[\w']+", phrase.lower())
    if not others or not words or len(words) > 5:
        return None
    counted = any(to_int(w) == len(others) for w in words)
    sounds = any(len(w) >= 4 and fuzz.ratio(w, o) >= 80 for w in words for o in _OTHER_WORDS)
    if not (counted or sounds):
        return None
    b.penalize(0.15, f"read '{phrase.strip()}' as the other {len(others)} tasks")
    return others


def _new_next_to(phrase: str, neighbour: EntityRef, b: PlanBuilder) -> EntityRef:
    """A task named only in a relation ("Testing the rollback follows the migration plan")."""
    if re.match(r"^(?:the|that|this)\s+.+?\s+one$", phrase.strip(), re.I):
        return entities.task(phrase, b)  # "the lease one": a task already spoken of, never a new title
    title = clean_title(re.sub(r"^(?:the|a|an)\s+|\s+task$", "", phrase.strip(), flags=re.I))
    if re.match(r"(?:it|he|she|i|you|those|these)\b", title, re.I) or re.search(r"\b(?:they|we)\b", title, re.I):
        # "they happen one after the other": a remark about things named before, never a new task
        raise fail("not_understood", f"Sorry, I could not tell which task '{phrase.strip()}' means", said=phrase.strip())
    if not title or len(title.split()) > 12:
        raise fail("unknown_task", f"There is no task called '{phrase.strip()}'", name=phrase.strip())
    if re.search(r"\b(?:is|are|was|were|has|have|had|be|been|will|should|can)$", title, re.I):
        raise fail("not_understood", f"Sorry, I could not tell which task '{phrase.strip()}' means", said=phrase.strip())
    if len(title.split()) == 1:
        # "… until primera": one word named only in a relation is a reference we could not place, not a new task
        raise ask(f"Which task do you mean by '{title}'?", [t.title for t in b.ctx.tasks[:5]], said=title, reason="one_word")
    titles = [t.title for t in b.ctx.tasks] + [t.action.title for t in b.new_tasks]
    near = [t for t in titles if fuzz.token_set_ratio(title.lower(), t.lower()) >= 75]
    if near:
        # "It depends on the phone page copy" with "write the new home page copy": one misheard word, not a new task
        raise ask(f"Which task do you mean by '{title}'?", near[:5], said=title, reason="near_existing")
    new = b.new_task(neighbour)
    if new is not None:
        channel: EntityRef | None = new.channel
    else:
        found = b.ctx.task(neighbour) if isinstance(neighbour, UUID) else None
        channel = found.channel_id if found else None
    b.penalize(0.15, f"created task '{title}' named in a dependency")
    b.add(CreateTask(id="", title=title, channel=channel, summary=f"Create task '{title}'"))
    return b.new_tasks[-1].ref
