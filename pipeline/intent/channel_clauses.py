"""Clauses about channels: create, add/remove members, pause/archive/resume, privacy, rename, link.

Naming rule for a new channel (what a CEO expects to see in the sidebar):
"called/named X" -> X; otherwise "for X" -> X without its article ("a sales channel for the
spring roadshow" -> "spring roadshow"); otherwise the words before "channel" that are not a
category or privacy ("a Q1 launch channel" -> "Q1 launch"); otherwise the category name
("a marketing channel" -> "Marketing"). The category always comes from its adjective.
"""

from __future__ import annotations

import re
from uuid import UUID

from executor.plan import (
    AddMember,
    ChannelStatus,
    CreateChannel,
    EntityRef,
    LinkChannels,
    MemberRole,
    Privacy,
    RelationshipType,
    RemoveMember,
    TaskStatus,
    UnassignUser,
    UpdateChannel,
    UpdateTask,
)
from pipeline.intent import entities
from pipeline.intent.builder import PlanBuilder, ask
from pipeline.intent.clauses import Clause
from pipeline.intent.context import CategoryRef
from pipeline.intent.references import is_channel_pronoun, is_task_pronoun
from pipeline.intent.slots import clean_title

_CREATE = re.compile(
    r"^(?:(?:create|make|start|open|set\s+up|setup|spin\s+up|build|new|launch|begin)\s+"
    r"(?:(?:a|an|one|new|another|brand\s+new)\s+)*|(?:add|new)\s+(?:a|an|one|another)\s+(?:new\s+)?)"
    r"(?P<adj>[^,;]*?)\s*\b(?:channel|chanel|room|workspace)\b(?P<rest>.*)$",
    re.I,
)
_PRIVACY: dict[str, Privacy] = {
    "private": "private",
    "secret": "private",
    "restricted": "restricted",
    "confidential": "restricted",
    "public": "public",
    "open": "public",
}
_CALLED = re.compile(
    r"\b(?:called|named|titled|name\s+it|call\s+it)\s+(?P<name>.+?)(?=\s+(?:with|about|in\s+the\s+\w+\s+category)\b|$)",
    re.I,
)
_WITH = re.compile(r"\b(?:with|including|for)\s+(?P<who>.+?)(?=\s+(?:about|called|named)\b|$)", re.I)
_FOR = re.compile(r"^\s*(?:for|about|on)\s+(?P<what>[^,;]+?)(?=\s+(?:with|called|named)\b|\s*[,;]|$)", re.I)
_IN_CATEGORY = re.compile(
    r"\b(?:in|under)\s+(?:the\s+)?(?P<cat>[\w ]+?)\s+(?:category|department|team)\b", re.I
)
_ABOUT = re.compile(
    r"(?:,?\s*\bdescription\s+(?:is|should\s+be|will\s+be)|\s[-–]\s+description\s*:?|\babout|,?\s*\bwith\s+(?:a|the)\s+description(?:\s+of)?|,?\s*\bdescription\s*:?|,?\s*\bdescribed\s+as|"
    r",?\s*\bpurpose\s*:)\s+(?P<desc>.+)$",
    re.I,
)


