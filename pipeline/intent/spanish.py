"""Spanish commands: detect them, then rewrite their command words into the English grammar.

Only the words that carry the command are rewritten ("crea una tarea para" -> "create a task
to", "el viernes" -> "Friday", "asígnala a" -> "assign it to"); titles, names and message
text stay as said ("revisar los contratos").
"""

from __future__ import annotations

import re
from collections.abc import Callable

_MARKERS = re.compile(
    r"\b(?:crea|crear|créame|cree|haz|abre|añade|añadir|agrega|agregar|asigna\w*|asígna\w*|canal|tarea|tareas|"
    r"subtarea|mañana|viernes|lunes|martes|miércoles|miercoles|jueves|sábado|domingo|próxima|próximo|proxima|"
    r"proximo|semana|para|los|las|una|del|con|llamado|llamada|recuérda\w*|recuerda|comparte|publica|pausa|"
    r"archiva|márcala|marca|hoy|urgente|prioridad|añádela|añádelo|ponla|ponlo|mueve|cambia|cierra|que|quita|saca|"
    r"al|como|completada|completado|hecha|hecho|recuérdale|recuerdale|informe|equipo|el|envía|envia|manda|mensaje)\b",
    re.I,
)
_ENGLISH = re.compile(
    r"\b(?:the|create|add|channel|task|tasks|and|with|to|for|make|due|called|share|remind|assign|it|in|of|"
    r"post|please|next|friday|monday|put|start)\b",
    re.I,
)

_DAYS = {
    "lunes": "Monday",
    "martes": "Tuesday",
    "miércoles": "Wednesday",
    "miercoles": "Wednesday",
    "jueves": "Thursday",
    "viernes": "Friday",
    "sábado": "Saturday",
    "sabado": "Saturday",
    "domingo": "Sunday",
}
_DAY = "(?:" + "|".join(_DAYS) + ")"
_CATS = {
    "recursos humanos": "HR",
    "rrhh": "HR",
    "ventas": "sales",
    "marketing": "marketing",
    "mercadotecnia": "marketing",
    "ingeniería": "engineering",
    "ingenieria": "engineering",
    "finanzas": "finance",
    "operaciones": "operations",
}
_CAT = "(?:" + "|".join(_CATS) + ")"


def _day(m: re.Match[str]) -> str:
    return _DAYS[m["d"].lower()]


