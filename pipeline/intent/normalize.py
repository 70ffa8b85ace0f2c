"""Clean a spoken or typed command before parsing: fillers, punctuation, common ASR slips.

Case is preserved (titles and names are kept as said); every rule is case-insensitive.
Each rewrite that guesses at a mis-heard word is counted so confidence can drop a little.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from pipeline.intent.dates import MONTH_NAMES, WEEKDAYS
from pipeline.intent.numbers import NUMBER_WORDS

MAX_CHARS = 2000

_WS = re.compile(r"\s+")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": ", ", "…": "."})

# Fillers anywhere in the sentence (never meaningful in a command).
_FILLERS_ANYWHERE = re.compile(
    r"(?:^|(?<=[\s,.;]))(?:um+|uh+|erm*|hmm+|ah+|oh|you know|i mean),?(?=[\s,.;]|$)", re.I
)
_MESSAGE_HEAD = re.compile(
    r"\b(?:post|send|tell|message|announce|notify|write)\b[^.;]*?(?:\bthat\b|\bsaying\b|:|,|\.\.\.)|"
    r"\blet\s+\w+(?:\s+\w+)?\s+know\b|"
    # Spanish: "escribe en General que …", "dile a Lisa que …", "manda un mensaje al canal X: …"
    r"\b(?:publica|publíca\w*|escribe|escríbe\w*|dile|diles|envía|envia|envíal\w*|manda|mánda\w*|avisa|"
    r"avísa\w*|comunica|anuncia|informa|cuéntale|cuentale|cuéntales)\b[^.;:]*?(?:\bque\b|:)",
    re.I,
)


_ROLE_WORD = {"owner": "owner", "admin": "manager", "administrator": "manager", "manager": "manager"}
_CANAL = re.compile(r"^(?:el\s+|la\s+)?canal\s+(?:de\s+)?", re.I)


def _role_es(m: re.Match[str]) -> str:
    """ "haz a Sarah dueña del canal X" -> "add Sarah to X as owner" (administradora, responsable: manager)."""
    role = "owner" if re.match(r"due|prop", m["r"], re.I) else "manager"
    return f"add {m['p']} to {_CANAL.sub('', m['c'])} as {role}"


def _outside_message(repl: str | Callable[[re.Match[str]], str]) -> Callable[[re.Match[str]], str]:
    """A rewrite that leaves the words of a message alone ("post in general: we're busy right now")."""
    return lambda m: m[0] if _MESSAGE_HEAD.search(m.string[: m.start()]) else repl(m) if callable(repl) else m.expand(repl)


_PLEASE = re.compile(r",?\s*\bplease\b,?|\b(?:let's\s+|let\s+us\s+|just\s+)?go\s+ahead\s+and\s+", re.I)

_CLAUSE_START = r"(^|[.;!?]\s+)"
_STATUS_WORDS = r"(?:done|blocked|complete|completed|finished|started|in\s+progress|in\s+review|urgent)\b"

# ASR slips: (pattern, replacement). Applied in order; each hit lowers confidence slightly.
_ASR_FIXES: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = (
    # "a finance channel name Payroll Upgrade" (the recogniser's "named")
    (re.compile(r"\bchannel\s+name\s+(?!(?:is|was|to|of|for|should|will|and|it|this|that|them)\b)(?=\w)", re.I), "channel named "),
    # "Any infrastructure channel, create a task …" (piper's "In the infrastructure channel, …")
    (re.compile(r"(^|[.;!?]\s+)(?:any|an|and\s+the)\s+(?=(?:[\w-]+\s+){1,3}channel\s*,\s*(?:create|add|make|post|put|set)\b)", re.I),
     r"\1in the "),
    # "Creator marketing channel" -> "create a marketing channel"
    (re.compile(r"\bcreator\b(?=(?:\s+[\w'-]+){0,3}\s+(?:channel|task|subtask)s?\b)", re.I), "create a"),
    (
        re.compile(r"\bcreate\s+(?:an?\s+)?free\s+(?=(?:\w+\s+){0,2}(?:tasks|channels|subtasks)\b)", re.I),
        "create three ",
    ),
    (
        re.compile(
            r"\b(create|make|add|set up|open)\s+(?:to|too)\s+(?=(?:new\s+)?(?:tasks|channels|subtasks)\b)",
            re.I,
        ),
        r"\1 two ",
    ),
    (re.compile(r"\bfree\s+(?=(?:new\s+)?(?:tasks|subtasks)\b)", re.I), "three "),
    # "a sub-pass", "sub task", "sub tasks" -> subtask(s)
    (re.compile(r"\bsub[\s-]?(?:pass|past|tusk|desk)\b", re.I), "subtask"),
    (re.compile(r"\bsub[\s-]?asks\b", re.I), "subtasks"),
    # "Ad Sera" -> "add Sera" at the start of a clause
    (re.compile(r"(^|[,.;:]\s*|\band\s+|\balso\s+|\bthen\s+)ad\b(?!-)", re.I), r"\1add"),
    (re.compile(r"\ba sign\b", re.I), "assign"),
    (re.compile(r"\bsign\s+(?=(?:it|them|that|this)\s+to\b)", re.I), "assign "),
    # "do Friday", "do next Friday" -> "due ..."
    (
        re.compile(
            r"\bdo(?=\s+(?:(?:by|on|next|this|the|end|in)\s+)?(?:monday|tuesday|wednesday|thursday|friday|"
            r"saturday|sunday|today|tomorrow|tonight|next|end|\d{1,2}(?:st|nd|rd|th)\b|in\s+\w+\s+(?:days?|weeks?)))",
            re.I,
        ),
        "due",
    ),
    (re.compile(r"\bdo\s+date\b", re.I), "due date"),
    # "High-Pride-Ordie", "Hyper-Oready": "high priority" said fast, after a comma
    (re.compile(r"(?<=\s)(?:high|hi|hyper)-(?:pri|pry|pride|proud|pro)[\w-]*(?=\s*[,.;]|\s+(?:due|for|and)\b|$)", re.I),
     "high priority"),
    (re.compile(r"(?<=\s)hyper-?[oa]?(?:ready|reity|rity|ority)\b", re.I), "high priority"),
    (re.compile(r"(?<=[\s,])(?:i|eye|hi|hai)[\s-]priority\b", re.I), "high priority"),
    # "assign it two Sarah" / "push it two the 15th"
    (re.compile(r"\btwo\s+(?=(?:the|this|that|my|our|him|her|them|it)\b)", re.I), "to "),
    (re.compile(r"\bto\s+(?=(?:new\s+)?(?:tasks|channels|subtasks)\s*:)", re.I), "two "),
    # Short command verbs the recogniser hears as other words, where only the verb makes sense
    # (piper through WebRTC): "Host in the channel that …", "Post and Q4 Close that …", "Market is
    # blocked", "at a task there to …", "and assign Sarah from X", "Where you assign it from David to Lisa".
    (re.compile(rf"{_CLAUSE_START}(?:host|most|posed|poast|posts)\s+(?=(?:in|on|to)\s)", re.I), r"\1post "),
    (re.compile(rf"{_CLAUSE_START}posts?\s+(?:and|an)\s+(?!(?:update|announcement|note|message|reminder|a|the)\b)"
                r"(?=[^,.;]{2,40}?\s+that\b)", re.I), r"\1post in "),
    (re.compile(rf"{_CLAUSE_START}market\s+(?:is|as|it's|its)\s+(?={_STATUS_WORDS})", re.I), r"\1mark it as "),
    (re.compile(rf"{_CLAUSE_START}(mark\s+(?:(?!\b(?:as|is)\b)[^,.;])+?)\s+is\s+(?={_STATUS_WORDS}\s*[.!]?\s*$)", re.I),
     r"\1\2 as "),
    (re.compile(r"(^|[.;!?,]\s*|\band\s+)at\s+(?=(?:a|an|another|one|two|three|four|five|\d+)\s+"
                r"(?:new\s+)?(?:sub-?)?tasks?\b)", re.I), r"\1add "),
    (re.compile(rf"{_CLAUSE_START}(?:where\s+you|were\s+you|we're|we|re)\s*-?\s*assign\b", re.I), r"\1reassign"),
    (re.compile(rf"{_CLAUSE_START}(?:(?:and|an|un|on)\s+)?assign\s+(?=[\w'-]+\s+from\s+(?!.*\bto\s+\w))", re.I),
     r"\1unassign "),
    # "… due in 10 days due": the recogniser repeated the last word of the due phrase's head
    (re.compile(r"(\b(?:due|by)\b[^,.;]*?\w)[,\s]+due\s*[.!]?\s*$", re.I), r"\1"),
)

_COMMAND_VERBS = (
    "assign add create make move send post remind archive rename share mark set put push give remove close "
    "update invite schedule delete tell cancel start finish complete open ping reassign change pause"
).split()
_GERUNDS = {
    **{v + "ing": v for v in _COMMAND_VERBS},
    **{v[:-1] + "ing": v for v in _COMMAND_VERBS if v.endswith("e")},
    **{v + v[-1] + "ing": v for v in _COMMAND_VERBS if re.fullmatch(r"[^aeiou]*[aeiou][tpgn]", v)},
}


def _base(gerund: str) -> str:
    return _GERUNDS.get(gerund.lower(), gerund)


_DATE_WORD = "|".join(
    ["today", "tomorrow", "tonight", "next", "this", "the", "end", *WEEKDAYS, *MONTH_NAMES, r"\d{1,2}(?:st|nd|rd|th)?"]
)
_PLAIN_FIXES: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = (
    # "… channel called Audit Prep and only Mike for now", "… and uh just priya in it", "… and um only Priya should be in
    # it": the channel's only members
    (re.compile(r"(\bchannel\b[^.;]*?)\s*,?\s+and\s+(?:(?:um+|uh+)\s+)?(?:just|only)\s+(?P<p>[A-Za-z][\w'-]*(?:\s+and\s+[A-Za-z][\w'-]*)?)"
                r"(?:\s+(?:should\s+be|goes|is|will\s+be))?(?:\s+in\s+(?:it|there))?(?=\s*(?:[,.;]|$|for\s+now\b))", re.I),
     r"\1 with only \g<p>"),
    # "… is blocked right now": now is when it is said
    (re.compile(r"\s+right\s+now(?=\s*(?:[.;!?,]|$))", re.I), _outside_message("")),
    # "create three tasks in Q4 Planning uh collect receipts, …": the pause before the list is its colon
    (re.compile(rf"\b(?P<h>(?:{NUMBER_WORDS})\s+(?:new\s+)?(?:sub)?tasks\b[^,.;:]{{0,40}}?)\s+(?:uh+|um+|erm*)\s*,?\s+(?=[a-z])", re.I),
     r"\g<h>: "),
    # a greeting or a heading before the requests: "Morning. …", "Hi voicedesk, …", "A few things: …", "Two quick ones."
    (re.compile(r"^(?:(?:(?:good\s+)?(?:morning|afternoon|evening)|hi|hello|hey(?:\s+there)?|hiya|yo)"
                r"(?:\s+(?:team|all|everyone|there|voicedesk|assistant))?\s*[,.!:;-]+\s*"
                r"|(?:(?:ok(?:ay)?|so|right|alright)[,\s]+)?(?:(?:a|just\s+a)\s+)?(?:few|couple(?:\s+of)?|two|three|four|some|several|"
                r"one|another|quick|one\s+more)\s+(?:quick\s+|more\s+|small\s+|housekeeping\s+)?(?:things?|items?|updates?|ones?|"
                r"changes?|requests?|bits?)(?:\s+(?:for\s+you|to\s+do|today|this\s+morning))?\s*[:.!;-]+\s*)+", re.I),
     ""),
    # "Tom's out next week, move everything he has open to Mike" -> "move everything Tom has open to Mike"; "priya's swamped so …"
    (re.compile(r"(^|[.;!?]\s+)(?:actually\s+)?(?P<who>[A-Za-z][\w-]*)(?:(?:'s|s|\s+is)\s+(?:going\s+to\s+be\s+|gonna\s+be\s+)?(?:out|away|off|sick|swamped|slammed|"
                r"overloaded|busy|heads[\s-]down|on\s+leave|on\s+vacation|on\s+holiday)(?:\s+(?:on|with)\s+(?:the|a|our)\s+[\w-]+)?|"
                r"\s+has\s+(?:some\s+|a\s+bit\s+of\s+|more\s+|extra\s+|a\s+lot\s+of\s+)?(?:bandwidth|time|capacity|room))"
                r"(?:\s+(?:next|this)\s+week|\s+today|\s+tomorrow|\s+until\s+\w+)?\s*(?:,\s*|\s+so\s+|,\s*so\s+)(?P<rest>[^.;!?]*)", re.I),
     lambda m: m[1] + re.sub(r"\b(?:he|she|him|her)\b|\b(?:his|her)\b(?=\s+\w)",
                             lambda p: m["who"] + ("'s" if p[0].lower() == "his" or (p[0].lower() == "her" and False) else ""),
                             m["rest"], count=1, flags=re.I)
     if re.search(r"\b(?:he|she|him|his|her)\b", m["rest"], re.I) else m[1] + m["rest"]),
    # "we're not doing hire a designer anymore, just cancel it" -> "cancel hire a designer"
    (re.compile(r"(^|[.;!?]\s+)(?:(?:yeah|yes|ok|okay|so|alright)[,\s]+)*(?:we're|were|we\s+are)\s+not\s+(?:doing|going\s+ahead\s+with|"
                r"going\s+to\s+do|pursuing)\s+(?P<x>[^,.;!?]+?)(?:\s+(?:any\s*more|after\s+all))?\s*[,.]?\s+(?:so\s+)?(?:just\s+)?"
                r"(?:you\s+can\s+)?(?P<v>cancel|drop|scrap|kill|archive|delete|remove|close)\s+(?:it|that|this)\b", re.I),
     r"\1\g<v> \g<x>"),
    (re.compile(r"\b(?:a\s+couple\s+of|a\s+few|some)\s+(?=subtasks\b)", re.I), ""),
    # "put him on X as well" -> "… too"
    (re.compile(r"\s+as\s+well(?=\s*[?.!]?\s*$)", re.I), " too"),
    # more typed shorthand
    (re.compile(r"\bchan\b", re.I), "channel"),
    (re.compile(r"\b(?:desc\s*[:.;,]|description\s*[.;])\s+", re.I),
     lambda m: "description: " if re.search(r"\bchannel\b", m.string[: m.start()], re.I) else m[0]),
    # "…belongs under operations. not finance." -> the alternative taken back
    (re.compile(r"[.;,]\s+not\s+(?:in\s+|under\s+)?(?:the\s+)?[\w-]+(?:\s+[\w-]+)?[.!;,]?\s*$", re.I), "."),
    (re.compile(r"^msg\b", re.I), "message"),
    (re.compile(r"\babt\b", re.I), "about"),
    (re.compile(r"\breasign\b", re.I), "reassign"),
    (re.compile(r"\s+[+&]\s+"), " and "),
    (re.compile(r"\b(?:fri)\b(?!day)", re.I), "Friday"),
    (re.compile(r"\b(?:mon)\b(?!day)", re.I), "Monday"),
    (re.compile(r"\b(?:tues?)\b(?!day)", re.I), "Tuesday"),
    (re.compile(r"\b(?:wed)\b(?!nesday)", re.I), "Wednesday"),
    (re.compile(r"\b(?:thu|thurs)\b(?!rsday)", re.I), "Thursday"),
    (re.compile(r"\b(?:the\s+)?(1st|2nd|3rd)\s+one\b", re.I), lambda m: "the " + {"1st": "first", "2nd": "second", "3rd": "third"}[m[1].lower()] + " one"),
    (re.compile(r"\bthe\s+(1st|2nd|3rd)\b(?!\s+of)", re.I), lambda m: "the " + {"1st": "first", "2nd": "second", "3rd": "third"}[m[1].lower()]),
    (re.compile(r"^(1st|2nd|3rd)\s+one\b", re.I), lambda m: "the " + {"1st": "first", "2nd": "second", "3rd": "third"}[m[1].lower()] + " one"),
    # "put logo review in review status" -> "… as review"
    (re.compile(r"\bin\s+(review|progress|blocked|done)\s+status\b", re.I), r"as \1"),
    # "break the migration plan down: add a subtask …" -> "under the migration plan, add a subtask …"
    (re.compile(r"^break\s+(?P<t>.+?)\s+down\s*[:,.;]?\s+(?=(?:add|create|make|with|new)\b)", re.I), r"under \g<t>, "),
    # "drop Lisa into the Website Redesign channel", "stick Tom in Platform Migration" -> "add Lisa to …"
    (re.compile(r"^(?:drop|stick|throw|pop|slot)\s+(?P<p>[A-Z][\w'-]*(?:\s+(?:and|&)\s+[A-Z][\w'-]*)?)\s+(?:into|in)\s+"
                r"(?=(?:the\s+)?[A-Za-z])", re.I), r"add \g<p> to "),
    # "set the social posts estimate to 4 hours" -> "set the estimate of the social posts to …"
    (re.compile(r"^(?P<v>set|change|update|make|bump|put|raise|lower)\s+"
                r"(?!(?:the\s+|its\s+|their\s+|an?\s+)?(?:time\s+)?estimate\b|(?:it|this|that)(?:'s)?\s)"
                r"(?:the\s+)?(?P<t>[^,.;]+?)(?:'s)?\s+"
                r"(?:time\s+)?estimate\s+(?P<p>to|at)\s+", re.I), r"\g<v> the estimate of \g<t> \g<p> "),
    # "a task for packing, due the 20th, nobody assigned yet": no assignee is what a new task has anyway
    (re.compile(r"\s*,?\s*(?:with\s+)?(?:(?:nobody|no\s+one|no-one)\s+(?:assigned|on\s+it)|(?:leave\s+it\s+)?unassigned)"
                r"(?:\s+(?:yet|for\s+now))?(?=\s*(?:[,.;!]|$))", re.I), ""),
    # "also one for Lisa to write the schema docs", "and another one called …": one more task, like the one before
    (re.compile(r"^(?:(?:and|also|plus)\s+)?(?:another(?:\s+one)?|one\s+more|one)\s+"
                r"(?=for\s+[A-Za-z][\w'-]*\s+to\s+\w|called\s+\w|named\s+\w|to\s+\w+\s+\w)", re.I), "create a task "),
    # "put lisa on all the brand refresh tasks" -> "assign all the brand refresh tasks to lisa"
    (re.compile(r"^(?:put|stick|get)\s+(?P<p>[A-Za-z][\w'-]*(?:\s+(?:and|&)\s+[A-Za-z][\w'-]*)?)\s+on\s+"
                r"(?P<t>(?:all|every|each|both|the)\b[^,.;]*?\btasks\b[^,.;]*?)(?=\s*(?:[,.;]|$))", re.I),
     r"assign \g<t> to \g<p>"),
    # "to Sarah, no, wait, Elena." -> "to Elena.": the corrected name ends the sentence
    (re.compile(r"\b(?P<prep>for|to|with)\s+[\w'-]+\s*[,.;]?\s+(?:no|sorry|i\s+mean|(?:i\s+)?meant|actually|or\s+rather|make\s+that|wait)"
                r"(?:[,.;]?\s+(?:wait|i\s+mean|(?:i\s+)?meant|no|sorry))*\s*[,.;]?\s+(?=[A-Za-z][\w'-]*\s*[.!,;]?$)", re.I),
     r"\g<prep> "),
    # "Q4 Close: add Sarah, …" -> "in Q4 Close, add Sarah, …"
    (re.compile(r"^(?:in|over\s+in)\s+(?![^:,.]*\b(?:make|create|add|assign|post|tasks?)\b)(?P<ch>[^:,.]{2,40}?)\s*:\s+", re.I), r"in \g<ch>, "),
    (re.compile(r"^[Ff]or\s+(?P<ch>[^:,.]{2,40}?\s+channel|[A-Z][^:,.]{1,39}?)\s*:\s+"
                r"(?=(?:the|a|an|add|remind|post|create|share|assign|make|move|tell|invite|pause|archive)\b)"), r"in \g<ch>, "),
    (re.compile(r"^(?!(?:for|on|about|re)\s+(?:the|our|that)\s)(?P<ch>[^:,.]{2,40}?)\s*:\s+"
                r"(?=(?:add|remind|post|create|share|assign|make|move|tell|invite|pause|archive|new\s+(?:task|subtask)s?)\b)", re.I),
     r"in \g<ch>, "),
    # "give them a deadline of December 4th" -> "make them due December 4th"
    (re.compile(r"\b(?:give|set)\s+(?P<t>them|it|those|both)\s+a\s+(?:deadline|due\s+date)\s+of\s+", re.I), r"make \g<t> due "),
    # "three p m" -> "three pm"
    (re.compile(r"(?<=\w)\s+([ap])\.?\s+m\b\.?", re.I), r" \1m"),
    # "called api pública, no perdón, api interna" / "called spring launch no wait call it spring campaign"
    (re.compile(r"\b(?P<v>called|named|llamad[oa])\s+(?P<a>(?:(?!\b(?:and|add|with|plus|y|con)\b)[^,.;])+?)\s*,?\s+(?:no\s+perd[oó]n|perd[oó]n|no\s+espera|mejor\s+dicho|"
                r"no\s+wait|sorry|i\s+mean|actually)\s*,?\s+(?:(?:let's\s+|lets\s+|let\s+us\s+)?(?:call\s+it|make\s+it|name\s+it|ll[aá]malo|ll[aá]mala)\s+)?",
                re.I), r"\g<v> "),
    # typed without apostrophes: "cant", "isnt", "dont" (never words of their own in a command)
    (re.compile(r"\b(ca|is|do|does|did|wo|should|has|have|are|was|were|could|would|must)nt\b", re.I), r"\1n't"),
    # "Priya's started on the Q4 report": that task is in progress
    (re.compile(r"^(?:(?:[Oo][Kk]|[Oo]kay|[Ss]o|[Ww]ell|[Uu]m|[Uu]h)[,\s]+)*(?P<p>[A-Z][\w-]*)(?:'s|\s+has|\s+is|\s+just)?\s+"
                r"(?:just\s+)?(?:started|begun|kicked\s+off|working)\s+on\s+(?P<t>[^,.;]+?)"
                r"(?:\s+(?:this\s+(?:morning|afternoon|week)|today|yesterday|already))?\s*"
                r"(?=[,.;]|$|\s+so\s+(?:go\s+ahead\s+and\s+|please\s+|just\s+)?(?:move|mark|set|put)\s+(?:it|that)\b)"),
     r"mark \g<t> as in progress"),
    # "Post in X and tag Lisa: the copy is final" -> "Post in X: the copy is final, and mention Lisa"
    (re.compile(r"^(?P<h>(?:post|send|write|message|tell|ping)\b[^:]*?)\s+(?:and\s+)?(?:tag|mention|tagging|mentioning|cc|"
                r"loop\s+in)\s+(?P<p>[^:.;,]{2,60}?(?:,?\s+and\s+[^:.;,]{2,30}?)?)(?:\s*[:.;,]\s*|\s+saying\s+(?:that\s+)?)"
                r"(?P<m>.+?)[.!]?$", re.I),
     r"\g<h>: \g<m>, and mention \g<p>"),
    # "put Website Redesign on ice"; "break the migration plan down: add a subtask …"
    (re.compile(r"\bon\s+ice\b", re.I), "on hold"),
    # "create a task call migrate the build servers": the recogniser dropped "-ed"
    (re.compile(r"\b(?P<k>channel|task|subtask)\s+call\s+(?!it\b|them\b|him\b|her\b)", re.I), r"\g<k> called "),
    (re.compile(r"\bchannel\s*,\s+call\s+(?!it\b|them\b|him\b|her\b|the\b|a\b|an\b)", re.I), "channel called "),
    # "a finance channel, name, payroll upgrade": the recogniser's marks around "named"
    (re.compile(r"\b(?P<k>channel|task)\s*[,.;:]\s*(?:(?:name|call|title)\s+it|named|called|titled|name)\b\s*[,.;:]?\s+", re.I), r"\g<k> named "),
    (re.compile(r"\b(post|send|check|sign|log|add)-(in|out|up|on|to)\b", re.I), r"\1 \2"),  # the recogniser's "Post-in"
    # "and mention, Tom": a mark right after "mention" never ends the request
    (re.compile(r"\b(mention|mentioned|tag|cc)\s*[,.;:]\s+(?=[A-Za-z])", re.I), r"\1 "),
    # "add tom no wait david (not tom)" -> "add david": a person corrected as said
    (re.compile(r"\b(?P<v>add|invite|include|with)\s+[A-Za-z][\w'-]*\s*,?\s+(?:no\s+wait|no|sorry|i\s+mean|actually|wait)\s*,?\s+"
                r"(?!(?:wait|no|sorry|actually|add|invite|include|with)\b)(?P<p>[A-Za-z][\w'-]*)(?:\s*,?\s+not\s+[A-Za-z][\w'-]*)?"
                r"(?=\s*(?:[,.;!]|$|\s+and\b))", re.I),
     r"\g<v> \g<p>"),
    # "drop a note in Leadership, like, saying the numbers …": "like" and "saying" carry no words of the message
    (re.compile(r"\s*[,.;]\s*like\s*[,.;]\s*", re.I), ", "),
    (re.compile(r"\b(?P<h>(?:note|message|post|line|word)\s+(?:in|to|on)\s+[^,]{2,40}?),?\s+saying\s+(?:that\s+)?", re.I),
     r"\g<h> that "),
    # "Website Redesign should be private from now on" -> "make Website Redesign private"
    (re.compile(r"^(?P<c>[^,.;]{2,40}?)\s+(?:should|must|needs\s+to|has\s+to)\s+(?:be|become|stay|go)\s+"
                r"(?P<p>private|public|restricted)\b(?:\s+(?:from\s+now\s+on|now|going\s+forward))?", re.I),
     r"make \g<c> \g<p>"),
    # "add Sarah as a second assignee on it" -> "assign it to Sarah too"
    (re.compile(r"^(?:add|put)\s+(?P<p>[A-Za-z][\w'-]*)\s+as\s+(?:a\s+)?(?:second|another|an\s+extra|extra|co-?)\s*"
                r"(?:assignee|owner)\s+(?:on|to|for)\s+(?P<t>[^,.;]+)", re.I), r"assign \g<t> to \g<p> too"),
    # typed shorthand and common typos
    (re.compile(r"(?<!\w)w/(?=\s)", re.I), "with"),
    (re.compile(r"\b(?:pls|plz)\b[,]?\s*", re.I), ""),
    (re.compile(r"\bprio\b", re.I), "priority"),
    # "assign David too" (on the task just spoken of) -> "assign it to David too"
    (re.compile(r"\bassign\s+(?!(?:it|them|that|this|the|all|every)\b)(?P<p>[A-Za-z][\w-]*)\s+(?P<t>too|as\s+well)\b", re.I),
     r"assign it to \g<p> \g<t>"),
    (re.compile(r"\b(?:chnl|chnnl|chnl)\b", re.I), "channel"),
    (re.compile(r"(?<=\s)msg\b", re.I), "message"),
    # "~2h", "6h est", "est 3 hrs": estimates typed short
    (re.compile(r"~\s*(?P<n>\d+(?:\.\d+)?)\s*(?:h|hrs?|hours?)\b", re.I), r"about \g<n> hours"),
    (re.compile(r"\b(?:make\s+it\s+|it's\s+)?(?P<n>\d+(?:\.\d+)?)\s*(?:h|hrs?)\s+est\b\.?", re.I),
     r"estimate it at \g<n> hours"),
    (re.compile(r"\best\.?\s+(?=(?:about\s+)?\d)", re.I), "estimate "),
    # "at 9h", "a las 14h", "a las 9h30": a time of day; "6h": hours of work. A message keeps its words ("… a las 14h")
    (re.compile(r"\b(?P<at>at|by|until|from|a\s+las?|hasta\s+las?|desde\s+las?)\s+(?P<h>[01]?\d|2[0-4])\s*h(?P<m>[0-5]\d)?\b(?!')",
                re.I), _outside_message(lambda m: f"{m['at']} {m['h']}:{m['m'] or '00'}")),
    (re.compile(r"(?<=\d)\s*h\b(?!')", re.I), _outside_message(" hours")),
    (re.compile(r"\b(?:tommorow|tomorow|tommorrow|tmrw|tmr)\b", re.I), "tomorrow"),
    (re.compile(r"\b(?:wednsday|wensday)\b", re.I), "Wednesday"),
    (re.compile(r"\b(?:thrusday|thurday)\b", re.I), "Thursday"),
    # "@Leadership board meeting moved" -> "tell Leadership board meeting moved"
    (re.compile(r"^@(?=\w)"), "tell "),
    # "book flights - done", "X: done"
    (re.compile(r"^(?P<t>[^-–:]+?)\s*[-–:]\s*(?P<s>done|finished|complete|completed|blocked|in\s+progress|started|cancelled)"
                r"[.!]?$", re.I), r"mark \g<t> as \g<s>"),
    # "Hire a designer needs three subtasks: …", "Prepare Q4 report - add subtasks …"
    (re.compile(r"^(?P<t>[^:,]+?)\s+(?:needs|has|gets)\s+(?P<n>\w+\s+)?subtasks?\s*:\s*", re.I),
     r"under \g<t>, add \g<n>subtasks: "),
    (re.compile(r"^(?P<t>[^-–:,]+?)\s*[-–:]\s*add\s+(?P<n>\w+\s+)?subtasks?\s*:?\s*", re.I),
     r"under \g<t>, add \g<n>subtasks: "),
    # "Tom owns all of them" -> "assign all of them to Tom"
    (re.compile(r"(^|[.;!?,]\s+)(?P<who>[A-Za-z][\w'-]*)\s+(?:owns|takes|handles|gets|has)\s+(?P<t>all\s+of\s+them|both(?:\s+of\s+them)?|"
                r"them\s+all|them|those|these)(?=\s*[.!,;]?\s*$)", re.I), r"\1assign \g<t> to \g<who>"),
    # "make X high priority instead of urgent": the old value
    (re.compile(r"\s+(?:instead\s+of|rather\s+than|not)\s+(?:urgent|high|low|medium|normal)(?:\s+priority)?\b", re.I), ""),
    # "until further notice", "for the time being"
    (re.compile(r"\s+(?:until\s+further\s+notice|for\s+the\s+time\s+being|for\s+now|going\s+forward|from\s+now\s+on)\b", re.I), ""),
    # "Tasks for Website Redesign: …" said without a verb
    (re.compile(r"^(?:new\s+)?tasks\s+(?:for|in)\s+(?=[^:]+:)", re.I), "create tasks in "),
    # "describe it as X" -> "about X"
    (re.compile(r",?\s+(?:and\s+)?describe\s+it\s+as\s+", re.I), " about "),
    # "move the brochures deadline up to Tuesday" -> "move the brochures deadline to Tuesday"
    (re.compile(r"\b(move|push|bring|pull|shift)\s+(?P<t>.+?)\s+(?:up|forward|back|out|ahead)\s+to\b(?!\s+(?:days|weeks)\b)",
                re.I), r"\1 \g<t> to"),
    # "…, tasks, book the hotel and …" / "And a subtask under it." said without a verb
    (re.compile(r"([.,;]\s+)tasks\s*[.,;:]\s+", re.I), r"\1create tasks: "),
    (re.compile(r"(^|[.;!?]\s+)(?:and\s+|then\s+)?(?:a|one)\s+(?=(?:sub-?task|subtask|sub-pass)\b)", re.I), r"\1add a "),
    # "lower its priority", "lock down Q4 Planning", asides that ask for nothing
    (re.compile(r"\b(lower|raise|bump\s+up|bump\s+down|drop)\s+its\s+priority\b", re.I), r"\1 the priority of it"),
    (re.compile(r"\block\s+down\s+(?P<c>[^,.;]+?)(?=\s*(?:[,.;]|$))", re.I), r"make \g<c> private"),
    # "…, it can wait till January", "no rush": why, not a date for anything (a message keeps its words)
    (re.compile(r",?\s+(?:(?:it|that|this|they|those)\s+can\s+(?:all\s+)?wait(?:\s+(?:till|until)\s+(?:after\s+)?[\w ]{2,25}?(?=[.!,;]|$))?|"
                r"no\s+rush|no\s+hurry|there's\s+no\s+rush)\b[.!]?", re.I), _outside_message("")),
    (re.compile(r",?\s+(?:we're|were|we\s+are)\s+not\s+(?:doing|going\s+to\s+do|hiring|needing|using)\b[^,.;]*", re.I), ""),
    # words the recogniser added before a request: "to Create an HR channel …"
    (re.compile(r"^(?:to|the|and|so)\s+(?=(?:create|add|make|set\s+up|start|open|assign|remind|post|share)\b)", re.I), ""),
    # "create a task called launch prep with three subtasks: a, b and c" (the colon may be missing)
    (re.compile(r"\b(?P<head>(?:create|add|make)\s+(?:a|an|one)\s+(?:new\s+)?task\b[^:.;]*?)\s*,?\s+with\s+(?P<n>\w+\s+)?"
                r"(?:sub-?tasks|subtasks)\s*[:,]?\s*(?=\w)", re.I), r"\g<head>. under it, add \g<n>subtasks: "),
    # "David on that one too", "make that sara not lisa", asides inside requests
    (re.compile(r"^(?P<who>[A-Za-z][\w'-]*)\s+on\s+(?P<t>that\s+one|this\s+one|it|that)\s*(?:too|as\s+well)?[.!]?$", re.I),
     r"add \g<who> to \g<t>"),
    (re.compile(r"\bmake\s+(?:that|it)\s+(?P<a>[A-Za-z][\w'-]*)\s+not\s+(?P<b>[A-Za-z][\w'-]*)[.!]?$", re.I),
     r"give it to \g<a> instead of \g<b>"),
    (re.compile(r"\s*,?\s+(?:we|i)\s+(?:don't|do\s+not)\s+need\s+(?:it|that|this|them)(?:\s+any\s*more)?\b", re.I), ""),
    (re.compile(r"\s*,?\s+we're\s+back\s+on\b", re.I), ""),
    (re.compile(r"\s+(?:so\s+)?(?:you\s+can|can\s+you)\s+(?=(?:mark|close|set|move|make|add|assign|put)\b)", re.I), ", "),
    # "push to Monday" with nothing named: what this command is about
    (re.compile(r"(^|[,.;]\s+)(push|move|bump|shift)\s+(?=to\b)", re.I), r"\1\2 them "),
    # "sub task(s)", "sub-task" -> subtask(s) (the recogniser splits the word)
    (re.compile(r"\bsub[\s-]tasks?\b", re.I), lambda m: "subtasks" if m[0].lower().endswith("s") else "subtask"),
    # "add to subtasks" -> "add two subtasks"
    (re.compile(r"\b(add|create|make)\s+(?:to|too)\s+(?=(?:sub[\s-]?)?tasks?\b)", re.I), r"\1 two "),
    # "X should go to Mike", "X goes to Lisa" -> "give X to …"
    (re.compile(r"(^|[.;!?,]\s+)(?P<t>[^,.;!?]+?)\s+(?:should|will|can|needs\s+to)\s+go\s+to\s+", re.I), r"\1give \g<t> to "),
    # "Mike and Tom should be in it" -> "add Mike and Tom to it"
    (re.compile(r"(^|[.;!?,]\s+)(?P<who>[^,.;!?]+?)\s+(?:should|will|can|need\s+to|needs\s+to)\s+be\s+(?:in|on|part\s+of)\s+"
                r"(?P<w>it|this|that|there|the\s+channel|this\s+channel)(?=\s*(?:[,.;!?]|$))", re.I),
     r"\1add \g<who> to \g<w>"),
    # "post in here that …" -> "post here that …"
    (re.compile(r"\b(post|send|write|say)\s+in\s+here\b", re.I), r"\1 here"),
    # "due Monday, not Friday": the date that was taken back
    (re.compile(r"\s*,?\s+(?:and\s+)?not\s+(?:on\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|today|"
                r"the\s+\d{1,2}(?:st|nd|rd|th)?)\b", re.I), ""),
    # The recogniser puts commas and periods anywhere ("… and add, Tom.", "assign it to. Priya"): a word
    # that needs what follows it (a transitive verb, a preposition, "called") never ends a clause.
    (
        re.compile(
            r"(?<!\bthe )(?<!\ban )(?<!\ba )(?<!\bour )(?<!\bthis )(?<!\bthat )(?<!\bany )"  # "draft the invite, book …": a noun
            r"\b(add|ad|invite|include|assign|assign\s+(?:it|them|this|that)\s+to|give\s+(?:it|them|this|that)\s+to|"
            r"called|named|titled|to|with|for|and|blocks|is\s+blocking|blocked\s+by|depends\s+on|follows|"
            r"waits\s+for|waits\s+on)\s*[,.;:]+\s+(?=[\w\"'])",
            re.I,
        ),
        r"\1 ",
    ),
    # "I'd like a new task for Elena …" / "we need a sales channel …" -> "create a …"
    (
        re.compile(
            r"(^|[.;!?]\s+)(?:(?:so|okay|ok|um|uh)[,\s]+)*(?:i'd like|i would like|i want|i need|we need|let's have|"
            r"let's get|give me|get me|there should be|can we have|can we get|can i have|can i get)\s+"
            r"(?=(?:a|an|another|one|two|three|four|five|\d+)\s+(?:[\w'-]+\s+){0,4}?(?:channel|tasks?|subtasks?)\b)",
            re.I,
        ),
        r"\1create ",
    ),
    # "link A and B, they run in parallel" / "…, one after the other": the remark sets the link's kind
    (
        re.compile(
            r"^(?P<h>(?:link|connect|relate|tie)\b.+?)\s*[,.;]?\s+(?:and\s+)?(?:they|both|the\s+two)(?:\s+of\s+them)?\s+"
            r"(?:(?:can|should|will|must|need\s+to)\s+)?(?:run|happen|go|are|work|be\s+done|be)\s+"
            r"(?P<k>in\s+parallel|at\s+the\s+same\s+time|concurrently|side\s+by\s+side|one\s+after\s+the\s+other|"
            r"in\s+sequence|sequentially|in\s+order)\s*[.!,;]*$",
            re.I,
        ),
        lambda m: f"{m['h']} as {'sequential' if re.search(r'after|sequen|order', m['k'], re.I) else 'parallel'}",
    ),
    # "make the pitch deck available to the sales category" -> "share the pitch deck with …"
    (re.compile(r"^(?:make|get)\s+(?P<r>.+?)\s+(?:available|accessible|visible)\s+(?:to|for|in)\s+", re.I), r"share \g<r> with "),
    # "pull in Mike and Elena", "bring Tom in": members joining
    (re.compile(r"\b(?:pull|bring|rope)\s+in\s+(?=[A-Za-z])", re.I), "add "),
    # "David should be on the migration plan too", "Lisa needs to help on X": put that person on it
    (re.compile(r"^(?P<p>[A-Za-z][\w'-]*(?:\s+(?:and|&)\s+[A-Za-z][\w'-]*)?)\s+(?:should|needs\s+to|has\s+to|can|will|could)\s+"
                r"(?:also\s+)?(?:be|work|help(?:\s+out)?)\s+on\s+(?P<t>.+?)(?:\s+(?:too|as\s+well|also))?\s*[.!]?$", re.I),
     r"put \g<p> on \g<t>"),
    # "As part of the migration plan, David needs to …": a subtask of that task
    (re.compile(r"^(?:as\s+(?:a\s+)?part\s+of|as\s+a\s+(?:sub-?task|step)\s+of)\s+", re.I), "under "),
    # "…, and only Sarah goes in it" -> "…, add Sarah": who joins the channel just named
    (re.compile(r"(?:,\s*|\s+)(?:and\s+)?(?:only\s+|just\s+)?(?P<p>[A-Za-z][\w'-]*(?:(?:\s*,\s*|\s+and\s+)[A-Za-z][\w'-]*){0,3})\s+"
                r"(?:goes|go|should\s+go|can\s+go|gets?\s+to\s+be|should\s+be)\s+in(?:to)?\s+(?:it|there|that\s+one)\b", re.I),
     r", add \g<p>"),
    # "budget review is Priya's" / "the press kit goes to Lisa" -> "assign … to …"
    (re.compile(r"(^|[,.;:]\s+(?:and\s+)?)(?P<t>[^,.;:]+?)\s+(?:is\s+(?P<p>[A-Z][\w-]*)'s|(?:goes|should\s+go)\s+to\s+"
                r"(?P<q>[A-Z][\w-]*))(?=\s*(?:[,.;]|$|\s+and\s))"),
     lambda m: f"{m[1]}assign {m['t']} to {m['p'] or m['q']}"),
    # "…, and she has till next Wednesday" -> "…, make it due next Wednesday"
    (re.compile(r"(^|[,.;]\s+|\s+and\s+)(?:and\s+)?(?:she|he|they)\s+(?:has|have|gets?|got)\s+(?:till|until|to|by)\s+", re.I),
     r"\1make it due "),
    # a date corrected as it is said: "due thursday actually make that friday" -> "due friday"
    (
        re.compile(
            rf"\b(?P<kw>due|by|on|for|before)\s+(?:{_DATE_WORD})(?:\s+[\w']+){{0,3}}?\s*[,.;]?\s+(?:no|sorry|i\s+mean|actually|wait|"
            rf"or\s+rather)(?:[,.;]?\s+(?:no|wait|sorry))?\s*[,.;]?\s+(?:make\s+(?:that|it)\s+)?(?:(?:due|by|on)\s+)?(?=(?:{_DATE_WORD})\b)",
            re.I,
        ),
        r"\g<kw> ",
    ),
    # a correction mid-sentence: "for Mike, no, for David" / "to Lisa, sorry, to Sarah" -> the second
    (
        re.compile(
            r"\b(?:for|to|with)\s+[\w'-]+(?:\s+[A-Z][\w'-]*)?(?:\s+and)?[,.;]?\s+(?:no|sorry|i\s+mean|actually|"
            r"or\s+rather|make\s+that|wait)(?:[,.;]?\s+wait)?\s*[,.;]?\s+(?=(?:for|to|with)\s)",
            re.I,
        ),
        "",
    ),
    # a place corrected before the message: "post in general no sorry leadership: …" -> "post in leadership: …"
    (
        re.compile(
            r"\b(?P<prep>in|into|to)\s+(?:the\s+)?[\w'-]+(?:\s+[\w'-]+)?\s*[,.;]?\s+(?:no\s*,?\s*(?:sorry|wait)|sorry|"
            r"i\s+mean|or\s+rather|actually)\s*[,.;]?\s+(?:(?:in|into|to)\s+)?(?P<b>(?:the\s+)?[\w'-]+(?:\s+[\w'-]+){0,2}?)"
            r"(?=\s*[:.;,]|\s+that\b)",
            re.I,
        ),
        r"\g<prep> \g<b>",
    ),
    # "share the deck with Q4 Planning and the guidelines with Website Redesign": two shares
    (re.compile(r"\b(?P<v>share|send|attach)\s+(?P<a>[^,.;]+?)\s+(?P<p>with|to|in)\s+(?P<x>[^,.;]+?),?\s+and\s+"
                r"(?P<b>(?:the|our|my)\s+[^,.;]+?)\s+(?P=p)\s+(?P<y>[^,.;]+)", re.I),
     r"\g<v> \g<a> \g<p> \g<x>. \g<v> \g<b> \g<p> \g<y>"),
    # "put a 12 hour estimate on the Q4 report task" -> "estimate the Q4 report task at 12 hour"
    (re.compile(r"\b(?:put|add|set|stick|place|slap|give)\s+(?:an?\s+)?(?P<q>[\w.]+)[\s-]+(?P<u>hours?|hrs?|days?|weeks?)\s+"
                r"estimate\s+(?:on|for|to)\s+(?P<t>[^,.;]+)", re.I), r"estimate \g<t> at \g<q> \g<u>"),
    # "… share the pitch deck with the channel and": the recogniser's dangling last word
    (re.compile(r"(?<=\w)[,\s]+(?:and|so|but|or|then|uh|um)\s*[.!]?$", re.I), ""),
    # "A blocks B which blocks C" -> "A blocks B. B blocks C" (a chain said in one breath)
    (re.compile(r"\b(?P<r>blocks?|comes?\s+before|goes\s+before)\s+(?P<b>[^,.;]+?),?\s+which\s+(?:in\s+turn\s+|then\s+|also\s+|itself\s+)?"
                r"(?P<r2>blocks?|comes?\s+before|goes\s+before)\b", re.I),
     r"\g<r> \g<b>. \g<b> \g<r2>"),
    # "three tasks screen resumes, schedule interviews and send offers": the list starts right after "tasks"
    # (its items may start with command verbs; the colon keeps them one list)
    (re.compile(r"\b(?P<n>two|three|four|five|six|seven|eight|[2-9])\s+(?:new\s+)?(?:sub)?tasks(?=\s+(?!(?:in|into|to|for|on|due|by|"
                r"called|named|here|there|under|with|about|that|each|all|and|also|then|please|so|which|we|i|you|first|"
                r"today|tomorrow|this|next|before|after|until|at|from|urgent|high|low|medium|done|complete|completed|blocked|"
                r"private|public|as|a|an|the|of|together)\b)[a-z]+\b(?:[^:.;]*,|[^:.;,]*?\s+and\s+"
                r"(?:(?!\b(?:depends?|blocks?|waits?|after|before|then|also|first)\b)[^:.;,])*?(?=\s+and\s+|[.;,!?]|$)))", re.I),
     r"\g<0>:"),
    # "…, assign to Mike, due December 4th, about 3 hours." -> "… . About 3 hours": the estimate of what came before
    (re.compile(r",\s*(?=(?:about|around|roughly|approximately|maybe|probably)\s+(?:\d+(?:\.\d+)?|a|an|one|two|three|four|five|"
                r"six|seven|eight|nine|ten|half\s+a)\s*(?:-\s*)?(?:hours?|hrs?|days?|weeks?)(?:\s+of\s+work)?\s*[.!,;]?$)", re.I), ". "),
    # "website copy's due tuesday" -> "website copy is due tuesday"
    (re.compile(r"(?<=\w)(?<!\bit)(?<!\bthat)(?<!\bwhat)(?<!\bwho)(?<!\bhe)(?<!\bshe)(?<!\bthere)(?<!\bhere)(?<!\bthis)"
                r"['’]s\s+(?=(?:now\s+|also\s+)?(?:due|overdue|blocked|done|finished|late)\b)", re.I), " is "),
    # "give her a task to draft the agreement" -> "create a task for her to draft the agreement"
    (re.compile(r"\bgive\s+(?P<p>her|him|them|(?!(?:it|the|a|an|me|us|you|everyone|everybody)\b)[A-Za-z][a-z]+)\s+"
                r"(?P<n>a|an|another|one|two|three)\s+(?P<t>(?:new\s+)?tasks?)(?P<w>\s+(?:there|here|in\s+there|in\s+here))?\s+"
                r"(?:to\s+)?(?!(?:called|named|titled|in|for|due|by|on)\b)(?=[a-z])", re.I),
     r"create \g<n> \g<t>\g<w> for \g<p> to "),
    # "would you mind creating X, assigning Y to Elena, and reminding me …": every request after the first, too
    (re.compile(r"\b(?:would|do)\s+you\s+mind\b.*", re.I | re.S),
     lambda m: re.sub(r"(?P<s>,\s*(?:and\s+)?|\s+and\s+|[.;]\s+(?:and\s+)?)(?P<g>[a-z]+ing)\b",
                      lambda g: g["s"] + _base(g["g"]) if g["g"].lower() in _GERUNDS else g[0], m[0], flags=re.I)),
    # "would you mind assigning X" -> "assign X"
    (re.compile(r"\b(?:would|do)\s+you\s+mind\s+(?P<g>\w+ing)\b", re.I), lambda m: _base(m["g"])),
    # "make sure Lisa is in the roadshow channel" -> "add Lisa to the roadshow channel"
    (
        re.compile(
            r"\b(?:make\s+sure|ensure|check\s+that|see\s+that)\s+(?P<who>(?:[A-Z][\w'-]*)(?:(?:,|,?\s+and)\s+[A-Z][\w'-]*)*)"
            r"\s+(?:is|are|gets?|get)\s+(?:added\s+to|invited\s+to|in|on|into|part\s+of|a\s+member\s+of|members\s+of)\s+",
            re.I,
        ),
        r"add \g<who> to ",
    ),
    # passive assignment: "the migration plan should be assigned to Tom", "X is going to be handled by Lisa"
    (
        re.compile(
            r"(^|[.;!?]\s+|,\s+(?:and\s+)?)(?P<t>[^,.;!?]+?)\s+(?:should|must|will|can|needs\s+to|has\s+to|is\s+going\s+to|"
            r"is\s+gonna|is\s+to|is|are)\s+be\s+(?:(?:assigned|given|handed(?:\s+over)?|reassigned)\s+to|"
            r"(?:handled|owned|taken\s+care\s+of|led|run|covered|picked\s+up|worked\s+on)\s+by)\s+",
            re.I,
        ),
        r"\1assign \g<t> to ",
    ),
    # "get the deck review done within a week" -> "the deck review due within a week"
    (
        re.compile(
            r"(^|[.;!?,]\s+)get\s+(?P<t>[^,.;!?]+?)\s+(?:done|finished|completed|wrapped\s+up)\s+(?=(?:by|before|within|in|no\s+later|on|until|this|next|end|tomorrow|today|monday|tuesday|wednesday|thursday|friday)\b)",
            re.I,
        ),
        r"\1the \g<t> is due ",
    ),
    # "let's get a channel going for the Q1 kickoff" -> "create a channel for the Q1 kickoff"
    (
        re.compile(
            r"\b(?:(?:let's\s+|lets\s+)?(?:get|have)|create)\s+(?P<x>(?:a|an|one)\s+(?:[\w-]+\s+){0,3}?channel)\s+"
            r"(?:going|started|set\s+up|up\s+and\s+running|up)\b",
            re.I,
        ),
        r"create \g<x>",
    ),
    # "Channel for the Berlin office opening please, …" said without a verb, at the start of a sentence
    (re.compile(r"(^|[.;!?]\s+)(?=(?:(?:a|an)\s+)?(?:new\s+)?(?:[\w-]+\s+)?channel\s+(?:for|called|named)\b)", re.I),
     r"\1create "),
    # "message the website redesign channel and let them know the mockups are in" -> "… that the mockups …"
    (re.compile(r"\b(?P<v>message|tell|ping|notify|post\s+in|write\s+to)\s+(?P<ch>[^,.;]+?)\s*,?\s+and\s+let\s+"
                r"(?:them|everyone|everybody|people|the\s+team|folks)\s+know\s+(?:that\s+)?", re.I),
     r"\g<v> \g<ch> that "),
    # "Priya's off the Q4 report" -> "take Priya off the Q4 report"
    (re.compile(r"(^|[.;!?,]\s+)(?P<who>[A-Z][\w-]*)(?:'s|\s+is)\s+off\s+(?:of\s+)?(?=\S)"), r"\1take \g<who> off "),
    # "Break Hire a designer into subtasks: …" -> "under Hire a designer, add subtasks: …"
    (re.compile(r"\b(?:break|split)\s+(?P<t>.+?)\s+(?:down\s+)?into\s+(?P<n>(?:\w+\s+)?)(?:sub-?tasks|pieces|steps)\b", re.I),
     r"under \g<t>, add \g<n>subtasks"),
    # "Leadership doesn't need to be private anymore" -> "make Leadership public"
    (re.compile(r"^(?P<c>[^,.;]+?)\s+(?:doesn't|does\s+not|no\s+longer)\s+(?:need|have)s?\s+to\s+be\s+(?:private|restricted)"
                r"(?:\s+any\s*more)?(?=\s*(?:[,.;]|$))", re.I), r"make \g<c> public"),
    (re.compile(r"^(?P<c>.+?)\s+(?:should|can|must|needs\s+to)\s+be\s+(?P<p>private|public|restricted)(?:\s+now)?$", re.I),
     r"make \g<c> \g<p>"),
    # "push X back to days" (the recogniser's "two days")
    (re.compile(r"\b(back|out|by)\s+(?:to|too)\s+(?=(?:days|weeks)\b)", re.I), r"\1 two "),
    # "…, and it's for priya" -> ", for priya"
    (re.compile(r"(?<!\bthat)(?<!\bsaying)(?<!:),?\s+(?:and\s+)?(?:it's|its|it\s+is|that's|this\s+is)\s+for\s+(?=[A-Za-z])", re.I),
     ", for "),
    # "give it to sarah to" (the recogniser's "too" at the end)
    (re.compile(r"(?<=[A-Za-z])\s+to(?=\s*(?:[.!?]?\s*$))", re.I), " too"),
    # "its urgent", "it's high priority", "this is urgent" inside a request: a priority, not title words
    # (not in a message's words: "tell the team that it's urgent")
    (re.compile(r"(?<!\bthat)(?<!\bsaying)(?<!:),?\s+\b(?:it's|its|it\s+is|that's|this\s+is)\s+"
                r"(?=(?:urgent|high\s+priority|low\s+priority|top\s+priority)\b)",
                re.I), ", "),
    # "Add to the roadshow channel: rent the booth, ship the banners" -> tasks for that channel
    (re.compile(r"^(?:add|put)\s+(?:these\s+|the\s+following\s+)?(?P<to>to|in|into|on)\s+(?P<ch>[^:]+?)\s*:\s*", re.I),
     r"add tasks \g<to> \g<ch>: "),
    # "get the photo shoot started" -> "start the photo shoot"
    (
        re.compile(
            r"(^|[.;!?,]\s+)(?:let's\s+|lets\s+)?get\s+(?P<t>[^,.;!?]+?)\s+(?:started|going|underway|moving)(?=\s*(?:[.;!?,]|$))",
            re.I,
        ),
        r"\1start on \g<t>",
    ),
    # "In 30 minutes remind me to X" -> "remind me to X in 30 minutes"
    (
        re.compile(
            r"(^|[.;!?]\s+)(?P<d>(?:in\s+(?:\w+|an?|half\s+an)\s+(?:minutes?|hours?|days?|weeks?)|tomorrow(?:\s+morning)?|"
            r"(?:on\s+|next\s+)?(?:monday|tuesday|wednesday|thursday|friday)(?:\s+at\s+[\w:]+(?:\s*[ap]m)?)?|next\s+week)),?\s+"
            r"(?P<r>(?:remind|ping|nudge)\s+[^.;!?]+)",
            re.I,
        ),
        r"\1\g<r> \g<d>",
    ),
    # topic first: "the deck review, can you push that to Monday" -> "push the deck review to Monday"
    (
        re.compile(
            r"(^|[.;!?]\s+)(?:(?:hey|so|okay|ok|alright|right)[,\s]+)*(?P<t>(?:the|our)\s+(?![^,]*\b(?:is|are|was|were|has|have|will|should|can|must|not|\w+n't)\b)[^,.;!?]{2,60}?),\s+"
            r"(?:(?:can|could|would|will)\s+you\s+|please\s+|just\s+)*(?P<v>[a-z]+(?:\s+(?:back|out|up|off|over))?)\s+"
            r"(?:that|it|this)\b",
            re.I,
        ),
        r"\1\g<v> \g<t>",
    ),
    (re.compile(r"\b([ap])\.m\.", re.I), r"\1m"),
    (re.compile(r"\bhigh-priority\b", re.I), "high priority"),
    (re.compile(r"\blow-priority\b", re.I), "low priority"),
    (re.compile(r"\bset-up\b", re.I), "set up"),
    (re.compile(r"\bto-dos?\b", re.I), "tasks"),
    # a remark after the request adds nothing: "archive it, we're done with it" / ", thanks"
    (
        re.compile(
            r",\s*(?:(?:we're|we\s+are|i'm|i\s+am)\s+(?:all\s+)?(?:done|finished|through)\s+with\s+(?:it|that|this|them)|"
            r"(?:thanks|thank\s+you|cheers)(?:\s+(?:so\s+much|a\s+lot))?|that's\s+(?:all|it))\s*(?=[.!?]|$)",
            re.I,
        ),
        "",
    ),
    (re.compile(r"\s+([,.;:!?])"), r"\1"),
    (re.compile(r"([,;:])(?=[^\s\d])|(?<!\d)([,;:])(?=\d)"), lambda m: (m[1] or m[2]) + " "),
)


# A field of a task said before its title: where, for whom, when, how urgent.
_FORM_FIELD = (r"(?:(?:in|into|for|due|by|assigned\s+to|owner)\s+[^,:;.]{1,40}?|(?:high|low|medium|top|normal)\s+priority|"
               r"priority\s+(?:high|low|medium|urgent)|urgent)")

# Ways of saying a request that read as another, better-known way. Applied after fillers and
# "please"/"go ahead and" are gone; they are not recognition slips, so they cost no confidence.
_STATE_WORDS = (
    r"done|complete|completed|finished|in\s+progress|started|blocked|on\s+hold|in\s+review|under\s+review|"
    r"cancell?ed|to\s+do|not\s+started"
)
_PHRASING: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = (
    # channel roles: "make Sarah the owner of this channel" / "make Tom an admin on Infrastructure" /
    # "haz a Sarah dueña del canal" -> "add Sarah to this channel as owner" (admin is the manager role)
    (re.compile(r"^(?P<lead>(?:(?:please|ok|okay|so|and|then)[,\s]+)*)(?:make|set|name|appoint)\s+(?P<p>[A-Za-z][\w'-]*(?:\s+(?!(?:the|an?|as|co-?\w*)\b)[A-Z][\w'-]*)?)"
                r"\s+(?:as\s+)?(?:the\s+|an?\s+|a\s+co-?)?(?P<r>owner|admin|administrator|manager)\s+(?:of|on|for|in)\s+"
                r"(?P<c>[^,.;]+?(?<!\btask)(?<!\btasks))\s*[.!]?$",
                re.I),
     lambda m: f"{m['lead']}add {m['p']} to {m['c']} as {_ROLE_WORD[m['r'].lower()]}"),
    (re.compile(r"^(?:haz|hace|pon|nombra)\s+(?:a\s+)?(?P<p>[A-Za-zÁÉÍÓÚáéíóúñ][\w'-]*)\s+(?:como\s+)?(?:el\s+|la\s+)?"
                r"(?P<r>due[ñn][oa]|propietari[oa]|administrador(?:a)?|admin|responsable|gestor(?:a)?)\s+(?:de|del|en)\s+(?P<c>.+?)\s*[.!]?$",
                re.I),
     lambda m: _role_es(m)),
    # "archive Leadership, no wait, not Leadership, archive Website Redesign": what is taken back, said again
    (re.compile(r"(\b(?:no,?\s+wait|sorry|oops|actually(?:,?\s+no)?|no|i\s+mean)[,.]?\s+)not\s+[^,.;:]{1,40}[,.;]\s*(?=[a-z])", re.I), r"\1"),
    # "make it urgent and due tomorrow": two details of one task, not two requests
    (re.compile(r"\b(?P<p>urgent|(?:high|low|medium|top)(?:\s+priority)?|asap)\s+and\s+(?=(?:due|by)\s)", re.I), r"\g<p>, "),
    # "make book movers a blocker for packing", "X is a prerequisite for Y": the noun says the relation
    (re.compile(r"(^|[,.;]\s+(?:and\s+)?|\s+and\s+)(?:make|set|mark)\s+(?P<a>[^,.;]+?)\s+(?:as\s+)?(?:a|the)\s+"
                r"(?:blocker|prerequisite|predecessor)\s+(?:for|of|to|on)\s+", re.I), r"\1\g<a> blocks "),
    (re.compile(r"(^|[,.;]\s+(?:and\s+)?|\s+and\s+)(?P<a>[^,.;]+?)\s+(?:is|'s)\s+(?:a|the)\s+(?:blocker|prerequisite)\s+"
                r"(?:for|of|to|on)\s+", re.I), r"\1\g<a> blocks "),
    (re.compile(r"(^|[,.;]\s+(?:and\s+)?|\s+and\s+)(?:make|set|mark)\s+(?P<a>[^,.;]+?)\s+(?:as\s+)?(?:a|the)\s+"
                r"dependency\s+(?:for|of|to)\s+(?P<b>[^,.;]+)", re.I), r"\1\g<b> depends on \g<a>"),
    # "cancel that task, finance already did it": why, not another request (nor a task's name)
    (re.compile(r"\s*[,;]\s*(?:because\s+|since\s+|as\s+)?(?:[A-Za-z]+|the\s+\w+\s+team)\s+(?:has\s+|have\s+|had\s+)?(?:already\s+)?"
                r"(?:did|done|handled|finished|covered|took\s+care\s+of|taken\s+care\s+of|sorted(?:\s+out)?|fixed|dealt\s+with)\s+"
                r"(?:it|that|this)(?:\s+already)?(?=\s*(?:[.;!?]|$))", re.I),
     _outside_message("")),  # a message keeps its words
    # "new task in general - book the venue - elena - due dec 4 - urgent": dashes between the details
    (re.compile(r"\s+[-–—]\s+(?=\S)"), _outside_message(", ")),
    # "mark the first one in progress and the last one blocked": two requests with one verb
    (re.compile(rf"\b(?P<v>mark|set|flag)\s+(?P<a>[^,.;]+?)\s+(?:as\s+)?(?P<s1>{_STATE_WORDS})\s*,?\s+and\s+(?P<b>(?!mark\b|set\b|flag\b)[^,.;]+?)"
                rf"\s+(?:as\s+)?(?P<s2>{_STATE_WORDS})\b", re.I),
     r"\g<v> \g<a> \g<s1> and \g<v> \g<b> \g<s2>"),
    # spoken requests, said the way people talk (batch 29)
    # "a restricted finance channel Audit Prep is the name" -> "… channel called Audit Prep"
    (re.compile(r"\bchannel\s+(?P<n>[^,.;]{2,40}?)\s+(?:is|will\s+be|as)\s+(?:the|its)\s+name\b", re.I), r"channel called \g<n>"),
    # "can we do a private HR channel called …" -> "create a private HR channel called …"
    (re.compile(r"(^\s*|[,.;]\s+|\band\s+)(?:(?:can|could|should|shall)\s+we\s+|let's\s+|we\s+(?:should|need\s+to)\s+)?(?:do|get|have|set)\s+"
                r"(?=an?\s+(?:new\s+)?(?:[\w-]+\s+){0,3}channel\b)", re.I), r"\1create "),
    # "… with Elena and Priya in it" (a channel's members)
    (re.compile(r"(\bchannel\b[^.;]*?\bwith\s+[A-Z][\w'-]*(?:(?:\s*,\s*|\s+and\s+)[A-Z][\w'-]*)*)\s+in\s+it\b"), r"\1"),
    # "mark X as blocked we're waiting on the budget": the reason, set off
    (re.compile(r"(?<=[a-z])\s+(?=(?:we're|we\s+are|they're|they\s+are|she's|he's)\s+(?:still\s+)?waiting\s+(?:on|for)\b)", re.I), ", "),
    # "…, set that as the deadline", "put that down as the estimate": the value just said, said again
    (re.compile(r"\s*,?\s*(?:so\s+)?(?:set|put|make|use|log|record)\s+(?:that|it|this)\s+(?:down\s+)?(?:as|for)\s+(?:the|its|her|his)\s+"
                r"(?:deadline|due\s+date|estimate|priority)(?=\s*(?:[.;!?]|$))", re.I), ""),
    # "estimate on hiring the designer, call it two days of work" -> "estimate hiring the designer at two days of work"
    (re.compile(r"\bestimate\s+(?:on|for)\s+(?P<t>[^,.;]+?)\s*,?\s+(?:call\s+it|say|make\s+it|put\s+it\s+at)\s+", re.I),
     r"estimate \g<t> at "),
    # "…, Lisa stays on it": who keeps the task, not another request
    (re.compile(r"\s*,?\s+(?:and\s+)?[A-Za-z][\w'-]*\s+(?:stays|remains|is\s+staying|keeps\s+it)(?:\s+on(?:\s+(?:it|that|this|too|as\s+well))?)?"
                r"(?=\s*(?:[.;!?]|$))", re.I), ""),
    # "move Q4 Planning under Operations instead of Finance": the old category
    (re.compile(r"\s+(?:instead\s+of|rather\s+than|not)\s+(?:marketing|operations|finance|hr|sales|engineering)(?=\s*(?:[.;!?,]|$))", re.I), ""),
    # "set it up so the Q4 report requires …", "make it so that A blocks B": the relation itself
    (re.compile(r"(^\s*(?:(?:okay|ok|so|alright|right)[,\s]+)*|[,.;]\s+|\band\s+)(?:set\s+(?:it|this|things)\s+up|make\s+it)\s+so\s+(?:that\s+)?"
                r"(?=\w)", re.I), r"\1"),
    # "so for the Q4 report task I want two subtasks, A and B" -> "create two subtasks under the Q4 report task: A and B"
    (re.compile(rf"(^\s*|[.;]\s+)(?:so\s+|and\s+)?(?:for|on)\s+(?P<t>[^,.;:]+?)\s*,?\s+(?:i\s+want|i\s+need|we\s+need|i'd\s+like|"
                rf"let's\s+(?:add|do|have)|add|create|make|put\s+in)\s+(?P<n>(?:{NUMBER_WORDS})\s+|a\s+couple\s+of\s+|some\s+)?"
                r"(?P<k>sub-?tasks?)\s*[,:]?\s*", re.I),
     lambda m: f"{m[1]}create {m['n'] or ''}{m['k']} under {m['t']}: "),
    # "add Priya as a manager there" -> "add Priya there as a manager"
    (re.compile(r"\bas\s+(?P<r>(?:a|an|the)\s+(?:manager|owner|admin|member|regular\s+member))\s+(?P<p>there|here|in\s+there|in\s+here)\b", re.I),
     r"\g<p> as \g<r>"),
    # "mark A, B and C as in progress" -> "mark A as in progress, mark B as in progress and mark C as in progress"
    (re.compile(rf"\b(?P<v>mark|set|flag)\s+(?P<l>[^.;:,]+?(?:,\s*[^.;:,]+?)+,?\s+and\s+[^.;:,]+?)\s+as\s+(?P<s>{_STATE_WORDS})\b", re.I),
     lambda m: ", ".join(f"{m['v']} {item} as {m['s']}" for item in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", m["l"]) if item)),
    # "take Tom back out of it" -> "take Tom off it"
    (re.compile(r"\btake\s+(?P<p>[A-Za-z][\w'-]*)\s+(?:back\s+)?(?:out\s+of|off\s+of)\s+", re.I), r"take \g<p> off "),
    # "… isn't that pressing let's make it low priority": a request said after a remark, without a mark
    (re.compile(r"(?<=[a-z])\s*,?\s+(?:so\s+)?(?=(?:let's|let\s+us|go\s+ahead\s+and|can\s+you|could\s+you)\s+(?:make|set|move|mark|push|give|"
                r"put|add|create|assign|change|bump|drop|close|archive|cancel|remind)\b)", re.I),
     _outside_message(". ")),
    (re.compile(r"(?<=[a-z])\s*,?\s+so\s+(?=(?:make|set|move|mark|push|give|put|assign|change|bump|close|archive|cancel)\s+"
                r"(?:it|that|this|them|those|both)\b)", re.I),
     _outside_message(". ")),
    # "In Q4 Planning, for Priya, due Monday, high priority: draft the 2027 budget." (a task dictated as a form)
    # -> "create a task called draft the 2027 budget, in Q4 Planning, for Priya, due Monday, high priority"
    (re.compile(rf"^\s*(?P<mods>{_FORM_FIELD}(?:\s*,\s*(?:and\s+)?{_FORM_FIELD})+|(?!in\s|for\s+(?:the|our|that|this|it)\b){_FORM_FIELD})\s*:\s*"
                r"(?!(?:add|create|make|assign|post|tell|remind|share|move|push|mark|set|archive|pause|invite|rename|link|send|"
                r"give|put|remove|take|cancel|close|message|ping|update|change)\b)(?P<title>[^.;!?,]+)", re.I),
     r"create a task called \g<title>, \g<mods>"),
    # an opinion or a wish said as its own sentence, then the request asked politely:
    # "It'd be great if someone could look into our cloud costs. Could you create a task …"
    (re.compile(r"(^\s*|[.;!?]\s+)(?:(?:so|well|ok|okay|um)[,\s]+)*(?:i\s+think|i\s+feel|i\s+guess|i\s+was\s+thinking|it'd\s+be\s+(?:great|nice|good)|"
                r"it\s+would\s+be\s+(?:great|nice|good)|since|given|now\s+that)\b[^.;!?]*[.;!?]\s+"
                r"(?=(?:so\s+)?(?:could|would|can|will)\s+you\b|(?:so\s+)?would\s+you\s+mind\b)", re.I),
     r"\1"),
    (re.compile(r"(^\s*)(?:i\s+think|i\s+feel|i\s+guess)\b[^.;!?]*?,\s+so\s+(?=(?:could|would|can|will)\s+you\b|would\s+you\s+mind\b)",
                re.I), r"\1"),
    # context before the request: "Since the auditors are coming in January, could you …", "While we're at it, …"
    (re.compile(r"(^|[.;!?]\s+)(?:since|as|because|given\s+(?:that|how)|now\s+that|while\s+we're\s+at\s+it|with)\b[^.;!?]*?,\s*"
                r"(?=(?:i\s+think\s+)?(?:(?:could|would|can|will)\s+you\b|would\s+you\s+mind\b|let's\b|(?:create|make|add|assign|give|"
                r"post|send|tell|remind|set|share|invite|remove|archive|pause|rename|link|move|push|mark|cancel|close|put)\b))", re.I),
     r"\1"),
    # "…, so make that a dependency", "pls add dependency", "pls set that up" after a relation: nothing more to do
    (re.compile(r"\s*,?\s*(?:so\s+|and\s+)?(?:(?:could|can)\s+you\s+)?(?:add|make|create|set\s+up)\s+(?:that|it|this|them)?\s*"
                r"(?:as\s+)?(?:a\s+|the\s+)?(?:dependency|dependencies)\b(?:\s+for\s+me)?", re.I), ""),
    (re.compile(r"(?<=[\w.!?;])\s*,?\s+(?:so\s+)?(?:could\s+you\s+|can\s+you\s+)?set\s+(?:that|it|this)\s+up\s*(?=[.!?]?\s*$)", re.I),
     ""),
    (re.compile(r"\b(?:can't|cannot|can\s+not)\s+really\b", re.I), "can't"),
    # "take lisa off X she's swamped right now": the reason after the request
    (re.compile(r"\s*,?\s+(?:she's|he's|they're|she\s+is|he\s+is|they\s+are)\s+(?:swamped|busy|out|away|slammed|overloaded|sick|off)"
                r"\b[^.;!?,]*", re.I), ""),  # only the remark: "…, she's swamped, give it to Tom" keeps its request
    (re.compile(r"\s+so\s+(?:nothing|it\s+doesn't|we\s+don't)\s+(?:slips?|gets?\s+lost|falls?\s+through\s+the\s+cracks)\b[^.;!?]*", re.I),
     ""),
    # "the q4 report task give it to sarah" -> "give the q4 report task to sarah"
    (re.compile(r"(^\s*|[.;!?]\s+)(?P<t>(?:the|our)\s+[^,.;!?]{2,40}?\s+(?:task|one))\s*,?\s+(?:just\s+)?(?P<v>give|assign|hand|move|push|"
                r"mark|set|make|cancel|close|archive)\s+(?:it|that)\b", re.I), r"\1\g<v> \g<t>"),
    # "the vendor contracts one, we're dropping it, just cancel it" -> "cancel the vendor contracts one, we're dropping it"
    (re.compile(r"(^\s*|[.;!?]\s+)(?P<t>(?:the|our)\s+[^,.;!?]{2,40}?\s+(?:task|one))\s*,\s*(?P<a>(?:we're|we\s+are|they're|"
                r"i'm|she's|he's|it's)\s+[^,.;!?]{1,30}?)\s*,\s*(?:so\s+)?(?:just\s+)?(?P<v>give|assign|hand|move|push|mark|set|"
                r"make|cancel|close|archive)\s+(?:it|that)\b(?P<r>[^.;!?]*)", re.I), r"\1\g<v> \g<t>\g<r>, \g<a>"),
    # "everything that's unassigned, just give it all to david" -> "give everything that's unassigned to david"
    (re.compile(r"^\s*(?P<sel>(?:everything|all\s+(?:the\s+)?(?:tasks|stuff))\s+(?:that's|that\s+is|that\s+are|which\s+is|which\s+are)\s+"
                r"[^,.;]+?)\s*,?\s+(?:just\s+)?(?P<v>give|assign|hand|move)\s+(?:it|them)(?:\s+all)?\s+(?:over\s+)?to\s+", re.I),
     r"\g<v> \g<sel> to "),
    # "set a reminder for me in like two hours to …" -> "remind me in two hours to …"
    (re.compile(r"\bset\s+(?:a\s+|up\s+a\s+)?reminder\s+for\s+(?P<p>me|[A-Za-z][\w-]*)\s+(?=in\b|on\b|at\b|tomorrow\b|next\b|to\b)", re.I),
     r"remind \g<p> "),
    (re.compile(r"\b(?P<p>in|for)\s+like\s+(?=(?:a|an|one|two|three|four|five|\d))", re.I), r"\g<p> "),
    # "break X into a couple of subtasks? One to check A and one to compare B" -> "… subtasks: check A and compare B"
    (re.compile(r"\b(?P<h>subtasks)\s*[?.,:]?\s+one\s+(?:to|for)\s+(?P<a>[^,.;?]+?)\s*,?\s+and\s+(?:one|another|the\s+other)\s+(?:to|for)\s+", re.I),
     r"\g<h>: \g<a> and "),
    # roles said other ways: "as its manager", "as a regular member", "make Sarah a manager of that channel"
    (re.compile(r"\bas\s+(?:its|their|the\s+channel's|the)\s+(?P<r>manager|owner|admin|lead)\b", re.I), r"as a \g<r>"),
    (re.compile(r"\bas\s+(?:a\s+)?(?:regular|normal|plain|ordinary|standard|simple)\s+member\b", re.I), "as a member"),
    (re.compile(r"\bmake\s+(?P<p>[A-Za-z][\w-]*)\s+(?:a|an|the)\s+(?:(?P<r>manager|admin)\s+(?:of|in|on|for)\s+(?P<c>[^,.;]+?)|"
                r"(?P<r2>owner)\s+(?:of|in|on|for)\s+(?P<c2>[^,.;]+?\bchannel))(?=\s*(?:[,.;!?]|\s+and\s+|$))", re.I),
     lambda m: f"add {m['p']} to {m['c'] or m['c2']} as a {m['r'] or m['r2']}"),
    (re.compile(r"\s*,?\s+while\s+(?:we're|we\s+are|i'm|i\s+am)\s+at\s+it\b", re.I), ""),
    # "give both a 10 hour estimate" -> "estimate both at 10 hours"
    (re.compile(r"\bgive\s+(?P<t>both|them|them\s+both|each|it|that|each\s+of\s+them)\s+(?:an?\s+)?(?P<n>[\w.]+)[\s-]+(?P<u>hours?|days?)"
                r"\s+estimate\b", re.I), r"estimate \g<t> at \g<n> \g<u>"),
    # "bump X to high uh no make it urgent" -> "bump X to high. actually, make it urgent"
    (re.compile(r"(?<=\w)\s+(?:no|no\s+wait|sorry|actually|wait)\s*,?\s+(?=(?:make|set|change)\s+(?:it|that)\b)", re.I),
     ". actually, "),
    # "Link Q4 Planning with Leadership (related)": a word in brackets is said after a comma (a message keeps them)
    # (at the end, in lower case: "write alt text (Lisa), …" is a list of tasks with their people)
    (re.compile(r"\s*\((?P<w>[a-z][^()]{0,39})\)\s*(?=[.!]?\s*$)"), _outside_message(r", \g<w>")),
    # "link A and B, sequential": the kind of link said after a comma
    (re.compile(r"\b(?P<h>(?:link|connect)\s[^.;!?,]+?)\s*,\s*(?:as\s+)?(?P<k>sequential|parallel|related)\b", re.I),
     r"\g<h> as \g<k>"),
    # "add Tom, no, add David instead": the correction starts a sentence of its own (never a name in the list)
    (re.compile(r"(?<=\w)\s*,\s*(?:no\s*,?\s*wait|no|sorry|actually|wait)\s*,?\s+"
                r"(?=(?:add|invite|include|assign|give|put|remind|tell|message)\s)", re.I), ". actually, "),
    # "For the Q4 report: bump it to urgent, …" -> "For the Q4 report, bump it …"
    (re.compile(r"^(?:for|on|about|re)\s+(?P<f>(?:the|our|that)\s+[^:,.;]{2,60}?|[^:,.;]{2,60}?)\s*:\s*(?=[a-z])", re.I),
     r"for \g<f>, "),
    # "mark everything in Brand Refresh as done except the logo review" -> "mark everything … except … as done"
    (re.compile(r"\b(?P<sel>(?:everything|all\b[^,.;]*?)\s+(?:in|from|on)\s+[^,.;]+?)\s+(?P<mid>(?:as|to)\s+(?:done|complete|"
                r"completed|finished|cancelled|canceled|in\s+progress|in\s+review|blocked|urgent|high|low|medium)(?:\s+priority)?)"
                r"\s*,?\s+(?P<ex>(?:except(?:\s+for)?|but\s+not|other\s+than|apart\s+from)\s+[^,.;]+)", re.I),
     r"\g<sel> \g<ex> \g<mid>"),
    # "lisa doesn't need to be on the website copy anymore" -> "take lisa off the website copy,"
    (re.compile(r"(^|[.;!?,]\s+)(?P<who>[A-Za-z][\w-]*)\s+(?:doesn't|doesnt|does\s+not|don't|dont)\s+need\s+to\s+be\s+"
                r"(?:on|assigned\s+to|working\s+on)\s+(?P<t>[^,.;!?]+?)\s+(?:any\s*more|any\s+longer)\b,?", re.I),
     r"\1take \g<who> off \g<t>,"),
    # "add Mike to help Priya" (on a task just named) -> "add Mike to it"
    (re.compile(r"\badd\s+(?P<who>[A-Za-z][\w-]*)\s+to\s+help(?:\s+out)?(?:\s+[A-Za-z][\w-]*)?(?=\s*(?:[,.;!?]|$))", re.I),
     r"add \g<who> to it"),
    # "mike can own it" / "Mike can take it" / "mike will own that" -> "give it to mike"
    (re.compile(r"(^|[.;!?,]\s+|\s+and\s+)(?P<who>[A-Za-z][\w-]*)\s+(?:can|could|will|should)\s+(?:own|take|have|handle|pick\s+up)\s+"
                r"(?P<t>it|that|this|that\s+one|this\s+one)\b", re.I),
     r"\1give \g<t> to \g<who>"),
    # "ok dependencies. the website copy depends on …": a topic announced before the requests
    (re.compile(r"^\s*(?:(?:ok|okay|so|right|now|alright|and)[,\s]+)*(?:next\s+(?:up\s+)?)?(?:dependencies|deadlines|assignments|"
                r"priorities|reminders|estimates|status\s+updates|housekeeping|moving\s+on|next\s+up)\s*[.:;,-]\s+(?=\S)", re.I), ""),
    # "move everything Tom has open over to Mike" -> "move all of Tom's open tasks over to Mike"
    (re.compile(r"\b(?:everything|all\s+the\s+(?:stuff|tasks|work))\s+(?:that\s+)?(?!(?:he|she|they|it|we|i|you)\b)"
                r"(?P<p>[A-Za-z][\w-]*)\s+has(?:\s+got)?(?:\s+(?P<o>open|left|going|on\s+(?:his|her|their)\s+plate))?\b", re.I),
     lambda m: f"all of {m['p']}'s {'open ' if m['o'] else ''}tasks"),
    # "everything in website redesign and q4 planning due december 15" (no verb) -> "make everything … due …"
    (re.compile(r"^(?=\s*(?:everything|all\s+(?:of\s+)?(?:the\s+)?tasks)\s+(?:in|for|on|under)\s+[^.;!?]+?\s+due\s+[^.;!?]+$)", re.I),
     "make "),
    # "add to q4 planning. three tasks. close the books. …" -> "add three tasks to q4 planning: close the books. …"
    (re.compile(r"^\s*(?:add|put|create)\s+(?:to|in|into)\s+(?P<ch>[^.:;,]+?)\s*[.:;,]\s*(?P<n>two|three|four|five|six|[2-9])\s+"
                r"(?:new\s+)?tasks\s*[.:;,]\s*", re.I), r"add \g<n> tasks to \g<ch>: "),
    # "…, and it has to be live by December 1st" -> ", due December 1st"
    (re.compile(r"\s*,?\s+(?:and\s+)?(?:it|that|this|they)\s+(?:has|have|needs?|must)\s+(?:to\s+)?be\s+(?:live|done|finished|ready|"
                r"out|shipped|complete|completed|up|sent|signed|delivered|in)\s+(?:by|before|on)\s+(?=\S)", re.I), ", due "),
    # "give the first one to Mike and the second to Elena" -> "… and give the second one to Elena" (not the 2nd)
    (re.compile(r"\b(?P<v>give|assign|hand|pass)\s+(?P<a>the\s+(?:first|second|third|fourth|last|other)(?:\s+one)?)\s+to\s+"
                r"(?P<p>[A-Za-z][\w-]*)\s*,?\s+and\s+(?P<b>the\s+(?:first|second|third|fourth|fifth|last|other))(?:\s+one)?\s+to\s+", re.I),
     r"\g<v> \g<a> to \g<p> and \g<v> \g<b> one to "),
    # "throw sarah and david in there", "add Elena there as a manager" -> "add … to it"
    (re.compile(r"\b(?:throw|stick|pop|chuck|put|get|add)\s+(?P<p>[A-Za-z][\w-]*(?:(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+)[A-Za-z][\w-]*)*)"
                r"\s+(?:in\s+|into\s+|on\s+)?there\b", re.I), r"add \g<p> to it"),
    # "X is gonna take like two days so estimate it at that" -> "X is gonna take like two days"
    (re.compile(r"\b(?P<u>hours?|days?|weeks?)\s*,?\s+(?:so\s+)?(?:estimate|put|set)\s+(?:it|that|the\s+estimate)\s+"
                r"(?:at|to|as)\s+(?:that|this)\b", re.I), r"\g<u>"),
    # "The first one goes to Mike by Monday" -> "give the first one to Mike by Monday"
    (re.compile(r"(^|[.;!?,]\s+|\s+and\s+)(?P<t>(?:the|that|this)\b[^,.;!?]*?)\s+goes\s+to\s+(?=[A-Za-z])", re.I),
     r"\1give \g<t> to "),
    # "Lisa takes the blog post" -> "give the blog post to Lisa"
    (re.compile(r"(^|[.;!?,]\s+|,?\s+and\s+)(?!(?:it|that|this|which|who|he|she|they|we|i|you|everyone|nobody|someone)\b)"
                r"(?P<who>[A-Za-z][\w-]*)\s+(?:takes|gets|owns|handles|will\s+(?:take|own|handle|get))\s+"
                r"(?P<t>(?:the|that|this)\b[^,.;!?]*?)(?=\s*(?:[,.;!?]|$|\s+and\s+))", re.I),
     r"\1give \g<t> to \g<who>"),
    # "we're done with q4 planning, archive it" -> "archive q4 planning"
    (re.compile(r"(^|[.;!?]\s+)(?:(?:ok|okay|so|alright)[,\s]+)*(?:we're|were|we\s+are|i'm|im|i\s+am)\s+(?:all\s+)?(?:done|finished|through)"
                r"\s+with\s+(?P<x>[^,.;!?]+?)\s*[,.]?\s+(?:so\s+)?(?:you\s+can\s+|can\s+you\s+)?(?P<v>archive|close|pause|shelve|"
                r"close\s+out|wrap\s+up|mark|finish|complete)\s+(?:it|that|this)\b", re.I),
     r"\1\g<v> \g<x>"),
    # "The vendor contracts are signed, you can close that one out." -> "close out the vendor contracts"
    (re.compile(r"(^|[.;!?]\s+)(?P<t>(?:the|our)\s+[^,.;!?]{2,60}?)\s+(?:is|are|was|were|has\s+been|have\s+been)\s+"
                r"(?:signed|sent|approved|finished|done|wrapped\s+up|sorted|shipped|delivered|submitted|handled|live|published|"
                r"complete|completed|over)\s*[,.]?\s+(?:so\s+|and\s+)?(?:you\s+can\s+|we\s+can\s+|can\s+you\s+)?"
                r"(?:close|complete|finish|wrap|tick|check|mark)\s+(?:that\s+one|this\s+one|that|it|this)\s*(?:out|off|up|as\s+done|"
                r"as\s+complete|as\s+completed|done)?\b", re.I),
     r"\1mark \g<t> as done"),
    # "kick tom out of leadership, he's not supposed to be in there": the reason adds nothing
    (re.compile(r"\s*,?\s+(?:he|she|they)(?:'s|s|\s+is|'re|\s+are)\s+(?:not|no\s+longer)\s+(?:supposed|meant)\s+to\s+be\s+"
                r"(?:in|on)\s+(?:there|it|that|here|this\s+one|that\s+one)\b", re.I), ""),
    # "Break the Q4 report down into gather the numbers, draft the summary, …" -> "under the Q4 report, add subtasks: …"
    (re.compile(r"\b(?:break|split)\s+(?P<t>[^,.;:]+?)\s+down\s+into\s+(?!(?:\w+\s+)?(?:sub-?tasks|pieces|steps|parts)\b)"
                r"(?=[^.;]*,)", re.I),
     r"under \g<t>, add subtasks: "),
    # "for the designer hiring add a subtask …" -> "under the designer hiring, add a subtask …"
    (re.compile(r"(^|[.;!?]\s+)(?:for|on)\s+(?P<t>[^,.;:]+?)\s*,?\s+(?:add|create|make)\s+(?=(?:a|an|one|two|three|four|\d+)\s+"
                r"(?:new\s+)?sub-?tasks?\b)", re.I), r"\1under \g<t>, add "),
    # "the travel policy one, it has to wait for …": the topic, then "it"
    (re.compile(r"(^\s*(?:(?:ok|okay|so|and)[,\s]+)*|[.;!?]\s+)(?P<t>(?:the|that|this)\s+[^,.;]+?\s+one)\s*,?\s+(?:it|that)\s+"
                r"(?=(?:has|needs|must|should|can't|cannot|is|waits?|depends|blocks)\b)", re.I), r"\1\g<t> "),
    # batch 31
    # "he's stuck waiting on IT. mark it blocked": how someone is doing, said before the request
    (re.compile(r"(^\s*|[.;!?]\s+)(?:he|she|they)(?:'s|'re|\s+is|\s+are)\s+[^.;!?]*?\b(?:stuck|blocked|waiting|busy|out|swamped|sick)\b"
                r"[^.;!?]*[.;!?]\s+(?=(?:mark|set|move|make|push|give|put|assign|change|flag)\s)", re.I), r"\1"),
    # "q4 report -> urgent" (typed shorthand) -> "move q4 report to urgent"
    (re.compile(r"^\s*(?P<t>[^,.;>:]+?)\s*-+>\s*(?P<v>[^,.;>]+?)\s*$"), r"move \g<t> to \g<v>"),
    # "give the q4 report until the 15th" -> "make the q4 report due the 15th"
    (re.compile(r"\bgive\s+(?P<t>[^,.;]+?)\s+(?:until|till|through)\s+(?=\S)", re.I), r"make \g<t> due "),
    # "link A with B they're related" -> "link A with B as related"
    (re.compile(r"\s*,?\s+(?:they're|they\s+are)\s+(?P<k>related|parallel|sequential)\b", re.I), r" as \g<k>"),
    # "add Elena and David to both Q4 Planning and Website Redesign" -> one request for each channel
    (re.compile(r"\b(?P<v>add|invite|put)\s+(?P<p>[^.;]+?)\s+(?:to|in|into)\s+both\s+(?P<a>[^,.;]+?)\s+and\s+(?P<b>[^,.;]+)", re.I),
     r"\g<v> \g<p> to \g<a> and \g<v> \g<p> to \g<b>"),
    # batches 33/34
    # "hire a designer is, it's blocked right now": a restart
    (re.compile(r"\b(?:is|are)\s*,?\s+(?:it's|it\s+is|they're|they\s+are)\s+", re.I), "is "),
    # "Sarah should help Priya on the Q4 report task": who she helps is not the task
    (re.compile(r"\bhelp\s+(?:out\s+)?[A-Z][\w'-]*\s+(?=(?:on|with)\s)"), "help "),
    # "she'll need about 5 hours for it" -> "it will take about 5 hours"
    (re.compile(r"(^\s*|[.;!?,]\s+|\band\s+)(?:he|she|they|[A-Z][\w'-]*)(?:'ll|\s+will)\s+need\s+(?=(?:about|around|roughly|maybe|like|\d|an?\s|one|two|three|four|five|six|seven|eight|nine|ten)\b[^.;]*?\b(?:hours?|days?|weeks?)\b)"),
     r"\1it will take "),
    (re.compile(r"\b(?P<u>hours?|days?|weeks?)\s+(?:for|on)\s+(?:it|that|this)(?=\s*(?:[.;!?]|$))", re.I), r"\g<u>"),
    # "archive website redesign we're done with it": why
    (re.compile(r"\s*,?\s+(?:we're|we\s+are|i'm|i\s+am)\s+(?:all\s+)?(?:done|finished|through)\s+with\s+(?:it|that|this|them)(?=\s*(?:[.;!?]|$))",
                re.I), _outside_message("")),
)

@dataclass(frozen=True)
class Normalized:
    text: str
    asr_fixes: int


def normalize(raw: str) -> Normalized:
    """Return the command with fillers dropped, quotes unified and known ASR slips fixed."""
    text = raw.translate(_QUOTES)
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    text = _WS.sub(" ", text).strip()
    for pattern, repl in _PLAIN_FIXES:
        text = pattern.sub(repl, text)
    text = _FILLERS_ANYWHERE.sub(" ", text)
    head = _MESSAGE_HEAD.search(text)  # "please" inside a message is the speaker's words
    cut = head.end() if head else len(text)
    text = _PLEASE.sub(lambda m: ", " if m[0].rstrip().endswith(",") else " ", text[:cut]) + text[cut:]
    for pattern, repl in _PHRASING:
        text = pattern.sub(repl, text)
    fixes = 0
    for pattern, repl in _ASR_FIXES:
        if callable(repl):  # a rewrite that may leave its match alone (a message's words) counts only where it rewrote
            fixes += sum(repl(m) != m[0] for m in pattern.finditer(text))
        text, n = pattern.subn(repl, text)
        fixes += 0 if callable(repl) else n
    text = _WS.sub(" ", text).strip(" ,")
    return Normalized(text=text, asr_fixes=fixes)


# Words that may open a clause without adding meaning ("okay so", "can you", "let's").
_LEADING = re.compile(
    r"^(?:(?:first|firstly|second|next|finally|lastly),\s*|"
    # "cool now put david and tom in there", "perfect, thanks. …": an acknowledgement before the next request
    r"(?:cool|perfect|awesome|great|nice|sweet|got\s+it|thanks|thank\s+you)(?=[,.!]|\s+(?:now|so|and|then|also|next)\b)[,.!\s]*|"
    r"(?:and|also|then|so|okay|ok|alright|all right|right|well|now|hey|oh|just|after that|plus|yeah|yes|yep|"
    r"and then|and also|can you|could you|would you|will you|can we|could we|shall we|why don't we|why don't you|"
    r"we should|we'll|we will|you can|i think|i guess|i suppose|maybe|perhaps|probably|is it possible to|"
    r"would it be possible to|is there any way (?:you could|to)|do you think you could|do me a favou?r and|"
    r"i want you to|i'd like you to|i would like you to|i need you to|i want to|i'd like to|"
    r"i would like to|i need to|we need to|let's|lets|let us|go ahead and|make sure to|please|kindly|"
    r"voicedesk|computer)\b[,\s]*)+",
    re.I,
)
_ACTUALLY = re.compile(
    r"^(?:actually(?:,?\s+no)?|instead|no,?\s+wait|no(?=[,.\s])|wait|sorry|oops|scratch\s+that|on\s+second\s+thought)\b[,.\s]*",
    re.I,
)


def strip_leading(clause: str) -> tuple[str, bool]:
    """Drop opening fillers; report whether the clause corrects the previous one ("actually")."""
    corrected = False
    while True:
        before = clause
        clause = _LEADING.sub("", clause)
        m = _ACTUALLY.match(clause)
        if m:
            corrected = True
            clause = clause[m.end() :]
        if clause == before:
            return clause.strip(" ,"), corrected