def read_create(text: str, clause: Clause, b: PlanBuilder) -> bool:
    m = _CREATE.match(text)
    if not m or re.search(r"\b(?:to|in|into|from|the|this|that|it)\b", m["adj"], re.I):
        return False
    if re.fullmatch(r"\s*(?:private|public|restricted)\s*", m["rest"], re.I):
        return False  # "make sales channel private" changes an existing channel
    privacy: Privacy = "public"
    category = None
    name_words: list[str] = []
    adj = m["adj"]
    named_as = re.match(r"^(?P<name>\S.*?)\s+as\s+(?:a|an|our|the)\b\s*(?P<kind>.*)$", adj, re.I)
    if named_as:  # "set up Q1 Launch as a marketing channel": the name, then what kind of channel it is
        name_words.extend(named_as["name"].split())
        adj = named_as["kind"]
    for cm in entities.CATEGORY_RE.finditer(adj):
        category = category or entities.category(cm[0], b.ctx.categories)
    for word in entities.CATEGORY_RE.sub(" ", adj).split():
        w = word.lower().strip(",")
        if w in _PRIVACY:
            privacy = _PRIVACY[w]
        elif w not in {"new", "a", "an", "the", "team", "department", "dedicated", "separate", "own"}:
            name_words.append(word)
    rest = m["rest"].strip(" ,")
    members: list[UUID] = []
    name = ""
    cat_m = _IN_CATEGORY.search(rest)
    if cat_m and (found := entities.category(cat_m["cat"], b.ctx.categories)):
        category = found
        rest = (rest[: cat_m.start()] + rest[cat_m.end() :]).strip()
    called = _CALLED.search(rest)
    if called:
        name = clean_title(called["name"])
        rest = (rest[: called.start()] + " " + rest[called.end() :]).strip()
    elif not re.match(r"^(?:for|about|on|with|including|in|under|to)\b", rest, re.I) and rest:
        # "a channel Vendor Onboarding under Operations": the name right after "channel"
        head, _, tail = [*re.split(r"(\s*[,;]\s*)", rest, maxsplit=1), "", ""][:3]
        bare = _name_before_people(head, b)
        if bare and not entities.looks_like_people(bare, b) and bare.lower() not in _PRIVACY:
            name = clean_title(bare)
            rest = (head[len(bare) :] + (", " + tail if tail else "")).strip(" ,")
    if name and name_words:
        # "create privte channel Board Prep": the name was said elsewhere, so a word before "channel" that is
        # neither a category nor a privacy is not understood (a misspelt "private" must not become public)
        b.penalize(0.45, "unexplained words before 'channel': " + " ".join(name_words))
    for_m = _FOR.match(rest)
    said_category = (
        entities.category(for_m["what"].strip(), b.ctx.categories)
        if for_m and entities.CATEGORY_RE.fullmatch(for_m["what"].strip())
        else None
    )
    if for_m and said_category is not None and category is None:
        category = said_category  # "a new channel for engineering, call it api gateway"
        rest = rest[for_m.end() :].strip()
    elif for_m and not entities.looks_like_people(for_m["what"], b):
        if not name:
            name = clean_title(re.sub(r"^(?:the|a|an|our)\s+", "", for_m["what"].strip(), flags=re.I))
        rest = rest[for_m.end() :].strip()
    said_desc = _ABOUT.search(name) if name else None
    if said_desc and said_desc.start() > 0:
        rest = f"{rest} about {said_desc['desc']}".strip()
        name = name[: said_desc.start()].strip(" ,")
    while "," in name:  # "named Exec Comp, just Elena": the people after the name are members
        head, _, tail = name.rpartition(",")
        if not entities.looks_like_people(_ONLY.sub("", tail.strip()), b):
            break
        name, rest = head.strip(), f"{rest}, {tail.strip()}".strip(" ,")
    if name:
        name, tail_category, tail_privacy = _name_tail(name, b)
        category = tail_category or category
        privacy = tail_privacy or privacy
    with_m = _WITH.search(rest)
    if with_m and re.match(r"(?:a|the)\s+description\b", with_m["who"], re.I):
        with_m = None  # "with a description of …" is the description, not members
    if with_m:
        who, settings = with_m["who"], list[str]()
        while "," in who and (last := who.rpartition(",")[2].strip()).lower() in _PRIVACY:
            who, settings = who.rpartition(",")[0], [last, *settings]  # "with Sarah and Lisa, public"
        members = entities.people(_ONLY.sub("", who), b)
        rest = ", ".join([(rest[: with_m.start()] + rest[with_m.end() :]).strip(), *settings]).strip(" ,")
    # "new channel for the holiday party, Elena and Lisa, private": loose pieces after the name
    kept: list[str] = []
    for piece in re.split(r"\s*[,;]\s*", rest):
        word = piece.strip().lower()
        if word in _PRIVACY:
            privacy = _PRIVACY[word]
        elif piece.strip() and entities.looks_like_people(said := _ONLY.sub("", piece), b):
            members = list(dict.fromkeys([*members, *entities.people(said, b)]))
        else:
            kept.append(piece)
    rest = ", ".join(p for p in kept if p.strip())
    loose = entities.CATEGORY_RE.search(rest)
    if category is None and loose and loose[0].lower() not in {"people", "dev", "tech", "eng"}:
        category = entities.category(loose[0], b.ctx.categories)  # "a new channel, engineering, called …"
    desc_m = _ABOUT.search(rest)
    description = clean_title(desc_m["desc"]) if desc_m else None
    _penalize_leftovers(rest[: desc_m.start()] if desc_m else rest, loose, b)
    if not name:
        name = " ".join(name_words).strip() or (category.name if category else "")
    if not name:
        raise ask("What should the channel be called?", [])
    if called:
        b.named.add(name)  # "called Tom's Corner": the speaker said where the name is
    who = [p.first_name for m in members if (p := b.ctx.person(m)) is not None]
    b.add(
        CreateChannel(
            id="",
            name=name[:200],
            description=description,
            category_id=category.id if category else None,
            privacy=privacy,
            members=members,
            summary=f"Create {privacy} channel '{name}'" + (f" in {category.name}" if category else "")
            + (f" with {', '.join(who)}" if who else ""),
        )
    )
    return True