_Repl = str | Callable[[re.Match[str]], str]
_RULES: tuple[tuple[str, _Repl], ...] = (
    # openers that ask for nothing: "Un momento, quita a Mike …", "Oye, crea …", "Bueno, …"
    (r"(?:^|(?<=[.;!?]\s))(?:un\s+momento|espera|a\s+ver|bueno|vale|oye|mira|venga|por\s+favor)\s*[,.;:]?\s+", ""),
    (r",?\s*\bpor\s+favor\b,?", " "),
    # dates first, so "para el viernes" is a due date and not a title
    (r"\bpasado\s+mañana\b", "the day after tomorrow"),
    (r"\bmañana\s+por\s+la\s+mañana\b", "tomorrow morning"),
    (r"\bmañana\s+por\s+la\s+tarde\b", "tomorrow afternoon"),
    (r"\bpor\s+la\s+mañana\b", "in the morning"),
    (r"\bpor\s+la\s+tarde\b", "in the afternoon"),
    (
        rf"\b(?:para\s+|antes\s+del?\s+|hasta\s+)?el\s+(?:próximo|proximo)\s+(?P<d>{_DAY})\b",
        lambda m: "by next " + _day(m),
    ),
    (
        rf"\b(?:para\s+|antes\s+del?\s+|hasta\s+)?el\s+(?P<d>{_DAY})\s+que\s+viene\b",
        lambda m: "by next " + _day(m),
    ),
    # what speech recognition makes of "el viernes" at the end of a clause: "del viernes", "en el viernes"
    (
        rf"\b(?:del|en\s+el|en)\s+(?P<d>{_DAY})\b(?=\s*(?:[,.;!?]|\by\b|$))",
        lambda m: "by " + _day(m),
    ),
    (rf"\b(?:para\s+|antes\s+del?\s+|hasta\s+)?(?:el\s+|este\s+)?(?P<d>{_DAY})\b", lambda m: "by " + _day(m)),
    (
        r"\b(?:para\s+|antes\s+de\s+)?la\s+(?:próxima|proxima)\s+semana\b|\bla\s+semana\s+que\s+viene\b",
        "by next week",
    ),
    (r"\b(?:para\s+|antes\s+del?\s+)?(?:el\s+)?fin(?:al)?\s+de(?:l)?\s+mes\b", "by end of month"),
    (r"\b(?:para\s+|antes\s+del?\s+)?(?:el\s+)?fin(?:al)?\s+de\s+(?:la\s+)?semana\b", "by end of the week"),
    (
        r"\b(?:para\s+|antes\s+del?\s+)?el\s+(?:día\s+|dia\s+)?(?P<n>\d{1,2})\b(?!\s*(?:%|personas|tareas))",
        lambda m: f"by the {m['n']}th",
    ),
    (r"\b(?:para\s+)?mañana\b", "by tomorrow"),
    (r"\b(?:para\s+)?hoy\b", "by today"),
    (r"\ben\s+(?P<n>\w+)\s+semanas\b", lambda m: f"in {m['n']} weeks"),
    (r"\ben\s+(?P<n>\w+)\s+días\b", lambda m: f"in {m['n']} days"),
    (
        r"\ba\s+las\s+(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\b",
        lambda m: f"at {m['h']}" + (f":{m['m']}" if m["m"] else ""),
    ),
    (r"\ba\s+la\s+una\b", "at 1"),
    (r"\ba\s+mediod[ií]a\b", "at noon"),
    # channels and categories
    (
        rf"\b(?P<art>un|el|una)\s+canal\s+(?:de|del)\s+(?P<c>{_CAT})\b",
        lambda m: ("the" if m["art"].lower() == "el" else "a") + f" {_CATS[m['c'].lower()]} channel",
    ),
    (rf"\bcanal\s+(?:de|del)\s+(?P<c>{_CAT})\b", lambda m: f"{_CATS[m['c'].lower()]} channel"),
    (r"\b(?:un\s+)?canal\s+privado\b", "a private channel"),
    (r"\b(?:un\s+)?canal\s+restringido\b", "a restricted channel"),
    (r"\bal\s+canal\b", "to the channel"),
    (r"\bdel\s+canal\b", "from the channel"),
    (r"\ben\s+el\s+canal\b", "in the channel"),
    (r"\beste\s+canal\b", "this channel"),
    (r"\bel\s+canal\b", "the channel"),
    (r"\bun\s+canal\b", "a channel"),
    (r"\bcanal\b", "channel"),
    (r"\bllamad[oa]\b|\bque\s+se\s+llame\b", "called"),
    # tasks
    (r"\b(?P<n>dos|tres|cuatro|cinco)\s+tareas\b", lambda m: f"{m['n']} tasks"),
    (
        r"\buna\s+(?P<k>sub)?tarea\s+para\s+(?P<who>[A-ZÁÉÍÓÚ][\wáéíóú]+(?:\s+y\s+[A-ZÁÉÍÓÚ][\wáéíóú]+)?)\s+(?:para|de)\b",
        lambda m: f"a {'sub' if m['k'] else ''}task for {m['who']} to",
    ),
    (r"\buna\s+subtarea\s+(?:para|de)\b", "a subtask to"),
    (r"\buna\s+tarea\s+(?:para|de)\b", "a task to"),
    (r"\bla\s+tarea\s+(?:de|para)\b", "the task"),
    (r"\b(?:una\s+|la\s+)?subtarea\b", "a subtask"),
    (r"\buna\s+tarea\b", "a task"),
    (r"\bla\s+tarea\b", "the task"),
    (r"\btareas\b", "tasks"),
    (r"\btarea\b", "task"),
    # verbs
    (r"\b(?:crea|crear|créame|cree|haz|abre|abrir|inicia|monta)\b", "create"),
    (r"\b(?:añádel[oa]s?|agrégal[oa]s?|ponl[oa]s?|mételos?)\b", "add them"),
    (r"\b(?:añade|añadir|agrega|agregar|incluye|invita|mete|pon)\s+(?:a\s+)?", "add "),
    (r"\b(?:quita|quitar|saca|sacar|elimina|eliminar)\s+(?:a\s+)?", "remove "),
    (r"\b(?:asígnal[oa]|asignal[oa]|dásel[oa]|dasel[oa])\s+(?:a\s+)?", "assign it to "),
    (r"\b(?:asígnal[oa]s|asignal[oa]s)\s+(?:a\s+)?", "assign them to "),
    (r"\b(?:asigna|asignar)\b", "assign"),
    # "asigna el press release a Lisa" -> "assign the press release to Lisa"
    (r"\bassign\s+(?:el|la|los|las)\s+(?P<t>.+?)\s+a\s+(?=[A-ZÁÉÍÓÚ])", lambda m: f"assign the {m['t']} to "),
    (r"\b(?:márcal[oa]|marcal[oa])\s+como\s+(?:hech[oa]|completad[oa]|terminad[oa])\b", "mark it done"),
    (r"\bmarca\b", "mark"),
    (r"\bcomo\s+(?:hech[oa]|completad[oa]|terminad[oa])\b", "as done"),
    (r"\b(?:cierra|completa|termina)\b", "complete"),
    (r"\b(?:recuérdale|recuerdale|recuerda)\s+(?:a\s+)?", "remind "),
    (r"\b(?:recuérdame|recuerdame)\b(?!\s+(?:sobre|acerca|que|de)\b)", "remind me to"),
    (r"\b(?:recuérdame|recuerdame)\b", "remind me"),
    (r"\b(?:sobre|acerca\s+de)\b", "about"),
    (r"\b(?:comparte|compartir)\b", "share"),
    (r"\b(?:publica|escribe|di)\s+en\b", "post in"),
    (r"\b(?:pausa|pausar)\b", "pause"),
    (r"\b(?:archiva|archivar)\b", "archive"),
    (r"\b(?:reactiva|reanuda)\b", "resume"),
    (r"\b(?:mueve|cambia|pasa)\s+(?:la\s+)?fecha\s+(?:límite\s+)?de\b", "push the deadline of"),
    (r"\b(?:hazl[oa]|ponl[oa])\s+urgente\b", "make it urgent"),
    (r"\burgente\b", "urgent"),
    (r"\b(?:con\s+)?prioridad\s+alta\b|\balta\s+prioridad\b", "high priority"),
    (r"\b(?:con\s+)?prioridad\s+baja\b|\bbaja\s+prioridad\b", "low priority"),
    (r"\b(?:también)\b", "also"),
    (r"\b(?:luego|después)\b", "then"),
    (r"\bcon\s+(?=el\b|la\b|los\b|las\b|este\b|[A-ZÁÉÍÓÚ])", "with "),
    (r"\bpara\s+(?=[A-ZÁÉÍÓÚ][a-záéíóú]+\b)", "for "),
    (r"\ben\s+(?=this channel|the channel)", "in "),
    (r"\b(?P<k>tasks|task|subtasks)\s+en\s+(?:el\s+)?(?=[A-ZÁÉÍÓÚ0-9])", lambda m: f"{m['k']} in "),
    (r"\by\b", "and"),
    (r"\bque\b(?=.*\b(?:post|tell)\b)", "that"),
)
_COMPILED = tuple((re.compile(p, re.I), r) for p, r in _RULES)


