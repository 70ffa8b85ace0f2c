"""The questions voicedesk answers, as an ordered table of patterns per language.

Each pattern is matched whole against the question folded to lower case without accents (see
`questions.fold`), so one pattern covers "qué"/"que" and "What's"/"whats". A rule's `reads` says
how its named groups are taken (see `questions._READS`):

- `p` a person, `t` a task, `c` a channel, `x` a task or a channel (which one decides the answer),
- `w` a due window, `per` a finished period, `s` a scope tail ("in Marketing", "for Tom", "de ventas").

The first rule whose pattern matches and whose names resolve wins; a rule whose names do not fit
("is the press kit in review" is no membership question) gives way to the next.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    reads: str
    pattern: re.Pattern[str]


def _rules(*pairs: tuple[str, str]) -> tuple[Rule, ...]:
    return tuple(Rule(reads, re.compile(pattern)) for reads, pattern in pairs)


_IS = r"(?:'s|s|\s+is|\s+are|'re)"
# A scope said after the question starts with a preposition or a time word ("in Marketing", "for Tom", "this
# week", "en ventas"), so a lazy name before it never stops short ("Tom Baker" is not "Tom" + "Baker").
_SCOPE_WORD = (
    r"(?:in|inside|within|on|for|from|of|under|across|assigned|at|today|tonight|this|right|so|yet|still|now|currently|"
    r"everywhere|anywhere|overall|en|de|del|para|dentro|asignad[oa]s?|hoy|esta|este|ahora|todavia|aun|ya)"
)
_TAIL = rf"(?:\s+(?P<s>{_SCOPE_WORD}\b.*))?"
_THINGS = r"(?:tasks?|things|items|stuff|work|ones)"

# --- English -----------------------------------------------------------------------------------

_W_EN = (
    r"(?P<w>overdue|past\s+due|late|behind(?:\s+schedule)?|past\s+(?:the\s+|their\s+|its\s+)?(?:due\s+dates?|deadlines?)|"
    r"(?:due|coming\s+up|scheduled)\s+(?:today|tonight|by\s+(?:the\s+)?end\s+of\s+(?:the\s+)?day|by\s+eod|"
    r"tomorrow|this\s+week|by\s+(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?week|next\s+week|this\s+coming\s+week))"
)
_W_BARE_EN = r"(?P<w>today|tomorrow|this\s+week|next\s+week)"
_DONE_EN = (
    r"(?:finish(?:ed)?|complete(?:d)?|close(?:d)?(?:\s+out)?|wrap(?:ped)?\s+up|get\s+done|got\s+done|done|do|"
    r"knock(?:ed)?\s+out|ship(?:ped)?|deliver(?:ed)?|mark(?:ed)?\s+(?:as\s+)?(?:done|complete(?:d)?)|get\s+through|got\s+through)"
)
_PER_EN = (
    r"(?P<per>today|(?:so\s+far\s+)?this\s+week|this\s+past\s+week|last\s+week|(?:so\s+far\s+)?this\s+month|"
    r"last\s+month|ever|in\s+total|overall|to\s+date|all\s+time)"
)
_WHO = r"who(?:\s+else)?(?:'s|s|\s+is|\s+are|'re)"
_PERSON_OF = r"(?P<p>my|our|[^']+?(?:'s|'))"  # "my", "Tom's", "James'"
_ALL_OF = r"(?:all\s+(?:of\s+)?(?:the\s+)?|the\s+)?"

_BLK_EN = r"(?:blocked|stuck|held\s+up|stalled)"
_WAITING_EN = r"(?:still\s+)?(?:waiting\s+(?:on|for)|blocked\s+(?:on|by)|stuck\s+on|held\s+up\s+by)"

EN: tuple[Rule, ...] = _rules(
    # finished: "How many tasks did Priya finish this week?", "what did Tom get done last week"
    ("finished", rf"how\s+many(?:\s+{_THINGS}|\s+of\s+(?:his|her|their|my)\s+tasks)?\s+(?:did|has|have|had)\s+(?P<p>.+?)\s+{_DONE_EN}(?:\s+{_PER_EN})?"),
    ("finished", rf"how\s+many\s+{_THINGS}\s+(?:were|got|have\s+been|has\s+been|did\s+we)\s+{_DONE_EN}(?:\s+by\s+(?P<p>.+?))?(?:\s+{_PER_EN})?"),
    ("finished", rf"what\s+(?:did|has|have)\s+(?P<p>.+?)\s+{_DONE_EN}\s+{_PER_EN}"),
    ("finished", r"(?:what|which)\s+(?:tasks\s+)?(?:did|has|have)\s+(?P<p>.+?)\s+(?:finish(?:ed)?|complete(?:d)?|get\s+done|got\s+done)"),
    ("finished", rf"which\s+(?:tasks\s+)?(?:did|has|have)\s+(?P<p>.+?)\s+{_DONE_EN}\s+{_PER_EN}"),
    # due: "What is overdue?", "what's due today for Tom", "anything due this week?", "show me overdue tasks"
    ("due", rf"(?:what|which)(?:\s+{_THINGS})?{_IS}?\s+(?:still\s+|already\s+|currently\s+)?{_W_EN}{_TAIL}"),
    ("due", rf"which\s+of\s+{_PERSON_OF}\s+tasks\s+(?:are|is)\s+(?:still\s+)?{_W_EN}{_TAIL}"),
    ("due", rf"(?:is|are)\s+(?:there\s+)?(?:anything|something|any(?:\s+{_THINGS})?)(?:\s+that{_IS})?\s+(?:still\s+)?{_W_EN}{_TAIL}"),
    ("due", rf"(?:are|is)\s+any\s+of\s+{_PERSON_OF}\s+tasks\s+(?:still\s+)?{_W_EN}{_TAIL}"),
    ("due", rf"(?:anything|any\s+{_THINGS})(?:\s+else)?\s+(?:still\s+)?{_W_EN}{_TAIL}"),
    ("due", rf"(?:show|list|give|get|pull\s+up|tell)(?:\s+me)?(?:\s+(?:all|everything|the|all\s+the|every))?(?:\s+{_THINGS})?"
            rf"(?:\s+that{_IS})?\s+{_W_EN}(?:\s+{_THINGS})?{_TAIL}"),
    ("due", rf"(?:(?:the|any|all(?:\s+of)?(?:\s+the)?)\s+)?{_W_EN}\s+{_THINGS}{_TAIL}"),
    ("due", rf"what\s+(?:{_THINGS}\s+)?(?:does|do|did)\s+(?P<p>.+?)\s+have\s+(?:that{_IS}\s+)?(?:still\s+)?{_W_EN}{_TAIL}"),
    ("due", rf"what(?:'s|s|\s+has|\s+have|'ve)\s+(?P<p>.+?)\s+got\s+(?:that{_IS}\s+)?(?:still\s+)?{_W_EN}{_TAIL}"),
    ("due", rf"(?:everything|anything|all(?:\s+the)?\s+tasks|the\s+tasks|tasks)(?:\s+that{_IS})?\s+(?:still\s+)?{_W_EN}{_TAIL}"),
    ("due", rf"(?:does|do)\s+(?P<p>.+?)\s+have\s+(?:anything|something|any\s+{_THINGS})\s+(?:still\s+)?{_W_EN}{_TAIL}"),
    ("due", rf"how\s+many\s+{_THINGS}\s+(?:are|is)\s+(?:still\s+)?{_W_EN}{_TAIL}"),
    ("due", rf"how\s+many\s+{_THINGS}\s+(?:does|do)\s+(?P<p>.+?)\s+have\s+(?:still\s+)?{_W_EN}{_TAIL}"),
    ("due", rf"(?:how\s+many|what|which|any)\s+(?P<w>overdue|late|past\s+due)\s+{_THINGS}\s+(?:does|do)\s+(?P<p>.+?)\s+have{_TAIL}"),
    ("due", rf"(?:how\s+many|what|which|any)\s+(?P<w>overdue|late|past\s+due)\s+{_THINGS}\s+(?:are\s+there|do\s+we\s+have|have\s+we\s+got){_TAIL}"),
    ("due", rf"(?:what|which|any)\s+(?:deadlines|due\s+dates)(?:\s+(?:are\s+there|do\s+we\s+have|have\s+we\s+got|are))?\s+{_W_BARE_EN}{_TAIL}"),
    ("due", rf"what(?:'s|s|\s+is)\s+coming\s+up\s+{_W_BARE_EN}{_TAIL}"),
    # a person's blocked tasks, said like a task's chain: "what's blocked for Priya", "what is Tom waiting on";
    # only when a person is named (else the chain questions below read it)
    ("blocked_person", rf"what{_IS}\s+(?:still\s+)?{_BLK_EN}\s+for\s+(?P<p>.+?){_TAIL}"),
    ("blocked_person", r"what(?:'s|s|\s+is|\s+are)\s+(?:still\s+)?(?:blocking|holding\s+up|holding\s+back)\s+(?P<p>me|us)"),
    ("blocked_person", r"what(?:'s|s|\s+is|\s+are)\s+(?:still\s+)?(?:holding|keeping)\s+(?P<p>me|us)\s+(?:up|back)"),
    ("blocked_person", rf"what(?:'s|s|\s+is|\s+are)\s+(?P<p>.+?)\s+{_WAITING_EN}"),
    # what a task blocks: "what does the venue booking block?", "what is waiting on the venue booking"
    ("blocked_by", r"what\s+(?:would|will|does|do|could)\s+(?:finishing|completing|closing|doing|getting\s+done)\s+(?P<t>.+?)\s+"
                   r"(?:unblock|free\s+up|unlock|open\s+up)"),
    ("blocked_by", r"what\s+(?:else\s+)?(?:does|do|will|would|is|'s|s)\s+(?P<t>.+?)\s+(?:block|blocking|hold\s+up|holding\s+up|"
                   r"hold\s+back|holding\s+back|unblock|gate|gating|hold|holding)"),
    ("blocked_by", rf"(?:what|which\s+{_THINGS}|who){_IS}?\s+(?:still\s+)?(?:blocked|waiting|held\s+up|stuck|depending|held\s+back)\s+"
                   r"(?:by|on|for|behind)\s+(?P<t>.+)"),
    ("blocked_by", r"(?:what|which\s+tasks?)\s+(?:depends|depend|relies|rely|hinges|waits|wait)\s+on\s+(?P<t>.+)"),
    ("blocked_by", r"what\s+(?:can't|cannot|can\s+not|won't)\s+(?:start|begin|happen|move)\s+(?:until|before|without)\s+(?P<t>.+?)"
                   r"(?:\s+(?:is\s+)?(?:done|finished|complete|completed|finishes))?"),
    ("blocked_by", r"what\s+(?:gets|would\s+get|will\s+get|is|would\s+be)\s+unblocked\s+(?:by|when|once|if)\s+(?P<t>.+?)"
                   r"(?:\s+(?:is\s+)?(?:done|finished|complete|completed|finishes|completes))?"),
    # what blocks a task: "What is blocking the budget review?", "what's holding up the press kit"
    ("blocking", r"what(?:'s|s|\s+is|\s+are)\s+(?:still\s+)?(?:blocking|holding\s+up|holding\s+back|stopping|slowing\s+down)\s+"
                 r"(?:us|me|them|things|everyone|everybody|progress)\s+(?:on|with|for|in)\s+(?P<t>.+)"),
    ("blocking", rf"(?:what|who|which\s+{_THINGS}){_IS}?\s+(?:still\s+|currently\s+)?(?:blocking|holding\s+up|holding\s+back|stopping|"
                 r"delaying|slowing\s+down|in\s+the\s+way\s+of|standing\s+in\s+the\s+way\s+of|gating)\s+(?P<t>.+)"),
    ("blocking", r"(?:what|which\s+tasks?)\s+(?:blocks?|holds?\s+up|gates?)\s+(?P<t>.+)"),
    ("blocking", r"(?:is|are)\s+(?:there\s+)?(?:anything|something|any\s+tasks?)\s+(?:still\s+)?(?:blocking|holding\s+up)\s+(?P<t>.+)"),
    ("blocking", r"what(?:'s|s|\s+is|\s+does|\s+do)\s+(?P<t>.+?)\s+(?:still\s+)?(?:waiting\s+(?:on|for)|blocked\s+(?:by|on)|"
                 r"depend(?:s|ing)?\s+on|stuck\s+on|held\s+up\s+by|relies\s+on|rely\s+on|need\s+first|needs\s+first)"),
    ("blocking", r"why\s+(?:is|'s|are)\s+(?P<t>.+?)\s+(?:still\s+)?(?:blocked|stuck|held\s+up|on\s+hold|waiting|not\s+moving)"),
    ("blocking", r"what(?:'s|s|\s+is|\s+are)\s+the\s+(?:hold\s*-?\s*ups?|blockers?|bottlenecks?|dependenc(?:y|ies)|problem|issue)\s+"
                 r"(?:on|with|for|of)\s+(?P<t>.+)"),
    ("blocking", r"what\s+(?:are\s+we|am\s+i|is\s+everyone|are\s+they)\s+(?:still\s+)?waiting\s+(?:on|for)\s+(?:for|on|with|before|in)\s+(?P<t>.+)"),
    ("blocking", r"what\s+(?:else\s+|still\s+)?(?:has|needs|have)\s+to\s+(?:happen|be\s+done|be\s+finished|finish|get\s+done)\s+(?:first\s+)?"
                 r"(?:before|for)\s+(?P<t>.+?)(?:\s+can\s+(?:start|begin|happen|go\s+ahead|move))?"),
    # blocked tasks: "Which tasks are blocked?", "what's stuck in Q4 Close", "which of Tom's tasks are blocked",
    # "is anything of mine blocked", "what am I waiting on" (after the chain questions: "blocked by X" is one task's)
    ("blocked", rf"(?:what|which)(?:\s+{_THINGS})?{_IS}?\s+(?:still\s+|currently\s+|marked\s+(?:as\s+)?|flagged\s+(?:as\s+)?)?{_BLK_EN}{_TAIL}"),
    ("blocked", rf"which\s+of\s+{_PERSON_OF}\s+{_THINGS}\s+(?:are|is)\s+(?:still\s+)?{_BLK_EN}{_TAIL}"),
    ("blocked", rf"(?:are|is)\s+any\s+of\s+{_PERSON_OF}\s+{_THINGS}\s+(?:still\s+)?{_BLK_EN}{_TAIL}"),
    ("blocked", rf"(?:is|are)\s+(?:there\s+)?(?:anything|something|any(?:\s+{_THINGS})?)\s+of\s+(?P<p>mine|ours|[^']+?(?:'s|'))"
                rf"(?:\s+that{_IS})?\s+(?:still\s+)?{_BLK_EN}{_TAIL}"),
    ("blocked", rf"(?:is|are)\s+(?:there\s+)?(?:anything|something|any(?:\s+{_THINGS})?)(?:\s+that{_IS})?\s+(?:still\s+)?{_BLK_EN}{_TAIL}"),
    ("blocked", rf"(?:is|are)\s+there\s+(?:any|some)\s+{_BLK_EN}\s+{_THINGS}{_TAIL}"),
    ("blocked", rf"(?:anything|any\s+{_THINGS})(?:\s+else)?\s+(?:still\s+)?{_BLK_EN}{_TAIL}"),
    ("blocked", rf"(?:show|list|give|get|pull\s+up|tell)(?:\s+me)?(?:\s+(?:all|everything|the|all\s+the|every))?(?:\s+{_THINGS})?"
                rf"(?:\s+that{_IS})?\s+{_BLK_EN}(?:\s+{_THINGS})?{_TAIL}"),
    ("blocked", rf"(?:(?:the|any|all(?:\s+of)?(?:\s+the)?)\s+)?{_BLK_EN}\s+{_THINGS}{_TAIL}"),
    ("blocked", rf"how\s+many\s+{_THINGS}\s+(?:are|is)\s+(?:still\s+|currently\s+)?{_BLK_EN}{_TAIL}"),
    ("blocked", rf"how\s+many\s+{_BLK_EN}\s+{_THINGS}(?:\s+(?:are\s+there|do\s+we\s+have|have\s+we\s+got))?{_TAIL}"),
    ("blocked", rf"what\s+(?:am\s+(?P<p>i)|are\s+we|is\s+everyone)\s+{_WAITING_EN}{_TAIL}"),
    ("blocked", rf"(?:am\s+(?P<p>i)|are\s+we)\s+(?:still\s+)?{_BLK_EN}(?:\s+on\s+anything)?{_TAIL}"),
    # "is Tom on the Platform Migration channel?": one person, in a channel (or on a task)
    ("member_check", r"(?:is|are)\s+(?P<p>.+?)\s+(?:in|on|a\s+member\s+of|part\s+of|a\s+part\s+of|inside)\s+(?!charge\b)(?P<x>.+)"),
    # who is in / owns / works on: channels and tasks
    ("owner", rf"{_WHO}\s+(?:the\s+)?(?:owner|lead|leader|manager|admin|head|boss|point\s+person|person\s+responsible)\s+"
              r"(?:of|for|on)\s+(?P<x>.+)"),
    ("owner", rf"(?:who\s+(?:owns|runs|leads|manages|heads)|{_WHO}\s+(?:in\s+charge\s+of|responsible\s+for|leading|running|owning|managing))\s+(?P<x>.+)"),
    ("owner", r"whose\s+(?:channel|task|job|baby)\s+is\s+(?P<x>.+)"),
    ("members", rf"{_WHO}\s+(?:in|inside|part\s+of|a\s+member\s+of|members\s+of|in\s+on|on)\s+(?P<x>.+)"),
    ("members", r"who\s+(?:belongs\s+to|has\s+access\s+to|can\s+see|is\s+a\s+part\s+of)\s+(?P<x>.+)"),
    ("members", rf"(?:who\s+are|what\s+are|list|show(?:\s+me)?|name|give\s+me)\s+{_ALL_OF}(?:members|people)\s+(?:of|in|on)\s+(?P<x>.+)"),
    ("members", r"how\s+many\s+(?:people|members|folks|persons)\s+(?:are\s+)?(?:in|on)\s+(?P<x>.+)"),
    ("members", r"how\s+many\s+(?:people|members)\s+(?:does|do)\s+(?P<x>.+?)\s+have"),
    ("assignees", rf"{_WHO}\s+(?:currently\s+|still\s+)?(?:working\s+on|doing|handling|assigned\s+(?:to|on)|taking\s+care\s+of|"
                  r"looking\s+after|covering|tasked\s+with|on\s+the\s+hook\s+for)\s+(?P<x>.+)"),
    ("assignees", r"who\s+(?:has|got|took|handles|does|is\s+doing|was\s+given|got\s+assigned|was\s+assigned|has\s+been\s+assigned)\s+(?P<x>.+)"),
    # a person's open tasks: "What is Sarah working on?", "what's on my plate"
    ("working_on", rf"what(?:'s|s|\s+is|\s+are|'re|\s+am)\s+(?P<p>.+?)\s+(?:currently\s+|still\s+)?(?:working\s+on|doing|up\s+to|busy\s+with|"
                   r"handling|assigned(?:\s+to)?|tasked\s+with|in\s+charge\s+of|responsible\s+for|on\s+the\s+hook\s+for|"
                   rf"supposed\s+to\s+be\s+doing|meant\s+to\s+be\s+doing){_TAIL}"),
    ("working_on", rf"what(?:'s|s|\s+is)\s+on\s+{_PERSON_OF}?\s*(?:plate|list|desk|to-?do\s+list|agenda){_TAIL}"),
    ("working_on", rf"what(?:'s|s|\s+is)\s+on\s+(?P<p>my)\s+(?:plate|list|desk|to-?do\s+list|agenda){_TAIL}"),
    ("working_on", rf"what(?:{_IS})?\s+(?:currently\s+)?(?:{_THINGS}\s+(?:are\s+)?)?(?:assigned|given)\s+to\s+(?P<p>.+?){_TAIL}"),
    ("working_on", rf"what\s+(?:{_THINGS}\s+)?(?:does|do)\s+(?P<p>.+?)\s+have(?:\s+(?:on|open|pending|left|outstanding|to\s+do|going(?:\s+on)?|"
                   rf"assigned(?:\s+to\s+(?:him|her|them|me))?|on\s+(?:his|her|their|my)\s+plate))?{_TAIL}"),
    ("working_on", r"what\s+(?:should|do|must)\s+(?P<p>i|we)\s+(?:be\s+)?(?:work(?:ing)?\s+on|do(?:ing)?)(?:\s+next)?"),
    ("working_on", rf"what(?:'s|s|\s+has|\s+have|'ve)\s+(?P<p>.+?)\s+got(?:\s+(?:on|going(?:\s+on)?|open|left|to\s+do|"
                   rf"on\s+(?:his|her|their|my)\s+plate))?{_TAIL}"),
    ("working_on", rf"(?:show|list|give|get)(?:\s+me)?\s+{_PERSON_OF}\s+(?:open\s+|current\s+|pending\s+)?(?:tasks|work|to-?dos|assignments){_TAIL}"),
    ("working_on", rf"(?:show|list|give|get)(?:\s+me)?\s+(?P<p>my)\s+(?:open\s+|current\s+|pending\s+)?(?:tasks|work|to-?dos|assignments){_TAIL}"),
    ("working_on", rf"what\s+are\s+{_PERSON_OF}\s+(?:open\s+|current\s+|pending\s+|remaining\s+)?(?:tasks|assignments|to-?dos|priorities){_TAIL}"),
    ("working_on", rf"what\s+are\s+(?P<p>my)\s+(?:open\s+|current\s+|pending\s+|remaining\s+)?(?:tasks|assignments|to-?dos|priorities){_TAIL}"),
    ("working_on", rf"(?:what|how)(?:'s|s|\s+is|\s+does)\s+{_PERSON_OF}\s+(?:workload|plate|load|backlog|to-?do\s+list)(?:\s+look(?:ing)?(?:\s+like)?)?{_TAIL}"),
    ("working_on", rf"(?:what|how)(?:'s|s|\s+is|\s+does)\s+(?P<p>my)\s+(?:workload|plate|load|backlog|to-?do\s+list)(?:\s+look(?:ing)?(?:\s+like)?)?{_TAIL}"),
    ("working_on", rf"how\s+many\s+(?:open\s+|pending\s+)?{_THINGS}\s+(?:does|do)\s+(?P<p>.+?)\s+have(?:\s+(?:open|left|pending|outstanding|assigned|"
                   rf"on\s+(?:his|her|their|my)\s+plate))?{_TAIL}"),
    ("working_on", rf"(?:which|what)\s+{_THINGS}\s+(?:are|is)\s+{_PERSON_OF}"),
    # what is left in a channel (a person: their open tasks)
    ("open_in", rf"what{_IS}\s+(?:still\s+)?(?:open|left|remaining|outstanding|pending|not\s+done|to\s+do)\s+(?:in|on|for|with)\s+(?P<x>.+)"),
    ("open_in", rf"how\s+many\s+(?:open\s+|pending\s+|remaining\s+)?{_THINGS}\s+(?:are\s+)?(?:still\s+)?(?:open|left|remaining|pending|outstanding)?\s*"
                r"(?:in|on|for)\s+(?P<x>.+)"),
    # status: "What's the status of the press kit?", "how is Q4 Close going", "when is X due", "is X done yet"
    ("status", r"what(?:'s|s|\s+is)\s+(?:the\s+)?(?:current\s+|latest\s+)?(?:status|state|progress|update|situation|story)\s+"
               r"(?:of|on|for|with|in)\s+(?P<x>.+)"),
    ("status", r"(?:the\s+)?(?:status|progress|update)\s+(?:of|on|for)\s+(?P<x>.+)"),
    ("status", r"(?:how(?:'s|s|\s+is|\s+are)|how\s+are)\s+(?:things|it|everything|stuff)\s+(?:going|looking|doing)\s+(?:in|with|on|for)\s+(?P<x>.+)"),
    ("status", r"how(?:'s|s|\s+is|\s+are)\s+(?P<x>.+?)\s+(?:going|coming\s+along|progressing|looking|getting\s+on|moving(?:\s+along)?|"
               r"shaping\s+up|tracking|doing)"),
    ("status", r"how\s+far\s+along\s+(?:is|are)\s+(?P<x>.+)"),
    ("status", r"how\s+close\s+(?:is|are)\s+(?P<x>.+?)\s+to\s+(?:done|being\s+done|finished|completion|complete)"),
    ("status", r"where\s+(?:are\s+we|do\s+we\s+stand|are\s+things|is\s+everyone)\s+(?:on|with)\s+(?P<x>.+)"),
    ("status", r"where(?:'s|s|\s+is)\s+(?P<x>.+?)\s+at"),
    ("status", r"any\s+(?:updates?|news|progress)\s+(?:on|about|with|for)\s+(?P<x>.+)"),
    ("status", r"what(?:'s|s|\s+is)\s+(?:new|happening|going\s+on|the\s+latest)\s+(?:with|in|on)\s+(?P<x>.+)"),
    ("status", r"when(?:'s|s|\s+is|\s+was)\s+(?P<x>.+?)\s+due"),
    ("status", r"when(?:'s|s|\s+is)\s+(?P<x>.+?)(?:'s)?\s+(?:deadline|due\s+date)"),
    ("status", r"what(?:'s|s|\s+is)\s+the\s+(?:due\s+date|deadline)\s+(?:of|on|for)\s+(?P<x>.+)"),
    ("status", r"(?:is|are)\s+(?P<x>.+?)\s+(?:done|finished|complete|completed|ready|closed|over|blocked|in\s+progress|in\s+review|"
               r"started|on\s+track|behind|late|overdue)(?:\s+yet)?"),
    ("soft_status", r"(?P<x>.+?)\s+status"),
    # "is Tom blocked?": the status rule gives way for a person
    ("blocked_person", rf"(?:is|are)\s+(?P<p>.+?)\s+(?:still\s+)?{_BLK_EN}(?:\s+on\s+anything)?"),
)

# --- Spanish -----------------------------------------------------------------------------------

_W_ES = (
    r"(?P<w>vencid[oa]s?|atrasad[oa]s?|retrasad[oa]s?|pasad[oa]s?\s+de\s+(?:fecha|plazo)|fuera\s+de\s+plazo|con\s+retraso|"
    r"(?:que\s+)?(?:se\s+)?(?:vence|vencen|venza|venzan|toca|tocan|hay\s+que\s+entregar|entregan?|entregar|para)\s+"
    r"(?:hoy|manana|esta\s+semana|la\s+semana\s+que\s+viene|la\s+proxima\s+semana|la\s+semana\s+proxima))"
)
_DONE_ES = (
    r"(?:termino|terminado|terminaron|completo|completado|completaron|cerro|cerrado|cerraron|acabo|acabado|acabaron|hizo|"
    r"hecho|finalizo|finalizado|saco)"
)
_DONE_ES_ME = r"(?:termine|complete|cerre|acabe|hice|finalice|he\s+terminado|he\s+completado|he\s+cerrado|he\s+hecho|he\s+acabado)"
_PER_ES = r"(?P<per>hoy|esta\s+semana|la\s+semana\s+pasada|este\s+mes|el\s+mes\s+pasado|en\s+total|hasta\s+ahora)"
_QUIEN = r"quien(?:es)?"

_BLK_ES = r"(?:bloquead[oa]s?|atascad[oa]s?|trabad[oa]s?|estancad[oa]s?|frenad[oa]s?|parad[oa]s?)"

ES: tuple[Rule, ...] = _rules(
    # finished: "cuántas tareas terminó Tom este mes"
    ("finished", rf"cuantas(?:\s+tareas)?\s+{_DONE_ES_ME}(?P<p>)(?:\s+{_PER_ES})?"),
    ("finished", rf"cuantas(?:\s+tareas)?\s+(?:ha\s+|han\s+)?{_DONE_ES}\s+{_PER_ES}\s+(?P<p>.+)"),
    ("finished", rf"cuantas(?:\s+tareas)?\s+(?:se\s+)?(?:han\s+)?(?:terminaron|completaron|cerraron|acabaron|terminado|completado)"
                 rf"(?:\s+{_PER_ES})?"),
    ("finished", rf"cuantas(?:\s+tareas)?\s+(?:hemos|han|se\s+han)\s+(?:terminado|completado|cerrado|hecho|acabado|finalizado)"
                 rf"(?:\s+{_PER_ES})?"),
    ("finished", rf"cuantas(?:\s+tareas)?\s+(?:ha\s+|han\s+)?{_DONE_ES}\s+(?P<p>.+?)(?:\s+{_PER_ES})?"),
    ("finished", rf"que\s+(?:tareas\s+)?(?:ha\s+)?{_DONE_ES}\s+(?P<p>.+?)\s+{_PER_ES}"),
    # due: "¿qué vence esta semana?", "qué está vencido en marketing", "hay algo atrasado"
    ("due", rf"(?:que|cuales|que\s+tareas|cuales\s+tareas)(?:\s+(?:esta|estan|hay|tenemos|son\s+las\s+que\s+estan))?\s+(?:todavia\s+|aun\s+|ya\s+)?{_W_ES}{_TAIL}"),
    ("due", rf"(?:hay|tenemos)\s+(?:algo|alguna\s+tarea|algunas\s+tareas|tareas)(?:\s+que\s+(?:este|esten))?\s+{_W_ES}{_TAIL}"),
    ("due", rf"(?:algo|alguna\s+tarea|tareas)\s+{_W_ES}{_TAIL}"),
    ("due", rf"que\s+(?:tareas\s+)?tengo(?P<p>)\s+{_W_ES}{_TAIL}"),
    ("due", rf"que\s+(?:tareas\s+)?tenemos\s+{_W_ES}{_TAIL}"),
    ("due", rf"que\s+(?:tareas\s+)?tiene\s+(?P<p>.+?)\s+{_W_ES}{_TAIL}"),
    ("due", rf"(?:muestrame|ensename|dame|listame|lista|muestra)\s+(?:las\s+|todas\s+las\s+)?(?:tareas\s+)?(?:que\s+(?:estan\s+)?)?{_W_ES}{_TAIL}"),
    ("due", rf"(?:las\s+)?tareas\s+{_W_ES}{_TAIL}"),
    ("due", rf"cuantas\s+tareas\s+(?:hay\s+|estan\s+)?{_W_ES}{_TAIL}"),
    ("due", rf"(?:cuantas|que|cuales)\s+tareas\s+(?P<w>vencidas|atrasadas|retrasadas)\s+tiene\s+(?P<p>.+?){_TAIL}"),
    ("due", rf"(?:cuantas|que|cuales)\s+tareas\s+(?P<w>vencidas|atrasadas|retrasadas)\s+tengo(?P<p>){_TAIL}"),
    ("due", rf"(?:cuantas|que|cuales)\s+tareas\s+(?P<w>vencidas|atrasadas|retrasadas)\s+(?:hay|tenemos){_TAIL}"),
    # what a task blocks: "¿qué tareas bloquea la reserva del local?", "qué depende de X"
    ("blocked_by", r"(?:a\s+que|a\s+quien|que\s+tareas|a\s+que\s+tareas)\s+(?:bloquea|frena|detiene|retrasa|esta\s+bloqueando)\s+(?P<t>.+)"),
    ("blocked_by", r"que\s+(?:tareas\s+)?(?:esta|estan|queda|quedan)\s+(?:bloquead[oa]s?|esperando|parad[oa]s?|frenad[oa]s?|pendientes?)\s+"
                   r"(?:por|a|de)\s+(?P<t>.+)"),
    ("blocked_by", r"que\s+(?:tareas\s+)?(?:depende|dependen)\s+de\s+(?P<t>.+)"),
    ("blocked_by", r"que\s+(?:tareas\s+)?(?:espera|esperan)\s+a\s+(?P<t>.+)"),
    ("blocked_by", r"que\s+(?:se\s+)?desbloquea\s+(?:cuando|si)\s+(?:se\s+)?(?:termina|acaba|completa|cierra)\s+(?P<t>.+)"),
    # what blocks a task: "¿qué está bloqueando el kit de prensa?"
    ("blocking", rf"(?:que|{_QUIEN}|que\s+tareas)\s+(?:esta|estan)\s+(?:bloqueando|frenando|deteniendo|retrasando|atrasando|parando)\s+(?:a\s+)?(?P<t>.+)"),
    ("blocking", rf"(?:que|{_QUIEN}|que\s+tareas)\s+(?:bloquea|bloquean|frena|frenan|detiene|retrasa|impide\s+avanzar\s+(?:a|con))\s+(?:a\s+)?(?P<t>.+)"),
    ("blocking", r"(?:de\s+que|de\s+que\s+tareas)\s+depende\s+(?P<t>.+)"),
    ("blocking", r"(?:a\s+que|que)\s+(?:espera|esta\s+esperando)\s+(?P<t>.+)"),
    ("blocking", r"por\s+que\s+(?:esta|sigue)\s+(?:bloquead[oa]|parad[oa]|atascad[oa]|frenad[oa])\s+(?P<t>.+)"),
    ("blocking", r"por\s+que\s+(?P<t>.+?)\s+(?:esta|sigue)\s+(?:bloquead[oa]|parad[oa]|atascad[oa]|frenad[oa])"),
    ("blocking", r"que\s+(?:hay|tiene|tenemos)\s+que\s+(?:terminar|hacer|acabar)\s+antes\s+de\s+(?P<t>.+)"),
    # blocked tasks: "¿qué tareas están bloqueadas?", "¿qué está bloqueado en Leadership?", "¿tengo algo bloqueado?"
    ("blocked", rf"(?:que|cuales|cuantas)\s+(?:de\s+las\s+)?tareas\s+de\s+(?P<p>.+?)\s+(?:esta|estan|sigue|siguen)\s+(?:todavia\s+|aun\s+)?{_BLK_ES}{_TAIL}"),
    ("blocked", rf"(?:que|cuales|cuantas)\s+tareas\s+tiene\s+{_BLK_ES}\s+(?P<p>.+?){_TAIL}"),
    ("blocked", rf"(?:que|cuales|cuantas)\s+tareas\s+{_BLK_ES}\s+tiene\s+(?P<p>.+?){_TAIL}"),
    ("blocked", rf"(?:que|cuales|cuantas)\s+tareas\s+tengo(?P<p>)\s+{_BLK_ES}{_TAIL}"),
    ("blocked", rf"(?:que|cuales|cuantas)\s+tareas\s+{_BLK_ES}\s+tengo(?P<p>){_TAIL}"),
    ("blocked", rf"(?:que|cuales|cuantas)(?:\s+tareas)?\s+(?:esta|estan|sigue|siguen|hay|quedan?)\s+(?:todavia\s+|aun\s+)?{_BLK_ES}{_TAIL}"),
    ("blocked", rf"cuales\s+son\s+las\s+tareas\s+(?:que\s+(?:estan|siguen)\s+)?{_BLK_ES}{_TAIL}"),
    ("blocked", rf"(?:hay|tenemos)\s+(?:algo|alguna\s+tarea|algunas\s+tareas|tareas)(?:\s+que\s+(?:este|esten))?\s+{_BLK_ES}{_TAIL}"),
    ("blocked", rf"tengo(?P<p>)\s+(?:algo|alguna\s+tarea|tareas)\s+{_BLK_ES}{_TAIL}"),
    ("blocked", rf"tiene\s+(?P<p>.+?)\s+(?:algo|alguna\s+tarea|tareas)\s+{_BLK_ES}{_TAIL}"),
    ("blocked", rf"(?:algo|alguna\s+tarea|tareas)\s+{_BLK_ES}{_TAIL}"),
    ("blocked", rf"(?:muestrame|ensename|dame|listame|lista|muestra)\s+(?:las\s+|todas\s+las\s+)?(?:tareas\s+)?(?:que\s+(?:estan\s+)?)?{_BLK_ES}{_TAIL}"),
    ("blocked", rf"(?:las\s+)?tareas\s+{_BLK_ES}{_TAIL}"),
    ("blocked", rf"cuantas\s+tareas\s+(?:hay\s+|estan\s+|siguen\s+)?{_BLK_ES}{_TAIL}"),
    ("blocked", rf"(?:a\s+que|que)\s+estoy\s+esperando(?P<p>){_TAIL}"),
    ("blocked", rf"(?:a\s+que|que)\s+estamos\s+esperando{_TAIL}"),
    # "¿Está Tom en el canal Platform Migration?"
    ("member_check", r"(?:esta|estan)\s+(?P<p>.+?)\s+en\s+(?P<x>.+)"),
    ("member_check", r"(?P<p>.+?)\s+(?:esta|es\s+miembro\s+de|forma\s+parte\s+de)\s+(?:en\s+)?(?P<x>.+)"),
    # who is in / owns / works on
    ("owner", rf"{_QUIEN}\s+(?:esta|estan)\s+a\s+cargo\s+(?:de|del)\s+(?P<x>.+)"),
    ("members", rf"{_QUIEN}\s+(?:esta|estan|hay|son|forman?\s+parte|pertenecen?|participan?)\s+(?:en|de|a)\s+(?!cargo\b)(?P<x>.+)"),
    ("members", rf"{_QUIEN}\s+(?:son\s+)?(?:los\s+)?(?:miembros|integrantes)\s+(?:de|del)\s+(?P<x>.+)"),
    ("members", r"(?:que|cuales\s+son\s+los)\s+(?:miembros|personas|integrantes)\s+(?:hay\s+en|tiene|forman?\s+parte\s+de|de|del)\s+(?P<x>.+)"),
    ("members", r"(?:cuales\s+son\s+)?los\s+(?:miembros|integrantes)\s+(?:de|del)\s+(?P<x>.+)"),
    ("members", r"cuantas\s+personas\s+(?:hay|estan)\s+en\s+(?P<x>.+)"),
    ("owner", r"quien\s+es\s+(?:el|la)\s+(?:duen[oa]|propietari[oa]|responsable|encargad[oa]|lider|jef[ea]|administrador[a]?)\s+(?:de|del)\s+(?P<x>.+)"),
    ("owner", r"de\s+quien\s+es\s+(?P<x>.+)"),
    ("owner", r"quien\s+(?:dirige|lidera|gestiona|administra|maneja|manda\s+en|es\s+dueno\s+de)\s+(?P<x>.+)"),
    ("assignees", rf"{_QUIEN}\s+(?:lleva|llevan|tiene|tienen|hace|hacen|esta\s+(?:haciendo|con|llevando|a\s+cargo\s+de)|estan\s+(?:haciendo|con)|"
                  r"se\s+encarga\s+de|se\s+encargan\s+de|se\s+ocupa\s+de|es\s+responsable\s+de|trabaja\s+en|trabajan\s+en|"
                  r"esta\s+trabajando\s+en|estan\s+trabajando\s+en|esta\s+asignad[oa]\s+a|tiene\s+asignad[oa])\s+(?P<x>.+)"),
    # a person's open tasks: "qué tiene pendiente Elena", "en qué está trabajando Sarah"
    ("working_on", rf"que\s+(?:tareas\s+)?(?:tiene|lleva)\s+(?:pendientes?|abiertas?|por\s+hacer|asignad[oa]s?)\s+(?P<p>.+?){_TAIL}"),
    ("working_on", rf"que\s+(?:tareas\s+)?(?:tengo|llevo|me\s+toca|me\s+queda|me\s+quedan)(?P<p>)(?:\s+(?:pendientes?|abiertas?|por\s+hacer|"
                   rf"asignad[oa]s?|entre\s+manos|en\s+el\s+plato))?{_TAIL}"),
    ("working_on", rf"que\s+(?:tareas\s+)?(?:tiene|lleva)\s+(?P<p>.+?)(?:\s+(?:pendientes?|abiertas?|por\s+hacer|asignad[oa]s?|entre\s+manos|"
                   rf"en\s+(?:su|el)\s+plato))?{_TAIL}"),
    ("working_on", r"(?:en\s+que|que)\s+(?:esta|anda|estan|andan)\s+(?:trabajando|haciendo|metid[oa])\s+(?P<p>.+)"),
    ("working_on", r"en\s+que\s+(?:esta|anda)\s+(?P<p>.+?)(?:\s+(?:trabajando|metid[oa]))?"),
    ("working_on", r"(?:en\s+que|que)\s+(?:estoy|ando)\s+(?:trabajando|haciendo)(?P<p>)"),
    ("working_on", r"que\s+hay\s+en\s+(?P<p>mi)\s+plato"),
    ("working_on", r"cuales\s+son\s+(?P<p>mis)\s+tareas(?:\s+(?:pendientes|abiertas))?"),
    ("working_on", rf"que\s+le\s+(?:queda|quedan|falta|faltan|toca)\s+(?:por\s+hacer\s+)?a\s+(?P<p>.+?)(?:\s+(?:por\s+hacer|pendientes?))?{_TAIL}"),
    ("working_on", r"cuales\s+son\s+las\s+tareas\s+(?:pendientes\s+|abiertas\s+)?(?:de|del)\s+(?P<p>.+)"),
    ("working_on", r"cuantas\s+tareas\s+(?:pendientes\s+|abiertas\s+)?(?:tiene|lleva)\s+(?P<p>.+?)(?:\s+(?:pendientes|abiertas|por\s+hacer|asignadas))?"),
    ("working_on", r"cuantas\s+tareas\s+(?:pendientes\s+|abiertas\s+)?(?:tengo|llevo)(?P<p>)(?:\s+(?:pendientes|abiertas|por\s+hacer|asignadas))?"),
    # what is left in a channel
    ("open_in", r"cuantas\s+tareas\s+(?:quedan|hay|faltan|estan)(?:\s+(?:abiertas|pendientes|por\s+hacer))?\s+(?:en|de|del)\s+(?P<x>.+)"),
    ("open_in", r"(?:que|cuanto)\s+(?:queda|falta)\s+(?:por\s+hacer\s+|pendiente\s+|abierto\s+)?(?:en|de|del)\s+(?P<x>.+)"),
    # status: "¿cómo va el canal de marketing?", "cuándo vence X", "¿está terminado X?"
    ("status", r"como\s+van\s+las\s+cosas\s+(?:en|con)\s+(?P<x>.+)"),
    ("status", r"(?:como|que\s+tal)\s+(?:va|van|vamos|anda|andan|esta|estan|avanza|avanzan|marcha|marchan)\s+(?:con\s+|en\s+)?(?P<x>.+)"),
    ("status", r"(?:cual\s+es\s+|como\s+esta\s+|que\s+tal\s+)?el\s+(?:estado|avance|progreso)\s+(?:de|del)\s+(?P<x>.+)"),
    ("status", r"en\s+que\s+(?:estado|punto)\s+(?:esta|estan|va|van)\s+(?P<x>.+)"),
    ("status", r"cuando\s+(?:vence|se\s+entrega|hay\s+que\s+entregar|toca\s+entregar)\s+(?P<x>.+)"),
    ("status", r"(?:ya\s+)?(?:esta|estan)\s+(?P<x>.+?)\s+(?:terminad[oa]s?|hech[oa]s?|list[oa]s?|completad[oa]s?|acabad[oa]s?|bloquead[oa]s?)(?:\s+ya)?"),
    ("status", r"(?:ya\s+)?(?:esta|estan)\s+(?:terminad[oa]s?|hech[oa]s?|list[oa]s?|completad[oa]s?|acabad[oa]s?|bloquead[oa]s?)\s+(?P<x>.+)"),
    ("status", r"que\s+(?:pasa|hay\s+de\s+nuevo)\s+(?:con|en)\s+(?P<x>.+)"),
)