_LEFTOVER_FILLER = frozenset(
    "and a an the one new channel please now too also for us me our it then so right okay ok".split()
)


_NAME_TAIL_CATEGORY = re.compile(
    rf"(?:\s*,\s*|\s+)(?:(?:filed|listed|put|kept|placed)\s+)?(?:(?:under|in|into|for|within|inside)\s+(?:the\s+)?"
    rf"(?P<a>{entities.CATEGORY_RE.pattern})(?:\s+(?:category|department|team|group))?|"
    rf"(?:category|department|dept)\s*:?\s+(?P<b>{entities.CATEGORY_RE.pattern}))\s*$",
    re.I,
)
_NAME_TAIL_BRACKET = re.compile(rf"\s*\((?P<c>{entities.CATEGORY_RE.pattern})\)\s*[-–]?\s*$", re.I)
_NAME_TAIL_PRIVACY = re.compile(r"\s*,\s*(?:and\s+)?(?:make\s+it\s+|keep\s+it\s+)?(?P<p>private|public|restricted|secret|"
                                r"confidential)\s*$", re.I)


def _name_tail(name: str, b: PlanBuilder) -> tuple[str, CategoryRef | None, Privacy | None]:
    """ "Audit Prep in Finance", "Partner Summit, category Sales", "Key Accounts, private": the category or
    privacy said after the name belongs to the channel, not to its name."""
    category: CategoryRef | None = None
    privacy: Privacy | None = None
    while True:
        cm = _NAME_TAIL_CATEGORY.search(name) or _NAME_TAIL_BRACKET.search(name)
        pm = _NAME_TAIL_PRIVACY.search(name)
        said = cm and (cm.groupdict().get("a") or cm.groupdict().get("b") or cm.groupdict().get("c"))
        if cm and said and cm.start() > 0 and (found := entities.category(said, b.ctx.categories)):
            category, name = category or found, name[: cm.start()].strip(" ,")
        elif pm and pm.start() > 0:
            privacy, name = privacy or _PRIVACY[pm["p"].lower()], name[: pm.start()].strip(" ,")
        else:
            return name, category, privacy


_ONLY = re.compile(r"^\s*(?:just|only|with|including|plus)\s+|\s+(?:only|too|as\s+well|in\s+it|on\s+it|in\s+there)\s*$",
                   re.I)


def _name_before_people(head: str, b: PlanBuilder) -> str:
    """The words of "Payroll Audit just Priya and Elena" / "Launch with Tom" before the people."""
    m = re.search(r"\s+(?:with|including|just|only|and)\s+", head, re.I)
    if m and entities.looks_like_people(head[m.end() :], b):
        return head[: m.start()]
    return head


def _penalize_leftovers(rest: str, loose: re.Match[str] | None, b: PlanBuilder) -> None:
    """Words of a channel request that became neither name, members, privacy nor description
    (speech the recogniser garbled: "… human resources and we love well would be …") lower the
    confidence, so a spoken command like that is asked again rather than half-done."""
    if loose is not None:
        rest = rest[: loose.start()] + rest[loose.end() :]
    words = [w for w in re.findall(r"[^\W\d_]+", rest) if w.lower() not in _LEFTOVER_FILLER]
    if words:
        person = any(entities.person_or_none(w, b) for w in words)  # a member lost in the leftovers
        setting = any(w.lower() in _PRIVACY for w in words)  # "HR category private": a privacy lost
        amount = 0.45 if person or setting else min(0.5, 0.15 * len(words))
        b.penalize(amount, "unexplained words in the channel request: " + " ".join(words))


_ADD = re.compile(
    r"^(?P<only>only\s+|just\s+)?(?:add|put|invite|include|bring(?:\s+in)?|loop(?:\s+in)?|get|ad|sign\s+up)\s+(?P<who>.+?)"
    r"(?:\s+(?:to|in|into|on|onto|inside|two)\s+(?P<where>.+?))?"
    r"(?:\s+as\s+(?:an?\s+)?(?P<role>owners?|managers?|admins?|members?|leads?|moderators?|observers?|viewers?|"
    r"guests?|participants?))?"
    r"(?:\s+(?:too|as\s+well|also|in|aboard|on\s+board))?$",
    re.I,
)
_ROLE: dict[str, MemberRole] = {
    "owner": "owner",
    "manager": "manager",
    "admin": "manager",
    "lead": "manager",
    "moderator": "manager",
}