def looks_spanish(text: str) -> bool:
    """A cheap guess: more Spanish command words than English ones."""
    es = len(_MARKERS.findall(text))
    en = len(_ENGLISH.findall(text))
    return es >= 2 and es > en


_MESSAGE = re.compile(
    r"^(?P<head>(?:publica|escribe|di|dile|envía|envia|manda|avisa)\b.*?)\s+(?:que|diciendo)\s+(?P<body>.+)$",
    re.I | re.S,
)


_MESSAGE_COLON = re.compile(
    r"^(?:envía|envia|manda|escribe|publica)\s+(?:un\s+)?(?:mensaje|aviso|nota)?\s*(?:al|en\s+el|a)\s+canal\s+"
    r"(?P<ch>[^:]+?)\s*:\s*(?P<body>.+)$",
    re.I | re.S,
)


def to_english(text: str) -> str:
    """Rewrite Spanish command words into the English grammar, leaving titles and names alone."""
    c = _MESSAGE_COLON.match(text.strip())
    if c:  # "envía un mensaje al canal Q4 Close: …": the message's words are kept
        return f"post in the {c['ch']} channel: {c['body']}"
    m = _MESSAGE.match(text.strip())
    if m:  # a message's words are kept exactly as said
        head = re.sub(
            r"^(?:publica|escribe|di|dile|envía|envia|manda|avisa)\s+(?:en|a)\b",
            "post in",
            m["head"],
            flags=re.I,
        )
        return f"{_rewrite(head)} that {m['body']}"
    return _rewrite(text)


def _rewrite(text: str) -> str:
    out = text
    for pattern, repl in _COMPILED:
        out = pattern.sub(repl, out)
    return " ".join(out.split())