_GROUP_OF = re.compile(
    r"\b(?:everyone|everybody|all(?:\s+(?:the|of\s+the))?\s+(?:members|people|folks)|the\s+(?:whole\s+)?(?:\w+\s+)?team)"
    r"\s+(?:in|from|on|of)\b",
    re.I,
)
_HERE_TAIL = re.compile(r"\s+(?:in\s+)?(?:here|there)$", re.I)


_AS_ROLE_OF = re.compile(
    r"\s+as\s+(?:an?\s+)?(?:the\s+)?(?P<role>owners?|managers?|admins?|leads?|moderators?|members?)\s+"
    r"(?:of|in|for|on)\s+(?P<where>.+)$",
    re.I,
)


def read_add_member(text: str, clause: Clause, b: PlanBuilder) -> bool:
    here = _HERE_TAIL.search(text)
    if here:
        text = text[: here.start()] + " to here"
    as_of = _AS_ROLE_OF.search(text)
    if as_of:  # "add Mike as owner of the general channel"
        text = f"{text[: as_of.start()]} to {as_of['where']} as {as_of['role']}"
    m = _ADD.match(text)
    if m and _GROUP_OF.search(text):
        # "add everyone in this channel to Roadshow": the members of a channel are not in the snapshot
        raise ask("Who exactly should I add? Please name the people.", [], said=text, reason="group")
    if not m or re.search(r"\b(?:tasks?|subtasks?|channel)\b", m["who"], re.I):
        return False
    who_phrase = m["who"]
    if m["where"] and is_task_pronoun(who_phrase) and b.last_kind == "task" and b.tasks:
        # "Tom needs to renew the certificates, put that in Platform Migration": where the new task goes
        made = b.new_task(b.tasks[-1])
        if made is None:
            raise ask("I can't move a task to another channel yet. Should I create a new one there?", [],
                      said=text, reason="move_task")
        made.channel = entities.channel(m["where"], b)
        return True
    if not entities.looks_like_people(who_phrase, b):
        res = entities.resource(who_phrase, b)
        if res is not None:
            from pipeline.intent.comms_clauses import share

            share(res, m["where"] or "here", "SHARE_RESOURCE", b)
            return True
    people = entities.people(who_phrase, b)
    where = m["where"] or ""
    about_task = (is_task_pronoun(where) and (b.last_kind == "task" or (
        b.last_kind is None and b.ctx.conversation.last_kind == "task"))) or (
        bool(where) and not entities.names_channel(where, b) and entities.find_task(where, b) is not None
    )
    if about_task and (not m["role"] or m["role"].lower().rstrip("s") in ("owner", "lead")):
        # ("make Sarah the owner of the Q4 report": the one who does a task is its assignee)
        # "Add Sarah to Update website copy as well", "… and add David to it" (it = the task): an assignee
        from pipeline.intent.task_updates import assign_people

        assign_people(where, people, b)
        return True
    channel = entities.channel(m["where"] or "here", b)
    role = _ROLE.get((m["role"] or "member").lower().rstrip("s"), "member")
    new = b.new_channel(channel)
    if new is not None and role == "member":
        new.members = people if m["only"] else list(dict.fromkeys([*new.members, *people]))
        return True
    for uid in people:
        b.add(
            AddMember(
                id="",
                channel=channel,
                user_id=uid,
                role=role,
                summary=f"Add {b.person_name(uid)} to {b.channel_name(channel)}",
            )
        )
    return True


_REMOVE = re.compile(
    r"^(?:remove|take|kick|drop|pull|unassign)\s+(?P<who>.+?)\s+(?:off\s+of|off|out\s+of|from)\s+(?P<where>.+)$",
    re.I,
)


def read_remove(text: str, clause: Clause, b: PlanBuilder) -> bool:
    m = _REMOVE.match(text)
    if not m:
        return False
    who, where = m["who"], m["where"]
    if not entities.looks_like_people(who, b):
        # "take the website copy off Lisa": the task first, the person after "off"
        if not (
            re.match(r"^(?:take|pull|remove)\b", text, re.I)
            and re.search(r"\s+off\s", text, re.I)
            and entities.looks_like_people(where, b)
            and entities.find_task(who, b) is not None
        ):
            return False
        who, where = where, who
    people = entities.people(who, b)
    is_channel = bool(re.search(r"\bchannel\b", where, re.I)) or (
        is_channel_pronoun(where) and b.last_kind == "channel"
    )
    task = None if is_channel else entities.find_task(where, b)
    conv_task = b.last_kind is None and b.ctx.conversation.last_kind == "task"
    if task is None and not is_channel and is_task_pronoun(where) and (b.last_kind == "task" or conv_task):
        task = entities.task(where, b)  # "take Tom off it" right after a command about a task
    if task is not None or (not is_channel and text.lower().startswith("unassign")):
        refs = [task] if task is not None else entities.tasks(where, b)
        for ref in refs:
            for uid in people:
                b.add(UnassignUser(id="", task=ref, user_id=uid, summary=f"Unassign {b.person_name(uid)}"))
        b.focus_tasks(list(refs))  # "Priya's off the Q4 report, give it to Mike": it = that task
        return True
    channel = entities.channel(where, b)
    for uid in people:
        b.add(RemoveMember(id="", channel=channel, user_id=uid, summary=f"Remove {b.person_name(uid)}"))
    return True


_STATUS_VERB = re.compile(
    r"^(?P<v>pause|archive|unarchive|resume|reactivate|unpause|restore|activate|freeze|unfreeze|suspend|"
    r"put\s+on\s+hold|shelve|close\s+down|shut\s+down)\s+(?P<ch>.+?)(?:\s+(?:for\s+now|again|for\s+the\s+time\s+being|"
    r"for\s+a\s+(?:while|bit)|(?P<until>(?:until|till|through)\s+[\w ]{2,30})))?$",
    re.I,
)
_ON_HOLD = re.compile(
    r"^(?:put|place)\s+(?P<ch>.+?)\s+on\s+hold(?:\s+(?:for\s+now|(?P<until>(?:until|till|through)\s+[\w ]{2,30})))?$", re.I
)
_VERB_STATUS: dict[str, ChannelStatus] = {
    "pause": "paused",
    "freeze": "paused",
    "suspend": "paused",
    "put": "paused",
    "place": "paused",
    "archive": "archived",
    "shelve": "archived",
    "close": "archived",
    "shut": "archived",
}


_TASK_STATUS: dict[str, TaskStatus] = {
    "paused": "blocked",
    "archived": "cancelled",
    "active": "todo",
    "completed": "completed",
}


def read_channel_status(text: str, clause: Clause, b: PlanBuilder) -> bool:
    m = _STATUS_VERB.match(text) or _ON_HOLD.match(text)
    if not m:
        return False
    verb = text.split()[0].lower()
    status: ChannelStatus = _VERB_STATUS.get(verb, "active")
    phrase = m["ch"]
    if not entities.names_channel(phrase, b) and (
        re.search(r"\btask\b", phrase, re.I) or entities.has_task(phrase, b)
    ):
        task_status = _TASK_STATUS[status]
        for ref in entities.tasks(phrase, b):
            b.add(
                UpdateTask(
                    id="", task=ref, status=task_status, summary=f"Set '{b.task_title(ref)}' {task_status}"
                )
            )
        return True
    until = m.groupdict().get("until")
    # "pause q4 close until january": nothing resumes a channel by itself, so the summary says when to
    note = f" ({until.strip()}: resume it then)" if until else ""
    for channel in _several_channels(phrase, b) or [entities.channel(phrase, b)]:
        b.add(
            UpdateChannel(
                id="", channel=channel, status=status, summary=f"Set {b.channel_name(channel)} {status}{note}"
            )
        )
    return True


def _several_channels(phrase: str, b: PlanBuilder) -> list[EntityRef] | None:
    """ "the Website Redesign and Q4 Planning channels", "Q4 Planning, General and Leadership": each names a channel."""
    if entities.names_channel(phrase, b) and not re.search(r"channels", phrase, re.I):
        return None
    body = re.sub(r"^(?:both\s+)?(?:the\s+)?|\s+channels?$", "", phrase.strip(), flags=re.I)
    parts = [re.sub(r"^(?:the\s+)?|\s+channel$", "", p, flags=re.I) for p in re.split(r"\s*,\s*(?:and\s+)?|\s+(?:and|&)\s+", body)]
    if len(parts) < 2 or not all(p and entities.names_channel(p, b) for p in parts):
        return None
    return [entities.channel(p, b) for p in parts]


_MAKE_PRIVACY = re.compile(
    r"^(?:make|set|mark|turn|switch|change|flip|keep)\s+(?P<ch>.+?)\s+(?:to\s+|as\s+|into\s+)?(?:an?\s+)?"
    r"(?P<p>private|restricted|public|secret|confidential)(?:\s+channel)?"
    r"(?:\s+(?:again|now|for\s+now|from\s+now\s+on|instead|too|as\s+well))?$",
    re.I,
)


_RECATEGORISE = re.compile(
    rf"^(?:(?:move|put|file|place|recategori[sz]e|change|set)\s+(?P<ch>.+?)|(?P<ch2>.+?)\s+(?:should\s+be|belongs|goes))\s+"
    rf"(?:under|into|in|to|as)\s+(?:the\s+)?(?P<cat>{entities.CATEGORY_RE.pattern})(?:\s+(?:category|department|team))?"
    rf"(?:\s+(?:now|instead|too))?(?:\s*,?\s+not\s+(?:in\s+)?\w+)?$",
    re.I,
)


_BARE_CATEGORY = re.compile(
    rf"^(?:(?:it's|it\s+is)\s+)?(?:(?:filed\s+)?(?:under|in|into|for)\s+(?:the\s+)?|category\s*:?\s*)?"
    rf"(?P<cat>{entities.CATEGORY_RE.pattern})"
    r"(?:\s+(?:category|department|team))?$",
    re.I,
)


def _channel_tail(text: str, b: PlanBuilder) -> bool:
    """ "…called Partner Summit; category Sales, with Lisa and Mike" / "HR. Elena only.": a sentence of loose
    details right after a channel made in this command (category, privacy, members, description)."""
    created = b.new_channel(b.channel) if b.last_kind == "channel" and b.channel is not None else None
    if created is None:
        return False
    category, privacy, members, description = None, None, [], None
    for piece in [p.strip() for p in re.split(r"\s*[,;]\s*|\s+and\s+(?=(?:make|keep)\b)", text) if p.strip()]:
        bare = _BARE_CATEGORY.match(piece)
        who = _ONLY.sub("", piece)
        word = re.sub(r"^(?:make\s+it|keep\s+it|it's|it\s+is)\s+", "", piece, flags=re.I).lower()
        if bare and (found := entities.category(bare["cat"], b.ctx.categories)):
            category = found
        elif word in _PRIVACY:
            privacy = _PRIVACY[word]
        elif who and entities.looks_like_people(who, b):
            members += entities.people(who, b)
        elif desc := _ABOUT.match(" " + piece):
            description = clean_title(desc["desc"])
        else:
            return False
    if category is not None:
        created.category_id = category.id
    if privacy is not None:
        created.privacy = privacy
    if members:
        created.members = list(dict.fromkeys([*created.members, *members]))
    if description:
        created.description = description
    return True


def read_category(text: str, clause: Clause, b: PlanBuilder) -> bool:
    """ "Move Website Redesign under Sales", "put it under sales" (it = the channel just made), and a bare
    "…, under marketing" / "HR." after a channel made in this command."""
    if _channel_tail(text, b):
        return True
    m = _RECATEGORISE.match(text)
    said = (m["ch"] or m["ch2"]) if m else ""
    if not m or not (entities.names_channel(said, b) or (is_channel_pronoun(said) and b.last_kind != "task")):
        return False
    category = entities.category(m["cat"], b.ctx.categories)
    if category is None:
        return False
    channel = entities.channel(said, b)
    created = b.new_channel(channel)
    if created is not None:
        created.category_id = category.id
    else:
        b.add(UpdateChannel(id="", channel=channel, category_id=category.id,
                            summary=f"Move {b.channel_name(channel)} to {category.name}"))
    return True


def read_privacy(text: str, clause: Clause, b: PlanBuilder) -> bool:
    m = _MAKE_PRIVACY.match(text)
    if not m or re.match(r"^(?:a|an)\s", m["ch"], re.I):
        return False
    channel = entities.channel(m["ch"], b)
    privacy = _PRIVACY[m["p"].lower()]
    b.change_channel(channel, f"Make {b.channel_name(channel)} {privacy}", privacy=privacy)
    return True


_RENAME = re.compile(
    r"^(?:rename|retitle|change\s+(?:the\s+)?(?:name|title)\s+of|update\s+(?:the\s+)?(?:name|title)\s+of)\s+"
    r"(?P<x>.+?)\s+(?:to|as|into)\s+(?P<new>.+)$",
    re.I,
)
# "Call it Enterprise Q1." as its own sentence, after the channel or task it names was made
_CALL_IT = re.compile(
    r"^(?:call|name|title|rename)\s+(?P<x>(?:the|this|that)\s+(?:new\s+)?(?:channel|task)|this\s+one|it|that|this)\s+"
    r"(?:to\s+|as\s+)?(?P<new>.+)$", re.I
)


def read_rename(text: str, clause: Clause, b: PlanBuilder) -> bool:
    m = _RENAME.match(text) or _CALL_IT.match(text)
    if not m:
        return False
    phrase, new_name = m["x"], clean_title(m["new"])
    if not new_name:
        return False
    recent_task = b.last_kind is None and b.ctx.conversation.last_kind == "task" and is_task_pronoun(phrase)
    wants_channel = bool(re.search(r"\bchannel\b", phrase, re.I)) or (
        is_channel_pronoun(phrase) and b.last_kind != "task" and not re.search(r"\btask\b", phrase, re.I)
        and not recent_task
    )
    if not wants_channel:
        task = entities.find_task(phrase, b) if not is_channel_pronoun(phrase) else None
        if task is not None or re.search(r"\btask\b", phrase, re.I) or b.last_kind == "task" or recent_task:
            ref = task or entities.task(phrase, b)
            new = b.new_task(ref)
            if new is not None:
                new.title = new_name
            else:
                b.add(
                    UpdateTask(
                        id="",
                        task=ref,
                        title=new_name,
                        summary=f"Rename '{b.task_title(ref)}' to '{new_name}'",
                    )
                )
            return True
    channel = entities.channel(phrase, b)
    b.change_channel(channel, f"Rename {b.channel_name(channel)} to '{new_name}'", name=new_name)
    return True


_LINK = re.compile(
    r"^(?:link|connect|relate|chain|tie|nest)\s+(?P<a>.+?)\s+(?:to|with|and|two|under|into|inside)\s+(?P<b>.+?)"
    r"(?:\s*,?\s*(?:as|in|with)\s+(?:an?\s+|the\s+)?(?P<t>[\w-]+(?:\s+[\w-]+)?)"
    r"(?:\s+(?:relationship|link|order|channels?|ones?))?|\s*,?\s+(?P<t2>sequentially|parallel))?$",
    re.I,
)
# "Website Redesign is part of Q4 Planning", "Q4 Planning should be a child channel of Leadership"
_PART_OF = re.compile(
    r"^(?P<a>.+?)\s+(?:is|are|should\s+be|becomes?|will\s+be|goes|sits|should\s+sit|should\s+go|should\s+live)\s+"
    r"(?:now\s+)?(?:a\s+|an\s+)?"
    r"(?:(?:part|child|sub-?channel|sub\s+channel|child\s+channel|subset|piece)\s+(?:channel\s+)?(?:of|under|in)|under|"
    r"beneath|inside)\s+(?P<b>.+?)(?:\s+as\s+(?:a|an)\s+(?:sub-?channel|sub\s+channel|child(?:\s+channel)?))?$",
    re.I,
)
_LINK_THEM = re.compile(
    r"^(?:link|connect|relate|chain)\s+(?P<a>them|those(?:\s+two)?|these(?:\s+two)?|both|the\s+two)"
    r"(?:\s*,?\s*(?:as|in|with)\s+(?:an?\s+)?(?P<t>[\w-]+(?:\s+[\w-]+)?)|\s+(?:like\s+that|that\s+way|too|up))?$",
    re.I,
)
_MAKE_CHILD = re.compile(
    r"^(?:make|set|turn)\s+(?P<a>.+?)\s+(?:into\s+)?(?:a|an|the)\s+(?:child|sub-?channel|sub\s+channel|child\s+channel)\s+"
    r"(?:of|under)\s+(?P<b>.+)$",
    re.I,
)
_MAKE_PARENT = re.compile(r"^(?:make|set)\s+(?P<a>.+?)\s+(?:the|a)\s+parent\s+(?:channel\s+)?of\s+(?P<b>.+)$", re.I)
_ARE_RELATED = re.compile(
    r"^(?P<a>.+?)\s+and\s+(?P<b>.+?)\s+(?:are|should\s+be)\s+(?:related|linked|connected)(?:\s+channels)?$", re.I
)
_TYPE_WORDS: dict[str, tuple[RelationshipType, bool]] = {  # word -> (type, whether the first channel is the child)
    "sequential": ("sequential", False), "sequentially": ("sequential", False), "sequence": ("sequential", False),
    "in sequence": ("sequential", False), "in order": ("sequential", False), "parallel": ("parallel", False),
    "parent": ("parent_child", False), "parent child": ("parent_child", False), "parent-child": ("parent_child", False),
    "child": ("parent_child", True), "sub-channel": ("parent_child", True), "subchannel": ("parent_child", True),
    "sub channel": ("parent_child", True), "child channel": ("parent_child", True), "related": ("related", False),
}


def link(source: EntityRef, target: EntityRef, rel: RelationshipType, b: PlanBuilder) -> None:
    """source -> target: for sequential the first one, for parent_child the parent."""
    b.add(
        LinkChannels(
            id="",
            source=source,
            target=target,
            relationship_type=rel,
            summary=f"Link {b.channel_name(source)} to {b.channel_name(target)} ({rel})",
        )
    )


def read_link(text: str, clause: Clause, b: PlanBuilder) -> bool:
    part = _PART_OF.match(text) or _MAKE_CHILD.match(text)
    if part and entities.names_channel(part["a"], b) and entities.names_channel(part["b"], b):
        link(entities.channel(part["b"], b), entities.channel(part["a"], b), "parent_child", b)
        return True
    parent = _MAKE_PARENT.match(text)
    if parent and entities.names_channel(parent["a"], b) and entities.names_channel(parent["b"], b):
        link(entities.channel(parent["a"], b), entities.channel(parent["b"], b), "parent_child", b)
        return True
    related = _ARE_RELATED.match(text)
    if related and entities.names_channel(related["a"], b) and entities.names_channel(related["b"], b):
        link(entities.channel(related["a"], b), entities.channel(related["b"], b), "related", b)
        return True
    m = _LINK_THEM.match(text) or _LINK.match(text)  # "link those two as …": never "those" + "to"
    if not m:
        return False
    last = b.actions[-1] if b.actions else None
    if re.fullmatch(r"(?:them|those(?:\s+two)?|these(?:\s+two)?|both|the\s+two)", m["a"].strip(), re.I):
        # "A comes before B so link them as sequential": the kind of the link this command just made
        word = (m.groupdict().get("t") or m.groupdict().get("t2") or "").lower().strip()
        conv = b.ctx.conversation
        if (not isinstance(last, LinkChannels) and not b.actions and conv.last_kind == "channel" and len(conv.channel_ids) >= 2
                and word in _TYPE_WORDS):
            # "link those two as parallel" right after two channels were made: the older first (without a kind,
            # what comes next may say the order: "link those two, the backend comes first")
            link(conv.channel_ids[1], conv.channel_ids[0], _TYPE_WORDS[word][0], b)
            return True
        if not isinstance(last, LinkChannels):
            return False
        if word in _TYPE_WORDS:
            last.relationship_type = _TYPE_WORDS[word][0]
        return True
    verb = text.split()[0].lower()
    if entities.resource(m["a"], b) is not None and not re.search(r"\bchannel\b", m["a"], re.I):
        return False  # "link the pitch deck to this channel" is sharing a file
    second = m["b"]
    word = (m["t"] or m["t2"] or "").lower().strip()
    if word and word not in _TYPE_WORDS:
        if not _unknown_type(word):
            second = text[m.start("b") :]  # the "type" was the end of the second channel's name
            word = ""
        else:
            raise ask(
                f"What kind of link is '{m['t']}': sequential, parallel, parent and child, or related?",
                ["sequential", "parallel", "parent_child", "related"],
                said=text,
            )
    first: EntityRef = entities.channel(m["a"], b)
    other: EntityRef = entities.channel(second, b)
    rel, first_is_child = _TYPE_WORDS.get(word or "related", ("related", False))
    if verb == "nest":  # "nest X under Y"
        rel, first_is_child = "parent_child", True
    if not word:
        b.penalize(0.05, "no relationship type said")
    source, target = (other, first) if first_is_child else (first, other)
    link(source, target, rel, b)
    if is_channel_pronoun(m["a"]):
        b.focus_channel(first)  # "link it to Q4 Planning, add Priya to it": the same "it" both times
    return True


def _unknown_type(word: str) -> bool:
    """ "as collaborative", "as a partner": a kind of link the product does not have (not a channel's name)."""
    return bool(re.fullmatch(r"(?:collaborative|collaborating|partners?|peers?|siblings?|linked|dependent|"
                             r"connected|friends|twins?|sister|sisters|equals?|joint|shared)", word))
