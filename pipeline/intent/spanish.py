"""Spanish commands: detect them, then rewrite their command words into the English grammar.

Only the words that carry the command are rewritten ("crea una tarea para" -> "create a task
to", "el viernes" -> "by Friday", "asígnala a" -> "assign it to"); titles, names and message
text stay as said ("revisar los contratos").

How it reads a sentence:

- a question ("¿quién lleva …?") is left as said: the parser does not answer questions;
- "En el canal X, …" / "Dentro de X …" names the place of every request that follows;
- a message ("publica en X que …", "dile a Lisa que …") keeps its words exactly;
- a new channel is read into its parts (privacy, category, name, members, description) and
  said again the English way ("create a private sales channel called X with Lisa");
- dates, priorities, statuses and references ("aquí", "ese canal", "esa tarea") are word-level;
- command verbs are rewritten only where a request starts (start of a sentence, after a comma,
  "y", "luego"), so an infinitive inside a title ("crear el logo") stays as said;
- "y", "con", "para" and the personal "a" become English only next to people
  (`ctx` names them) or where the grammar needs them;
- relations between tasks or channels ("A bloquea B", "A va después de B", "A y B en
  paralelo", "A es parte de B") become "A blocks B" / "link B to A as …".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from itertools import pairwise

from pipeline.intent.context import CommandContext
from pipeline.intent.dates import find_dates
from pipeline.intent.fuzzy import similarity
from pipeline.intent.people import is_everyone, lookup

_L = r"[^\W\d_]"  # a letter, accented ones included

_MARKERS = re.compile(
    r"\b(?:crea|crear|créame|cree|haz|hazla|hazlo|abre|añade|añadir|agrega|agregar|asigna\w*|asígna\w*|reasigna\w*|canal|tarea|"
    r"tareas|subtarea|mañana|viernes|lunes|martes|miércoles|miercoles|jueves|sábado|domingo|próxima|próximo|proxima|"
    r"proximo|semana|para|los|las|una|del|con|llamado|llamada|recuérda\w*|recuerda|comparte|publica|pausa|"
    r"archiva|márcala|marca|hoy|urgente|prioridad|añádela|añádelo|ponla|ponlo|ponle|mueve|cambia|cierra|que|quita|"
    r"saca|al|como|completada|completado|hecha|hecho|recuérdale|recuerdale|informe|equipo|el|envía|envia|manda|"
    r"mensaje|y|es|parte|va|van|después|despues|antes|pueden|puede|vez|paralelo|bloquea|depende|esperar|espera|"
    r"enlaza|enlázalos|vincula|conecta|relaciona|aquí|aqui|ese|esa|este|esta|dale|dásela|pon|nueva|nuevo|quiero|"
    r"necesito|necesita|necesitan|subtareas|llama|llamarse|pasa|ahora|porque|sigue|dentro|categoría|privado|privada|público|bajo|estima|todas|todos|sin|en|de|la|lo|le|quién|qué|"
    r"cuándo|cuántas|está|están|dile|avisa|escribe|elimina|borra|cancela|empieza|termina|diciembre|enero|mejor|alta|baja|sube|"
    r"noviembre|hasta|tiene|hay|sobre|primero|luego|también|cuando|ya|lleva|llevan|encarga|ocupa|ponme|recordatorio|dentro|debajo)\b",
    re.I,
)
_ENGLISH = re.compile(
    r"\b(?:the|create|add|channel|task|tasks|and|with|to|for|make|due|called|share|remind|assign|it|in|of|"
    r"post|please|next|friday|monday|put|start|is|can|be|a|an|on|by|this|that|after|before|blocks|as|set|mark)\b",
    re.I,
)
_PERSONAL_A = re.compile(r"\b(?:y|e)\s+a\b(?!\s+(?:task|channel|new|reminder|message)\b)", re.I)
_SPANISH_LETTERS = re.compile(r"[ñ¿¡áéíóú]|ción\b", re.I)


# Command and relation verbs weigh double: "revisar facturas bloquea budget review" is Spanish.
_STRONG = re.compile(
    r"\b(?:crea|añade|agrega|asigna|reasigna|cambia|asígna\w+|bloquea|bloquead[oa]s?|depende|enlaza|vincula|conecta|recuérda\w*|"
    r"recuerda\w*|márca\w+|marca|quita|saca|ponle|ponla|hazla|hazlo|mueve|cierra|comparte|publica|dile|archiva|"
    r"pausa|elimina|borra|cancela|reabre|empieza|comienza|termina|completa|finaliza|reactiva|renombra|adjunta|"
    r"retrasa|aplaza|adelanta|recordatorio|mete|invita|incluye|agenda|sube|(?:pon|haz|da|di)(?:l[oa]s?|le|les|me|nos)|"
    r"\w*[áéíóú]\w*(?:l[oa]s?|les?|me|nos|sel[oa]s?))\b",
    re.I,
)


# tú commands with pronouns glued on, typed without the written accent ("asignale", "abreme", "pasasela"): the
# accent is put back on the verb's stressed vowel, so the rules read one spelling ("asígnale", "ábreme", "pásasela")
_TU_ACCENT = {
    "crea": "créa", "abre": "ábre", "asigna": "asígna", "reasigna": "reasígna", "marca": "márca", "recuerda": "recuérda",
    "pasa": "pása", "quita": "quíta", "saca": "sáca", "añade": "añáde", "agrega": "agréga", "cambia": "cámbia",
    "mueve": "muéve", "comparte": "compárte", "manda": "mánda", "envia": "envía", "escribe": "escríbe",
    "encarga": "encárga", "mete": "méte", "archiva": "archíva", "cierra": "ciérra", "completa": "compléta",
    "cancela": "cancéla", "elimina": "elimína", "borra": "bórra", "enlaza": "enláza", "vincula": "vincúla",
    "conecta": "conécta", "apunta": "apúnta", "avisa": "avísa", "retrasa": "retrása", "aplaza": "apláza",
    "adelanta": "adelánta", "deja": "déja", "termina": "termína", "incluye": "inclúye", "llama": "lláma",
    "renombra": "renómbra", "cuenta": "cuénta", "programa": "prográma", "anota": "anóta", "sube": "súbe",
    "baja": "bája", "monta": "mónta", "suma": "súma", "arma": "árma", "invita": "invíta", "retira": "retíra", "lleva": "lléva", "relaciona": "relacióna",
    "estima": "estíma", "calcula": "calcúla", "agenda": "agénda", "echa": "écha",
}
_ONE_CLITIC = r"(?:me|le|les|lo|la|los|las|nos)"  # not "te": "create" is English
_TWO_CLITICS = r"(?:se|me|te|nos)(?:lo|la|los|las)"
_UNACCENTED_GLUED = re.compile(
    rf"\b(?:(?P<v>{'|'.join(_TU_ACCENT)})(?P<c>{_ONE_CLITIC}|{_TWO_CLITICS})|(?P<v1>pon|haz|da|di)(?P<c1>{_TWO_CLITICS}))\b",
    re.I,
)
_ONE_SYLLABLE = {"pon": "pón", "haz": "ház", "da": "dá", "di": "dí"}


# vos commands with pronouns glued on whose tú stem is another ("recordame" -> "recuérdame", "ponele" -> "ponle",
# "escribile" -> "escríbele"); the vos forms of the regular "-ar" verbs are the tú ones ("mandale", "sumale")
_VOS_GLUED = {
    "recorda": "recuérda", "pone": "pon", "hace": "haz", "deci": "di", "cerra": "ciérra", "move": "muéve",
    "conta": "cuénta", "mostra": "muéstra", "escribi": "escríbe", "añadi": "añáde", "inclui": "inclúye",
    "comparti": "compárte", "subi": "súbe", "pedi": "píde", "reparti": "repárte", "converti": "convíerte",
}
_VOS_GLUED_RE = re.compile(rf"\b(?P<v>{'|'.join(_VOS_GLUED)})(?P<c>{_ONE_CLITIC}|{_TWO_CLITICS})\b", re.I)
# two pronouns keep the vos accent where it was: "asignásela", "pasámelo" -> "asignasela", "pasamelo" (then accented)
_VOS_TWO_CLITICS = re.compile(rf"\b(?P<v>[a-zñ]{{2,}})(?P<a>[áé])(?P<c>{_TWO_CLITICS})\b", re.I)


def _vos_glued(text: str) -> str:
    """ "recordame" -> "recuérdame", "ponele" -> "ponle", "decile" -> "dile" (a vos command with pronouns glued on)."""

    def put(m: re.Match[str]) -> str:
        tu = _VOS_GLUED[m["v"].lower()]
        if tu in _ONE_SYLLABLE and m["c"].lower().startswith("se"):
            tu = _ONE_SYLLABLE[tu]  # "hacésela" -> "házsela" ("ponle", "hazlo", "dile" have no written accent)
        return (tu[:1].upper() + tu[1:] if m["v"][:1].isupper() else tu) + m["c"]

    text = _VOS_TWO_CLITICS.sub(lambda m: m["v"] + {"á": "a", "é": "e"}[m["a"].lower()] + m["c"], text)
    return _VOS_GLUED_RE.sub(put, text)


def _accent_glued(text: str) -> str:
    """ "asignale" -> "asígnale", "pasasela" -> "pásasela", "dasela" -> "dásela" (a tú command with pronouns glued on)."""
    text = _vos_glued(text)

    def put(m: re.Match[str]) -> str:
        verb, clitic = (m["v"], m["c"]) if m["v"] else (m["v1"], m["c1"])
        accented = _TU_ACCENT.get(verb.lower()) or _ONE_SYLLABLE[verb.lower()]
        if verb[:1].isupper():
            accented = accented[:1].upper() + accented[1:]
        return accented + clitic

    return _UNACCENTED_GLUED.sub(put, text)


def looks_spanish(text: str) -> bool:
    """A cheap guess: more Spanish words than English ones (names and titles count for both)."""
    text = _accent_glued(_shorthand(text))
    es = len(_MARKERS.findall(text)) + len(_SPANISH_LETTERS.findall(text)) + len(_STRONG.findall(text))
    if _STRONG.match(text.lstrip("¿¡ ")):
        es += 1  # "reabre revisar facturas": a Spanish command verb first
    first = re.match(rf"{_L}+", text.lstrip("¿¡ "))
    if first and _formal_verb(first[0]):
        es += 2  # "Dele la deck review a Sara": a Spanish "usted" command verb first
    en = len(_ENGLISH.findall(text))
    # "a Sarah y a Mike": the personal "a" of a list of people is Spanish, not the English article
    en -= len(_PERSONAL_A.findall(text))
    return es >= 2 and es > en


# ---------------------------------------------------------------- words

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
_MONTHS = {
    "enero": "January",
    "febrero": "February",
    "marzo": "March",
    "abril": "April",
    "mayo": "May",
    "junio": "June",
    "julio": "July",
    "agosto": "August",
    "septiembre": "September",
    "setiembre": "September",
    "octubre": "October",
    "noviembre": "November",
    "diciembre": "December",
}
_MONTH = "(?:" + "|".join(_MONTHS) + ")"
_NUMBERS = {
    "un": "1",
    "una": "1",
    "uno": "1",
    "dos": "2",
    "tres": "3",
    "cuatro": "4",
    "cinco": "5",
    "seis": "6",
    "siete": "7",
    "ocho": "8",
    "nueve": "9",
    "diez": "10",
    "once": "11",
    "doce": "12",
    "quince": "15",
    "veinte": "20",
    "treinta": "30",
    "cuarenta": "40",
}
_NUM = r"(?:\d{1,3}|" + "|".join(_NUMBERS) + ")"
_COUNT_WORDS = {
    "dos": "two",
    "tres": "three",
    "cuatro": "four",
    "cinco": "five",
    "seis": "six",
    "siete": "seven",
    "ocho": "eight",
    "nueve": "nine",
    "diez": "ten",
}
_CATS = {
    "recursos humanos": "HR",
    "rrhh": "HR",
    "ventas": "sales",
    "comercial": "sales",
    "marketing": "marketing",
    "mercadotecnia": "marketing",
    "ingeniería": "engineering",
    "ingenieria": "engineering",
    "finanzas": "finance",
    "contabilidad": "finance",
    "operaciones": "operations",
}
_CAT = "(?:" + "|".join(sorted(_CATS, key=len, reverse=True)) + ")"
_PRIVACY = {
    "privado": "private",
    "privada": "private",
    "secreto": "private",
    "secreta": "private",
    "público": "public",
    "pública": "public",
    "publico": "public",
    "publica": "public",
    "abierto": "public",
    "restringido": "restricted",
    "restringida": "restricted",
    "confidencial": "restricted",
}
_PRIV = r"(?:privad[oa]|secret[oa]|públic[oa]|publico|abierto|restringid[oa]|confidencial)"
_STATUS = {
    "in progress": (
        r"en\s+curso|en\s+progreso|en\s+marcha|empezad[oa]s?|iniciad[oa]s?|comenzad[oa]s?|arrancad[oa]s?|"
        r"en\s+proceso"
    ),
    "in review": r"en\s+revisi[oó]n|para\s+revisi[oó]n|pendiente\s+de\s+revisi[oó]n|lista\s+para\s+revisar|a\s+revisi[oó]n",
    "blocked": r"bloquead[oa]s?|en\s+espera|parad[oa]s?|atascad[oa]s?|en\s+pausa|detenid[oa]s?",
    "cancelled": r"cancelad[oa]s?|anulad[oa]s?|descartad[oa]s?",
    "done": r"hech[oa]s?|completad[oa]s?|terminad[oa]s?|acabad[oa]s?|finalizad[oa]s?|cerrad[oa]s?|list[oa]s?",
    "to do": r"pendientes?|por\s+hacer|sin\s+empezar|abiert[oa]s?|reabiert[oa]s?",
}
_STATUS_RE = "(?:" + "|".join(f"(?P<s_{k.replace(' ', '_')}>{v})" for k, v in _STATUS.items()) + ")"


def _status(m: re.Match[str]) -> str:
    for k in _STATUS:
        if m[f"s_{k.replace(' ', '_')}"]:
            return k
    return "done"


# English words this module writes, capitalised, that are no one's name (without `ctx`).
_ENGLISH_WORDS = frozenset([*_DAYS.values(), *_MONTHS.values(), "HR", "I"])
# Words that never name a person, even if they sound like a name ("Tom" ~ "todo").
_NOT_PEOPLE = frozenset(
    "el la los las lo le les un una unos unas de del al a en y e o con para por sin sobre que qué como todo todos "
    "toda todas este esta ese esa eso aquí aqui ahí alli allí mi mis su sus tu tus nuestro nuestra hoy mañana "
    "tarea tareas canal canales equipo ella él ellos nadie alguien".split()
)


class _Ctx:
    """What the rewriter may know about the organisation: its people and its channels' names."""

    def __init__(self, ctx: CommandContext | None) -> None:
        self.ctx = ctx

    def person(self, phrase: str, *, strict: bool = False) -> bool:
        """`strict`: only a name or nickname said as such (no sound-alike: "luz" is not Lisa)."""
        words = phrase.strip(" ,.;:").split()
        if not words or len(words) > 2 or any(w.lower() in _NOT_PEOPLE for w in words):
            return False
        if is_everyone(phrase):
            return not strict
        if self.ctx is None:
            return not strict and all(w[:1].isupper() and w not in _ENGLISH_WORDS for w in words)
        found = lookup(phrase, self.ctx.people, self.ctx.speaker)
        return found.match is not None and found.match.score >= (96 if strict else 86)

    def people_at(self, text: str, *, strict: bool = False) -> int:
        """Length of the list of people that starts `text` ("Lisa y a Mike, …" -> len("Lisa y a Mike")), 0 if none."""
        group = _GROUP.match(text)
        if group:  # "todos los managers", "a los gerentes": everyone with that role (not "los jefes de ventas")
            of = re.match(r"\s+(?:de|del)\s+(?:(?:el|este|ese)\s+canal\b)?", text[group.end() :], re.I)
            if not of or of[0].rstrip().endswith("canal") or self.channel_at(text[group.end() + of.end() :]):
                return group.end()
            return 0
        pos, end = 0, 0
        sep = re.compile(r"\s*,\s*(?:y\s+|e\s+)?(?:a\s+)?|\s+(?:y|e|and)\s+(?:a\s+)?|\s+")
        lead = re.match(r"(?:a\s+)?", text)
        pos = lead.end() if lead else 0
        while True:
            m = re.match(rf"({_L}[\w'-]*)(?:\s+({_L}[\w'-]*))?", text[pos:])
            if not m:
                return end
            two = m[0]
            if m[2] and self.person(two, strict=strict) and not self.person(m[1], strict=strict):
                n = len(two)
            elif m[2] and self.person(two, strict=strict) and self.person(m[1], strict=strict) and _surname(m[1], m[2], self):
                n = len(two)
            elif self.person(m[1], strict=strict):
                n = len(m[1])
            else:
                return end
            end = pos + n
            s = sep.match(text, end)
            if not s or s.end() == end:
                return end
            nxt = s.group(0)
            if not re.search(r",|\by\b|\be\b|\band\b", nxt):
                return end  # two names side by side without "y" or a comma: stop at the first
            pos = s.end()

    def task_at(self, text: str) -> int:
        """Length of the task title that starts `text`, by the organisation's task titles (0 if none)."""
        if self.ctx is None:
            return 0
        words = re.findall(r"\S+", text)
        for k in range(min(8, len(words)), 0, -1):
            phrase = " ".join(words[:k]).strip(" ,.;:")
            if phrase and any(similarity(phrase, t.title) >= 88 for t in self.ctx.tasks):
                return len(" ".join(words[:k]).rstrip(" ,.;:"))
        return 0

    def resource(self, phrase: str) -> bool:
        """A document of the organisation, by its name ("el q4 report" is "Q4 Report")."""
        if self.ctx is None:
            return False
        name = re.sub(r"^(?:el|la|los|las)\s+", "", phrase.strip(), flags=re.I)
        return any(similarity(name, r.name) >= 88 for r in self.ctx.resources)

    def channel_at(self, text: str) -> int:
        """Length of the channel name that starts `text`, by the organisation's channel names (0 if none)."""
        if self.ctx is None:
            return 0
        words = re.findall(r"\S+", text)
        best = 0
        for k in range(min(6, len(words)), 0, -1):
            phrase = " ".join(words[:k]).strip(" ,.;:")
            if not phrase or words[k - 1].lower().strip(",.;:") in _NOT_PEOPLE:
                continue
            if any(similarity(phrase, c.name) >= 90 for c in self.ctx.channels):
                best = len(" ".join(words[:k]).rstrip(" ,.;:"))
                break
        return best


# everyone with a role, said the Spanish way ("todos los managers", "a las jefas")
_GROUP = re.compile(
    r"(?:a\s+)?(?:tod[oa]s\s+)?(?:l[oa]s\s+)?(?:managers|mánagers|gerentes|jef[ae]s|responsables)\b", re.I
)


def _surname(first: str, last: str, c: _Ctx) -> bool:
    if c.ctx is None:
        return True
    return any(
        p.full_name.split()[-1].lower() == last.lower() and p.first_name.lower() == first.lower()
        for p in c.ctx.people
    )


def _english_people(phrase: str) -> str:
    """ "Lisa y a Mike" -> "Lisa and Mike"; "todos los managers" -> "all the managers"."""
    if _GROUP.fullmatch(phrase.strip()):
        return "all the managers"
    out = re.sub(r"^\s*a\s+", "", phrase)
    out = re.sub(r"\s*,\s*(?:y|e)\s+(?:a\s+)?", " and ", out)
    out = re.sub(r"\s*,\s*(?:a\s+)?", ", ", out)
    out = re.sub(r"\s+(?:y|e)\s+(?:a\s+)?", " and ", out)
    return out.strip()


# ---------------------------------------------------------------- dates and priorities

_Repl = str | Callable[[re.Match[str]], str]


def _num(word: str) -> str:
    return _NUMBERS.get(word.lower(), word)


def _day(m: re.Match[str]) -> str:
    return _DAYS[m["d"].lower()]


def _time(m: re.Match[str]) -> str:
    h = int(_num(m["h"]))
    minutes = m["m"] or ""
    if m["half"]:
        minutes = {"media": "30", "cuarto": "15"}[m["half"].lower()]
    part = (m["part"] or "").lower()
    suffix = ""
    if "mañana" in part:
        suffix = " am"
    elif part:
        suffix = " pm"
    return f"at {h}" + (f":{minutes}" if minutes else "") + suffix


_BY = r"(?:para\s+|antes\s+del?\s+|hasta\s+|como\s+muy\s+tarde\s+|a\s+m[aá]s\s+tardar\s+)"
_DATE_RULES: tuple[tuple[str, _Repl], ...] = (
    (rf"\b{_BY}pasado\s+mañana\b", "by the day after tomorrow"),
    (r"\bpasado\s+mañana\b", "the day after tomorrow"),
    (r"\bmañana\s+por\s+la\s+mañana\b", "tomorrow morning"),
    (r"\bmañana\s+a\s+primera\s+hora\b", "tomorrow at 9 am"),
    (r"\besta\s+noche\b", "tonight"),
    (r"\bmañana\s+por\s+la\s+(?P<p>tarde|noche)\b", lambda m: "tomorrow " + {"tarde": "afternoon", "noche": "night"}[m["p"]]),
    (r"\b(?:hoy\s+por\s+la|esta)\s+(?P<p>tarde|mañana)\b", lambda m: "today " + {"tarde": "afternoon", "mañana": "morning"}[m["p"]]),
    (
        rf"\b(?P<d>(?:el\s+|este\s+)?{_DAY})\s+por\s+la\s+(?P<p>mañana|tarde|noche)\b",
        lambda m: f"{m['d']} a las " + {"mañana": "9 de la mañana", "tarde": "2 de la tarde", "noche": "8 de la noche"}[m["p"]],
    ),
    (r"\bpor\s+la\s+mañana\b", "in the morning"),
    (
        rf"\ba\s+(?:las?|eso\s+de\s+las?)\s+(?P<h>\d{{1,2}}|{_NUM})(?::(?P<m>\d{{2}}))?"
        r"(?:\s+y\s+(?P<half>media|cuarto))?(?:\s+(?:en\s+punto|horas))?"
        r"(?P<part>\s+de\s+la\s+(?:mañana|tarde|noche)|\s+(?:am|pm|a\.\s*m\.|p\.\s*m\.))?\b",
        lambda m: _time(m) if not (m["part"] or "").strip().lower().startswith(("am", "pm", "a.", "p."))
        else f"at {_num(m['h'])}" + (f":{m['m']}" if m["m"] else "") + (
            " am" if (m["part"] or "").strip().lower().startswith("a") else " pm"
        ),
    ),
    (r"\b(?:a|al)\s+mediod[ií]a\b", "at noon"),
    (
        rf"\b(?:al|a\s+el|hasta\s+el)\s+(?:d[ií]a\s+)?(?P<n>\d{{1,2}})\s+de\s+(?P<mo>{_MONTH})(?:\s+(?:de\s+)?\d{{4}})?\b",
        lambda m: f"to {_MONTHS[m['mo'].lower()]} {m['n']}",
    ),
    (
        rf"\b{_BY}?(?:el\s+)?(?:d[ií]a\s+)?(?P<n>\d{{1,2}})\s+de\s+(?P<mo>{_MONTH})(?:\s+(?:de\s+)?\d{{4}})?\b",
        lambda m: f"by {_MONTHS[m['mo'].lower()]} {m['n']}",
    ),
    (
        rf"\b{_BY}?(?:el\s+)?(?:(?:próximo|proximo)\s+(?P<d>{_DAY})|(?P<d2>{_DAY})\s+que\s+viene|(?P<d3>{_DAY})\s+de\s+la\s+(?:próxima|proxima)\s+semana)\b",
        lambda m: "by next " + _DAYS[(m["d"] or m["d2"] or m["d3"]).lower()],
    ),
    (rf"\b(?:al|a\s+el)\s+(?P<d>{_DAY})\b", lambda m: "to " + _day(m)),
    # what speech recognition makes of "el viernes" at the end of a clause: "del viernes", "en el viernes"
    (
        rf"\b(?:antes\s+)?(?:del|en\s+el|en)\s+(?P<d>{_DAY})\b(?=\s*(?:[,.;!?]|\by\b|\ba\s+las?\b|$))",
        lambda m: "by " + _day(m),
    ),
    (rf"\b{_BY}?(?:el\s+|este\s+|esta\s+)?(?P<d>{_DAY})\b", lambda m: "by " + _day(m)),
    (
        rf"\b{_BY}?(?:la\s+)?(?:próxima|proxima)\s+semana\b|\b{_BY}?la\s+semana\s+que\s+viene\b",
        "by next week",
    ),
    (rf"\b{_BY}?(?:el\s+)?(?:próximo|proximo)\s+mes\b|\b{_BY}?el\s+mes\s+que\s+viene\b", "by next month"),
    (rf"\b{_BY}?(?:a\s+)?(?:el\s+|los\s+)?fin(?:al)?(?:es)?\s+de(?:l)?\s+(?:este\s+)?mes\b", "by end of month"),
    (rf"\b{_BY}?(?:a\s+)?(?:el\s+|los\s+)?fin(?:al)?(?:es)?\s+de\s+(?:la\s+|esta\s+)?semana\b", "by end of the week"),
    (rf"\b{_BY}?esta\s+semana\b", "by this week"),
    (
        rf"\b{_BY}?el\s+(?:día\s+|dia\s+)?(?P<n>\d{{1,2}})\b(?!\s*(?:%|personas|tareas|horas|de\b))",
        lambda m: f"by the {m['n']}th",
    ),
    (rf"\b{_BY}?mañana\b", "by tomorrow"),
    (rf"\b{_BY}?hoy\b", "by today"),
    (r"\b(?:ahora|ya)\s+mismo\b", "now"),
    # "para dentro de dos semanas", "para en una semana": the due date is that far off
    (r"\bpara\s+(?=(?:en|dentro\s+de)\s+\S+\s+(?:\S+\s+)?(?:minutos?|horas?|d[ií]as|d[ií]a|semanas?|meses|mes)\b)", ""),
    (r"\ben\s+media\s+hora\b", "in 30 minutes"),
    (r"\b(?:en|dentro\s+de)\s+una\s+hora\b", "in an hour"),
    (r"\b(?:en|dentro\s+de)\s+una\s+semana\b", "in a week"),
    (
        rf"\b(?:en|dentro\s+de)\s+(?P<n>{_NUM})\s+(?P<u>minutos?|horas?|días|dias|día|semanas?|meses|mes)\b",
        lambda m: f"in {_num(m['n'])} "
        + {"min": "minutes", "hor": "hours", "día": "days", "dia": "days", "sem": "weeks", "mes": "months"}[
            m["u"][:3].lower()
        ],
    ),
)
_PRIORITY_RULES: tuple[tuple[str, _Repl], ...] = (
    (
        r"\b(?:con\s+|de\s+)?prioridad\s+(?:alta|elevada)\b|\b(?:con\s+|de\s+)?(?:alta|elevada)\s+prioridad\b|\bprioritari[oa]\b",
        "high priority",
    ),
    (
        r"\b(?:con\s+|de\s+)?prioridad\s+(?:máxima|maxima|urgente|crítica|critica)\b|\b(?:con\s+|de\s+)?máxima\s+prioridad\b",
        "urgent",
    ),
    (r"\b(?:con\s+|de\s+)?prioridad\s+baja\b|\b(?:con\s+|de\s+)?baja\s+prioridad\b", "low priority"),
    (r"\b(?:con\s+|de\s+)?prioridad\s+(?:media|normal)\b", "medium priority"),
    (r"\b(?:lo\s+antes\s+posible|cuanto\s+antes|urgentes?|urgentemente)\b", "urgent"),
)
_DATES = tuple((re.compile(p, re.I), r) for p, r in _DATE_RULES)
_PRIORITIES = tuple((re.compile(p, re.I), r) for p, r in _PRIORITY_RULES)


_PRIORITY_IS = re.compile(
    r"(?:,\s*|\s+)(?:y\s+)?(?:es|será|que\s+sea|va\s+a\s+ser|lo\s+cual\s+es|tiene|con)\s+"
    r"(?=(?:urgent|high\s+priority|low\s+priority|medium\s+priority)\s*(?:[,.;]|$))",
    re.I,
)


def _apply(rules: tuple[tuple[re.Pattern[str], _Repl], ...], text: str) -> str:
    for pattern, repl in rules:
        text = pattern.sub(repl, text)
    return text


# ---------------------------------------------------------------- sentences

_QUESTION = re.compile(
    r"^¿|^(?:qué|que|quién|quien|quiénes|quienes|cuándo|cuando|cuántas?|cuántos?|cuantas?|cuantos?|dónde|donde|cómo|cuál|"
    r"cuáles|cual|cuales)\b.*(?:\?|$)"
    r"|^(?:está|están|hay|tiene|tienen|es|son)\b.*\?$",
    re.I,
)
_REQUEST_IN_QUESTION = re.compile(
    r"^¿?\s*(?:me\s+)?(?:puedes|podrías|podrias|puede|podría|podemos|quieres|te\s+importa)\b", re.I
)
_OPENERS = re.compile(
    r"^(?:(?:un\s+momento|espera|a\s+ver|buenas(?:\s+(?:tardes|noches))?|buenos\s+d[ií]as|bueno|vale|oye|mira|venga|por\s+favor|porfa|hola|ok|okay|perdona|perd[oó]n|disculpa|"
    r"entonces|pues|ah|eh|este|ehm|em|che|o\s+sea|listo|lista|perfecto|genial|okey|oki|dale\s+pues|ya\s+est[aá]|ya\s+pos?)"
    r"\s*(?:\.{2,3}|[,.;:!])?(?:\s+|$))+"
    # "listo y ahí mismo …", "vale y crea …": the "y" after an opener joins nothing
    r"(?:(?<=\s)y\s+)?",
    re.I,
)
_POLITE = re.compile(
    r"^¿?\s*(?:(?:me\s+)?(?:puedes|podrías|podrias|podría|podria|puede)|te\s+importa(?:ría)?|haz\s+el\s+favor\s+de|"
    r"vamos\s+a|quisiera\s+que|necesito\s+que|quiero\s+que|hay\s+que\s+(?=crear|abrir|añadir|asignar|marcar))\s+",
    re.I,
)
_WANT = re.compile(
    r"^(?:quiero|quisiera|necesito|necesitamos|queremos|me\s+gustaría|me\s+gustaria|hace\s+falta|falta)\s+"
    r"(?=(?:un|una|otro|otra|dos|tres|cuatro|cinco|nuevo|nueva|\d+)\s+(?:\S+\s+){0,3}?(?:canal|tareas?|subtareas?)\b)",
    re.I,
)


# "pon la estimación (de X) en 6 horas": the estimate, before "en 6 horas" can read as a date
_ESTIMATE_VERB = re.compile(
    r"\b(?:pon|ponle|ponga|fija|fíjale|establece|cambia|deja)\s+(?:la\s+)?estimaci[oó]n\s+"
    r"(?:(?:del?|al?|para)\s+(?:la\s+)?(?P<t>[^,.;]+?)\s+)?(?:en|a)\s+(?=(?:\d|un|una|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|medio|media))",
    re.I,
)


_ESTIMATE_TASK = re.compile(
    r"\b(?:estima|estime|calcula|calcule)\s+(?P<t>[^,.;]+?)\s+en\s+(?=(?:\d|un|una|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|"
    r"medio|media)\b[^,.;]*?\b(?:horas?|d[ií]as?|semanas?|jornadas?|minutos)\b)",
    re.I,
)


# "…, estímale 6 horas", "estímala en 10 horas": the estimate of the task just named
_ESTIMATE_IT = re.compile(
    r"\b(?:estíma|calcúla)(?:l[eoa]s?)\s+(?:en\s+)?(?=(?:unas?\s+|unos\s+)?(?:\d+|un|una|dos|tres|cuatro|cinco|"
    r"seis|siete|ocho|nueve|diez|medio|media)\b[^,.;]*?\b(?:horas?|d[ií]as?|semanas?|jornadas?|minutos)\b)",
    re.I,
)


# "…, estimada en dos días": an estimate, before "en dos días" can read as a date
_ESTIMATED_AT = re.compile(
    r"\b(?:estimad[oa]s?|calculad[oa]s?|presupuestad[oa]s?)\s+en\s+(?=(?:unas?\s+|unos\s+)?(?:\d|un|una|dos|tres|cuatro|cinco|"
    r"seis|siete|ocho|nueve|diez|medio|media)\b[^,.;]*?\b(?:horas?|d[ií]as?|semanas?|jornadas?|minutos)\b)",
    re.I,
)


# "manana" typed without its tilde is "mañana" (no Spanish word is spelt "manana"); "Manana" at a sentence's start too
_NO_TILDE = re.compile(r"\b[Mm]anana\b")


# typed chat shorthand, said whole: "q se llame" = "que se llame", "xq" = "porque", "xfa" = "por favor", "tb" = "también";
# "q"/"k" only before a word ("Q4", "10 k" stay), "d" only between two words ("plan d", "opción D" stay); quoted text stays
_SHORTHAND = {
    "q": "que", "k": "que", "ke": "que", "xq": "porque", "pq": "porque", "pk": "porque", "xk": "porque", "porq": "porque",
    "xfa": "por favor", "xfi": "por favor", "xfis": "por favor", "xfavor": "por favor", "pls": "por favor",
    "plz": "por favor", "porfis": "por favor", "tb": "también", "tmb": "también", "tbn": "también", "tmbn": "también",
    "tambn": "también", "xa": "para", "msj": "mensaje", "dsp": "después", "dps": "después", "mñn": "mañana",
    "grax": "gracias", "grs": "gracias", "x fa": "por favor", "x fi": "por favor", "x fis": "por favor", "x favor": "por favor",
}
_SHORT_WORD = re.compile(
    rf"(?<![\w'’-])(?P<w>{'|'.join(sorted(_SHORTHAND, key=len, reverse=True))})(?![\w'’-])(?=\s*(?:$|[,;.!?])|\s+{_L})",
    re.I,
)
_SHORT_DE = re.compile(
    rf"(?:(?<=[a-záéíóúñ]{{2}}\s)|(?<=\d{{4}}\s)|(?<=\b\d\s)(?=d\s+{_MONTH})|(?<=\b\d\d\s)(?=d\s+{_MONTH}))(?<!\bplan\s)(?<!\bfase\s)(?<!\btipo\s)(?<!\bnivel\s)(?<!\bgrupo\s)(?<!\bpunto\s)(?<!\bclase\s)"
    rf"(?<!\bletra\s)(?<!\bopción\s)(?<!\bopcion\s)(?<!\bversión\s)(?<!\bversion\s)(?<!\bmodelo\s)(?<!\bvitamina\s)"
    rf"d(?=\s+{_L}{{2}})"
)
_QUOTED = re.compile(r"[\"“«][^\"”»]*[\"”»]")


def _shorthand(text: str) -> str:
    """ "abre un canal q se llame X d finanzas xfa" -> "abre un canal que se llame X de finanzas por favor" (chat shorthand
    said whole, outside quotes; "Q4", "Plan Q", "plan d" and "3 d" before no month are left as typed)."""

    def words(piece: str) -> str:
        def one(m: re.Match[str]) -> str:
            w = m["w"]
            if w.lower() in {"q", "k"}:
                if not re.match(rf"\s+{_L}", piece[m.end() :]):
                    return w  # "¿q?", "k.": not the shorthand of "que" before a request's words
                if w.isupper() and m.start() and not re.search(r"[,;.!?¡¿\"“«]\s*$", piece[: m.start()]):
                    return w  # "Plan Q", "el equipo K": a capital letter inside a sentence is a name's
            said = _SHORTHAND[w.lower()]
            return said[:1].upper() + said[1:] if w[:1].isupper() else said

        return _SHORT_DE.sub("de", _SHORT_WORD.sub(one, piece))

    out, at = [], 0
    for q in _QUOTED.finditer(text):
        out += [words(text[at : q.start()]), q[0]]
        at = q.end()
    out.append(words(text[at:]))
    return "".join(out)


# ---------------------------------------------------------------- speech: hesitations and discourse markers

# a hesitation is no word of any request ("eh", "ehm", "mmm", "este eh"): dropped wherever it is said, outside quotes
_HESITATION = r"(?:e+h+|e+h*m+|m{2,}|h+m{2,}|uh+m*|um+)"
_HESITATIONS = re.compile(
    rf"(?:^|(?<=[\s,.;:¡¿]))(?:(?:este|o\s+sea)\s*,?\s+(?={_HESITATION}\b))?{_HESITATION}(?:\s*[,.]{{1,3}})?(?=\s|$|[,.;:!?])",
    re.I,
)
# a word said again around a hesitation ("de eh de", "a mmm a"): said once
_SAID_TWICE = re.compile(r"\b(?P<w>de|del|a|al|la|el|las|los|que|en|para|con|un|una)\s+(?P=w)\b", re.I)
# a spoken tag at the end ("… a urgente po", "… ya pues", "… pue"): no word of the request
_END_TAG = re.compile(r"\s*,?\s+(?:ya\s+)?(?:po|pues|pue|pos)\s*(?P<end>[.!]*)\s*$", re.I)
# "X, o sea depende de esa": the same request said again about the thing just named, so nothing new
_SAID_AGAIN = re.compile(
    r"\s*,?\s+o\s+sea\s*,?\s+(?:que\s+)?[^,.;:\"“«]*?\b(?:esa|ese|eso|esta|esto|ella|él|el\s+otro|la\s+otra)\s*(?P<end>[.!]*)\s*(?=$|[;])",
    re.I,
)


def _spoken(text: str) -> str:
    """ "eh vale crea una tarea de eh de preparar X … po" -> "vale crea una tarea de preparar X …": hesitations, a word
    said twice around one, a tag at the end and a restatement after "o sea" dropped (quoted words are left as said)."""

    def words(piece: str) -> str:
        had = _HESITATIONS.search(piece) is not None
        piece = _HESITATIONS.sub(" ", piece)
        if had:
            piece = _SAID_TWICE.sub(lambda m: m["w"], piece)
        piece = _SAID_AGAIN.sub(lambda m: m["end"], piece)
        piece = _END_TAG.sub(lambda m: m["end"], piece)
        return re.sub(r"[ \t]{2,}", " ", piece)

    out, at = [], 0
    for q in _QUOTED.finditer(text):
        out += [words(text[at : q.start()]), q[0]]
        at = q.end()
    out.append(words(text[at:]))
    return "".join(out).strip()


def to_english(text: str, ctx: CommandContext | None = None) -> str:
    """Rewrite Spanish command words into the English grammar, leaving titles and names alone.

    `ctx` (optional) tells people and channels apart from title words ("para Tom" is an
    assignee, "para el offsite" part of the title).
    """
    c = _Ctx(ctx)
    text = _accent_glued(_spoken(_shorthand(text)))
    text = _NO_TILDE.sub(lambda m: m[0][:2] + "ñ" + m[0][3:], text)
    text = _ESTIMATE_VERB.sub(lambda m: "set the estimate" + (f" for {m['t']}" if m["t"] else "") + " to ", text)
    text = _ESTIMATE_TASK.sub(lambda m: f"set the estimate for {m['t']} to ", text)
    text = _ESTIMATED_AT.sub("estimated at ", text)
    text = _ESTIMATE_IT.sub("estimate it at ", text)
    # "crea dos tareas, A y B, primero hay que hacer A y después B": the order of the tasks is a request of its own
    text = re.sub(r"(?<![:\s])(?<!tareas)\s*,\s+(?=primero\s+[^.;]+?\s(?:después|despues|luego)\s)", "; ", text, flags=re.I)
    text = _just_created(text, c)
    sentences: list[str] = []
    for s in re.split(r"(?<=[.!?;])\s+", text.strip()):
        if not s.strip():
            continue
        if sentences and sentences[-1][-1] in ".;" and _MESSAGE_SAID.search(sentences[-1]):
            sentences[-1] = sentences[-1][:-1] + ": " + s  # "… un mensaje que diga. Hola equipo …": the message
        elif sentences and sentences[-1][-1] in ".;" and (_TAKES_BACK.match(s) or _TOOK_BACK.search(sentences[-1])):
            sentences[-1] = sentences[-1][:-1] + ", " + s  # "… para Lisa. Perdón. Para Sara": one request, corrected
        elif sentences and sentences[-1][-1] in ".;" and _COUNTED_SUBTASKS.search(sentences[-1]) and _item_start(s):
            sentences[-1] = sentences[-1][:-1] + ": " + s  # "X necesita tres subtareas. redactar …"
        elif sentences and sentences[-1][-1] in ".;" and _continues(s, c):
            sentences[-1] = sentences[-1][:-1] + ", " + s  # "… de marketing. Llamado X. Y añade a …": one request
        elif sentences and sentences[-1][-1] in ".;" and _LIST_GOES_ON.search(sentences[-1]) and _item_start(s):
            sentences[-1] = sentences[-1][:-1] + ", " + s  # "crea tres tareas para el viernes pedir X. comparar Y y firmar"
        elif sentences and re.search(r"\bdentro[.;]$", sentences[-1], re.I) and _TASKS_SAID.match(s):
            sentences[-1] = sentences[-1][:-1] + ", " + s  # "… con Lisa y Sara. Dentro. Una tarea para …"
        elif sentences and sentences[-1][-1] in ".;" and _remark_alone(s, c):
            sentences[-1] = sentences[-1][:-1] + ", " + s  # "Archiva Q4 Planning. Ya cerramos el trimestre."
        elif sentences and sentences[-1][-1] in ".;" and _PLACE_ONLY.match(sentences[-1]):
            sentences[-1] = sentences[-1][:-1] + ", " + s  # "En Q4 Close. crea una tarea …"
        else:
            sentences.append(s)
    return _BARE_ORDINAL.sub(
        lambda m: f"{m['p']} the {_ORDINAL_EN[m['o'].lower()]} one", " ".join(_sentence(s, c) for s in sentences)
    )


# "… can't start until primera" (the article went with "hasta que termine la"): the task at that place in the list
_BARE_ORDINAL = re.compile(r"\b(?P<p>until|after|before|on|for|than|with|to)\s+(?P<o>primera|segunda|tercera|cuarta|quinta)\b", re.I)


_JUST_CREATED = re.compile(r"\b(?P<art>el\s+)?canal\s+(?:que\s+)?(?:acabo|acabamos)\s+de\s+(?:crear|abrir|hacer)\b", re.I)


def _just_created(text: str, c: _Ctx) -> str:
    """ "el canal que acabo de crear" -> "el canal <name>" when the last command was about a channel (and did something);
    "…, y en ese canal mete …" -> "…. En ese canal mete …" (a place said in the middle starts a request of its own)."""
    ctx = c.ctx
    if ctx is not None and _JUST_CREATED.search(text):
        talk = ctx.conversation
        last = next((ch for ch in ctx.channels if talk.channel_ids and ch.id == talk.channel_ids[0]), None)
        if talk.last_kind == "channel" and not talk.last_failed and last is not None:
            text = _JUST_CREATED.sub(lambda m: f"{m['art'] or ''}canal {last.name}", text)
    return re.sub(
        rf"\s*,?\s+y\s+(?=en\s+(?:el\s+canal\s+|ese\s+canal|este\s+canal)[^,.;:]*?\s(?:{_VERB_START}))",
        ". ",
        text,
        flags=re.I,
    )


# A sentence that cannot stand alone: the recogniser put a full stop where the speaker paused
# ("… llamado Cumbre de Socios. categoría ventas. con Lisa y Mike").
_CONTINUES = re.compile(
    rf"^(?:llamad[oa]s?|que\s+se\s+llame|con\s+el\s+nombre|y|e|con|para|sin|solo|sólo|solamente|únicamente|"
    rf"categor[ií]a|área|departamento|que\s+sea|(?:de|del\s+área\s+de|del\s+departamento\s+de)\s+{_CAT}|"
    rf"(?:con\s+)?(?:una?\s+)?(?:relaci[oó]n|v[ií]nculo|enlace)\s+(?:de\s+tipo\s+)?{_L}+\s*$|(?:de\s+)?tipo\s+{_L}+\s*$|(?:y\s+)?(?:que\s+)?(?:ahora\s+)?(?:se\s+llam(?:a|e|ará)|se\s+va\s+a\s+llamar|pasa\s+a\s+llamarse)|(?:ahora\s+|mejor\s+)?que\s+(?:(?:la|lo|las|los)\s+(?:lleve|haga|coja|tome)n?|se\s+(?:encargue|ocupe)n?)|"
    rf"(?:y\s+)?ahora\s+(?:es|será|va)\s+(?:de|para)|(?:y\s+)?(?:ahí\s+|allí\s+)?dentro(?=\s*,?\s+(?:una|un|dos|tres|cuatro|cinco|\d+)\s|\s*[,.;]?\s*$)|dentro\s+de|en\s+(?:la\s+categor[ií]a\s+(?:de\s+)?)?{_CAT}|{_PRIV}|{_CAT}|"
    rf"urgente|prioridad|antes|hasta|estimated\s+at|estimad[oa]s?|(?:con\s+)?(?:una\s+)?estimaci[oó]n|(?:el\s+)?{_DAY}|mañana|hoy|pasado\s+mañana|el\s+\d{{1,2}})\b(?!\s*\?)",
    re.I,
)
# a correction said as a sentence of its own ("… el martes. No. Mejor el jueves.", "… para Lisa. Perdón. Para Sara")
_TAKES_BACK = re.compile(
    r"^(?:no\s*[,.;]?\s*$|no\s*,|(?:perd[oó]n|perdona|perdone|disculpa|disculpe|mejor\s+dicho|digo|quiero\s+decir|o\s+sea|mejor)\b)",
    re.I,
)
_TOOK_BACK = re.compile(r"(?:^|[,.;]\s*|\s)(?:no|perd[oó]n|perdona|perdone|disculpa|disculpe|mejor\s+dicho|digo)[.;]$", re.I)
_COUNTED_SUBTASKS = re.compile(
    r"\b(?:una|dos|tres|cuatro|cinco|seis|\d+)\s+(?:nuevas?\s+)?sub[\s-]?tareas?(?:\s+nuevas?)?[.;]$", re.I
)
_TASKS_SAID = re.compile(r"^(?:una|un|dos|tres|cuatro|cinco|\d+)\s+(?:nuevas?\s+)?(?:sub[\s-]?)?tareas?\b", re.I)
_PLACE_ONLY = re.compile(
    r"^(?:(?:en|dentro\s+de)\s+(?:el\s+canal\s+(?:de\s+)?)?[^,.;:]{1,40}|ahí|ahi|allí|alli|aquí|aqui|acá|aca)[.;]$", re.I
)


_LIST_GOES_ON = re.compile(rf"\b(?:dos|tres|cuatro|cinco|seis|\d)\s+(?:nuevas\s+)?(?:sub)?tareas\b(?=[^.;]*\b{_L}+(?:ar|er|ir)\b)", re.I)


def _item_start(s: str) -> bool:
    """A piece that starts like a list item (an infinitive: "comparar ofertas y firmar"), not like a request."""
    return bool(re.match(rf"^{_L}+(?:ar|er|ir)\b", s, re.I)) and not re.match(
        rf"^(?:{_VERB_START}|crear|añadir|agregar|asignar|marcar|recordar|poner|quitar|mover|cambiar|enlazar|archivar)",
        s,
        re.I,
    )


# a sentence that only announces the message said after it ("… manda un mensaje que diga.")
_MESSAGE_SAID = re.compile(r"\b(?:mensaje|aviso|nota)\b[^.;]*\b(?:que\s+(?:diga|dice|ponga)|diciendo|con\s+(?:el|este)\s+texto)[.;]$", re.I)


_LEVEL_THEN = re.compile(
    r"^(?:que\s+(?:quede|sea|esté|este|pase\s+a\s+ser)|d[eé]j[ae]l[oa]|p[oó]n(?:ga)?l[oa])\s+(?:en\s+|como\s+|a\s+|de\s+)?"
    r"(?:prioridad\s+)?(?:alta|media|normal|baja|urgente|máxima|maxima)\s*[.!]?$",
    re.I,
)


def _continues(s: str, c: _Ctx) -> bool:
    """True for a piece that only adds to the request before it (a name, category, privacy, people, a date)."""
    if re.match(r"^(?:y|e)\b", s, re.I):
        return True
    if _LEVEL_THEN.match(s):
        return True  # "Bájale la prioridad a X. Que quede en baja.": the level of the request before
    why = re.match(r"^(?:que|porque|ya\s+que|pues)\s+(?P<who>.+)$", s, re.I)
    if why and (n := c.people_at(why["who"])) and re.match(r"\s+ya\s+no\b", why["who"][n:], re.I):
        return True  # "Pásale X a Tom. Que Lisa ya no la lleva.": who had the task, said after a pause
    if _CONTINUES.match(s) and not re.search(rf"\b(?:{_IMPERATIVE})\b", s, re.I):
        return True
    body = s.rstrip(" .;!")
    return bool(body) and c.people_at(body) >= len(body)  # "… Nóminas. Elena y Priya."


# "¿me creas un canal …?", "¿le asignas …?": a request said as a question, with the verb in the
# second person; it becomes the imperative ("crea", "asigna").
_YOU_VERBS = {
    "creas": "crea", "abres": "abre", "añades": "añade", "agregas": "agrega", "pones": "pon", "asignas": "asigna",
    "metes": "mete", "mandas": "manda", "envías": "envía", "envias": "envía", "marcas": "marca",
    "recuerdas": "recuerda", "quitas": "quita", "sacas": "saca", "cambias": "cambia", "mueves": "mueve",
    "haces": "haz", "compartes": "comparte", "cierras": "cierra", "archivas": "archiva", "pausas": "pausa",
    "escribes": "escribe", "publicas": "publica", "dices": "di", "enlazas": "enlaza", "vinculas": "vincula",
    "conectas": "conecta", "cancelas": "cancela", "invitas": "invita", "incluyes": "incluye", "das": "da",
    "pasas": "pasa", "programas": "programa", "apuntas": "apunta", "anotas": "anota", "encargas": "encarga",
}
_YOU = re.compile(
    r"(?:^|(?<=[,]\s)|(?<=\by\s)|(?<=\be\s))(?:me\s+|nos\s+|le\s+|les\s+)?(?P<v>"
    + "|".join(_YOU_VERBS)
    + r")\b",
    re.I,
)

_USTED_PRESENT = {"pone": "pon", "hace": "haz", "dice": "di"}
# "…, y se la asignas a Priya", "… y le pones prioridad alta", "…, la mueves al viernes": a later request said with the
# verb in the second person and its pronouns before it; it becomes the command with them glued on ("asígnasela")
_YOU_AFTER = re.compile(
    r"(?:(?<=,\s)|(?<=\by\s)|(?<=\be\s))(?:(?P<c>(?:me|te|se|le|les|nos)(?:\s+(?:lo|la|los|las))?|lo|la|los|las)\s+(?P<v>"
    + "|".join(_YOU_VERBS)
    # usted: "… y se la asigna a Priya", "se lo pasa a Tom" ("se lo" is always before a verb)
    + r")|(?P<c2>se\s+l[oa]s?)\s+(?P<v2>"
    + "|".join([*_TU_ACCENT, *_USTED_PRESENT, "da"])
    + r"))\b",
    re.I,
)
# nouns an article makes of a verb's form: "y las marcas", "y las pasas" are things, not requests
_YOU_AS_NOUN = {"marcas", "pasas", "notas"}


def _you_after(m: re.Match[str], s: str) -> str:
    clitics = re.sub(r"\s+", "", (m["c"] or m["c2"]).lower())
    verb = (m["v"] or m["v2"]).lower()
    if (clitics in {"la", "las", "lo", "los"} and verb in _YOU_AS_NOUN) or _SAYS.search(s[: m.start()]):
        return m[0]  # a thing named, or the words of a message
    said = _command(_YOU_VERBS.get(verb) or _USTED_PRESENT.get(verb) or verb, clitics)
    return m[0] if said is None else said


_PRIV_EN = {"privado": "private", "privada": "private", "público": "public", "pública": "public", "publico": "public",
            "publica": "public", "restringido": "restricted", "restringida": "restricted"}
_LEVEL_EN = {"alta": "high", "media": "medium", "baja": "low", "urgente": "urgent"}
_WHOLE: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (re.compile(r"^(?:haz|pon|deja)\s+(?P<p>privad[oa]|p[uú]blic[oa]|restringid[oa])\s+(?:al?\s+|el\s+)?(?:canal\s+)?(?P<c>.+?)$", re.I),
     lambda m: f"make the {m['c']} channel {_PRIV_EN[m['p'].lower()]}"),
    (re.compile(r"^(?:haz|pon|deja)\s+(?:que\s+)?(?:el\s+canal\s+)?(?P<c>.+?)\s+(?:sea\s+|como\s+)?(?P<p>privad[oa]|p[uú]blic[oa]|restringid[oa])$", re.I),
     lambda m: f"make the {m['c']} channel {_PRIV_EN[m['p'].lower()]}"),
    (re.compile(r"^reasigna\s+(?P<t>.+?)\s+(?:a|para)\s+(?P<p>[A-Za-zÁÉÍÓÚáéíóúñ]+)$", re.I),
     lambda m: f"reassign {m['t']} to {m['p']}"),
    (re.compile(r"^cambia\s+el\s+nombre\s+(?:del?\s+)?(?P<k>canal\s+|la\s+tarea\s+)?(?P<c>.+?)\s+(?:a|por)\s+(?P<n>.+?)$", re.I),
     lambda m: f"rename the {m['c']} {'task' if (m['k'] or '').strip().endswith('tarea') else 'channel'} to {m['n']}"),
    (re.compile(rf"^mueve\s+(?:el\s+canal\s+)?(?P<c>.+?)\s+a\s+(?:la\s+categor[ií]a\s+(?:de\s+)?)?(?P<cat>{_CAT})$", re.I),
     lambda m: f"move the {m['c']} channel to the {_CATS[m['cat'].lower()]} category"),
    (re.compile(r"^(?:b[aá]jale|s[uú]bele|c[aá]mbiale|ponle)\s+la\s+prioridad\s+a\s+(?P<l>alta|media|baja|urgente)$", re.I),
     lambda m: f"make it {_LEVEL_EN[m['l'].lower()]} priority"),
    # "ponle prioridad alta al plan de formación", "dale prioridad urgente a X", "prioridad alta para X"
    (re.compile(r"^(?:(?:ponle|pon|dale|da|asígnale|asignale)\s+)?(?:una\s+)?prioridad\s+(?P<l>alta|media|baja|urgente)\s+"
                r"(?:al|a\s+la|a\s+los|a\s+las|a|para\s+(?:el|la|los|las)|para)\s+(?!(?:esa|ese|esta|este|ella|él|eso)$)(?P<t>.+)$", re.I),
     lambda m: f"make {m['t']} {_LEVEL_EN[m['l'].lower()]} priority"),
)


def _whole_request(s: str) -> str | None:
    """A few requests read whole ("Haz privado el canal X", "Reasigna X a Elena", "Cambia el nombre del canal X a Y")."""
    body = re.sub(r"\s+hasta\s+nuevo\s+aviso\b", "", s.strip().rstrip(".!"), flags=re.I)
    for pattern, say in _WHOLE:
        m = pattern.match(body)
        if m:
            return say(m)
    return None


# a sentence that only takes back a date: "no, mejor el jueves", "perdón, para el lunes", "mejor dicho el 4 de diciembre"
_DATE_TAKEN_BACK = re.compile(
    r"^(?:no\s*[,.;]?\s*(?:(?:mejor(?:\s+dicho)?|perd[oó]n|digo)\s*,?\s*)?|(?:mejor(?:\s+dicho)?|perd[oó]n|digo)\s*,?\s*)"
    r"(?:(?:que\s+sea|para|ponlo\s+para|ponla\s+para)\s+)?(?P<d>[^,;]+?)\s*[.!]?$",
    re.I,
)


def _date_taken_back(s: str, c: _Ctx) -> str | None:
    """ "no, mejor el jueves" right after a task with a due date was made or changed -> "make it due by Thursday" (that
    task gets the new date); after anything else, or with more than a date said, the sentence is left to be asked about."""
    m, ctx = _DATE_TAKEN_BACK.match(s), c.ctx
    if not m or ctx is None:
        return None
    talk = ctx.conversation
    if talk.last_kind != "task" or talk.last_failed or not talk.task_ids:
        return None
    last = ctx.task(talk.task_ids[0])
    if last is None or last.due_date is None:
        return None  # nothing dated was said just before: what the date takes back is a guess
    said = _apply(_DATES, m["d"]).strip()
    spans = find_dates(said, _ANY_NOW)
    if len(spans) != 1 or spans[0].day is None or said[: spans[0].start].strip() not in {"", "by", "to"} or said[spans[0].end :].strip():
        return None
    return f"make it due {said[spans[0].start:].strip()}"


# a correction of the task just made or changed: "no mejor para el lunes y que la haga Lisa en vez de David",
# "Perdón, quise decir prioridad alta, y que la haga Elena, no Tom"
_CORRECTION = re.compile(
    r"^(?:no\s*[,.;]?\s*)?(?:(?:perd[oó]n|perdona|perdone|disculpa|disculpe)\s*[,.;]?\s*)?(?:mejor(?:\s+dicho)?|(?:quise|quiero)\s+decir|digo)\s*[,:]?\s+(?P<rest>.+?)\s*[.!]?$",
    re.I,
)
_DOER_INSTEAD = re.compile(
    rf"(?:^|\s*,?\s*(?:y\s+)?)que\s+(?:la|lo)\s+(?:haga|lleve)\s+(?P<p>{_L}+)(?:\s+en\s+(?:vez|lugar)\s+de|\s*,\s*no|\s+y\s+no)\s+(?P<q>{_L}+)\s*(?=,|$)",
    re.I,
)
_LEVEL_SAID = re.compile(r"^(?:con\s+|de\s+)?(?:prioridad\s+(?P<l>alta|media|baja|urgente)|(?P<u>urgente))$", re.I)


def _details_taken_back(s: str, c: _Ctx) -> str | None:
    """The details of the task the last command made or changed, said again as a correction (a date, a priority, who
    does it instead of whom); anything else said, or no such task, and the sentence is read the usual way."""
    m, ctx = _CORRECTION.match(s), c.ctx
    if not m or ctx is None:
        return None
    talk = ctx.conversation
    if talk.last_kind != "task" or talk.last_failed or not talk.task_ids:
        return None
    rest = m["rest"]
    said: list[tuple[int, str]] = []
    doer = _DOER_INSTEAD.search(rest)
    if doer:
        p, q = doer["p"], doer["q"]
        if c.people_at(p) < len(p) or c.people_at(q) < len(q):
            return None
        said.append((doer.start(), f"reassign it from {q} to {p}"))
        rest = rest[: doer.start()] + " " * (doer.end() - doer.start()) + rest[doer.end() :]
    for part in re.finditer(r"[^,]+", rest):
        for piece in re.split(r"\s+y\s+", part[0]):
            text = piece.strip()
            if not text:
                continue
            level = _LEVEL_SAID.match(text)
            if level:
                en = _LEVEL_EN[(level["l"] or level["u"]).lower()]
                said.append((part.start(), "make it urgent" if en == "urgent" else f"make it {en} priority"))
                continue
            date = _apply(_DATES, re.sub(r"^(?:para|que\s+sea\s+para)\s+", "", text, flags=re.I)).strip()
            spans = find_dates(date, _ANY_NOW)
            if len(spans) != 1 or spans[0].day is None or date[: spans[0].start].strip() not in {"", "by", "to"} or date[spans[0].end :].strip():
                return None
            last = ctx.task(talk.task_ids[0])
            if last is None or last.due_date is None:
                return None  # nothing dated was said just before: what the date takes back is a guess
            said.append((part.start(), f"make it due {date[spans[0].start:].strip()}"))
    if not said:
        return None
    return " and ".join(x for _, x in sorted(said, key=lambda x: x[0]))


def _sentence(s: str, c: _Ctx) -> str:
    s = re.sub(r"\s*[;,:]+$", ".", s.strip())  # a sentence ends the same whatever mark the recogniser put there
    taken_back = _details_taken_back(s, c)
    if taken_back is not None:
        return taken_back
    taken_back = _date_taken_back(s, c)
    if taken_back is not None:
        return taken_back
    s = _OPENERS.sub("", s)
    s = _FILLERS.sub(" ", s).strip()
    s = _THANKS.sub("", s).strip()
    if not _SAYS.search(s):  # "asigna X a David también": "too" adds nothing a request does (a message keeps it)
        s = re.sub(r"(?:\s*,)?\s+(?:también|tambien)\s*(?=[.!]?$)", "", s, flags=re.I)
        s = re.sub(rf"^(?P<v>{_L}+)\s+(?:también|tambien)\s+", lambda m: m["v"] + " " if re.fullmatch(_VERB_START, m["v"], re.I) else m[0], s, flags=re.I)
    # spoken "pa" for "para" before a person or an infinitive ("una tarea pa Mike de …", "pa revisar …"); a message keeps it
    if not _SAYS.search(s):
        s = re.sub(r"\b(?P<p>[Pp])a\s+(?=(?:" + _L + r"+(?:ar|er|ir)\b|[A-ZÁÉÍÓÚÑ]))", lambda m: m["p"] + "ara ", s)
    s = _favor(s)
    s = _for_me(s)
    s = _you_formal(_voseo(s))
    s = _doubled_pronoun(s)
    s = _people_a_each(s, c)
    s = _ordinal_gap(s)
    s = _message_unsaid(s)
    # "ponle privado a ese canal", "hazle público a este canal": the privacy of the channel referred to
    s = re.sub(
        r"^(?:p[oó]n|p[oó]nle|p[oó]nga|p[oó]ngale|haz|hazle|h[aá]gale)\s+(?P<p>privad[oa]|p[uú]blic[oa])\s+(?:a\s+)?(?P<r>ese|este|aquel)\s+canal\s*(?P<e>[.!]?)$",
        lambda m: f"make {'this' if m['r'].lower() == 'este' else 'that'} channel {'private' if m['p'].lower().startswith('priv') else 'public'}{m['e']}",
        s,
        flags=re.I,
    )
    # "… que el lanzamiento se corre al lunes y etiqueta a Lisa y a Sara": who to tag, not words of the message
    s = re.sub(r"[,;]?\s+y\s+(?:etiqueta|menciona|etiquétal[oa]s|mencióna(?:l[oa]s|les))\s+(?:a\s+)?(?P<p>[^,.;:]+?)\s*([.!]?)$",
               lambda m: f", and mention {m['p']}{m[2]}", s, flags=re.I)
    s = _correct_levels(_correct_people(_ordinal_relation(s), c))
    if re.match(r"^¿?\s*(?:me\s+|nos\s+|le\s+|les\s+)?(?:" + "|".join(_YOU_VERBS) + r")\b", s, re.I):
        s = _YOU.sub(lambda m: _YOU_VERBS[m["v"].lower()], s.lstrip("¿")).rstrip("?")
    s = _YOU_AFTER.sub(lambda m: _you_after(m, s), s)
    s = re.sub(r",?\s*\bpor\s+favor\b,?", " ", s, flags=re.I).strip()
    if not s:
        return s
    if _QUESTION.match(s) and not _REQUEST_IN_QUESTION.match(s):
        return s  # a question is not a request: left as said
    polite = _POLITE.sub("", s)
    s = (_infinitive_first(polite) if polite != s else polite).strip().lstrip("¿¡").rstrip("?")
    s = re.sub(
        rf"^(?:primero|primeramente|para\s+empezar|después|despues|luego|finalmente|por\s+último|además|y|(?:no\s*,?\s*)?mejor|"
        # "ahorita marca …", "ya mismo, pon …": when, said before the command, is now
        rf"ahorita|ahoritita|ahora(?:\s+mismo)?|ya(?:\s+mismo)?|enseguida|en\s+seguida|rapidito|de\s+una\s+vez)\s*,?\s+(?={_VERB_START})",
        "",
        s,
        flags=re.I,
    )
    s = _WANT.sub("crea ", s)
    # "crea en Q4 Planning una tarea de …": the place said between the verb and the task, said first
    s = re.sub(
        r"^(?P<v>crea|añade|agrega|mete|pon|apunta|anota)\s+(?P<p>en\s+(?:el\s+canal\s+)?[^,.;:]+?)\s*,?\s+"
        r"(?=(?:una|un|dos|tres|cuatro|cinco|\d+)\s+(?:nuevas?\s+)?(?:sub[\s-]?)?tareas?\b)",
        lambda m: f"{m['p']}, {m['v']} ",
        s,
        flags=re.I,
    )
    # "ahí crea una tarea …", "aquí, añade a Lisa": the place said first, as a word
    s = re.sub(
        rf"^(?P<w>ahí|ahi|allí|alli|allá|alla|aquí|aqui|acá|aca)(?:\s+mismo)?\s*,?\s+(?={_VERB_START})",
        lambda m: "en ese canal " if m["w"].lower().startswith(("ah", "al")) else "en este canal ",
        s,
        flags=re.I,
    )
    # "asigna X a Carlos, el de compras", "… a Lisa, la nueva": who the person is, said after the name (never a request's words)
    if not _SAYS.search(s):
        s = re.sub(
            rf"(?P<who>\ba\s+[A-ZÁÉÍÓÚÑ][\w'-]*(?:\s+[A-ZÁÉÍÓÚÑ][\w'-]*)?)\s*,\s*(?:el|la)\s+(?:(?:de|del)\s+{_L}+(?:\s+{_L}+){{0,2}}|"
            r"nuev[oa]|de\s+siempre)(?=\s*(?:[.;!?]+\s*)?$)",
            lambda m: m["who"],
            s,
        )
    # "con la tarea, o sea, con Prepare Q4 report", "en el canal, digo, en Leadership": said again, the second one stands
    restated = re.search(rf"\b(?P<p>con|en|a|para|de|del|al)\s+(?!{_L}+(?:ar|er|ir)\b)[^,;:.]{{1,40}}?\s*,\s*(?:o\s+sea|digo|mejor\s+dicho|es\s+decir)\s*,?\s+(?P=p)\s+", s, re.I)
    if restated and not _SAYS.search(s[: restated.start()]):
        s = s[: restated.start()] + restated["p"] + " " + s[restated.end() :]
    # "…, y solo mete a Elena": "only" before a command verb says no more than the verb does
    s = re.sub(rf"{_CS}(?:solo|sólo|solamente|únicamente)\s+(?={_VERB_START})", "", s, flags=re.I)
    # "haz que las dos sean urgentes", "haga que esa tarea quede en prioridad alta": make them that level
    s = re.sub(
        r"^(?:haz|hac[eé]|haga|hagan)\s+que\s+(?P<t>[^,.;]+?)\s+(?:sean?|queden?|est[eé]n?|pasen?\s+a\s+ser)\s+(?:de\s+|con\s+|en\s+)?"
        r"(?=(?:urgentes?|(?:prioridad\s+)?(?:alta|media|baja)|urgent|high\s+priority|low\s+priority|medium\s+priority)\s*[.!]?$)",
        lambda m: f"haz {m['t']} ",
        s,
        flags=re.I,
    )
    s = _drop_remark(_drop_judgement(s), c)
    whole = _whole_request(s)
    if whole is not None:
        return whole
    s = _parent_first(s, c)
    s = _topic_first(_ordinal_topics(s), c)
    place, s = _place_first(s, c)
    head, body = _split_message(s, c)
    out = _clause_words(head, c) if head else ""
    if body is not None:
        out = (out + " " + body).strip()
    if place:
        out = _put_place(out, place)
    return " ".join(out.split())


# ---------------------------------------------------------------- speech: "agrégame a X", "ponle … a esa", "a X a Y y a Z"

# an add said for me ("agrégame a Lisa al canal", "méteme a Tom en X", "agrégueme a …"): the "me" is no member
_FOR_ME = re.compile(
    r"^(?P<v>agr[eé]g(?:a|ue)|añ[aá]d(?:e|a)|m[eé]t(?:e|a)|inv[ií]t(?:a|e)|incl[uú]y(?:e|a)|s[uú]m(?:a|e)|agreg[aá]|añad[ií]|"
    r"met[eé]|invit[aá]|inclu[ií]|sum[aá])me\s+(?=a\s+(?!m[ií]\b|nosotros\b)\w)",
    re.I,
)
_NO_ACCENT = str.maketrans("áéíóúÁÉÍÓÚ", "aeiouAEIOU")


def _for_me(s: str) -> str:
    """ "agrégame a Sarah y a Mike al canal X" -> "agrega a Sarah y a Mike al canal X" (done for me, not adding me)."""
    return _FOR_ME.sub(lambda m: m["v"].translate(_NO_ACCENT) + " ", s)


# the thing a glued pronoun names said again after it ("ponle prioridad alta a esa", "márcala como hecha a esta"): once
_DOUBLED = re.compile(
    r"^(?P<head>(?:(?:mejor|ahora|entonces|y)\s+)?(?P<v>\S+)\s[^,;:]*?)\s+a\s+(?:esa|ese|esta|este|ella|él|el)(?=\s*(?:$|[.!,;]|\s+y\s))", re.I
)


def _doubled_pronoun(s: str) -> str:
    m = _DOUBLED.match(s)
    if not m or not re.search(r"(?:le|la|lo)$", m["v"], re.I) or not _command_form(m["v"], glued_only=True):
        return s
    return m["head"] + s[m.end() :]


# "asigna la primera a Sarah y la segunda a Lisa": the verb said once for both items of the list
_ORDINAL_GAP = re.compile(
    r"^(?P<v>\S+)(?P<first>\s+(?:la|el)\s+(?:primer[oa]?|segund[oa]|tercer[oa]?|cuart[oa]|quint[oa]|últim[oa]|ultim[oa])\s+(?:a|al|para)\s+[^,;]+?)"
    r"\s*,?\s+(?P<y>y|e)\s+(?=(?:la|el)\s+(?:primer[oa]?|segund[oa]|tercer[oa]?|cuart[oa]|quint[oa]|últim[oa]|ultim[oa])\s+(?:a|al|para)\s)",
    re.I,
)


def _ordinal_gap(s: str) -> str:
    m = _ORDINAL_GAP.match(s)
    if not m or not _command_form(m["v"], glued_only=False):
        return s
    return f"{m['v']}{m['first']}; {m['v'].lower()} " + s[m.end() :]


# "manda un mensaje a Leadership", "envíe un mensaje al canal de X": a message with no words said, said the English
# way so it is asked about ("What should the message in X say?"), never read as a file shared
_MESSAGE_UNSAID = re.compile(
    r"^(?:m[aá]nd[ae]|mand[aá]|env[ií][ae]|envi[aá]|escrib[ea]|escrib[ií]|pon|ponga|deja|deje|dej[aá])(?:le|les)?\s+"
    r"(?:un|otro)\s+(?:mensaje|mensajito|aviso)\s+(?:a|al|en|para)\s+(?:el\s+)?(?:canal\s+(?:de\s+)?)?"
    r"(?P<ch>(?:(?!\b(?:que|diciendo|con|sobre|y)\b)[^,.;:¿?\"“«])+?)\s*[.!]?$",
    re.I,
)


def _message_unsaid(s: str) -> str:
    m = _MESSAGE_UNSAID.match(s)
    return f"send a message to {m['ch']}" if m else s


def _people_a_each(s: str, c: _Ctx) -> str:
    """ "mete a sarah a lisa y a elena en X" -> "mete a sarah, a lisa y a elena en X": people each said with their "a"."""
    def one(m: re.Match[str]) -> str:
        return f"{m['a']}, {m['b']}" if c.person(m["p"], strict=True) and c.person(m["q"], strict=True) else m[0]

    for _ in range(3):
        s2 = re.sub(rf"(?P<a>\ba\s+(?P<p>{_L}+))\s+(?P<b>a\s+(?P<q>{_L}+))\b", one, s, flags=re.I)
        if s2 == s:
            break
        s = s2
    return s


# ---------------------------------------------------------------- a request said as a favour asked

# "¿me hace el favor de cambiar …?", "¿me haces el favor y marcas …?", "¿sería tan amable de mover …?": a request
_FAVOR = re.compile(
    r"^¿?\s*(?:(?:me|nos)\s+)?(?:(?:hace|haces|hacés|haría|harías|haria|harias)\s+(?:el|un)\s+favor|"
    r"(?:sería|serías|seria|serias|será|serás|sea)\s+(?:tan\s+)?amable)\s*,?\s+(?P<how>de|y|e)\s+(?P<rest>.+?)\s*\??$",
    re.I,
)
# the verbs whose usted present is not their tú command ("le pone" -> "ponle", "hace" -> "haz")
_INFINITIVE_IRREGULAR = {
    "poner": "pon", "hacer": "haz", "decir": "di", "dar": "da", "mover": "mueve", "recordar": "recuerda", "cerrar": "cierra",
    "contar": "cuenta", "empezar": "empieza", "comenzar": "comienza", "incluir": "incluye", "volver": "vuelve",
    "devolver": "devuelve", "mostrar": "muestra", "tener": "ten", "reabrir": "reabre",
}
_CLITICS_SAID = r"(?:(?:me|te|se|le|les|nos)(?:lo|la|los|las)?|lo|la|los|las)"
_ASKS_WHICH = re.compile(r"^\S+\s+(?:(?:a\s+)?(?:mí|mi|nosotros)\s+)?(?:si\s+)?(?:quién|quien|qué|que|cuándo|cuando|cuál|cual|cuánt\w*|dónde|donde|cómo|como|si)\b", re.I)


def _command(verb: str, clitics: str) -> str | None:
    """The tú command of `verb` (already in the command form: "cambia", "pon") with `clitics` glued on, when a rule reads it."""
    if clitics:
        verb = (_ONE_SYLLABLE[verb] if clitics.startswith(("se", "me", "nos")) and len(clitics) > 3 else verb) \
            if verb in _ONE_SYLLABLE else _TU_ACCENT.get(verb, verb)
    out = verb + clitics
    return out if re.fullmatch(_VERB_START, out, re.I) else None


def _infinitive_first(s: str) -> str:
    """ "cambiar la fecha de X …" -> "cambia la fecha de X …", "asignársela a Tom" -> "asígnasela a Tom": the infinitive a
    polite request starts with ("¿puedes cambiar …?") is the command; one no rule reads is left as said."""
    m = re.match(rf"^(?P<lead>¿?\s*)(?P<v>{_L}+?[aeiáéí]r)(?P<c>{_CLITICS_SAID})?\b", s, re.I)
    if not m:
        return s
    inf = m["v"].lower().translate(str.maketrans("áéí", "aei"))
    verb = _INFINITIVE_IRREGULAR.get(inf) or inf[:-2] + {"a": "a", "e": "e", "i": "e"}[inf[-2]]
    said = _command(verb, (m["c"] or "").lower())
    if said is None:
        return s
    return m["lead"] + (said[:1].upper() + said[1:] if m["v"][:1].isupper() else said) + s[m.end() :]


def _favor(s: str) -> str:
    """ "¿Me hace el favor y le cambia la fecha de X al 10 de diciembre?" -> "cámbiale la fecha de X al 10 de diciembre",
    "¿me haces el favor de marcar X como hecha?" -> "marca X como hecha"; a question inside ("… de decirme quién lleva X")
    stays one, as does a verb no rule reads."""
    m = _FAVOR.match(s)
    if not m:
        return s
    rest = m["rest"]
    if m["how"].lower() == "de":
        out = _infinitive_first(rest)
        said = out != rest
    else:
        v = re.match(rf"(?:(?P<c>{_CLITICS_SAID})\s+)?(?P<v>{_L}+)\b", rest, re.I)
        if not v:
            return s
        word = v["v"].lower()
        verb = _YOU_VERBS.get(word) or _USTED_PRESENT.get(word) or word
        glued = _command(verb, (v["c"] or "").lower())
        said = glued is not None
        out = (glued or "") + rest[v.end() :]
    if not said or _ASKS_WHICH.match(out):
        return s
    return out


# ---------------------------------------------------------------- remarks: why, not what

# a first-person plural verb ("estamos", "ya lo terminamos", "hemos cerrado"): the speaker saying why
_WE = rf"(?:(?:ya|todavía|todavia|aún|aun|no)\s+)?(?:(?:lo|la|los|las|le|les|nos)\s+)?(?:hemos|{_L}{{2,}}(?:amos|emos|imos))\b"
_BECAUSE = r"(?:porque|pues|ya\s+que|puesto\s+que|dado\s+que|es\s+que)\b"
# what someone has (not) done, said after a pause: "…, el banco no nos ha contestado", "…. El proveedor ya ha mandado X"
_HAS_DONE = (
    rf"(?:(?:el|la|los|las|mi|su|nuestro|nuestra)\s+)?(?:{_L}+\s+){{0,3}}?(?:(?:ya|todavía|todavia|aún|aun|no|nunca)\s+)*"
    rf"(?:(?:nos|me|le|les|lo|la|los|las|se)\s+)?(?:ha|han|había|habían|habia|habian)\s+{_L}+(?:ado|ido|to|cho|sto)\b"
)
_REMARK_START = re.compile(rf"^(?:{_BECAUSE}|{_WE}|{_HAS_DONE})", re.I)
# "…, que el cierre es ya", "… q ese proyecto ya se cerró", "…, que el banco está cerrado": "que" = "because" before
# something that is (an indicative verb, or "ya"/"no" after a subject of its own); "que revise X" (a wish) is not
_SUBJECT = rf"(?:el|la|los|las|ese|esa|esos|esas|este|esta|estos|estas|mi|mis|su|sus|nuestro|nuestra|nuestros|nuestras)\s+{_L}+(?:\s+{_L}+)?"
_THAT_WHY = (
    rf"que\s+(?:(?P<subj>{_SUBJECT})\s+(?:ya|no|nunca|todavía|todavia|aún|aun)\b|(?:{_SUBJECT}\s+)?"
    rf"(?:(?:ya|no|nunca|todavía|todavia|aún|aun|se|nos|me|le|les|lo|la)\s+)*"
    rf"(?:es|son|está|están|estaba|estaban|era|eran|fue|fueron|hay|había|va|van|sigue|siguen|{_L}{{2,}}(?:ó|aron|ieron|aba|aban))\b)"
)


def _remark_alone(s: str, c: _Ctx) -> bool:
    """A sentence that only says why ("Ya cerramos el trimestre.", "Que el cierre es ya."), with no request in it."""
    if re.search(rf"{_CS}(?:y\s+)?{_VERB_START}", s, re.I):
        return False
    if re.match(_THAT_WHY, s, re.I) and re.match(rf"que\s+{_SUBJECT}", s, re.I):
        return not _says_details(s, c, subject=True)  # "… a urgente. Que el cierre es ya."
    return bool(_REMARK_START.match(s))
# what a remark never follows: the words of a message or a reminder, which keep everything said
_SAYS = re.compile(
    r"\b(?:recu[eé]rda\w*|recordatorio|av[ií]sa\w*|dile|diles|decile|deciles|escr[ií]be\w*|publ[ií]ca\w*|m[aá]nda\w*|"
    r"env[ií]a\w*|comun[ií]ca\w*|anuncia\w*|anúncia\w*|inf[oó]rma\w*|mensaje|"
    r"cu[eé]nta\w*|pon\s+en)\b",
    re.I,
)


def _drop_remark(s: str, c: _Ctx) -> str:
    """ "archiva X que ya lo terminamos", "pon X como bloqueada, estamos esperando al abogado", "…, porque falta la firma":
    the reason after a request is not part of it (it never becomes a title, a name or a person)."""
    for m in re.finditer(rf"(?P<mark>\s*[,;.:]\s*|\s+)(?P<cue>{_BECAUSE}|que\s+ya\b|(?P<that>{_THAT_WHY})|{_WE}|(?P<has>{_HAS_DONE}))", s, re.I):
        before, remark = s[: m.start()], s[m.end("mark") :]
        if not before.strip() or _SAYS.search(before) or re.search(rf"{_CS}(?:y\s+)?{_VERB_START}", remark, re.I):
            continue
        said = remark[len(m["cue"]) :].lstrip()
        if (n := c.people_at(said)) and re.match(r"\s+ya\s+no\b", said[n:], re.I):
            continue  # "…, porque Mike ya no la lleva": who had the task, read by `_changes_hands`
        cue = m["cue"].lower()
        if m["that"]:
            last = re.search(rf"{_L}+$", before)
            if not m["mark"].strip() and not _ends_with_name(before, c) and not re.search(
                rf"\b(?:como|en)\s+{_STATUS_RE}$", before, re.I
            ) and not (last and c.people_at(last[0], strict=True)):
                continue  # "revisar que el servidor está activo": words of a title
            if _says_details(remark, c, subject=bool(m["subj"]) or bool(re.match(rf"que\s+{_SUBJECT}", remark, re.I))):
                continue  # "…, que es urgente", "…, que la entrega es el lunes": details of the request are read, or asked
        elif m["has"]:
            if not m["mark"].strip() or c.people_at(m["has"]):
                continue  # only after a pause, and not about a person ("…, Lisa ya ha terminado" may be a request's detail)
        elif cue.startswith("que"):  # "X que ya …": only after a name said whole ("el contrato que ya firmamos" is a title)
            if not _ends_with_name(before, c) and not re.search(rf"\b(?:como|en)\s+{_STATUS_RE}$", before, re.I):
                continue
        elif not re.match(_BECAUSE, cue) and not m["mark"].strip():
            continue  # "… hemos …" without a pause before it may belong to a title
        elif (
            re.match(_BECAUSE, cue)
            and not m["mark"].strip()
            and re.search(rf"{_L}+(?:ar|er|ir)$", before, re.I)
            and not _ends_with_name(before, c)
        ):
            continue  # "explicar porque …"
        end = re.search(r"[.!?]+$", remark)
        return before.rstrip(" ,;:") + (end[0] if end else "")
    return s


# "…, o sea, no es tan urgente", "…, ya no es prioritaria": a judgement after a lower level, the reason for it
_NOT_SO = re.compile(
    r"\s*[,;]\s*(?:(?:o\s+sea|digo|bueno|es\s+que|total)\s*,?\s*)?(?:ya\s+|tampoco\s+|la\s+verdad\s+|realmente\s+)?no\s+"
    r"(?:es|era|está|esta|corre|hay|tiene)\s+(?:tan(?:ta)?\s+|muy\s+|nada\s+|para\s+tanto\s+)?"
    r"(?:urgente|prisa|importante|prioritari[oa]|grave|cr[ií]tic[oa])(?:\s+(?:ahora|todavía|todavia|aún|aun|la\s+verdad))?\s*([.!]*)$",
    re.I,
)


def _drop_judgement(s: str) -> str:
    """ "ponle prioridad media, o sea, no es tan urgente" -> "ponle prioridad media": the judgement agrees with the lower level
    the request sets; after a higher one ("ponla urgente, no es tan urgente") it is left, and the request is asked about."""
    m = _NOT_SO.search(s)
    if not m or _SAYS.search(s[: m.start()]):
        return s
    if not re.search(r"\b(?:prioridad\s+)?(?:media|normal|baja)\s*$|\bprioridad\s+(?:media|normal|baja)\b", s[: m.start()], re.I):
        return s
    return s[: m.start()] + m[1]


def _says_details(remark: str, c: _Ctx, *, subject: bool) -> bool:
    """A reason holds something a request would mean: a date, a level, a person, a category, privacy (and a status when it
    has no subject of its own: "…, que está terminada")."""
    if re.search(rf"\b(?:urgente|urgentes|prioridad|{_PRIV}|{_CAT})\b", remark, re.I):
        return True
    if not subject and re.search(rf"\b{_STATUS_RE}\b", remark, re.I):
        return True
    if find_dates(_apply(_DATES, remark), _ANY_NOW):
        return True
    return any(c.people_at(remark[w.start() :], strict=True) for w in re.finditer(rf"(?<!{_L}){_L}", remark))


def _ends_with_name(text: str, c: _Ctx) -> bool:
    """The last words of `text` are a channel's or a task's whole name."""
    words = text.split()
    for k in range(1, min(6, len(words)) + 1):
        tail = " ".join(words[-k:])
        if c.channel_at(tail) >= len(tail.rstrip(" ,.;:")) or c.task_at(tail) >= len(tail.rstrip(" ,.;:")):
            return True
    return False


# ---------------------------------------------------------------- speech: fillers, corrections, "usted"

# politeness said anywhere ("…, porfa", "porfi, crea …"), thanks at the end: not part of any request
_FILLERS = re.compile(r"\s*,?\s*\b(?:porfa|porfi|por\s+fa|porfavor|plis|please)\b\s*,?", re.I)
_THANKS = re.compile(r"\s*[,.]?\s*\b(?:muchas\s+|mil\s+)?gracias\s*[.!]*$", re.I)
_SORRY = r"(?:perd[oó]n|perdona|perdone|disculpa|disculpe|mejor\s+dicho|digo|quiero\s+decir|o\s+sea|me\s+equivoqu[eé])"
# what takes back the thing just said: "perdón", "no, mejor", "mejor dicho", "no," (a bare "no" only before a mark:
# "para el martes, no para el jueves" says which one it is *not*, and is left to be asked about)
_TAKE_BACK = re.compile(
    rf"^\s*(?:,\s*|\s)(?:no\s*[,.;]?\s*)?{_SORRY}\s*[,.;]?\s*(?:mejor\s+)?"
    rf"|^\s*(?:,\s*)?no\s*[,.;]\s*(?:{_SORRY}\s*[,.;]?\s*)?(?:mejor\s+)?"
    r"|^\s*,\s*(?:no\s+)?mejor\s+",
    re.I,
)


def _correct_people(s: str, c: _Ctx) -> str:
    """ "a Mike, perdón, a David" -> "a David": the person said after a correction replaces the one before it."""
    pos = 0
    while True:
        m = re.search(rf"(?:\s*,\s*|\s+)(?:no\b|{_SORRY}|mejor\b)", s[pos:], re.I)
        if not m:
            return s
        at = pos + m.start()
        pos = pos + m.end()
        take = _TAKE_BACK.match(s[at:])
        if not take:
            continue
        before, after = s[:at], s[at + take.end() :]
        first = None
        for p in re.finditer(r"\b(?P<p>a|para|con)\s+", before, re.I):
            who = before[p.end() :].rstrip(" ,")
            if who and c.people_at(who) >= len(who):
                first = p
                break
        if first is None:
            continue
        prep = re.match(r"(?P<p>a|para|con)\s+", after, re.I)
        who2 = after[prep.end() :] if prep else after
        if not c.people_at(who2) and not (prep and re.match(rf"[A-ZÁÉÍÓÚ]{_L}+", who2)):
            continue  # not a person after the correction ("Roberto" is, and is refused as unknown)
        said = (prep["p"] if prep else first["p"]).lower()
        s = f"{before[: first.start()]}{said} {who2}"
        pos = first.start()


_LEVEL_WORD = re.compile(r"\b(?:prioridad\s+)?(?P<l>alta|media|baja|normal|urgente)\b", re.I)
_LEVEL_AGAIN = re.compile(
    r"(?:(?:a|en|de|con|como)\s+)?(?:prioridad\s+)?(?P<l>alta|media|baja|normal|urgente)\b(?=\s*(?:[,;.!]|$))", re.I
)


def _correct_levels(s: str) -> str:
    """ "sube X a alta... no, mejor urgente" -> "sube X a urgente", "en prioridad baja, perdón, media" -> "en prioridad
    media": the level said after a correction replaces the one before it (a bare "no baja" is left to be asked about)."""
    for m in _LEVEL_WORD.finditer(s):
        rest = s[m.end() :]
        ellipsis = re.match(r"\s*(?:\.{2,}|…)\s*", rest)
        after = " " + rest[ellipsis.end() :].lstrip(" ,") if ellipsis else rest
        take = _TAKE_BACK.match(after)
        if not take:
            continue
        again = _LEVEL_AGAIN.match(after[take.end() :])
        if not again:
            continue
        return s[: m.start("l")] + again["l"] + after[take.end() + again.end() :]
    return s


def _correct_dates(s: str) -> str:
    """ "by Tuesday, no, mejor by Thursday" -> "by Thursday": the date said after a correction replaces the one before;
    "at 3, perdón, at 5" keeps the day and changes the hour."""
    while True:
        spans = find_dates(s, _ANY_NOW)
        for a, b in pairwise(spans):
            gap = s[a.end : b.start]
            take = _TAKE_BACK.match(gap)
            # "to Friday, no, mejor to Thursday": the word before the date said again (the first one stays)
            again = re.fullmatch(r"(?:to|on|for|until)\s+", gap[take.end() :], re.I) if take else None
            if not take or (take.end() != len(gap) and not (again and re.search(r"\b(?:to|on|for|until)\s+$", s[: a.start], re.I))):
                continue
            kept = s[a.start : a.end]
            if b.day is None and a.day is not None and " at " in kept:  # only the hour was corrected
                s = s[: a.start] + kept[: kept.index(" at ")] + " " + s[b.start :].lstrip()
            else:
                s = s[: a.start] + " " + s[b.start :].lstrip()
            break
        else:
            return s


# "usted" commands ("recuérdele", "cree", "asígnela", "póngale") said the "tú" way the rules read ("recuérdale", …):
# the usted stem (without accents) -> the tú form alone and with a pronoun glued on
_FORMAL = {
    "cree": ("crea", "créa"), "anada": ("añade", "añáde"), "agregue": ("agrega", "agréga"), "asigne": ("asigna", "asígna"),
    "reasigne": ("reasigna", "reasígna"), "marque": ("marca", "márca"), "ponga": ("pon", "pon"), "quite": ("quita", "quíta"),
    "saque": ("saca", "sáca"), "cambie": ("cambia", "cámbia"), "mueva": ("mueve", "muéve"), "recuerde": ("recuerda", "recuérda"),
    "comparta": ("comparte", "compárte"), "envie": ("envía", "envía"), "mande": ("manda", "mánda"), "escriba": ("escribe", "escríbe"),
    "publique": ("publica", "publíca"), "diga": ("di", "di"), "haga": ("haz", "haz"), "cierre": ("cierra", "ciérra"),
    "elimine": ("elimina", "elimína"), "borre": ("borra", "bórra"), "cancele": ("cancela", "cancéla"), "termine": ("termina", "termína"),
    "enlace": ("enlaza", "enláza"), "vincule": ("vincula", "vincúla"), "conecte": ("conecta", "conécta"), "abra": ("abre", "ábre"),
    "renombre": ("renombra", "renómbra"), "incluya": ("incluye", "inclúye"), "pase": ("pasa", "pása"), "avise": ("avisa", "avísa"),
    "meta": ("mete", "méte"), "retrase": ("retrasa", "retrása"), "aplace": ("aplaza", "apláza"), "adelante": ("adelanta", "adelánta"),
    "reabra": ("reabre", "reábre"), "archive": ("archiva", "archíva"), "pause": ("pausa", "páusa"), "de": ("da", "dá"),
    "encargue": ("encarga", "encárga"), "programe": ("programa", "prográma"), "apunte": ("apunta", "apúnta"),
    "suba": ("sube", "súbe"), "baje": ("baja", "bája"), "etiquete": ("etiqueta", "etiquéta"),
    "mencione": ("menciona", "menciona"), "agende": ("agenda", "agénda"), "deje": ("deja", "déja"),
    "eche": ("echa", "écha"),
}
# Voseo (Argentina, Uruguay, Central America): "armá", "sacá", "escribí", "poné" at the start of a request
_VOS_IRREGULAR = {"poné": "pon", "hacé": "haz", "decí": "di", "tené": "ten", "vení": "ven", "salí": "sal", "andá": "ve"}
_VOS_NOT = frozenset("está más sí acá allá ahí aquí allí será va ya qué cuál quién cómo dónde cuándo también además después "
                     "jamás papá mamá sofá".split())
_VOS = re.compile(r"(?P<w>[a-zñ]{2,}[áéí])(?=\s|[,.;:!?]|$)", re.I)


def _voseo(s: str) -> str:
    """ "armá tres tareas" -> "arma tres tareas", "escribí en X" -> "escribe en X", "poné" -> "pon"."""
    def tu(m: re.Match[str]) -> str:
        w = m["w"]
        low = w.lower()
        if low in _VOS_NOT or re.search(r"(?:ar|er|ir)á$", low):
            return w  # a word of its own, or a future tense ("será", "llevará")
        out = _VOS_IRREGULAR.get(low) or low[:-1] + {"á": "a", "é": "e", "í": "e"}[low[-1]]
        return out if w[:1].islower() else out[:1].upper() + out[1:]

    s = re.sub(rf"{_CS}{_VOS.pattern}", tu, s, flags=re.I)
    # inside a sentence said without marks ("… Feria Córdoba sumá a david y adentro armá dos tareas"): command verbs only
    return re.sub(rf"(?<!\w){_VOS.pattern}", lambda m: tu(m) if re.fullmatch(_VERB_START, tu(m), re.I) else m[0], s, flags=re.I)


_PLAIN = str.maketrans("áéíóúñ", "aeioun")
_FORMAL_ALONE_BEFORE_THING = {"de", "archive", "pause", "adelante"}  # also a word of their own ("de", English "archive")


def _formal_verb(word: str) -> bool:
    """ "recuérdele", "póngala", "dele", "asigne": a Spanish "usted" command (not "de", "archive", "pause" alone)."""
    plain = word.lower().translate(_PLAIN)
    return any(
        plain.startswith(stem) and re.fullmatch(r"(?:l[oa]s?|les?|me|nos|sel[oa]s?)?", plain[len(stem) :])
        and (plain != stem or stem not in _FORMAL_ALONE_BEFORE_THING)
        for stem in _FORMAL
    )


def _you_formal(s: str) -> str:
    def tu(m: re.Match[str]) -> str:
        w = m["w"]
        plain = w.lower().translate(_PLAIN)
        for stem, (alone, glued) in _FORMAL.items():
            if not plain.startswith(stem):
                continue
            clitic = plain[len(stem) :]
            if not clitic:
                thing = re.match(r"\s+(?:el|la|los|las|este|esta|ese|esa)\b", s[m.end() :], re.I)
                if stem in _FORMAL_ALONE_BEFORE_THING and w.lower() != "dé" and not thing:
                    continue
                out = alone
            elif re.fullmatch(r"(?:l[oa]s?|les?|me|nos|sel[oa]s?)", clitic):
                short = alone in {"pon", "haz", "di", "da"} and not clitic.startswith("se")
                out = (alone if short else glued) + clitic
            else:
                continue
            return out if w[:1].islower() else out[:1].upper() + out[1:]
        return w

    s = re.sub(rf"{_CS}(?P<w>{_L}+)\b", tu, s, flags=re.I)

    def glued(m: re.Match[str]) -> str:
        w = m["w"]
        plain = w.lower().translate(_PLAIN)
        if plain.startswith("de") and not w.lower().startswith("dé"):
            return w  # "dela", "delas": "de la" typed together, not "déle"
        return tu(m) if _formal_verb(w) and plain not in _FORMAL else w

    # a usted command with its pronoun glued on ("asígnela", "póngale", "encárguesela") is one in the middle of speech too
    return re.sub(rf"(?<!\w)(?P<w>{_L}+?(?:l[oa]s?|les?|me|nos))\b", glued, s, flags=re.I)


# "En el canal Lanzamiento, …", "Dentro de Leadership, …", "En Website Redesign añade …"
_PLACE = re.compile(
    r"^(?:en|dentro\s+de|desde|sobre)\s+(?:el\s+canal\s+(?:de\s+|del\s+)?|el\s+)?(?P<rest>.+)$",
    re.I,
)


def _place_first(s: str, c: _Ctx) -> tuple[str, str]:
    m = _PLACE.match(s)
    if not m:
        return "", s
    rest = m["rest"]
    said_channel = bool(re.match(r"^(?:en|dentro\s+de|desde)\s+el\s+canal\b", s, re.I))
    comma = rest.find(",")
    n = c.channel_at(rest)
    if n and (comma < 0 or n <= comma) and (said_channel or n > 2):
        name = rest[:n]
        tail = rest[n:].lstrip(" ,:")
    elif comma > 0 and (said_channel or c.ctx is None):
        name, tail = rest[:comma], rest[comma + 1 :].strip()
    else:
        return "", s
    if re.search(rf"\b(?:{_DAY}|{_MONTH}|semana|semanas|mes|meses|hora|horas|minutos|días|dias)\b|^\d+$", name, re.I):
        return "", s  # "En dos semanas, …" is a date
    first_piece = re.split(rf"(?<=[,.;])\s+(?=(?:y\s+|e\s+)?{_VERB_START})", tail, maxsplit=1, flags=re.I)[0]
    first_piece = first_piece.rstrip(" ,.;")
    if not re.match(_VERB_START, tail, re.I) and _relation(first_piece, c) == first_piece:
        return "", s  # neither a request nor a relation ("En Q4 Close, budget review va después de …") follows
    return name.strip(), tail


def _parent_first(s: str, c: _Ctx) -> str:
    """ "Dentro de <tarea> crea una subtarea: X", "En <tarea>, añade dos subtareas …": the task is the parent."""
    m = re.match(r"^(?P<p>a?dentro\s+del?|en|bajo|debajo\s+del?|a|al)\s+(?:la\s+tarea\s+|el\s+)?(?P<rest>.+)$", s, re.I)
    if not m or c.channel_at(m["rest"]):
        return s
    n = c.task_at(m["rest"])
    tail = m["rest"][n:].lstrip(" ,")
    # "debajo del plan, o sea como subtarea, añade X": what the request makes said before its verb
    said = re.match(rf"(?:(?:o\s+sea|es\s+decir)\s*,?\s*)?como\s+(?:una\s+)?sub[\s-]?tarea\s*,?\s*(?P<v>{_IMPERATIVE})\s+(?=\S)", tail, re.I)
    if n and said and m["p"].lower() not in {"a", "al"} and not re.match(r"(?:una|un|otra|dos|tres|\d+)\s", tail[said.end() :], re.I):
        tail = f"{said['v']} una subtarea: {tail[said.end():]}"
    if not n or not re.match(rf"(?:{_IMPERATIVE})\s+(?:\S+\s+){{0,2}}sub[\s-]?tareas?\b", tail, re.I):
        return s
    if m["p"].lower() in {"a", "al"} and not re.match(rf"{_L}+les?\b", tail, re.I):
        return s  # "A X agrégale tres subtareas": the "le" on the verb is X; without it "a X" is someone
    return f"bajo {m['rest'][:n]}, {tail}"


# "A Hire a designer ponla en progreso, …", "esa asígnasela a Mike": the task said first, then a command with "la" / "lo"
_DATE_SAID = (r"\b(?:lunes|martes|mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo|mañana|hoy|semana|mes|\d{1,2}|enero|febrero|marzo|abril|"
              r"mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre)\b")
_TOPIC_VERB = re.compile(rf"(?P<v>{_L}+?)(?:se)?(?P<cl>l[oa]s?)\b", re.I)
# "las dos tareas de Q4 Planning pásalas a revisión", "todas las tareas de General márcalas como hechas": tasks said first
_TOPIC_GROUP = re.compile(
    r"(?:(?:las|estas|esas)\s+(?:dos|tres|cuatro|cinco|\d+)\s+tareas|todas\s+las\s+tareas|ambas\s+tareas)"
    r"\s+(?:de|del|en)\s+(?:el\s+canal\s+)?(?P<ch>[^,;]+?)(?=\s*,?\s+\S+l[oa]s\b)",
    re.I,
)
_PLAIN_VOWELS = str.maketrans("áéíóú", "aeiou")


# the tasks just made, by their place in the list: "la primera", "la segunda", "la última"
_ORDINAL = r"(?:primera|segunda|tercera|cuarta|quinta|última|ultima)"
_ORDINAL_EN = {"primera": "first", "segunda": "second", "tercera": "third", "cuarta": "fourth", "quinta": "fifth",
               "última": "last", "ultima": "last"}


def _ordinal_topics(s: str) -> str:
    """ "La primera asígnasela a Tom y la segunda ponla urgente" -> "asigna la primera a Tom y pon la segunda urgente"
    (each task said by its place in the list, then a verb whose pronoun stands for it)."""

    def put(m: re.Match[str]) -> str:
        verb = m["v"].lower().translate(_PLAIN_VOWELS)
        if not re.fullmatch(_VERB_START, verb, re.I) or verb in {"da", "di", "haz"}:
            return m[0]
        return f"{verb} {m['t']}"

    return re.sub(
        rf"{_CS}(?P<t>(?:la|el)\s+{_ORDINAL})(?:\s+tarea)?\s*,?\s+(?P<v>{_L}+?)(?:se)?l[oa]\b",
        put,
        s,
        flags=re.I,
    )


def _ordinal_relation(s: str) -> str:
    """ "que la segunda dependa de la primera", "haz que la tercera vaya después de la segunda": a relation between two
    of the tasks just made (a request, not a question, though it starts with "que")."""
    return re.sub(
        rf"{_CS}(?:haz\s+)?que\s+(?P<a>(?:la|el)\s+{_ORDINAL})\s+(?:(?P<dep>dependa|espere)\s+(?:de|a)|(?P<blk>bloquee)\s+(?:a\s+)?|"
        rf"(?P<fol>vaya|se\s+haga|empiece)\s+(?:después|despues|detrás|detras)\s+de)\s+(?P<b>(?:la|el)\s+{_ORDINAL})\b",
        lambda m: f"make {m['a']} {'depend on' if m['dep'] else 'block' if m['blk'] else 'follow'} {m['b']}",
        s,
        flags=re.I,
    )


def _topic_first(s: str, c: _Ctx) -> str:
    """ "A <tarea> ponla en curso, súbele …" -> "pon <tarea> en curso, súbele …"; "esa asígnasela a Mike" -> "asigna esa
    tarea a Mike" (the task the pronoun stands for said where the English reader looks for it)."""
    m = re.match(r"^(?:a\s+|al\s+)?(?:la\s+tarea\s+)?(?P<rest>.+)$", s, re.I)
    if not m:
        return s
    rest = m["rest"]
    # "la fecha de X, ponla el martes": the task's date said first, then the date it gets
    due = re.match(r"(?:la\s+)?(?:fecha(?:\s+(?:l[íi]mite|de\s+entrega|de\s+vencimiento|tope))?|entrega|deadline)\s+(?:de|del)\s+"
                   r"(?:la\s+tarea\s+)?(?=\S)", rest, re.I)
    field = ""
    if due and re.search(_DATE_SAID, rest[due.end() :], re.I):
        field, rest = "la fecha de ", rest[due.end() :]
    group = _TOPIC_GROUP.match(rest)
    ref = re.match(r"(?:esa|esta)(?:\s+tarea)?(?=\s*,?\s)", rest, re.I)
    if group and c.channel_at(group["ch"]) >= len(group["ch"]):
        n = group.end()
    else:
        group = None
        n = ref.end() if ref else c.task_at(rest)
    if not n:
        return s
    task = "esa tarea" if ref else rest[:n]
    tail = rest[n:].lstrip(" ,")
    dative = re.match(rf"(?P<v>{_L}+?)(?P<cl>le|les)\b", tail, re.I)
    if dative and not group and m[0][: m.start("rest")].strip() and re.fullmatch(_VERB_START, dative[0], re.I):
        # "a X ponle fecha el 4 y asígnasela a P", "a X súbele la prioridad": the "le" is the task said first with "a"
        if not c.people_at(task) and (ref or c.task_at(task) >= len(task)):
            return f"for {task}, {tail}"
    v = _TOPIC_VERB.match(tail)
    if not v or v["cl"].lower().endswith("s") != bool(group):
        return s
    verb = v["v"].lower().translate(_PLAIN_VOWELS)
    if not re.fullmatch(_VERB_START, verb, re.I) or verb in {"da", "di", "haz"}:
        return s
    if verb[:2] == "po" and verb != "pon":
        return s
    return f"{verb} {field}{task}{tail[v.end():]}"


def _put_place(out: str, place: str) -> str:
    """Each request of the sentence happens in `place`: tasks are made there, people added to it."""
    where = f"the {place} channel"
    # "create a task …" / "add a task …" / "create three tasks: …"
    out, tasks = re.subn(
        r"\b(?P<v>create|add)\s+(?P<k>(?:(?:a|an|one|two|three|four|five|six|\w+)\s+)?(?:new\s+|urgent\s+|"
        r"high\s+priority\s+|low\s+priority\s+)*(?:sub)?tasks?)\b(?!\s+(?:here|in\s+(?:the|this|that)\b))",
        lambda m: f"{m['v']} {m['k']} in {where}",
        out,
    )
    # "post that …" (a message without a place)
    out, posts = re.subn(r"\bpost\s+(?=that\b|:)", f"post in {where} ", out)
    out, tells = re.subn(r"\btell\s+everyone\s+(?=that\b|:)", f"tell {where} ", out)
    # "add Sarah" (people without a place)
    out, adds = re.subn(
        r"\b(?P<v>add|remove)\s+(?P<who>(?!a\s+task|an?\s+|the\s+)[^,.;]+?)(?=\s*(?:,|\.|;|\band\b|$))",
        lambda m: f"{m['v']} {m['who']} " + ("to " if m["v"] == "add" else "from ") + where
        if not re.search(r"\b(?:to|from|in|into)\s+(?:the|this|that)\b|\bchannel\b|\btask\b", m["who"])
        else m[0],
        out,
    )
    if not (tasks or posts or tells or adds):
        return f"in {where}, {out}"
    return out


# ---------------------------------------------------------------- messages

_MSG_VERB = (
    r"(?:publica|escribe|pon|di|dile|diles|envía|envia|manda|avisa|comunica|anuncia|informa|cuéntale|cuentale|"
    r"cuéntales|recuérdales\s+a\s+todos|(?:mánda|envía|escríbe|avísa|publíca)les?)"
)
_MESSAGE = re.compile(
    rf"(?P<pre>^|,\s*(?:y\s+)?|\s+y\s+(?:luego\s+)?|\s+luego\s+)(?P<verb>{_MSG_VERB})\b(?P<head>[^:\"]{{0,80}}?)"
    r"\s*(?:\b(?:que\s+(?:diga|dice|ponga)(?:\s+que\b|\s*:)?|con\s+(?:el|este)\s+texto\s*:|que|diciendo(?:\s+que)?|de\s+que)(?:\b|(?<=:))|:"
    r"|(?<=\w\s)(?=[\"“«][^\"”»]+[\"”»]))"  # "escribe en X "texto" y menciona a P": the words in quotes straight after the place
    r"\s*(?P<body>.+)$",
    re.I | re.S,
)
# what ends a message inside its sentence: "… y recuérdale a Lisa el lunes …", "… y crea una tarea …"
_MESSAGE_END = re.compile(
    r"\s+y\s+(?=(?:recuérda\w*|recuerda\w*|crea|añade|agrega|asigna\w*|asígna\w*|comparte)\b)", re.I
)


# who a message tags, said with a gerund: "mencionando a Lisa y a Tom", "etiquetando a Sara"
_MENTIONING = re.compile(
    r"[,;]?\s*\b(?:y\s+)?(?:mencionando|etiquetando|nombrando)\s+(?:a\s+)?(?P<who>[^,.;:\"“”«»]+?)\s*$", re.I
)


def _split_message(s: str, c: _Ctx) -> tuple[str, str | None]:
    """(the sentence up to and including the message's English head, the message's words as said)."""
    m = _MESSAGE.search(s)
    if not m:
        return s, None
    verb = m["verb"].lower()
    head = m["head"].strip()
    if verb == "pon" and not re.match(r"^(?:en|un\s+mensaje)\b", head, re.I):
        return s, None  # "pon que …" is rare; "pon X en …" is a change, not a message
    tagged: list[str] = []
    tag = _MENTIONING.search(head)
    if tag:
        head, tagged = head[: tag.start()], [tag["who"]]  # "envía ahí un mensaje mencionando a Lisa: …"
    target = _message_target(head, verb, c)
    if target is None:
        return s, None
    body = m["body"].strip()
    after = ""
    quoted = re.match(r"^(?P<q>[\"“«][^\"”»]+[\"”»])\s*(?P<rest>.*)$", body, re.S)
    if quoted and quoted["rest"]:
        tail = _MENTIONING.fullmatch(quoted["rest"].strip(" .!"))
        if tail:  # (someone unknown tagged is refused by name, never words of the message)
            body, tagged = quoted["q"], [*tagged, tail["who"]]  # "…: "texto", mencionando a Lisa y a Tom."
    end = _MESSAGE_END.search(body)
    if end:
        body, after = body[: end.start()], body[end.end() :]
    before = s[: m.start()]
    pre = "and " if before.strip() else ""
    english = f"{pre}{target} {body.strip()}"
    if not all(c.people_at(w) >= len(w.rstrip()) for w in tagged):
        return s, None  # someone unknown tagged: left for the English reader to refuse by name
    if tagged:
        english = english.rstrip(" .") + ", and mention " + " and ".join(_english_people(w) for w in tagged) + "."
    if after:
        english += " and " + _clause_words(after, c)
    return before, english


def _message_target(head: str, verb: str, c: _Ctx) -> str | None:
    """ "en el canal X" -> "post in the X channel that"; "a Lisa" -> "tell Lisa that"; "" -> "post that"."""
    h = re.sub(r"^(?:un|el)\s+(?:mensaje|aviso|anuncio|nota)\s*", "", head.strip(), flags=re.I).strip()
    # "envía ahí un mensaje", "manda en General un aviso": the place said before the message
    h = re.sub(r"\s+(?:un|el)\s+(?:mensaje|aviso|anuncio|nota)$", "", h, flags=re.I).strip()
    h = re.sub(r"^(?:a\s+)?(?:todos|todo\s+el\s+mundo|el\s+equipo|al\s+equipo|la\s+gente)\b", "everyone", h, flags=re.I)
    if not h:
        return "post that"
    if h.lower() == "everyone":
        return "tell everyone that"
    team = re.match(
        r"^everyone\s+(?:de|del|en)\s+(?:el\s+canal\s+(?:de\s+)?)?(?P<ch>.+)$|"
        r"^(?:a|al)\s+(?:la\s+gente|los|las|todos\s+los)\s+(?:de|del|en)\s+(?:el\s+canal\s+(?:de\s+)?)?(?P<ch2>.+)$",
        h,
        re.I,
    )
    if team:
        return f"post in the {(team['ch'] or team['ch2']).strip()} channel that"
    ch = re.match(r"^(?:en|a|al|para|por)\s+(?:el\s+)?(?:canal\s+(?:de\s+|del\s+)?)?(?P<ch>.+)$", h, re.I)
    if h.lower() in {"aquí", "aqui", "acá", "en este canal", "a este canal"}:
        return "post here that"
    # "en el canal" (the one just talked about, as "ahí"): "… crea tres tareas. Después manda en el canal: …"
    if h.lower() in {"ahí", "ahi", "allí", "alli", "allá", "en ese canal", "a ese canal", "en el canal", "al canal"}:
        return "post there that"
    if ch and ch["ch"].lower() in {"este canal", "aquí", "aqui", "ese canal"}:
        return "post in this channel that" if "este" in ch["ch"].lower() else "post in that channel that"
    if re.match(r"^a\s+(?:todos\s+)?(?:en|los\s+de)\s+", h, re.I):
        rest = re.sub(r"^a\s+(?:todos\s+)?(?:en|los\s+de)\s+(?:el\s+canal\s+)?", "", h, flags=re.I)
        return f"post in the {rest} channel that"
    who = re.sub(r"^a\s+", "", h, flags=re.I)
    n = c.people_at(who)
    if n and n >= len(who.rstrip()):
        return f"tell {_english_people(who)} that"
    # "dile a Priya en Q4 Planning que …", "avísale en el canal General a Tom que …": someone, in a channel
    place = r"(?:en|por)\s+(?:el\s+canal\s+(?:de\s+|del\s+)?|el\s+)?(?P<ch>[^,;:]+?)"
    both = re.fullmatch(rf"(?P<who>.+?)\s+{place}", who, re.I) if n else None
    if not both:
        both = re.fullmatch(rf"{place}\s+a\s+(?P<who>.+)", h, re.I)
    if both and c.people_at(both["who"]) >= len(both["who"]) and not re.fullmatch(
        r"(?:este|ese)\s+canal|aquí|aqui|ahí|ahi|persona|privado", both["ch"], re.I
    ):
        channel = re.sub(r"\s+canal$", "", both["ch"], flags=re.I)
        return f"in the {channel} channel, tell {_english_people(both['who'])} that"
    if ch:
        name = re.sub(r"\s+canal$", "", ch["ch"].strip(), flags=re.I)
        return f"post in the {name} channel that"
    return None


# ---------------------------------------------------------------- one sentence's command words

_IMPERATIVE = (
    r"crea|créa(?:me|nos)|cree|crear|abre|ábre(?:me|nos)|abrir|monta|móntame|genera|haz(?:me)?|hazl[oa]s?|"
    r"añade|añádel[oa]s?|añádeme|añadir|agrega|agrégal[oa]s?|agregar|incluye|inclúyel[oa]s?|invita|mete|métel[oa]s?|"
    r"suma|arma|pon|ponl[oa]s?|ponle|poner|quita|quítal[oa]s?|saca|sácal[oa]s?|elimina|elimínal[oa]s?|borra|bórral[oa]s?|"
    r"echa|asigna|asígna\w*|asigna\w*|dale|dásel[oa]s?|dasel[oa]s?|da|encarga|encárga\w*|pasa|pásale|pásasel[oa]s?|"
    r"marca|márcal[oa]s?|marcal[oa]s?|completa|complétal[oa]s?|termina|termínal[oa]s?|cierra|ciérral[oa]s?|finaliza|"
    r"cancela|cancélal[oa]s?|anula|empieza|comienza|arranca|inicia|reabre|reactiva|reanuda|pausa|paus[aá]l[oa]|"
    r"archiva|archívalo|archívala|recuérda\w*|recuerda\w*|comparte|compártel[oa]s?|adjunta|sube|renombra|"
    r"renómbral[oa]|llama|llámal[oa]|enlaza|enlázal[oa]s?|vincula|vincúlal[oa]s?|conecta|conéctal[oa]s?|relaciona|"
    r"une|mueve|muével[oa]s?|cambia|cámbial[oa]s?|aplaza|apláza\w*|pospón|pospone|retrasa|retrásal[oa]s?|adelanta|"
    r"adelántal[oa]s?|sube|baja|prioriza|nueva|nuevo|estima|publica|escribe|dile|diles|envía|envia|manda|avisa"
)
# any of the tú commands above with pronouns glued on ("métele", "pásasela", "añádeles")
_IMPERATIVE += "|(?:" + "|".join(_TU_ACCENT.values()) + r")(?:sel[oa]s?|mel[oa]s?|nosl[oa]s?|l[oa]s?|les?|me|nos)"
_IMPERATIVE += r"|(?:pón|ház|dá|dí)(?:se|me|nos)l[oa]s?"
_VERB_START = rf"(?:{_IMPERATIVE})\b"
# a request starts here: the start, after a mark, or after "y" / "luego" / "también"
_CS = r"(?:^|(?<=[,;:.!?¡¿]\s)|(?<=[,;:.!?¡¿])|(?<=\by\s)|(?<=\be\s)|(?<=\band\s)|(?<=\bluego\s)|(?<=\btambién\s)|(?<=\bthen\s))"


def _clause_words(s: str, c: _Ctx) -> str:
    s = _schedule_task(s)
    s = _GIVE_SAID.sub("pás", s)
    s = _dative_task(s, c)
    s = _subtasks_of(s)
    s = _tasks_inside(s)
    s = _pause_until(s)
    s = _rename_to(s, c)
    s = _topic_then_pronoun(s, c)
    s = _speech_breaks(s, c)
    s = _changes_hands(s, c)
    s = _relations(s, c)
    s = _weekday_with_date(s, c)
    s = _apply(_DATES, s)
    s = _correct_dates(s)
    s = _DUE_SAID.sub(", due by ", s)
    new_tasks = re.search(r"\b(?:una|dos|tres|cuatro|cinco|nueva|nuevas)\s+(?:sub)?tareas?\b|\btareas?\s+nuevas?\b", s, re.I)
    # "… y que venza el martes": the date of the new task said with it, or a change of its own (in the order said)
    s = _READY_BY.sub(" " if new_tasks else " and set its due date ", s)
    # "tres tareas: A para el lunes, B para Elena y C, urgente": with the items' own details said with each, a
    # priority said in the singular after the last item is that item's (plural, "urgentes", is every item's)
    if re.search(r"\b(?:dos|tres|cuatro|cinco|seis|\d)\s+tareas\s*:[^:]*\b(?:by|para|assigned)\b[^:]*,", s, re.I):
        s = re.sub(r",\s*(?P<l>urgente|(?:con\s+)?prioridad\s+(?:alta|baja|media))\s*(?P<e>[.!]?)$", r" \g<l>\g<e>", s, flags=re.I)
    s = _apply(_PRIORITIES, s)
    # "a todos los de este canal", "a toda la gente de Q4 Close": everyone in a channel
    s = re.sub(
        r"\b(?:todos|todas|toda\s+la\s+gente|todo\s+el\s+mundo)\s+(?:(?:los|las)\s+)?(?:de|del|en|que\s+están\s+en)\s+"
        r"(?=(?:este|ese|el|aquel)\s+canal\b|[A-ZÁÉÍÓÚ0-9])",
        "everyone in ",
        s,
        flags=re.I,
    )
    if new_tasks:
        s = _PRIORITY_IS.sub(", ", s)  # "crea una tarea para pagar a hacienda, es urgente"
    else:  # "ponle fecha para el 15 y que sea urgente": a change of the task the request is about
        s = re.sub(
            r"(?:\s*,\s*|\s+)(?:y\s+)?que\s+(?P<v>sea|sean|tenga|tengan)\s+(?:de\s+|con\s+)?"
            r"(?=(?:urgent|high\s+priority|low\s+priority|medium\s+priority)\s*(?:[,.;]|$))",
            lambda m: " and make them " if m["v"].lower().endswith("n") else " and make it ",
            s,
            flags=re.I,
        )
    s = _bulk(s, c)
    s = _channels(s, c)
    s = _tasks(s, c)
    s = _title_then_place(s, c)
    s = _verbs(s, c)
    s = _references(s)
    s = _connectives(s, c)
    return _earlier_task(s)


# "…, con fecha de entrega el 3 de diciembre", "y con fecha límite el viernes", ", vencimiento al lunes": the due date
_DUE_SAID = re.compile(
    r"(?:\s*,\s*(?:y\s+)?(?:con\s+)?|\s+(?:y\s+)?con\s+)(?:una\s+|la\s+|el\s+)?(?:fecha\s+(?:de\s+entrega|l[ií]mite|de\s+vencimiento|tope|de\s+cierre)|"
    r"vencimiento|entrega|plazo|deadline)(?:\s+(?:de|para))?\s+(?:by|to|on)\s+(?=\S)",
    re.I,
)


# "échale a Elena la tarea de X", "échasela a Tom": a task given, as with "pásale" ("échale un ojo / una mano a X" is not)
_GIVE_SAID = re.compile(
    rf"{_CS}éch(?=a(?:les?|sel[oa]s?)\b(?!\s+(?:un\s+|una\s+|el\s+|la\s+)?(?:ojo|vistazo|mirada|mano|ganas|culpa|cuenta|bronca)\b))",
    re.I,
)


# "agenda / agéndame / agéndale (a P) una tarea …", "programa dos tareas …": a task made, as with "crea"
_SCHEDULE_TASK = re.compile(
    rf"{_CS}(?:agenda|agénda(?P<c>me|nos|les?)|programa|prográma(?P<c2>me|nos|les?))\s+"
    rf"(?=(?:a\s+{_L}[^,.;:]*?\s+)?(?:una|un|otra|dos|tres|cuatro|cinco|\d+|nueva|nuevas)\s+(?:nuevas?\s+)?(?:sub[\s-]?)?tareas?\b)",
    re.I,
)


def _schedule_task(s: str) -> str:
    """ "agéndame una tarea para Sarah: …" -> "créame una tarea para Sarah: …" ("agéndale a Lisa una tarea" -> "créale …")."""
    return _SCHEDULE_TASK.sub(lambda m: ("créa" + (m["c"] or m["c2"]).lower() if m["c"] or m["c2"] else "crea") + " ", s)


# "el jueves 3 de diciembre", "al viernes, 11 de diciembre": a weekday said with its date
_WEEKDAY_DATE = re.compile(
    rf"\b(?P<d>{_DAY})\s*,?\s+(?:d[ií]a\s+)?(?P<n>\d{{1,2}})\s+de\s+(?P<mo>{_MONTH})(?P<y>\s+(?:de\s+)?\d{{4}})?\b",
    re.I,
)


def _weekday_with_date(s: str, c: _Ctx) -> str:
    """ "el jueves 3 de diciembre" -> "el 3 de diciembre" when 3 December is a Thursday; when they disagree both stay
    (two dates for one thing: asked), as they do when the calendar is not known."""

    def one(m: re.Match[str]) -> str:
        if c.ctx is None:
            return m[0]
        year = re.sub(r"\D", "", m["y"] or "")
        spans = find_dates(f"{_MONTHS[m['mo'].lower()]} {m['n']}" + (f", {year}" if year else ""), c.ctx.now)
        day = spans[0].day if len(spans) == 1 else None
        if day is None or day.strftime("%A") != _DAYS[m["d"].lower()]:
            return m[0]
        return f"{m['n']} de {m['mo']}{m['y'] or ''}"

    return _WEEKDAY_DATE.sub(one, s)


def _title_then_place(s: str, c: _Ctx) -> str:
    """ "create a task diseñar el logo en Website Redesign para Lisa": the channel said after the title (a channel's whole
    name, then nothing or the task's other details) is where the task goes, not words of its title."""

    def put(m: re.Match[str]) -> str:
        rest = m["rest"]
        n = c.channel_at(rest)
        if not n or not re.match(r"\s*(?:$|[,.;]|(?:para|assigned|by|for|con|urgent|high|low|medium|estimated)\b)", rest[n:], re.I):
            return m[0]
        return f"{m['h']}{m['t']} in the {rest[:n]} channel{rest[n:]}"

    return re.sub(
        r"(?P<h>\b(?:create|add)\s+(?:a|the)\s+task\s+(?:to\s+|called\s+)?)(?P<t>(?!in\b|here\b|there\b)[^,.;:]+?)\s+en\s+(?:el\s+canal\s+)?(?P<rest>[^.;:]+[.!]?)$",
        put,
        s,
        flags=re.I,
    )


# "… y que esté lista para el viernes", ", que quede hecho antes del lunes": the due date, said as a wish
_READY_BY = re.compile(
    r"(?:\s*,\s*|\s+)(?:y\s+)?que\s+(?:(?:est[eé]n?|quede|queden)\s+(?:list|hech|terminad|acabad|cerrad)[oa]s?|venzan?|"
    # "… y que sea para el martes", "… y que se termine el lunes", "… y que tenga fecha el 3 de diciembre"
    r"sean?|(?:se\s+)?(?:entreguen?|terminen?|acaben?|cierren?|complete|completen|finalice|finalicen)|"
    r"tengan?\s+(?:(?:como\s+)?fecha(?:\s+(?:de\s+entrega|l[ií]mite|de\s+vencimiento|tope))?|vencimiento|plazo))\s+(?=(?:by|to)\s)",
    re.I,
)


def _bulk(s: str, c: _Ctx) -> str:
    """Many tasks at once, in the words the English bulk reader knows: "todas las tareas abiertas de Tom" ->
    "all of Tom's open tasks", "todo lo que vence esta semana" -> "everything due this week", "todas las tareas
    sin asignar de X" -> "every unassigned task in X"."""
    s = re.sub(
        r"\b(?:todo\s+lo\s+que|todas\s+las\s+tareas\s+que)\s+(?:vence|vencen|hay\s+que\s+entregar|se\s+entrega|se\s+entregan)\s+"
        r"(?:by\s+)?(?P<d>this\s+week|today|tomorrow|next\s+week|end\s+of\s+(?:the\s+)?(?:week|month))\b",
        lambda m: f"everything due {m['d']}",
        s,
        flags=re.I,
    )
    s = re.sub(
        r"\b(?:todas\s+las\s+tareas|cada\s+tarea)\s+(?:sin\s+asignar|no\s+asignadas|sin\s+responsable)\s+(?:de|del|en)\s+(?:el\s+canal\s+)?",
        "every unassigned task in ",
        s,
        flags=re.I,
    )

    def owner(m: re.Match[str]) -> str:
        rest = m["rest"]
        n = c.people_at(rest)
        if not n or c.channel_at(rest):
            return m[0]
        who = _english_people(rest[:n])
        return f"all of {who}'s {'open ' if m['open'] else ''}tasks{rest[n:]}"

    return re.sub(
        r"\btodas\s+las\s+tareas\s+(?P<open>abiertas\s+|pendientes\s+|sin\s+terminar\s+)?(?:de|que\s+tiene|asignadas\s+a)\s+(?P<rest>.+)$",
        owner,
        s,
        flags=re.I,
    )


def _dative_task(s: str, c: _Ctx) -> str:
    """ "ponle a Priya una tarea de X", "créale a Tom dos tareas: …" -> "crea una tarea para Priya para X"."""

    def said(m: re.Match[str]) -> str:
        who, n, place = m["who"], c.people_at(m["who"]), ""
        at = re.match(r"\s+en\s+(?:el\s+canal\s+(?:de\s+)?)?(?P<ch>.+)$", who[n:], re.I) if n else None
        if at and c.channel_at(at["ch"]) >= len(at["ch"]):  # "ponle una tarea a David en Q4 Planning de X"
            who, place = who[:n], f" en {at['ch']}"
        elif n < len(who):
            return m[0]
        link = ": " if m["link"] == ":" else " para "
        return f"crea {m['k']}{place} para {who}{link}"

    s = re.sub(
        rf"{_CS}(?:ponle|ponles|pon|créale|creale|créales|crea|hazle|haz|añádele|añadele|añade|agrégale|agregale|apúntale|"
        r"apuntale|métele|metele|mete|dale|encárgale|encargale)\s+a\s+(?P<who>[^,.;:]+?)\s+"
        rf"(?P<k>{_TASKS_COUNTED})\s*(?P<link>:|de\b|para\b|que\s+sea\b)?\s*",
        said,
        s,
        flags=re.I,
    )
    # the person after the tasks, with the "le" said on the verb: "hazle una tarea a Tom para X", "créales dos tareas a Lisa y Mike:"
    return re.sub(
        rf"{_CS}(?:ponle|ponles|créale|creale|créales|hazle|hazles|añádele|añadele|agrégale|agregale|apúntale|apuntale|métele|"
        rf"metele|encárgale|encargale)\s+(?P<k>{_TASKS_COUNTED})\s+a\s+(?P<who>[^,.;:]+?)\s*(?P<link>:|de\b|para\b|que\s+sea\b)\s*",
        said,
        s,
        flags=re.I,
    )


_TASKS_COUNTED = r"(?:una|otra|un|dos|tres|cuatro|cinco|\d+)\s+(?:nuevas?\s+)?(?:sub[\s-]?)?tareas?(?:\s+nuevas?)?"


def _subtasks_of(s: str) -> str:
    """ "X necesita tres subtareas: a, b y c" -> "under X, add three subtasks: a, b and c" (the English reader's words)."""
    m = re.match(
        r"^(?P<t>[^,:;]+?)\s+(?:necesita|lleva|tiene|requiere|va\s+a\s+tener|tendrá|tendra)\s+"
        r"(?P<n>una|dos|tres|cuatro|cinco|seis|\d+)\s+(?:sub[\s-]?tareas?)\s*[:,]\s*(?P<items>.+)$",
        s,
        re.I,
    )
    if not m:
        return s
    n = m["n"].lower()
    count = "a" if n == "una" else _COUNT_WORDS.get(n, n)
    items = re.sub(r"\s+(?:y|e)\s+(?=[^,]+$)", " and ", m["items"])
    return f"under {m['t']}, add {count} subtask{'' if count == 'a' else 's'}: {items}"


def _tasks_inside(s: str) -> str:
    """ "crea un canal X con Elena, y dentro dos tareas: …" -> "…, y crea ahí dos tareas: …"."""
    return re.sub(
        r"(?:\s*[,;.]\s*(?:y\s+|e\s+)?|\s+(?:y|e)\s+)(?:(?:ahí\s+|allí\s+)?a?dentro|en\s+él|ahí|allí)\s*,?\s+(?:crea\s+|añade\s+|pon\s+|arma\s+|haz\s+|mete\s+)?"
        r"(?=(?:una|un|dos|tres|cuatro|cinco|\d+)\s+(?:nuevas?\s+)?(?:sub[\s-]?)?tareas?\b)",
        ", y crea ahí ",
        s,
        flags=re.I,
    )


def _pause_until(s: str) -> str:
    """ "pausa el canal X hasta enero" -> "pause … until January" (the English reader notes when to resume it);
    "hasta que …" (until something happens) and "hasta nuevo aviso" name no date, and are not kept."""

    def until(m: re.Match[str]) -> str:
        d = m["d"].strip()
        if re.match(r"^que\b|^nuevo\s+aviso$", d, re.I):
            return m["v"] + m["end"]
        month = re.fullmatch(rf"(?:(?:el\s+mes\s+de|principios\s+de)\s+)?(?P<mo>{_MONTH})(?:\s+(?:de\s+)?\d{{4}})?", d, re.I)
        if month:
            return f"{m['v']} until {_MONTHS[month['mo'].lower()]}{m['end']}"
        english = re.sub(r"^(?:by|to)\s+", "", _apply(_DATES, d), flags=re.I)
        if english == d:
            return m[0]  # not a date: left as said, and asked about
        return f"{m['v']} until {english}{m['end']}"

    return re.sub(
        r"^(?P<v>(?:pausa|pausar|congela|pon\s+en\s+pausa|paúsal[oa]|pausal[oa]|congélal[oa])\b.*?)\s*,?\s+"
        r"hasta\s+(?P<d>[^,;]+?)(?P<end>[.!;]?)$",
        until,
        s,
        flags=re.I,
    )


def _rename_to(s: str, c: _Ctx) -> str:
    """ "Cámbiale el nombre a X, ahora se llama Y", "cámbiale el nombre al canal X por Y", "X ahora se llama Y"
    -> "rename X to Y" (an "a Y" without an existing X is the glued "it": "cámbiale el nombre a Y" -> "call it Y")."""

    def thing(x: str) -> str:
        return _channel_phrase(x, c) if re.search(r"\bcanal\b", x, re.I) else _task_ref(re.sub(r"^(?:el|la)\s+", "", x, flags=re.I))

    m = re.match(
        r"^(?:cámbiale|cambiale|cámbiales|ponle\s+otro|dale\s+otro)\s+(?:el\s+)?nombre\s+(?:a|al)\s+(?P<x>.+?)"
        r"(?:\s*,\s*(?:y\s+)?(?:que\s+)?(?:ahora\s+)?(?:se\s+llame|se\s+llama|se\s+va\s+a\s+llamar|se\s+llamará|ll[aá]mal[oa]|"
        r"pasa\s+a\s+llamarse|su\s+nombre\s+es|ponle)|\s+(?:por|para\s+que\s+se\s+llame|y\s+ponle))\s+(?P<n>[^,;]+?)[.!]?$",
        s,
        re.I,
    )
    if m:
        return f"rename {thing(m['x'])} to {m['n']}"
    m = re.match(
        r"^(?P<x>[^,;]+?)\s+(?:ahora\s+)?(?:se\s+llama(?:rá)?|pasa\s+a\s+llamarse|se\s+va\s+a\s+llamar|va\s+a\s+llamarse)"
        r"(?:\s+ahora)?\s+(?P<n>[^,;]+?)[.!]?$",
        s,
        re.I,
    )
    if m:
        x = re.sub(r"^(?:el\s+canal|la\s+tarea|el|la)\s+", "", m["x"].strip(), flags=re.I)
        if (c.channel_at(x) >= len(x) or c.task_at(x) >= len(x)) and x:
            return f"rename {thing(m['x'])} to {m['n']}"
    return s


def _topic_then_pronoun(s: str, c: _Ctx) -> str:
    """ "el prepare q4 report ya está, márcalo como hecho": the pronoun of the request is the task said first."""
    m = re.match(
        r"^(?:el\s+|la\s+)?(?P<t>[^,;]+?)\s+ya\s+(?P<is>est[aá]n?|qued[oó])(?P<st>\s+(?:hech|terminad|acabad|list)[oa]s?)?\s*[,.;]\s*"
        r"(?:así\s+que\s+|pues\s+)?(?P<v>m[aá]rcal[oa]s?|ci[eé]rral[oa]s?|compl[eé]tal[oa]s?|p[oó]nl[oa]s?|d[eé]jal[oa]s?)\b(?P<rest>.*)$",
        s,
        re.I,
    )
    if not m or c.task_at(m["t"]) < len(m["t"].rstrip()):
        return s
    if re.fullmatch(r"\s+(?:así|asi|como\s+tal|de\s+esa\s+forma|de\s+ese\s+modo)\s*[.!]?", m["rest"], re.I):
        # "…, márcala así": the state just said ("ya está" alone: done)
        return f"{m['t']} ya {m['is']}{m['st'] or ' hecha'}"
    verb = {"m": "marca", "c": "cierra", "p": "pon", "d": "deja"}[m["v"][0].lower()]
    if m["v"].lower().startswith(("compl", "complé")):
        verb = "completa"
    return f"{verb} {m['t']}{m['rest']}"


def _speech_breaks(s: str, c: _Ctx) -> str:
    """Speech without marks: a command verb that runs on after a name starts a request of its own
    ("… llamado plataforma de datos añade a david y a tom")."""

    def cut(m: re.Match[str]) -> str:
        rest = s[m.end() :]
        who = c.people_at(re.sub(r"^a\s+", "", rest))
        if m["v"].lower() in {"añade", "agrega", "invita", "incluye", "suma", "mete", "asigna"} and rest.lower().startswith("a ") and who:
            return f"{m['prev']}, y {m['v']} "
        if re.match(r"(?:una?|dos|tres|cuatro|cinco)\s+(?:nueva\s+|nuevo\s+)?(?:tarea|canal|sub[\s-]?tarea)", rest, re.I):
            return f"{m['prev']}, y {m['v']} "
        return m[0]

    s = re.sub(
        r"(?P<prev>(?<!\w)(?!(?:y|e|luego|también|primero|después|despues)\b)[\wáéíóúñ]+)\s+(?P<v>añade|agrega|invita|incluye|suma|mete|asigna|crea|arma)\s+",
        cut,
        s,
        flags=re.I,
    )
    # "… a mike luego una tarea de X": a new task said without its verb after "luego" / "después"
    s = re.sub(
        r"(?<=\w)\s*,?\s+(?:y\s+)?(?P<w>luego|después|despues)\s+(?=(?:una|otra|dos|tres|cuatro|cinco)\s+(?:nuevas?\s+)?(?:sub[\s-]?)?tareas?\b)",
        lambda m: f", {m['w']} crea ",
        s,
        flags=re.I,
    )
    # "… y que empaquetar el archivo dependa de buscar X": a relation between tasks, said as a wish
    s = re.sub(
        r"(?<=\w)\s*,?\s+(?:y|e)\s+que\s+(?=\S[^,;]*?\s(?:dependa|bloquee|espere|vaya\s+(?:después|despues|antes))\b)",
        ", y haz que ",
        s,
        flags=re.I,
    )
    # a verb with its pronoun glued on never belongs to a title: "… anual asígnala a Priya …"
    return re.sub(
        r"(?P<prev>(?<!\w)(?!(?:y|e|luego|también)\b)[\wáéíóúñ]+)\s+(?=(?:asígna|asigna|márca|marca|recuérda|recuerda|pása|encárga|"
        r"añáde|agréga|muéve|cámbia|compárte|archíva|ciérra|compléta|cancéla|dá|da|pon|súbe|bája|estíma)(?:sel[oa]s?|l[oa]s?|le|les|me)\b)",
        lambda m: f"{m['prev']}, ",
        s,
        flags=re.I,
    )


# ----- relations between tasks or channels

_LINK_TYPES = {
    "relacionad": "related",
    "relación": "related",
    "paralel": "parallel",
    "secuencial": "sequential",
    "secuencia": "sequential",
    "orden": "sequential",
    "subcanal": "parent-child",
    "hij": "parent-child",
    "padre": "parent-child",
    "jerárquic": "parent-child",
}


_UNKNOWN_LINKS = {
    "colaborativo": "collaborative",
    "colaborativa": "collaborative",
    "colaborativos": "collaborative",
    "colaboración": "collaborative",
    "socios": "partners",
    "socio": "partners",
    "hermanos": "siblings",
    "dependientes": "dependent",
    "dependiente": "dependent",
    "vinculados": "linked",
    "enlazados": "linked",
    "conectados": "linked",
}


def _link_type(word: str | None) -> str | None:
    if not word:
        return None
    w = word.lower()
    for k, v in _LINK_TYPES.items():
        if w.startswith(k) or k in w:
            return v
    return "unknown"


def _channel_phrase(p: str, c: _Ctx) -> str:
    """ "el canal del roadshow" -> "the roadshow channel"; "Q4 Planning" stays."""
    p = p.strip(" ,.")
    m = re.match(r"^(?:el\s+|al\s+|del\s+)?canal\s+(?:de\s+|del\s+|de\s+la\s+)?(?P<n>.+)$", p, re.I)
    if m:
        return f"the {m['n']} channel"
    m = re.match(r"^(?:el|al|del)\s+(?P<n>.+)$", p, re.I)
    return m["n"] if m else p


def _is_channelish(p: str, c: _Ctx) -> bool:
    if re.search(r"\bcanal\b", p, re.I):
        return True
    if c.ctx is None:
        return False
    q = re.sub(r"^(?:el|la|los|las|al|del)\s+", "", p.strip(), flags=re.I)
    best_channel = max((similarity(q, ch.name) for ch in c.ctx.channels), default=0.0)
    best_task = max((similarity(q, t.title) for t in c.ctx.tasks), default=0.0)
    return best_channel >= 80 and best_channel > best_task


_X = r"(?P<x>[^,;]+?)"
_Y = r"(?P<y>[^,;]+?)"
_DONE = r"(?:\s+(?:est[eé]|esté|estén|este)\s+(?:hech[oa]|terminad[oa]|list[oa]|completad[oa]|cerrad[oa])|\s+(?:termine|acabe|se\s+termine|se\s+acabe))?"
# "tiene que ir después de", "debería hacerse después de": a modal before the verb of a relation
_MODAL_ES = (
    r"(?:(?:tiene\s+que|tienen\s+que|debe|deben|debería|deberia|ha\s+de|han\s+de|tendrá\s+que|tendra\s+que|tendría\s+que|"
    r"tendria\s+que|puede|pueden|va\s+a|solo\s+puede|sólo\s+puede)\s+)?"
)
_RELATIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.I), kind)
    for p, kind in (
        # "enlaza A con B como colaborativo", "conecta A al canal B como subcanal"
        (
            rf"^(?:enlaza|vincula|conecta|relaciona|une|asocia)\s+(?:el\s+canal\s+)?{_X}\s+(?:con|a|al|y|e|en)\s+"
            rf"(?:el\s+canal\s+|canal\s+)?{_Y}(?:(?:\s*,?\s*(?:como|de\s+forma|de\s+manera|en|con)\s+|\s*,\s*)(?:un\s+|una\s+)?"
            # ", relación secuencial", "con un vínculo de tipo paralelo", ", tipo padre e hijo": the kind, after its noun
            r"(?:(?:relaci[oó]n|v[ií]nculo|enlace|conexi[oó]n|link)\s+(?=\S+\s*$|de\s+tipo\s)(?:de\s+tipo\s+)?|(?:de\s+)?tipo\s+)?"
            r"(?P<t>[\wáéíóú-]+(?:\s+[\wáéíóú-]+)?))?$",
            "link",
        ),
        # "A y B pueden ir en paralelo", "A y B van a la vez"
        (
            rf"^{_X}\s+(?:y|e)\s+{_Y}\s+(?:(?:pueden|podrían|deben|van\s+a)\s+)?(?:ir|van|hacerse|se\s+pueden\s+hacer|"
            r"se\s+hacen|ejecutarse|correr|corren|avanzar|avanzan|trabajarse|llevarse)?\s*"
            r"(?:en\s+paralelo|a\s+la\s+vez|al\s+mismo\s+tiempo|simultáneamente|simultaneamente|juntas|juntos)"
            r"(?P<link>\s*,?\s*(?:y\s+)?(?:enlázalos|enlázalas|vincúlalos|vincúlalas|conéctalos|conéctalas|"
            r"relaciónalos))?$",
            "parallel",
        ),
        # "A va en paralelo con B"
        (
            rf"^{_X}\s+(?:va|puede\s+ir|corre|se\s+hace|avanza)\s+(?:en\s+paralelo|a\s+la\s+vez|al\s+mismo\s+tiempo)\s+"
            rf"(?:con|que)\s+{_Y}$",
            "parallel",
        ),
        # "A bloquea B"
        (rf"^{_X}\s+(?:bloquea|está\s+bloqueando|frena|impide)\s+(?:a\s+)?{_Y}$", "blocks"),
        # "A está bloqueada por B", "A depende de B", "A espera a B"
        (rf"^{_X}\s+(?:est[aá]\s+bloquead[oa]\s+por|(?:est[aá]\s+)?bloquead[oa]\s+por)\s+{_Y}$", "blocked_by"),
        (rf"^{_X}\s+(?:depende\s+de|necesita|requiere)\s+(?:que\s+)?{_Y}{_DONE}$", "depends_on"),
        (
            rf"^{_X}\s+(?:tiene\s+que|debe|ha\s+de|necesita)\s+esperar\s+(?:a\s+que\s+(?:se\s+termine\s+|termine\s+)?|a\s+|al\s+)?"
            rf"{_Y}{_DONE}$",
            "waits_for",
        ),
        (rf"^{_X}\s+espera\s+(?:a\s+|al\s+)?{_Y}{_DONE}$", "waits_for"),
        # "A no puede empezar hasta que B …", "A solo puede empezar después de B", "A no puede empezar sin B"
        (
            rf"^{_X}\s+(?:no\s+(?:puede|debe|podrá)\s+(?:empezar|arrancar|comenzar|iniciarse|empezarse)\s+(?:hasta\s+que\s+"
            r"(?:se\s+termine\s+|termine\s+|esté\s+list[oa]\s+|esté\s+terminad[oa]\s+)?|hasta\s+(?:el\s+final\s+de\s+)?|sin\s+|antes\s+de\s+(?:que\s+)?)|"
            r"s[oó]lo\s+puede\s+(?:empezar|arrancar|comenzar|ir)\s+(?:después|despues|tras|cuando)\s+(?:de\s+que\s+|de\s+|que\s+)?)"
            rf"(?:(?:que\s+)?(?:el|la|los|las)\s+(?=\S))?{_Y}{_DONE}$",
            "waits_for_x",
        ),
        # "A va después de B", "A sigue a B"
        (
            rf"^{_X}\s+{_MODAL_ES}(?:va|viene|se\s+hace|empieza|sigue|ocurre|ir|venir|hacerse|empezar|empezarse|arrancar|comenzar|"
            rf"ocurrir|seguir)\s+(?:justo\s+)?(?:después|despues|detrás|detras|tras)\s+(?:de\s+|del\s+|que\s+)?{_Y}{_DONE}$",
            "follows",
        ),
        (rf"^{_X}\s+(?:sigue\s+a|sigue\s+al|va\s+tras)\s+{_Y}$", "follows"),
        # "A va antes de B", "A tiene que ir antes que B"
        (
            rf"^{_X}\s+(?:va|viene|se\s+hace|{_MODAL_ES}(?:ir|hacerse|terminarse|estar(?:\s+(?:list|hech|terminad)[oa])?|acabarse|venir))\s+"
            rf"(?:justo\s+)?antes\s+(?:de|del|que)\s+{_Y}$",
            "before",
        ),
        # "A es parte de B", "A es un subcanal de B", "A es hijo de B"
        (
            rf"^{_X}\s+(?:es|será|debe\s+ser|va\s+a\s+ser)\s+(?:parte|un\s+subcanal|subcanal|(?:un\s+)?canal\s+hijo|hij[oa])\s+"
            rf"(?:de|del)\s+{_Y}$",
            "part_of",
        ),
    )
)


def _relations(s: str, c: _Ctx) -> str:
    """Whole-clause relations: the two sides keep their words; the verb between them is rewritten."""
    out = []
    for piece in re.split(rf"(?<=[.;])\s+|(?<=,)\s+(?=(?:y\s+|e\s+)?{_VERB_START})", s, flags=re.I):
        body = piece.rstrip(" ,.;")
        lead = re.match(r"(?:y|e)\s+(?=(?:haz|haced|pon|deja)\s+que\b)", body, re.I)  # "…, y haz que A bloquee B"
        said = _relation(body[lead.end() :] if lead else body, c)  # "A bloquea B, asígnale a Tom C": a relation, then a request
        if lead and said != body[lead.end() :]:
            said = "and " + said
        out.append(piece if said == body else said + piece[len(body) :])
    return " ".join(out)


_LINK_THEM = re.compile(
    r"\s*,?\s*(?:y\s+)?(?:enlázal[oa]s|enlazal[oa]s|vincúlal[oa]s|vinculal[oa]s|conéctal[oa]s|conectal[oa]s|"
    r"relaciónal[oa]s|relacional[oa]s)$",
    re.I,
)
# "haz que A sea parte de B", "haz que A dependa de B": the subjunctive after "haz que" said plainly
_MAKE_THAT = re.compile(r"^(?:haz|haced|pon|deja)\s+que\s+(?P<x>.+?)\s+(?P<v>sea|esté|vaya|vayan|dependa|bloquee|siga|espere|"
                        r"puedan|pueda)\b", re.I)
_INDICATIVE = {"sea": "es", "esté": "está", "vaya": "va", "vayan": "van", "dependa": "depende", "bloquee": "bloquea",
               "siga": "sigue", "espere": "espera", "puedan": "pueden", "pueda": "puede"}
# "primero A y después B": B waits on A (neither side a request of its own)
# "primero hay que hacer A y después B": "hay que", "tenemos que" say what is to be done, not the task
_MUST = r"(?:(?:hay|tenemos|tienes|tiene|tienen|habrá|habra)\s+que|se\s+tiene\s+que|debemos|toca)\s+"
_FIRST_THEN = re.compile(
    rf"^primero\s+(?:{_MUST})?(?P<x>[^,;]+?)\s*,?\s+(?:y\s+)?(?:después|despues|luego|más\s+tarde|y\s+luego)\s+(?:{_MUST})?"
    r"(?P<y>[^,;]+)$",
    re.I,
)


def _relation(s: str, c: _Ctx) -> str:
    body = s.strip().rstrip(".;")
    tail = _LINK_THEM.search(body)
    if tail:
        body = body[: tail.start()]
    said_link = tail is not None
    make = _MAKE_THAT.match(body)
    if make:
        body = f"{make['x']} {_INDICATIVE[make['v'].lower()]}{body[make.end():]}"
    first = _FIRST_THEN.match(body)
    if first and not any(re.match(_VERB_START, p.strip(), re.I) for p in (first["x"], first["y"])):
        body = f"{first['y']} va después de {first['x']}"
    for pattern, kind in _RELATIONS:
        m = pattern.match(body)
        if not m:
            continue
        x, y = m["x"].strip(), m["y"].strip()
        if _TASKS_SAID.match(y):
            return s  # "X necesita tres subtareas …" is not a dependency
        if kind == "link":
            t = _link_type(m["t"])
            if t == "unknown":  # a kind of link the product does not have: said in English, so it is asked about
                kind_said = _UNKNOWN_LINKS.get(m["t"].lower().split()[-1], m["t"])
                return f"link {_channel_phrase(x, c)} to {_channel_phrase(y, c)} as {kind_said}"
            if t == "parent-child":  # "conecta A al canal B como subcanal": B is the parent
                return f"link {_channel_phrase(y, c)} to {_channel_phrase(x, c)} as parent-child"
            return f"link {_channel_phrase(x, c)} to {_channel_phrase(y, c)}" + (f" as {t}" if t else "")
        channels = _is_channelish(x, c) and _is_channelish(y, c)
        if channels or (said_link and kind in {"parallel", "follows", "before", "part_of"}):
            link = {
                "parallel": f"link {x} to {y} as parallel",
                "follows": f"link {y} to {x} as sequential",
                "before": f"link {x} to {y} as sequential",
                "part_of": f"link {y} to {x} as parent-child",
            }.get(kind)
            link = link or {
                "blocks": f"link {x} to {y} as sequential",
                "blocked_by": f"link {y} to {x} as sequential",
                "depends_on": f"link {y} to {x} as sequential",
                "waits_for": f"link {y} to {x} as sequential",
                "waits_for_x": f"link {y} to {x} as sequential",
            }.get(kind)
            if link:
                return _channel_sides(link, x, y, c)
        if kind == "part_of":
            return s  # a task "part of" another is not a relation the plan has
        x, y = _task_side(x), _task_side(y)
        return {
            "parallel": f"{x} and {y} can run in parallel",
            "blocks": f"{x} blocks {y}",
            "blocked_by": f"{x} is blocked by {y}",
            "depends_on": f"{x} depends on {y}",
            "waits_for": f"{x} waits for {y}",
            "waits_for_x": f"{x} can't start until {y}",
            "follows": f"{x} follows {y}",
            "before": f"{x} comes before {y}",
        }[kind]
    return s


def _channel_sides(link: str, x: str, y: str, c: _Ctx) -> str:
    return link.replace(x, _channel_phrase(x, c), 1).replace(y, _channel_phrase(y, c), 1)


def _task_side(p: str) -> str:
    """ "la tarea de diseñar el cartel" -> "diseñar el cartel"; "al cartel" -> "el cartel"."""
    p = re.sub(r"^(?:la\s+tarea\s+(?:de\s+|para\s+)?|la\s+de\s+)", "", p.strip(), flags=re.I)
    p = re.sub(r"^al\s+", "el ", p, flags=re.I)
    p = re.sub(r"^(?:a\s+)(?=(?:el|la|los|las)\b)", "", p, flags=re.I)
    return p


# ----- channels

_NEW_CHANNEL = re.compile(
    rf"{_CS}(?P<v>(?:crea|créa(?:me|nos)|cree|crear|abre|ábre(?:me|nos)|abrir|monta|móntame|montar|genera|haz(?:me)?|"
    r"hacer|inicia|prepara|arma|añade|agrega)\s+(?:(?:un|otro|el)\s+)?|(?:un\s+|otro\s+)?(?=nuevo\s+canal))"
    r"(?:nuevo\s+)?canal\b(?:\s+nuevo\b)?(?P<rest>.*)$",
    re.I | re.S,
)
_SEGMENT_END = re.compile(
    rf"(?:\s*[,;]\s*(?:y\s+|e\s+)?|\s+(?:y|e|luego|y\s+luego|después)\s+)(?=(?:{_IMPERATIVE})\b)", re.I
)


def _channels(s: str, c: _Ctx) -> str:
    m = _NEW_CHANNEL.search(s)
    if m:
        rest = m["rest"]
        end = _SEGMENT_END.search(rest)
        seg, after = (rest[: end.start()], rest[end.start() :]) if end else (rest, "")
        sentence_end = re.search(r"[.!?;]\s*$", seg)
        mark = ""
        if sentence_end:
            mark, seg = seg[sentence_end.start() :].strip(), seg[: sentence_end.start()]
        s = s[: m.start()] + _new_channel(seg, c) + mark + after
    return _channel_refs(s, c)


def _new_channel(seg: str, c: _Ctx) -> str:
    privacy = ""
    category = ""
    members = ""
    description = ""
    name = ""
    rest = " " + seg.strip() + " "
    # adjectives right after "canal": "privado", "de ventas", "de recursos humanos"
    while True:
        a = re.match(rf"^\s*(?:(?P<p>{_PRIV})|(?:de|del|para)\s+(?P<c>{_CAT})|(?P<c2>{_CAT}))(?=[\s,]|$)", rest, re.I)
        if not a:
            break
        if a["p"]:
            privacy = _PRIVACY[a["p"].lower()]
        else:
            category = _CATS[(a["c"] or a["c2"]).lower()]
        rest = " " + rest[a.end() :].lstrip()
    # a category said after the name: "… en Operaciones", "para finanzas", ", categoría ventas,"
    cat = re.search(
        r"(?:\s*,\s*|\s+)(?:(?:en|para|dentro\s+de|bajo|de)\s+(?:la\s+categor[ií]a\s+(?:de\s+)?|el\s+(?:área|area|departamento|equipo)\s+de\s+)?"
        rf"|(?:categor[ií]a|área|area|departamento)\s*:?\s+(?:de\s+)?)(?P<c>{_CAT})(?=\s*(?:[,;]|\s(?:y|e|con|solo|que)\b|$))",
        rest,
        re.I,
    )
    if cat and (cat["c"].lower() not in {"comercial"} or category == ""):
        category = category or _CATS[cat["c"].lower()]
        rest = rest[: cat.start()] + " , " + rest[cat.end() :]
    # privacy said after the name: ", privado", "y que sea privado"
    for p in list(re.finditer(rf"(?:\s*,\s*|\s+)(?:y\s+)?(?:que\s+sea\s+)?(?P<p>{_PRIV})(?=\s*(?:[,;]|\s(?:y|con)\b|$))", rest, re.I)):
        privacy = privacy or _PRIVACY[p["p"].lower()]
    rest = re.sub(rf"(?:\s*,\s*|\s+)(?:y\s+)?(?:que\s+sea\s+)?{_PRIV}(?=\s*(?:[,;]|\s(?:y|con)\b|$))", " , ", rest, flags=re.I)
    # members: "con Lisa y Mike", "solo con Elena", "para Sarah y Mike"
    for w in re.finditer(
        r"(?:\s*,\s*|\s+)(?:(?:y\s+)?(?:solo|solamente|únicamente|sólo)\s+)?(?:con|para|junto\s+a|incluyendo\s+a|y\s+con)\s+", rest, re.I
    ):
        n = c.people_at(rest[w.end() :])
        if n and not rest[w.end() + n :].strip(" ,").lower().startswith(("de ", "del ")):
            said = rest[w.end() : w.end() + n]
            # "con Elena y con Sarah": one list, "con" said again
            while (more := re.match(r"\s*,?\s*(?:y|e)\s+con\s+", rest[w.end() + n :], re.I)) and (
                k := c.people_at(rest[w.end() + n + more.end() :])
            ):
                said += " y " + rest[w.end() + n + more.end() : w.end() + n + more.end() + k]
                n += more.end() + k
            # "… y Sarah nada más", "…, nadie más": the list is whole (as "solo con" says)
            only = re.match(r"\s*,?\s*(?:y\s+)?(?:nada\s+m[aá]s|nadie\s+m[aá]s|nom[aá]s|y\s+ya|solamente|y\s+punto)\b", rest[w.end() + n :], re.I)
            n += only.end() if only else 0
            members = _english_people(said)
            rest = rest[: w.start()] + " , " + rest[w.end() + n :]
            break
    if not members:  # ", solo Elena y Priya" / ", Lisa y Tom": a piece that is only people
        for w in re.finditer(r"\s*,\s*(?:y\s+)?(?:(?:solo|solamente|únicamente|sólo)\s+)?|\s+(?:solo|solamente|únicamente|sólo)\s+", rest, re.I):
            tail = rest[w.end() :]
            n = c.people_at(tail)
            if n and re.match(r"\s*(?:,|$)", tail[n:]):
                members = _english_people(tail[:n])
                rest = rest[: w.start()] + " , " + tail[n:]
                break
    # a description: "sobre la gira de primavera"
    d = re.search(r"(?:\s*,\s*|\s+)(?:sobre|acerca\s+de|para\s+hablar\s+de)\s+(?P<d>.+)$", rest, re.I)
    # the name: "llamado X", "que se llame X", else "para (la) X", else the words after "canal"
    called = re.search(
        r"(?:^|\s)(?:llamad[oa]|que\s+se\s+llame|con\s+(?:el\s+)?nombre(?:\s+de)?|de\s+nombre|nombre:?|titulado)\s+(?P<n>.+)$",
        rest,
        re.I,
    )
    if called:
        name = called["n"]
        before = rest[: called.start()]
        if d and d.start() < called.start():
            description = d["d"][: called.start() - d.start("d")]
            before = rest[: d.start()]
        rest = before
    elif d:
        description = d["d"]
        rest = rest[: d.start()]
    if not name:
        purpose = re.match(r"^\s*(?:para|de)\s+(?P<n>.+)$", rest, re.I)
        if purpose:
            name = re.sub(r"^(?:la|el|los|las|un|una|nuestro|nuestra|nuestros|nuestras)\s+", "", purpose["n"].strip(), flags=re.I)
        elif rest.strip(" ,"):
            name = rest
    elif description == "" and rest.strip(" ,"):
        purpose = re.match(r"^\s*(?:para|de)\s+(?P<n>.+)$", rest, re.I)
        if purpose:
            description = purpose["n"]
    name = re.sub(r"\s*,\s*(?:,\s*)*", ", ", name).strip(" ,")
    name = re.sub(r"\s+(?:y|e)$", "", name).strip(" ,")
    name = re.sub(r"\s*,?\s+(?:o\s+sea|digamos|bueno|eh|este)$", "", name, flags=re.I).strip(" ,")  # "…, o sea, con Elena"
    words = ["create a"]
    if privacy:
        words.append(privacy)
    if category:
        words.append(category)
    words.append("channel")
    if name:
        words.append(f"called {name}")
    if members:
        words.append(f"with {members}")
    if description.strip(" ,"):
        words.append(f"about {description.strip(' ,')}")
    return " ".join(words)


def _channel_refs(s: str, c: _Ctx) -> str:
    """ "al canal Q4 Close" -> "to the Q4 Close channel"; "este canal" -> "this channel"."""
    s = re.sub(r"\b(?:en|a|de)\s+este\s+canal\b", lambda m: {"en": "in", "a": "to", "de": "from"}[m[0].split()[0].lower()] + " this channel", s, flags=re.I)
    s = re.sub(r"\b(?:en|a|de)\s+(?:ese|aquel)\s+canal\b", lambda m: {"en": "in", "a": "to", "de": "from"}[m[0].split()[0].lower()] + " that channel", s, flags=re.I)
    s = re.sub(r"\beste\s+canal\b", "this channel", s, flags=re.I)
    s = re.sub(r"\b(?:ese|aquel)\s+canal\b", "that channel", s, flags=re.I)
    s = re.sub(
        r"\b(?:el\s+)?canal\s+(?:que\s+)?(?:acabo|acabamos)\s+de\s+(?:crear|abrir|hacer)\b", "the channel I just created", s, flags=re.I
    )

    def ref(m: re.Match[str]) -> str:
        prep = {"al": "to", "a": "to", "del": "from", "de": "from", "en": "in", "el": "", "dentro": "in", "con": "with",
                "para": "for"}[
            m["p"].split()[0].lower()
        ]
        rest = m["n"]
        n = c.channel_at(rest)
        if not n:
            stop = re.search(
                r"\s*(?:[,;.:!?]|\s(?:y|e|a|al|con|para|que|como|en|hasta|by|to|until|urgent)\b)", rest, re.I
            )
            n = stop.start() if stop else len(rest)
        name, tail = rest[:n], rest[n:]
        if not name.strip():
            return m[0]
        return (f"{prep} " if prep else "") + f"the {name.strip()} channel" + tail

    return re.sub(
        r"\b(?P<p>al|a\s+el|del|de\s+el|en\s+el|dentro\s+del|con\s+el|para\s+el|el)\s+canal\s+(?:de\s+(?:la\s+|los\s+)?|del\s+)?(?P<n>.+)$",
        ref,
        s,
        flags=re.I,
    )


# ----- tasks

_NEW_TASK = re.compile(
    rf"{_CS}(?P<v>(?:crea|créa(?:me|nos)|cree|crear|abre|abrir|haz(?:me)?|hacer|añade|añádeme|añadir|agrega|agregar|"
    r"pon|ponme|poner|mete|apunta|apúnta(?:me|nos)|anota|anóta(?:me|nos)|genera|monta|arma|añádele|agrégale|créale|ponle|hazle|métele|apúntale)\s+)?(?P<here>(?:aquí|aqui|acá|ahí|ahi|allí|alli)\s+)?"
    r"(?:(?P<n>una|un|1|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|\d+|otra|nueva)\s+)?(?:nuevas?\s+)?"
    r"(?P<k>sub[\s-]?tareas?|tareas?)\b(?:\s+nuevas?\b)?"
    r"(?P<adj>\s+(?:urgente|importante|prioritaria|high\s+priority|low\s+priority|urgent))?"
    r"(?P<here2>\s+(?:aquí|aqui|acá|en\s+este\s+canal))?",
    re.I,
)


# "crea la tarea X …, y la tarea Y para Tom": the article of a task being made, and the next one of the list
_CREATE_THE_TASK = re.compile(rf"{_CS}(?P<v>crea|créa(?:me|nos)|cree|crear)\s+la\s+(?=(?:sub[\s-]?)?tarea\b)", re.I)
_AND_THE_TASK = re.compile(r"(?:\s*,\s*|\s+)(?:y|e)\s+(?:la|otra)\s+(?=(?:sub[\s-]?)?tarea\b)", re.I)
# "una tarea de X para Tom y otra de Y para Mike": "otra" is another new task
_AND_ANOTHER = re.compile(r"(?P<a>\b(?:una|otra)\s+(?:sub[\s-]?)?tarea\s+[^;]+?(?:\s*,\s*|\s+))(?:y|e)\s+otra\s+(?=(?:de|para)\s)", re.I)


def _the_new_task(s: str) -> str:
    """ "crea la tarea X" -> "crea una tarea X"; after it, "y la tarea Y" -> "y crea una tarea Y" (a second new task)."""
    while (another := _AND_ANOTHER.search(s)) is not None:
        s = s[: another.end("a")] + "y crea otra tarea " + s[another.end() :]
    m = _CREATE_THE_TASK.search(s)
    if not m:
        return s
    s = s[: m.start()] + f"{m['v']} una " + s[m.end() :]
    return s[: m.start()] + _AND_THE_TASK.sub(" y crea una ", s[m.start() :])


def _tasks(s: str, c: _Ctx) -> str:
    def new(m: re.Match[str]) -> str:
        verb = m["v"]
        n = (m["n"] or "").lower()
        kind = m["k"].lower().replace(" ", "").replace("-", "")
        if not verb and not n and not m["here"] and not m["here2"]:
            if not re.match(r"^nuevas?\s", m[0].strip(), re.I) and m.start() > 0:
                return m[0]  # "la tarea X" is a task that exists, not a new one
        sub = "sub" if kind.startswith("sub") else ""
        plural = kind.endswith("s")
        count = "a" if not plural else _COUNT_WORDS.get(n, n if n.isdigit() else "")
        adj = (m["adj"] or "").strip().lower()
        adj_en = {"urgente": "urgent", "importante": "important", "prioritaria": "high priority"}.get(adj, adj)
        noun = f"{sub}task" + ("s" if plural else "")
        head = "create " if (verb or not m.start()) else ""
        if verb and verb.lower().startswith(("añad", "agreg", "pon", "mete", "apunta", "anota", "apúnta", "anóta")) and not sub:
            head = "add "
        words = [head + (count + " " if count else "") + (adj_en + " " if adj_en else "") + noun]
        if m["here"] or m["here2"]:
            said = (m["here"] or m["here2"]).strip().lower()
            words.append("there" if said in {"ahí", "ahi", "allí", "alli"} else "here")
        return " ".join(words)

    s = _NEW_TASK.sub(new, _the_new_task(s))
    # "…, ambas para el viernes", "… y todas urgentes": said of every task of the list
    s = re.sub(
        r"(?:,\s*|\s+(?:y|e)\s+)(?:ambas|ambos|las\s+dos|los\s+dos|las\s+tres|todas|todos|cada\s+una)\s+"
        r"(?=(?:by|to|in|urgent|high\s+priority|low\s+priority|medium\s+priority|para|de\s+prioridad|con)\b)",
        ", all ",
        s,
        flags=re.I,
    )

    def place(m: re.Match[str]) -> str:
        rest = m["rest"]
        n = c.channel_at(rest)
        if not n and c.ctx is None:
            cap = re.match(r"^(?:[A-ZÁÉÍÓÚ0-9][\w'-]*\s?)+", rest)
            n = len(cap[0].rstrip()) if cap else 0
        if not n:
            return m[0]
        return f"{m['t']} in the {rest[:n]} channel{rest[n:]}"

    # "dos tareas en Roadshow: …", "una tarea dentro de Q4 Close para …"
    s = re.sub(r"\b(?P<t>(?:sub)?tasks?)\s+(?:en|dentro\s+de)\s+(?P<rest>.+)$", place, s, flags=re.I)
    s = re.sub(
        r"\b(?P<t>(?:sub)?tasks?)\s+(?:a|al|para|para\s+el\s+canal)\s+(?P<rest>.+)$",
        lambda m: place(m) if c.channel_at(m["rest"]) else m[0],
        s,
        flags=re.I,
    )
    # what follows a new task's noun: "para P para X" / "para que P …" / "para X" / "de X" / "llamada X" / ":"
    # (from the last task back: "una tarea de X para Tom y otra de Y para Mike" has two)
    body = re.compile(
        r"\b(?P<t>(?:sub)?tasks?(?:\s+here|\s+there|\s+in\s+(?:this|that|the\s+[^,.;]+?)\s+channel)?)\s+(?:para|de)\s+(?P<rest>.+)$",
        re.I,
    )
    # a subtask's parent said after the noun, then who does it and the title: "una subtarea de X para P: Y" ->
    # "under X, create a subtask for P to Y" (X an existing task said whole; a title after a mark or "para")
    def parent_then_title(m: re.Match[str]) -> str:
        rest, who_unknown = m["rest"], False
        n = c.task_at(rest)
        if not n or c.people_at(rest[:n]):
            return m[0]
        after = rest[n:]
        who = re.match(r"\s+para\s+(?P<p>.+)$", after, re.I)
        k = c.people_at(who["p"]) if who else 0
        people = _english_people(who["p"][:k]) if who and k else ""
        if people:
            after = who["p"][k:]  # type: ignore[index]
        elif who and (named := _unknown_doer(who["p"], c)):
            people, after, who_unknown = named["p"], ": " + named["title"], True  # someone not known: refused by name
        link = re.match(r"\s*(?::|,)\s*|\s+(?:para|que\s+sea|llamada|con\s+el\s+t[ií]tulo)\s+", after, re.I)
        if not link or not after[link.end():].strip():
            return m[0]
        who_said = (" assigned to " if who_unknown else " for ") + people if people else ""
        return f"under {rest[:n]}, {m['v']} a subtask{m['w'] or ''}{who_said} to {after[link.end():].strip()}"

    s = re.sub(
        r"\b(?P<v>create|add)\s+a\s+subtask(?P<w>\s+(?:here|there))?\s+(?:de|a|en|dentro\s+de|bajo|debajo\s+de)\s+"
        r"(?:la\s+tarea\s+)?(?P<rest>.+)$",
        parent_then_title,
        s,
        flags=re.I,
    )
    for at in reversed([t.start() for t in re.finditer(r"\b(?:sub)?tasks?\b", s, re.I)]):
        if said := body.match(s, at):
            s = s[:at] + _task_body(said, c)
    s = re.sub(
        r"\b(?P<t>(?:sub)?tasks?(?:\s+here)?)\s+(?:llamad[ao]s?|que\s+se\s+llame|titulad[ao]|con\s+el\s+t[ií]tulo)\s+",
        lambda m: f"{m['t']} called ",
        s,
        flags=re.I,
    )
    s = re.sub(
        r"\b(?P<t>(?:sub)?tasks?(?:\s+here)?)\s+que\s+sea\s+", lambda m: f"{m['t']} to ", s, flags=re.I
    )
    # "… y que la haga Lisa", "… y que se encargue Tom": the assignee
    def doer(m: re.Match[str]) -> str:
        n = c.people_at(m["who"])
        return f" assigned to {_english_people(m['who'][:n])}{m['who'][n:]}" if n else m[0]

    s = re.sub(
        r"\s*,?\s+(?:y\s+)?que\s+(?:(?:la|lo|las|los)\s+(?:haga|hagan|lleve|lleven|coja|tome)|se\s+(?:encargue|ocupe|encarguen|ocupen)"
        r"(?:\s+de\s+(?:ella|ello|eso|esto))?)\s+(?P<who>.+)$",
        doer,
        s,
        flags=re.I,
    )
    # "tres tareas para el viernes pedir presupuesto, comparar ofertas y firmar": what is said of all of them
    # comes before a colon, so the first item does not keep it
    def shared(m: re.Match[str]) -> str:
        rest = m["rest"]
        spans = find_dates(rest, _ANY_NOW)
        if not spans or not re.fullmatch(r"\s*(?:by|on|due)?\s*", rest[: spans[0].start]):
            return m[0]
        after = rest[spans[0].end :]
        if not re.match(rf"\s+(?:and\s+|y\s+)?{_L}+(?:ar|er|ir)\b", after, re.I):
            return m[0]
        return f"{m['head']}{rest[: spans[0].end]}:{after}"

    s = re.sub(
        r"(?P<head>\b(?:two|three|four|five|six|\d)\s+(?:sub)?tasks)(?P<rest>\s+(?:by|on|due)\s+[^:]+)$", shared, s, flags=re.I
    )
    # "tres tareas redactar el contrato revisar el contrato y firmar el contrato": items without marks
    s = re.sub(
        r"\b(?P<n>two|three|four|five|six|\d)\s+(?P<k>(?:sub)?tasks)(?P<colon>\s*:)?\s+"
        r"(?!(?:in|here|for|by|to|due|called|named|with|and|urgent|high|low)\b)(?P<items>[^:.;]+)$",
        lambda m: f"{m['n']} {m['k']}: " + _list_items(m["items"], m["n"])
        if m["colon"] or _list_items(m["items"], m["n"]) != m["items"]
        else m[0],
        s,
        flags=re.I,
    )
    # a subtask's parent named after the noun: "una subtarea a/de/dentro de X para Y" -> "under X, … a subtask to Y"
    def parent(m: re.Match[str]) -> str:
        rest = m["rest"]
        n = c.task_at(rest)
        if not n:
            return m[0]
        title = re.sub(r"^\s*(?:[:,]\s*|(?:para|que\s+sea|de|con\s+el\s+t[ií]tulo|llamada)\s+)", "", rest[n:])
        if not title.strip():
            return m[0]
        return f"under {rest[:n]}, {m['v']} a subtask to {title.strip()}"

    s = re.sub(
        r"\b(?P<v>create|add)\s+a\s+subtask\s+(?:a|de|en|para|dentro\s+de|bajo|debajo\s+de)\s+(?:la\s+tarea\s+)?(?P<rest>.+)$",
        parent,
        s,
        flags=re.I,
    )
    # a subtask's parent: "bajo X", "debajo de X", "dentro de la tarea X"
    s = re.sub(r"(?:^|(?<=[,.;]\s))(?:bajo|debajo\s+de|dentro\s+de\s+la\s+tarea)\s+", "under ", s, flags=re.I)
    s = re.sub(r"\b(?P<k>subtask)\s+(?:de|para)\s+la\s+tarea\s+", lambda m: f"{m['k']} of ", s, flags=re.I)
    return _new_task_relation(s)


# "… una tarea para X que dependa de Y", "…, que vaya después de Y": the new task's relation, said after its title
_TASK_THEN_RELATION = re.compile(
    r"\s*,?\s+(?:y\s+)?que\s+(?:(?P<dep>dependa|depende|espere|est[eé]\s+bloquead[oa]\s+por)|(?P<blk>bloquee)|"
    r"(?P<fol>vaya|venga|se\s+haga|empiece|arranque)\s+(?:justo\s+)?(?:después|despues|tras|detrás|detras))"
    r"\s+(?:(?:de|a)\s+(?!(?:el|la|los|las)\b)|(?:de|a)\s+(?=(?:el|la|los|las)\b)|(?P<art>al|del)\s+)?",
    re.I,
)
_RELATION_SAID = {"dep": "depend on", "blk": "block", "fol": "follow"}


def _new_task_relation(s: str) -> str:
    """ "create a task to X que dependa de Y" -> "create a task to X, make it depend on Y" (the English reader's words)."""

    def said(m: re.Match[str]) -> str:
        if not re.search(r"\b(?:create|add)\s+(?:a|an|one)\s+(?:\w+\s+)?(?:sub)?task\b", s[: m.start()], re.I):
            return m[0]
        kind = next(k for k in _RELATION_SAID if m[k])
        that = _THAT_TASK.match(s, m.end())
        if that and not m["art"]:
            # "… y otra de Y que vaya después de esa": the new task said before this one (its title is put in by
            # `_earlier_task` once every word is English)
            return f", make it {_RELATION_SAID[kind]} " + ("\x01first\x01" if that["w"].lower().endswith("primera") else "\x01prev\x01")
        return f", make it {_RELATION_SAID[kind]} " + ("el " if m["art"] else "")

    s = _TASK_THEN_RELATION.sub(said, s)
    return re.sub("(\x01(?:first|prev)\x01)" + _THAT_TASK.pattern, r"\1", s, flags=re.I)


def _earlier_task(s: str) -> str:
    """ "create a task to A … and create a task to B, make it follow <prev>" -> "… make it follow A" (by A's title); when
    no earlier new task is said, the relation is left without its other side, to be asked about."""

    def title(m: re.Match[str]) -> str:
        titles = [t["t"] for t in _NEW_TITLE.finditer(s[: m.start()])]
        if len(titles) < 2:
            return ""
        return titles[0] if m[1] == "first" else titles[-2]

    return re.sub("\x01(first|prev)\x01", title, s)


# the task said just before, by a pronoun: "esa", "la anterior", "la primera"
_THAT_TASK = re.compile(r"(?P<w>[eé]sa|[eé]sta|aquella|la\s+anterior|la\s+otra|la\s+primera)(?=\s*(?:[,.;]|$))", re.I)
# a new task's title in the English words: what follows "create a task to" up to its first detail
_NEW_TITLE = re.compile(
    r"\b(?:create|add)\s+(?:a|an|one)\s+(?:\w+\s+)?(?:sub)?task\s+(?:(?:here|there)\s+)?(?:to|called)\s+"
    r"(?P<t>.+?)(?=\s+(?:assigned\s+to|for|by|due|with|in\s+the|on|urgent|high|low|medium|estimated|and)\b|\s*[,.;:]|$)",
    re.I,
)


_NAME_THEN_TITLE = re.compile(
    rf"^(?P<p>{_L}[\w'-]*(?:\s+{_L}[\w'-]*)?)(?:\s*(?P<colon>:)\s*|\s+(?={_L}+(?:ar|er|ir)\b))(?P<title>\S.*)$"
)


def _unknown_doer(rest: str, c: _Ctx) -> re.Match[str] | None:
    """ "Roberto: revisar X", "Roberto revisar X" after "una tarea para": a name no one in the organisation has, said
    where the doer goes (before a colon or the title's infinitive; without a colon, written with a capital)."""
    m = _NAME_THEN_TITLE.match(rest)
    if not m or c.ctx is None or c.channel_at(m["p"]) or c.task_at(m["p"]):
        return None
    words = m["p"].split()
    if any(re.search(r"(?:ar|er|ir)$", w, re.I) or w.lower() in _ARTICLES or w.lower() in _NOT_PEOPLE for w in words):
        return None
    if not m["colon"] and not all(w[:1].isupper() for w in words):
        return None
    return m


def _task_body(m: re.Match[str], c: _Ctx) -> str:
    t, rest = m["t"], m["rest"]
    n = c.people_at(rest)
    if n and not rest[n:].strip(" .;"):
        return f"{t} for {_english_people(rest[:n])}"  # "haz una tarea para Tom": no title said (asked)
    if n and re.match(r"^\s*:", rest[n:]) and re.search(r"tasks\b", t):
        return f"{t} for {_english_people(rest[:n])}{rest[n:]}"  # "dos tareas para Lisa: a y b"
    if n:
        after = rest[n:]
        # "para Elena hacer las entrevistas": the title's infinitive right after the person
        link = re.match(rf"^\s*(?:,?\s*(?:para|de|que)\s+|[:,]\s*|(?={_L}+(?:ar|er|ir)\b))", after, re.I)
        if link:  # "una tarea para Tom para revisar X" -> "a task for Tom to revisar X"
            return f"{t} for {_english_people(rest[:n])} to {after[link.end():]}"
    named = _unknown_doer(rest, c)
    if named:  # "una tarea para Roberto: X" with no Roberto known: refused by name, never a title word
        return f"{t} assigned to {named['p']} to {named['title']}"
    who = re.match(r"^que\s+(?P<rest>.+)$", rest, re.I)
    if who:  # "una tarea para que Lisa revise el logo" -> "a task for Lisa to revise el logo"
        k = c.people_at(who["rest"])
        if k:
            return f"{t} for {_english_people(who['rest'][:k])} to {who['rest'][k:].strip()}"
    return f"{t} to {rest}"


_ARTICLES = {"el", "la", "los", "las", "un", "una", "unos", "unas", "de", "del", "al", "a", "para", "por", "sin", "y", "e", "que", "lo", "su", "sus", "mi", "mis", "tu", "o", "en", "con"}


def _list_items(items: str, count_word: str) -> str:
    """Items said without marks: cut before each infinitive that follows a word other than an article or
    preposition ("redactar el contrato revisar el contrato" -> two items), when that gives the count."""
    counts = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
    n = counts.get(count_word.lower(), int(count_word) if count_word.isdigit() else 0)
    marked = [p for p in re.split(r"\s*,\s*|\s+(?:y|and)\s+", items) if p.strip()]
    if len(marked) == n or not n:
        return items
    words = items.split()
    out: list[list[str]] = [[]]
    for i, w in enumerate(words):
        prev = words[i - 1].lower().strip(",") if i else ""
        if (
            i
            and re.fullmatch(rf"{_L}+(?:ar|er|ir)", w, re.I)
            and (prev not in _ARTICLES or prev in {"y", "e"})
            and not prev.endswith(",")
        ):
            out.append([])
        out[-1].append(w)
    pieces = [" ".join(p).strip(" ,") for p in out]
    pieces = [re.sub(r"^(?:y|and)\s+|\s+(?:y|and)$", "", p) for p in pieces if p]
    if len(pieces) == n:
        return ", ".join(pieces)
    return items


# ----- verbs where a request starts


def _verb(pattern: str, repl: _Repl) -> tuple[re.Pattern[str], _Repl]:
    return re.compile(_CS + pattern, re.I), repl


def _assign(m: re.Match[str], c: _Ctx) -> str:
    """ "asigna X a Lisa", "asigna a Lisa X", "dale a Sara X" -> "assign X to Lisa"."""
    rest = m["rest"]
    first = re.match(r"^(?:también\s+)?a\s+", rest, re.I)
    if first:
        n = c.people_at(rest[first.end() :])
        if n:
            who = rest[first.end() : first.end() + n]
            thing = re.sub(r"^también\s+", "", rest[first.end() + n :].strip(), flags=re.I)  # "pásale a Tom también X"
            more = re.search(rf"\s+(?:y|e)\s+(?={_VERB_START})", thing, re.I)  # "… y ponle prioridad alta"
            after = f" and {thing[more.end():]}" if more else ""
            thing = thing[: more.start()] if more else thing
            if thing:
                return f"assign {_task_ref(thing)} to {_english_people(who)}{after}"
            return f"assign it to {_english_people(who)}"
    # "X a Lisa (y a Sarah)": the first " a <people>" that the people end (or a date after them)
    for a in re.finditer(r"\s+a\s+", rest):
        tail = rest[a.end() :]
        n = c.people_at(tail)
        if n and re.match(rf"\s*(?:$|,|by\b|to\b|in\b|and\s+(?!\w+\s+a\s)|(?:y|e)\s+{_VERB_START})", tail[n:], re.I):
            after = tail[n:]
            return f"assign {_task_ref(rest[: a.start()])} to {_english_people(tail[:n])}{after}"
    # "asígnale Hire a designer a Carlos": a known task, then a name no one here has (the English reader says who is unknown)
    for a in re.finditer(r"\s+a\s+", rest):
        thing = re.sub(r"^(?:la\s+tarea\s+|la\s+|el\s+)", "", rest[: a.start()].strip(), flags=re.I)
        who = re.fullmatch(r"[A-ZÁÉÍÓÚÑ][\w'-]*(?:\s+[A-ZÁÉÍÓÚÑ][\w'-]*)?", rest[a.end() :].strip())
        if who and thing and c.task_at(thing) >= len(thing) and not c.task_at(rest[a.end() :].strip()):
            return f"assign {_task_ref(rest[: a.start()])} to {who[0]}"
    return m[0]


def _assign_list(m: re.Match[str], c: _Ctx) -> str:
    """ "asígnale a Lisa el press release, el logo review y el photo shoot" -> "assign the three to Lisa", said the
    English way ("assign press release, logo review and photo shoot to Lisa"): only when every item is a known task."""
    rest = m["rest"]
    n = c.people_at(rest)
    if not n:
        return m[0]
    items: list[str] = []
    end = n
    for piece in re.finditer(r"\s*(?P<sep>,\s*(?:y\s+|e\s+)?|(?:y|e)\s+|)(?P<t>[^,]+?)(?=\s*,|\s+(?:y|e)\s|\s*$)", rest[n:]):
        if items and not piece["sep"].strip():
            break
        task = re.sub(r"^(?:el|la|los|las)\s+", "", piece["t"].strip(), flags=re.I)
        if not task or c.task_at(task) < len(task):
            break
        items.append(task)
        end = n + piece.end()
    if len(items) < 2:
        return m[0]
    said = ", ".join(items[:-1]) + " and " + items[-1]
    return f"assign {said} to {_english_people(rest[:n])}{rest[end:]}"


# a place said before the thing or people it is about (after `_channel_refs`: "in that channel", "to the X channel")
_PLACE_SAID = (
    r"(?:in|to)\s+(?:this|that)\s+channel|(?:in|to)\s+the\s+[^,.;]+?\s+channel|"
    r"(?:en\s+|a\s+)?(?:aquí|aqui|acá|aca|ahí|ahi|allí|alli)|(?:en|a|al)\s+[A-ZÁÉÍÓÚ0-9][^,.;]*?"
)


def _place_english(p: str) -> str:
    """ "in that channel" -> "to that channel", "ahí" -> "there", "en Roadshow" -> "to Roadshow"."""
    p = re.sub(r"^(?:en|a|al)\s+", "", p.strip(), flags=re.I)
    if re.fullmatch(r"aquí|aqui|acá|aca", p, re.I):
        return "here"
    if re.fullmatch(r"ahí|ahi|allí|alli", p, re.I):
        return "there"
    return re.sub(r"^(?:in|to)\s+", "to ", p) if p.endswith("channel") else f"to {p}"


def _share_place_first(m: re.Match[str], c: _Ctx) -> str:
    """ "comparte ahí las Brand Guidelines" -> "share Brand Guidelines there" (only a document of the organisation)."""
    # "el Pitch Deck y las Brand Guidelines": each document, when every one of them is known
    things = [x for x in re.split(r"\s*,\s*(?:y\s+|e\s+)?|\s+(?:y|e)\s+", m["x"].strip()) if x]
    if not things or not all(c.resource(x) for x in things):
        return m[0]
    said = " and ".join(re.sub(r"^(?:el|la|los|las)\s+", "", x, flags=re.I) for x in things)
    return f"share {said} {re.sub(r'^to ', 'with ', _place_english(m['p']))}"


def _add_place_first(m: re.Match[str], c: _Ctx) -> str:
    """ "mete en ese canal a Lisa y a Sarah" -> "add Lisa and Sarah to that channel" (only people, only a known place)."""
    place, rest = m["p"], m["rest"]
    name = re.sub(r"^(?:en|a|al)\s+", "", place, flags=re.I)
    if not place.endswith("channel") and _place_english(place) not in {"here", "there"} and c.channel_at(name) < len(name):
        return m[0]
    n = c.people_at(rest)
    if not n:
        return m[0]
    return f"add {_english_people(rest[:n])} {_place_english(place)}{rest[n:]}"


def _take_from(m: re.Match[str], c: _Ctx) -> str:
    """ "quítale esa tarea a Tom" / "quítale a Tom esa tarea" / "quítasela a Tom" -> "remove Tom from that task"."""
    rest, glued = m["rest"].strip(), _it(m["v"]) if "sel" in m["v"].lower() else ""
    if re.match(r"^(?:la\s+)?(?:fecha|prioridad|plazo|nombre|descripci[oó]n|estimaci[oó]n)\b", rest, re.I):
        return m[0]  # "quítale la fecha a X": not a person taken off a task
    first = re.match(r"^a\s+", rest, re.I)
    if first and (n := c.people_at(rest[first.end() :])):
        who, thing = rest[first.end() : first.end() + n], rest[first.end() + n :].strip()
    else:
        # "sácale X a Lisa que no llega con los tiempos": the reason after the person is not part of the request
        def reason(r: re.Match[str]) -> str:
            who = r["x"][r["x"].rfind(" a ") + 3 :]
            if c.people_at(who) < len(who) or any(c.people_at(w, strict=True) for w in r["why"].split()):
                return r[0]  # "… a Lisa que se la lleve Tom" names someone else: not a reason
            return r["x"]

        rest = re.sub(r"^(?P<x>.+?\s+a\s+[^,;]+?)\s*,?\s+(?:que|porque|ya\s+que|pues)\s+(?P<why>[^,;]+)$", reason, rest, flags=re.I)
        at = [a for a in re.finditer(r"(?:^|\s+)a\s+", rest) if c.people_at(rest[a.end() :]) >= len(rest[a.end() :].rstrip())]
        if not at:
            return m[0]
        who, thing = rest[at[0].end() :], rest[: at[0].start()].strip()
    thing = thing or glued or "it"
    return f"remove {_english_people(who)} from {_task_ref(thing)}"


# "X ya no es de Lisa, ahora que la lleve Sara": the task changes hands
_NO_LONGER = (
    r"ya\s+no\s+(?:es\s+(?:de|del|para)|(?:la|lo)\s+(?:lleva|hace|tiene)|est[aá]\s+asignad[oa]\s+a|le\s+toca\s+a|"
    r"se\s+encarga|la\s+lleva)\s+"
)
_NOW_HAS = (
    r"(?:,\s*|\s+)(?:y\s+)?(?:ahora\s+|mejor\s+)?(?:que\s+(?:la|lo)\s+(?:lleve|haga|coja|tome)|que\s+se\s+(?:encargue|ocupe)|"
    r"que\s+sea\s+(?:de|para)|(?:es|será)\s+(?:de|para)|(?:la|lo)\s+(?:lleva|hace|llevará|hará)|se\s+(?:la|lo)\s+queda|"
    r"le\s+toca\s+a|se\s+encarga|pasa\s+a|va\s+para|(?:p[aá]sasel[oa]|d[aá]sel[oa]|as[ií]gnasel[oa]|enc[aá]rgasel[oa])\s+a)\s+"
)
# "Lisa ya no lleva X": the person first
_NO_LONGER_HAS = r"ya\s+no\s+(?:lleva|hace|tiene|lleva\s+la\s+tarea(?:\s+de)?|se\s+encarga\s+de|se\s+ocupa\s+de|est[aá]\s+(?:en|con))\s+"


# "pásale X a Elena, que Priya ya no la lleva": the one who had it said as the reason
_GIVE = r"(?:pásale|pasale|pasa|pásasel[oa]|asígnale|asignale|asigna|asígnasel[oa]|dale|da|dásel[oa]|encárgale|encarga)"
_GIVE_BECAUSE = re.compile(
    rf"^{_GIVE}\s+(?P<t>[^,;]+?)\s+a\s+(?P<b>[^,;]+?)\s*,?\s+(?:que|porque|ya\s+que|pues)\s+(?P<a>[^,;]+?)\s+"
    r"ya\s+no\s+(?:(?:la|lo)\s+(?:lleva|hace|tiene|puede\s+llevar|puede\s+hacer)|puede|est[aá]|llega)\b[^,;]*?\s*(?P<end>[.;].*)?$",
    re.I,
)


def _changes_hands(s: str, c: _Ctx) -> str:
    give = _GIVE_BECAUSE.match(s)
    if give and c.people_at(give["a"]) >= len(give["a"]):
        said = f"{give['t']} a {give['b']}"
        for a in re.finditer(r"\s+a\s+", said):  # "dale hire a designer a Tom": the " a " the people follow
            who = said[a.end() :]
            if c.people_at(who) >= len(who):
                task = _task_ref(said[: a.start()])
                return f"reassign {task} from {_english_people(give['a'])} to {_english_people(who)}{give['end'] or ''}"
    first = re.match(rf"^(?P<a>[^,;]+?)\s+{_NO_LONGER_HAS}(?P<t>[^,.;]+?)(?=\s*(?:[,.;]|{_NOW_HAS}|$))", s, re.I)
    if first and c.people_at(first["a"]) >= len(first["a"]) and not c.people_at(first["t"]):
        s = f"{first['t']} ya no es de {first['a']}{s[first.end():]}"  # "Lisa ya no lleva X" -> "X ya no es de Lisa"
    m = re.match(rf"^(?P<t>[^,;]+?)\s+{_NO_LONGER}(?P<a>[^,.;]+?)(?P<rest>{_NOW_HAS}(?P<b>[^,.;]+?))?\s*(?P<end>[,.;].*)?$", s, re.I)
    if not m or c.people_at(m["a"]) < len(m["a"]):
        return s
    task = _task_side(m["t"])
    if m["b"] is not None and c.people_at(m["b"]) >= len(m["b"]):
        return f"reassign {_task_ref(task)} from {_english_people(m['a'])} to {_english_people(m['b'])}{m['end'] or ''}"
    if m["b"] is not None:
        return s
    return f"remove {_english_people(m['a'])} from {_task_ref(task)}{m['end'] or ''}"


def _add(m: re.Match[str], c: _Ctx) -> str:
    """ "añade a Tom y Mike a Brand Refresh" -> "add Tom and Mike to Brand Refresh"."""
    rest = m["rest"]
    group = re.match(r"^(?P<g>everyone\s+in\s+.+?)\s+(?:a|al)\s+(?P<to>.+)$", rest, re.I)
    if group:  # "añade a todos los de este canal a Lanzamiento"
        return f"add {group['g']} to {group['to']}"
    return "add " + _added(rest, c)


# the role someone joins a channel with: "como manager (del canal)", "como dueña", "como miembro normal"
_ROLES_ES = {"manager": "manager", "mánager": "manager", "gerente": "manager", "administrador": "manager",
             "administradora": "manager", "admin": "manager", "dueño": "owner", "dueña": "owner", "propietario": "owner",
             "propietaria": "owner", "owner": "owner", "miembro": "member", "integrante": "member", "member": "member"}
_ROLE_SAID = re.compile(
    rf"^(?P<place>\s+(?:a|al|a\s+la|en|en\s+la)\s+(?:(?!\s+como\s).)+?)?\s+como\s+(?:un[oa]?\s+)?(?P<r>{'|'.join(_ROLES_ES)})"
    r"(?:\s+(?:normal|regular|común|comun|raso|rasa|más|mas))?(?:\s+(?:del|de\s+este|de\s+ese)\s+canal)?(?=\s|[,.;:]|$)(?P<rest>.*)$",
    re.I | re.S,
)


def _added(rest: str, c: _Ctx) -> str:
    """ "Tom y Mike a Brand Refresh" -> "Tom and Mike to Brand Refresh"; "a priya como dueña y a tom como miembro normal"
    -> "priya as an owner and add tom as a member" (each with the role said after them)."""
    n = c.people_at(rest)
    if not n:
        return rest
    who = _english_people(rest[:n])
    role = _ROLE_SAID.match(rest[n:])
    if role:
        place = re.sub(r"^\s*(?:a|al|a\s+la|en|en\s+la)\s+(?!the\b|this\b|that\b)", " to ", role["place"] or "", flags=re.I)
        said = _ROLES_ES[role["r"].lower()]
        out = f"{who}{place} as {'an' if said == 'owner' else 'a'} {said}"
        more = re.match(r"^\s*,?\s+(?:y|e)\s+(?:a\s+)?(?P<x>.+)$", role["rest"], re.I | re.S)
        if more and c.people_at(more["x"]) and _ROLE_SAID.match(more["x"][c.people_at(more["x"]) :]):
            return f"{out} and add {_added(more['x'], c)}"
        return out + role["rest"]
    place = re.sub(r"^\s*(?:a|al|a\s+la|en|en\s+la)\s+(?!the\b|this\b|that\b)", " to ", rest[n:], flags=re.I)
    return f"{who}{place}"


def _put(m: re.Match[str], c: _Ctx) -> str:
    rest = m["rest"]
    n = c.people_at(rest)
    place = re.match(r"^\s*(?:en|a|al|in|to|into)\s+(?P<x>.+)$", rest[n:], re.I) if n else None
    if not n or not place:
        return m[0]
    who, x = _english_people(rest[:n]), place["x"].strip()
    task = re.sub(r"^(?:el|la|los|las)\s+", "", x, flags=re.I)
    if not re.search(r"\bchannel\b|\bcanal\b", x, re.I) and c.task_at(task) and not c.channel_at(task):
        return f"assign {task} to {who}"
    return f"add {who} to {x}"


def _remove(m: re.Match[str], c: _Ctx) -> str:
    """ "quita a Priya de Q4 Close" -> "remove Priya from Q4 Close"."""
    rest = m["rest"]
    n = c.people_at(rest)
    if not n:
        return "remove " + rest
    place = re.sub(r"^\s*(?:de|del|de\s+la|de\s+el)\s+", " from ", rest[n:], flags=re.I)
    return f"remove {_english_people(rest[:n])}{place}"


def _assign_it(m: re.Match[str]) -> str:
    """ "asígnala a Priya": a clause of its own, or, among the comma modifiers of a new task, one of them."""
    before = m.string[: m.start()]
    if re.search(r"\b(?:sub)?task\b[^.;]*,\s*$", before, re.I):
        return "assigned to "  # "crea una tarea para X, asígnala a Priya, antes del viernes"
    return "assign them to " if m["v"].lower().endswith("s") else "assign it to "


def _task_ref(p: str) -> str:
    """ "la tarea update website copy" -> "the update website copy task"; other words stay."""
    p = p.strip()
    t = re.match(r"^(?:la\s+)?tarea\s+(?:de\s+|para\s+)?(?P<t>.+)$", p, re.I)
    if t:
        return f"the {t['t']} task"
    return p


def _it(word: str) -> str:
    """The object pronoun glued to a verb: "asígnala" -> "it", "márcalas" -> "them"."""
    w = word.lower()
    if re.search(r"(?:l[oa]s|sel[oa]s)$", w):
        return "them"
    if re.search(r"(?:l[oa]|sel[oa]|le)$", w):
        return "it"
    return ""


_LEVEL_END = re.compile(r"(?:,|\s+y)?\s*$")  # what joins a priority to the date said after it


def _verbs(s: str, c: _Ctx) -> str:
    rules: list[tuple[re.Pattern[str], _Repl]] = [
        # a state said of a task: "la logo review ya está hecha", "esa tarea es urgente"
        (
            re.compile(
                rf"^(?P<t>[^,;]+?)\s+(?:ya\s+)?(?:est[aá]n?|qued[oó]|queda|quedaron|sigue|siguen)\s+(?:ya\s+)?{_STATUS_RE}"
                r"(?:\s*,?\s+(?:hasta\s+que|porque|ya\s+que|por\s+culpa\s+de|mientras|esperando)\b[^,;]*)?"
                # "…, márcala así", "…, ponla así", "…, márquela como tal": set the task to the state just said
                r"(?:\s*,?\s+(?:y\s+)?(?:m[aá]rcal[oa]|p[oó]nl[oa]|d[eé]jal[oa]|c[aá]mbial[oa]|actual[ií]zal[oa])\s+"
                r"(?:así|asi|como\s+tal|de\s+esa\s+forma|de\s+ese\s+modo|en\s+el\s+sistema))?\s*[.!]?$",
                re.I
            ),
            lambda m: f"{m['t']} is {_status(m)}",
        ),
        (
            re.compile(
                r"^(?P<t>[^,;]+?)\s+(?:es|son|está|tiene|lleva)\s+(?:de\s+|con\s+)?(?=(?:urgent|high\s+priority|low\s+priority|"
                r"medium\s+priority)\s*$)",
                re.I,
            ),
            lambda m: f"{m['t']} is ",
        ),
        # create
        _verb(r"(?:crea|créa(?:me|nos)|cree|crear|abre|ábre(?:me|nos)|abrir|monta|móntame|genera|inicia)\b(?=\s+(?:a|an|one|two|three|four|five|\d))", "create"),
        # assign: "asígnale a Lisa el press release, el logo review y el photo shoot" (a list of tasks)
        _verb(
            r"(?:asígnale|asignale|asígnales|asignales|encárgale|encargale|pásale|pasale|dale|dales|asigna|encarga|pasa)"
            r"\s+a\s+(?P<rest>[^.;]+)",
            lambda m: _assign_list(m, c),
        ),
        # assign: "asígnale a Sara X", "pásale a Tom X" (the "le" only doubles the person said after it)
        _verb(
            r"(?:asígnale|asignale|asígnales|asignales|encárgale|encargale|pásale|pasale|dale|dales)\s+(?P<rest>[^,.;]+\ba\s+[^,.;]+|a\s+[^,.;]+)",
            lambda m: _assign(m, c),
        ),
        # take a task from someone: "quítale esa tarea a Tom", "sácale a Tom la deck review", "quítasela a Lisa"
        _verb(
            r"(?P<v>quítale|quitale|quítales|quitales|sácale|sacale|retírale|retirale|quítasel[oa]|quitasel[oa]|sácasel[oa]|sacasel[oa])"
            r"\s+(?P<rest>[^,.;]+?)(?=\s*(?:[,.;]|\s+y\s|$))",
            lambda m: _take_from(m, c),
        ),
        # "asígnaselas todas a Lisa", "asígnalas las dos a David": every one of the tasks just made
        _verb(
            r"(?:asígna|asigna|dá|da|pása|pasa|encárga)(?:se)?l[oa]s\s+(?:a\s+)?(?P<q>tod[oa]s|l[oa]s\s+dos|amb[oa]s|l[oa]s\s+tres|l[oa]s\s+cuatro)"
            r"\s+a\s+(?=\S)",
            lambda m: "assign " + ("all" if m["q"].lower().startswith("tod") else
                                   "both" if re.search(r"dos|amb", m["q"], re.I) else m["q"].split()[-1].lower()
                                   .replace("tres", "all three").replace("cuatro", "all four")) + " of them to ",
        ),
        _verb(
            r"(?P<v>asígna(?:sel[oa]s?|l[oa]s?|le)|asigna(?:sel[oa]s?|l[oa]s?|le)|dásel[oa]s?|dasel[oa]s?|pásasel[oa]s?|"
            r"encárgasel[oa]s?|encárgal[oa]s?)\s+(?:también\s+)?(?:a\s+)?(?=\S)",
            lambda m: _assign_it(m),
        ),
        _verb(r"(?:asigna|asignar|dale|da|encarga|encárgale|pásale|pasa|asígnale)\s+(?P<rest>[^,.;]+)", lambda m: _assign(m, c)),
        # a task said by its place in the list: "pon la segunda urgente para el lunes", "pon la tercera para el viernes"
        _verb(
            rf"(?:pon|ponle|deja|déjale)\s+(?P<t>(?:la|el)\s+{_ORDINAL})\s+(?:como\s+|con\s+|a\s+|en\s+)?"
            r"(?P<l>(?:urgent|high\s+priority|low\s+priority|medium\s+priority)\s*(?:,\s*|\s+y\s+|\s+)?)?(?P<d>(?=(?:by|on|to)\s))?",
            lambda m: ("make " + m["t"] + " " + _LEVEL_END.sub("", m["l"]) + (", and make it due " if m["d"] is not None else " ")
                       if m["l"] else f"make {m['t']} due " if m["d"] is not None else m[0]),
        ),
        # remove people: "quita a Mike del canal X"
        _verb(
            r"(?:quita|quitar|saca|sacar|elimina|eliminar|echa|retira|borra)\s+(?:también\s+)?a\s+(?P<rest>[^.;]+)",
            lambda m: _remove(m, c),
        ),
        _verb(r"(?:quita|saca|echa|retira)\s+(?=\S)", "remove "),
        _verb(r"(?:elimina|borra|bórral[oa]|elimínal[oa])\s+(?:la\s+tarea\s+)?(?=\S)", "delete "),
        _verb(r"(?:elimínal[oa]|bórral[oa])\b", "delete it"),
        # the place first: "mete en ese canal a Lisa y a Sarah", "suma aquí a Tom", "añade en Roadshow a Mike"
        _verb(
            rf"(?:añade|agrega|incluye|invita|mete|suma)\s+(?P<p>{_PLACE_SAID})\s+a\s+(?P<rest>[^.;]+)",
            lambda m: _add_place_first(m, c),
        ),
        # add people / things
        _verb(r"(?:añádel[oa]s|agrégal[oa]s|inclúyel[oa]s|métel[oa]s)\b", "add them"),
        _verb(r"(?:añádel[oa]|agrégal[oa]|inclúyel[oa]|métel[oa])\b", "add it"),
        _verb(
            r"(?:añade|añadir|agrega|agregar|incluye|incluir|invita|invitar|mete|meter|suma|sumar|"
            r"(?:añáde|agréga|inclúye|invíta|méte)les?)\s+(?:también\s+)?a\s+(?P<rest>[^.;]+)",
            lambda m: _add(m, c),
        ),
        # "pon a Mike en Roadshow" (a member) / "pon a Lisa en la deck review" (an assignee)
        _verb(r"(?:pon|poner|mete)\s+(?:también\s+)?a\s+(?P<rest>[^.;]+)", lambda m: _put(m, c)),
        _verb(r"(?:añade|añadir|agrega|agregar|incluye|incluir|invita|invitar|mete|meter|suma|sumar)\s+(?:también\s+)?(?:a\s+)?", "add "),
        # status: "marca X como S", "márcala como S", "pon X en S"
        _verb(
            rf"(?P<v>márcal[oa]s?|marcal[oa]s?|ponl[oa]s?|déjal[oa]s?)\s+(?:como\s+|en\s+)?{_STATUS_RE}\b",
            lambda m: f"mark {_it(m['v'])} as {_status(m)}",
        ),
        _verb(
            rf"(?:marca|marcar|pon|poner|deja|dejar|cambia|pasa|mueve)\s+(?P<t>.+?)\s+(?:(?:como|en|a)\s+)?(?:estado\s+)?{_STATUS_RE}(?=\s*(?:[,.;]|\sy\s|$))",
            lambda m: f"mark {_task_ref(m['t'])} as {_status(m)}",
        ),
        # "marca como hechas todas las tareas de X": the state first
        _verb(
            rf"(?:marca|marcar|deja|dejar)\s+(?:como\s+)?{_STATUS_RE}\s+(?:a\s+)?(?P<t>(?!como\b)[^,.;]+)",
            lambda m: f"mark {_task_ref(m['t'])} as {_status(m)}",
        ),
        _verb(r"(?:márcal[oa]|marcal[oa])\s+como\s+(?=urgent|high|low|medium)", "make it "),
        _verb(
            r"(?:marca|marcar)\s+(?P<t>.+?)\s+como\s+(?=urgent|high\s+priority|low\s+priority|medium)",
            lambda m: f"mark {m['t']} as " if re.match(r"(?:everything|all\s+of|every)\b", m["t"]) else f"make {_task_ref(m['t'])} ",
        ),
        _verb(
            r"(?:pon|haz|deja|marca)\s+(?:como\s+)?(?P<p>urgent|high\s+priority|low\s+priority|medium\s+priority)\s+(?P<t>(?:everything|all|every)\b.+)$",
            lambda m: f"make {m['t']} {m['p']}",
        ),
        _verb(r"(?:márcal[oa]s?|marcal[oa]s?)\b", lambda m: "mark " + (_it(m[0]) or "it")),
        _verb(r"(?:marca|marcar)\b", "mark"),
        # privacy: "hazlo privado", "haz X privado", "pon X como privado"
        _verb(rf"(?:hazl[oa]|ponl[oa]|déjal[oa]|vuélvel[oa])\s+(?P<p>{_PRIV})\b", lambda m: f"make it {_PRIVACY[m['p'].lower()]}"),
        _verb(
            rf"(?:haz|pon|deja|vuelve|cambia)\s+(?P<t>(?:el\s+canal\s+)?[^,.;]+?)\s+(?:como\s+|a\s+)?(?P<p>{_PRIV})\b",
            lambda m: f"make {_channel_phrase(m['t'], c)} {_PRIVACY[m['p'].lower()]}",
        ),
        # priority: "hazla urgente", "ponle prioridad alta", "pon X urgente", "sube la prioridad de X"
        _verb(r"(?:hazl[oa]s?|ponl[oa]s?|ponle|márcal[oa]s?|déjal[oa]s?)\s+(?:como\s+|con\s+|en\s+)?(?=urgent|high|low|medium)", lambda m: f"make {_it(m[0].split()[0]) or 'it'} "),
        _verb(r"(?:pon|haz|deja)\s+(?P<t>.+?)\s+(?:como\s+|con\s+|a\s+|en\s+)?(?=(?:urgent|high\s+priority|low\s+priority|medium\s+priority)\s*(?:[,.;]|$))", lambda m: f"make {_task_ref(m['t'])} "),
        # "bájale la prioridad a X, que quede en baja", "súbele la prioridad a X, déjala en alta", "cambia la prioridad de X
        # a media": the task, then its new level (a level against the verb's way, "bájale … que quede en alta", is left to ask)
        _verb(
            r"(?P<v>súbele|sube|bájale|baja|cámbiale|cambia|ponle|pon|déjale|deja)\s+(?:la\s+)?prioridad\s+(?:a|de|del|al)\s+"
            r"(?P<t>[^,.;]+?)\s*,?\s+(?:y\s+)?(?:que\s+(?:quede|sea|esté|este|pase\s+a\s+ser)|d[eé]jal[oa]|p[oó]nl[oa]|a)\s+"
            r"(?:en\s+|como\s+|a\s+|de\s+)?(?:prioridad\s+)?(?P<l>alta|media|normal|baja|urgente|urgent|máxima|maxima|high\s+priority|"
            r"low\s+priority|medium\s+priority)(?=\s*(?:[,.;!]|$))",
            lambda m: _level_after_task(m),
        ),
        # raised or lowered to a level: "súbela a urgente", "bájalas a prioridad baja", "sube X a alta", "baja esa tarea a media"
        _verb(
            r"(?:(?P<v>s[uú]bel[oa]s?|b[aá]jal[oa]s?)|(?:sube|baja|s[uú]bele|b[aá]jale)\s+(?P<t>(?!la\s+prioridad\b)[^,.;]+?))\s+(?:la\s+prioridad\s+)?(?:a|hasta)\s+"
            r"(?:(?P<p>urgent|high\s+priority|low\s+priority|medium\s+priority)|(?:prioridad\s+)?(?P<l>alta|media|baja))"
            r"(?=\s*(?:[,.;]|$)|\s+(?:y|and)\s)",
            lambda m: "make "
            + (_task_ref(m["t"].strip()) if m["t"] else _it(m["v"]) or "it")
            + " "
            + (m["p"] or {"alta": "high", "media": "medium", "baja": "low"}[m["l"].lower()] + " priority"),
        ),
        # the level said before the tasks: "sube a prioridad alta todas las tareas de X", "pon en prioridad baja X"
        _verb(
            r"(?:sube|súbeles?|baja|bájales?|pon|ponles?|cambia|cámbiales?|pasa|pásales?|deja|déjales?)\s+(?:la\s+prioridad\s+)?(?:a|en|como)\s+"
            r"(?P<l>urgent|high\s+priority|low\s+priority|medium\s+priority)\s+(?:a\s+|de\s+)?(?P<t>(?!and\b|y\b|by\b)[^,.;]+?)(?=\s*(?:[,.;]|$)|\s+(?:and|y)\s)",
            lambda m: f"make {_task_ref(m['t'])} {m['l']}",
        ),
        # "súbele la prioridad a alta", "cámbiale la prioridad a baja": the level itself (not a task called "alta")
        _verb(
            r"(?:súbele|sube|bájale|baja|cámbiale|cambia|ponle|pon|déjale|deja)\s+(?:la\s+)?prioridad\s+(?:a|en)\s+"
            r"(?P<l>alta|media|baja|urgente|urgent|máxima|maxima)\b",
            lambda m: "make it " + {"alta": "high priority", "media": "medium priority", "baja": "low priority"}.get(m["l"].lower(), "urgent"),
        ),
        _verb(r"(?:sube|aumenta|súbele)\s+(?:la\s+)?prioridad\s+(?:de|a)\s+", "raise the priority of "),
        _verb(r"(?:baja|reduce|bájale)\s+(?:la\s+)?prioridad\s+(?:de|a)\s+", "lower the priority of "),
        _verb(r"(?:prioriza|priorizar)\b", "prioritize"),
        # a document put on a task: "sube el pitch deck a la tarea Hire a designer" (to a channel, "sube" shares it)
        _verb(
            r"(?:sube|súbel[oa]|adjunta|adjúntal[oa])\s+(?P<x>[^,.;]+?)\s+(?:a|en)\s+la\s+tarea\s+(?P<y>[^,.;]+?)(?=\s*(?:[,.;]|$|\s+y\s))",
            lambda m: f"upload {m['x']} to the {m['y']} task" if c.resource(m["x"]) and c.task_at(m["y"]) >= len(m["y"]) else m[0],
        ),
        # a document handed to a channel: "pasa el Q4 report al canal X", "sube las Brand Guidelines a Roadshow",
        # "pásale las Brand Guidelines a toda la categoría de Marketing"
        _verb(
            r"(?:pasa|pásal[oa]|pásales?|sube|súbel[oa]|deja|pon|manda|mándales?|envía|envia|envíales?|comparte|compártel[oa]|lleva)"
            r"\s+(?P<x>[^,.;]+?)\s+(?P<p>to|in|with|al|a|en|con)\s+(?P<y>[^,.;]+)",
            lambda m: f"share {m['x']} with {_category_phrase(m['y'])}" if c.resource(m["x"]) else m[0],
        ),
        # deadlines: "mueve X al viernes", "cambia la fecha (límite) de X al lunes", "retrasa X una semana"
        _verb(
            r"(?:mueve|cambia|pasa|aplaza|pospón|pospone|retrasa|corre)\s+(?:la\s+)?(?:fecha(?:\s+límite|\s+limite|\s+de\s+entrega)?|"
            r"entrega|plazo|deadline)\s+(?:de|del)\s+",
            "push the deadline of ",
        ),
        _verb(r"(?:ponle|dale)\s+(?:como\s+|de\s+)?(?:fecha(?:\s+límite|\s+limite|\s+de\s+entrega)?|plazo)\s+(?=by|to|in|the)", "make it due "),
        # "cámbiale la fecha al viernes", "muévele el plazo al 9 de diciembre": the task just named, to that date
        _verb(
            r"(?:c[aá]mbiale|mu[eé]vele|p[aá]sale|c[oó]rrele)\s+(?:la\s+|el\s+)?(?:fecha(?:\s+límite|\s+limite|\s+de\s+entrega)?|plazo|deadline)\s+"
            r"(?=to\s)",
            "move it ",
        ),
        _verb(
            r"(?:pon|ponle|dale|cambia|cámbiale|fija|fíjale)\s+(?:la\s+)?(?:fecha(?:\s+límite|\s+limite|\s+de\s+entrega)?|plazo)\s+"
            r"(?:de|a|al|del)\s+(?P<t>.+?)\s+(?=by|to|in)",
            lambda m: f"set the deadline of {_task_ref(m['t'])} ",
        ),
        # "la deck review vence el viernes", "X tiene que estar lista para el lunes"
        (
            re.compile(
                r"^(?P<t>[^,;]+?)\s+(?:vence|vencen|se\s+entrega|se\s+entregan|(?:debe|tiene\s+que|ha\s+de)\s+estar(?:\s+(?:list|hech|terminad)[oa]s?)?|"
                r"es\s+para|queda\s+para|tiene\s+(?:como\s+)?(?:fecha|plazo)(?:\s+límite)?)\s+(?=(?:by|to|in|on)\s)",
                re.I,
            ),
            lambda m: f"{m['t']} is due ",
        ),
        # "retrasa una semana reconcile invoices": the time first, then the task
        _verb(
            rf"(?P<v>retrasa|atrasa|aplaza|pospón|pospone|mueve|adelanta)\s+(?P<n>una|un|{_NUM})\s+(?P<u>días?|semanas?|mes|meses)"
            r"(?P<d>\s+(?:más|antes|después))?\s+(?:(?:a|de)\s+)?(?P<t>(?!(?:by|to|in|más|antes|después|y)\b)[^,.;]+?)(?=\s*(?:[,.;]|\s+y\s|$))",
            lambda m: _shift(m),
        ),
        _verb(
            rf"(?P<v>retrasa|atrasa|aplaza|pospón|pospone|mueve|muével[oa]|retrásal[oa]|apláza(?:l[oa])?|adelanta|adelántal[oa])\s+"
            rf"(?P<t>.*?)\s*(?P<n>una|un|{_NUM})\s+(?P<u>días?|semanas?|mes|meses)(?P<d>\s+(?:más|antes|después))?\b",
            lambda m: _shift(m),
        ),
        _verb(r"(?:mueve|muével[oa]|pasa|pásal[oa]|cambia|cámbial[oa]|aplaza|apláza(?:l[oa])?|pospón|pospone|retrasa|retrásal[oa])\s*(?P<t>[^,.;]*?)\s+(?=to\s|by\s)", lambda m: f"move {_task_ref(m['t']) or _it(m[0].split()[0]) or 'it'} " if m["t"].strip() else f"move {_it(m[0].split()[0]) or 'it'} "),
        # status verbs
        _verb(r"(?:cierra|ciérral[oa]|archiva|archível[oa]|archíval[oa])\s+(?=(?:the\s+)?[^,.;]*\bchannel\b)", "archive "),
        _verb(r"(?:ciérral[oa]s?|complétal[oa]s?|termínal[oa]s?|finalízal[oa]s?)\b", lambda m: "complete " + (_it(m[0]) or "it")),
        _verb(r"(?:cierra|completa|completar|termina|terminar|finaliza|acaba|da\s+por\s+(?:terminad[oa]|cerrad[oa]))\b", "complete"),
        _verb(r"(?:cancélal[oa]s?|anúlal[oa]s?)\b", lambda m: "cancel " + (_it(m[0]) or "it")),
        _verb(r"(?:cancela|anula|cancelar)\b", "cancel"),
        _verb(r"(?:empieza|comienza|arranca|inicia|empezad)\s+(?:con\s+|a\s+trabajar\s+en\s+)?(?!(?:a|an|one|two|three)\s)", "start on "),
        _verb(r"(?:reabre|reabrir)\b", "reopen"),
        _verb(r"(?:pausa|pausar|congela|pon\s+en\s+pausa)\b", "pause"),
        _verb(r"(?:paúsal[oa]|pausal[oa]|congélal[oa])\b", "pause it"),
        _verb(r"(?:archiva|archivar)\b", "archive"),
        _verb(r"(?:archívalo|archívala)\b", "archive it"),
        _verb(r"(?:reactiva|reanuda|reactivar|reanudar|desarchiva)\b", "resume"),
        # remind
        _verb(r"(?:recuérdales|recuerdales)\s+(?:a\s+)?", "remind "),
        _verb(r"(?:recuérdale|recuerdale|recuerda\s+a|recordarle\s+a|avisa\s+a)\s+(?P<rest>.+)$", lambda m: _remind(m, c)),
        _verb(
            r"(?:recuérdamel[oa]|recuerdamel[oa]|avísamel[oa])\b\s*(?P<rest>.*)$",
            lambda m: f"remind me about it {_date_last(m['rest'].strip())}".strip(),
        ),
        _verb(r"(?:recuérdame|recuerdame|avísame|avisame)\s+(?P<rest>.+)$", lambda m: _remind_me(m["rest"])),
        _verb(
            r"(?:pon|ponme|ponle|ponles|crea|créame|créale|programa|prográmame|apunta|apúntame|añade|añádeme|agrega)\s+"
            r"(?:un\s+)?(?:recordatorio|aviso)\s+(?P<rest>.+)$",
            lambda m: _reminder(m, c),
        ),
        # share, the place first: "comparte ahí las Brand Guidelines", "sube en este canal el Q4 report"
        _verb(
            rf"(?:comparte|compartir|adjunta|sube|deja|pon)\s+(?P<p>{_PLACE_SAID})\s+(?P<x>[^,.;]+)",
            lambda m: _share_place_first(m, c),
        ),
        # share
        _verb(
            r"(?:comparte|compartir|adjunta|adjuntar|manda|envía|envia)\s+(?P<x>(?!a\s)[^,.;]+?)\s+(?:con|en|a|al)\s+(?P<y>[^,.;]+)",
            lambda m: f"share {m['x']} with {_category_phrase(m['y'])}",
        ),
        _verb(r"(?:comparte|compartir|adjunta|adjuntar)\s+", "share "),
        _verb(r"(?:compártel[oa]|adjúntal[oa])\s+", "share it "),
        _verb(r"(?:sube|subir)\s+(?=(?:el|la)\s)", "upload "),
        # rename / call
        _verb(r"(?:renombra|renombrar|cambia\s+el\s+nombre\s+(?:de|a|del))\s+(?P<x>.+?)\s+(?:a|por|como)\s+", lambda m: f"rename {_channel_phrase(m['x'], c) if re.search(r'canal', m['x'], re.I) else _task_ref(m['x'])} to "),
        _verb(r"(?:renómbral[oa]|llámal[oa]|ponle\s+(?:de\s+)?nombre|ponle\s+como\s+nombre|cámbiale\s+el\s+nombre\s+a)\s+", "call it "),
        # link
        _verb(r"(?:enlázal[oa]s|vincúlal[oa]s|conéctal[oa]s|relaciónal[oa]s)\b", "link them"),
        # "vincula Q4 Planning con Website Redesign": two channels said whole
        _verb(
            r"(?:enlaza|vincula|conecta|relaciona)\s+(?:el\s+canal\s+)?(?P<x>[^,.;]+?)\s+con\s+(?:el\s+canal\s+)?(?P<y>[^,.;]+?)(?=\s*(?:[,.;]|$|\s+y\s))",
            lambda m: f"link {m['x']} to {m['y']}"
            if c.channel_at(m["x"]) >= len(m["x"]) and c.channel_at(m["y"]) >= len(m["y"])
            and not re.match(r"[^.;]*\b(?:paralelo|a\s+la\s+vez|mismo\s+tiempo|secuencia|orden|hij[oa]|padre|subcanal|después|antes)",
                             m.string[m.end():], re.I)
            else m[0],
        ),
        _verb(r"(?:enlaza|vincula|conecta|relaciona)\b", "link"),
        # generic "haz"/"pon" left over
        _verb(r"(?:hazl[oa]s|ponl[oa]s)\b", "make them"),
        _verb(r"(?:hazl[oa]|ponl[oa])\b", "make it"),
    ]
    for pattern, repl in rules:
        s = pattern.sub(repl, s)
    return s


_LEVEL_SAID_EN = {"alta": "high priority", "high priority": "high priority", "media": "medium priority", "normal": "medium priority",
                  "medium priority": "medium priority", "baja": "low priority", "low priority": "low priority"}


def _level_after_task(m: re.Match[str]) -> str:
    """ "bájale la prioridad a X, que quede en baja" -> "make X low priority" (raised to a lower level: left as said)."""
    level = _LEVEL_SAID_EN.get(re.sub(r"\s+", " ", m["l"].lower()), "urgent")
    way = m["v"].lower()
    if (way.startswith(("sub", "súb")) and level == "low priority") or (
        way.startswith(("baj", "báj")) and level in {"high priority", "urgent"}
    ):
        return m[0]
    return f"make {_task_ref(m['t'])} {level}"


_CATEGORY_SAID = re.compile(
    r"^(?:a\s+|con\s+)?(?:tod[oa]\s+)?(?:la\s+categor[ií]a|el\s+(?:departamento|área|area|equipo))\s+(?:de\s+|del\s+)?"
    rf"(?P<c>{_CAT}|[A-ZÁÉÍÓÚ][\w-]*)\s*$",
    re.I,
)


def _category_phrase(p: str) -> str:
    """ "toda la categoría de Marketing" -> "the whole Marketing category"; anything else stays."""
    m = _CATEGORY_SAID.match(p.strip())
    if not m:
        return p
    return f"the whole {_CATS.get(m['c'].lower(), m['c'])} category"


def _shift(m: re.Match[str]) -> str:
    verb = m["v"].lower()
    n = _num(m["n"])
    unit = {"d": "days", "s": "weeks", "m": "months"}[m["u"][0].lower()]
    if n == "1":
        unit = unit[:-1]
    what = m["t"].strip() or _it(verb) or "it"
    earlier = verb.startswith("adelant") or (m["d"] or "").strip().lower() == "antes"
    return f"{'bring' if earlier else 'push'} {_task_ref(what)} {'forward' if earlier else 'back'} {n} {unit}"


def _remind(m: re.Match[str], c: _Ctx) -> str:
    """ "recuérdale a Lisa lo de X el viernes" -> "remind Lisa about X by Friday"."""
    rest = re.sub(r"^a\s+", "", m["rest"].strip(), flags=re.I)
    nxt = _NEXT_REMINDER.search(rest)
    if nxt:
        first = re.match(r"(?P<rest>.+)$", rest[: nxt.start()], re.S)
        assert first is not None
        return _remind(first, c) + " and " + rest[nxt.end() :]
    n = c.people_at(rest)
    if not n:
        return "remind " + rest
    who, after = _english_people(rest[:n]), _date_last(rest[n:].strip())
    after = re.sub(r"^(?:lo\s+del|sobre\s+el|acerca\s+del)\s+", "about el ", after, flags=re.I)  # "lo del contrato"
    after = re.sub(r"^(?:lo\s+de|sobre|acerca\s+de|de)\s+", "about ", after, flags=re.I)
    after = re.sub(r"^(?=(?:el|la|los|las)\s+(?!(?:by|on|at|in|to)\b))", "about ", after, flags=re.I)  # "la reunión con el banco"
    after = re.sub(r"^(?:que|para|de\s+que)\s+", "to ", after, flags=re.I)
    return f"remind {who} {after}".strip()


_ANY_NOW = datetime(2026, 1, 7, 12, 0)  # only the spans of date phrases matter here


def _date_last(rest: str) -> str:
    """ "by tomorrow at 9 am llamar al banco" -> "llamar al banco tomorrow at 9 am": the date after the subject."""
    spans = find_dates(rest, _ANY_NOW)
    if spans and re.fullmatch(r"\s*(?:by|on)?\s*", rest[: spans[0].start]) and rest[spans[0].end :].strip(" .!;"):
        said = rest[spans[0].end :].strip()
        mark = re.search(r"[.!;]+$", said)  # the sentence's own full stop stays at its end
        if mark:
            said = said[: mark.start()].rstrip()
        return f"{said} {spans[0].phrase}{mark[0] if mark else ''}"
    return rest


def _reminder(m: re.Match[str], c: _Ctx) -> str:
    """ "ponme un recordatorio en 2 horas para llamar a Elena" -> "remind me to llamar a Elena in 2 hours"."""
    rest = m["rest"].strip()
    who = re.match(r"^(?:a|para)\s+", rest, re.I)
    if who and c.people_at(rest[who.end() :]):
        return _remind(re.match(r"(?P<rest>.+)$", rest[who.end() :], re.S), c)  # type: ignore[arg-type]
    return _remind_me(rest)


# "… y recuérdale a Priya …" after a reminder: another request, never words or the date of the first
_NEXT_REMINDER = re.compile(r"\s*,?\s+(?:y|e|and)\s+(?=(?:remind|recu[eé]rda\w*|av[ií]sa\w*)\b)", re.I)


def _remind_me(rest: str) -> str:
    nxt = _NEXT_REMINDER.search(rest)
    if nxt:
        return _remind_me(rest[: nxt.start()]) + " and " + rest[nxt.end() :]
    rest = _date_last(rest.strip()).lstrip(" :,")
    if re.match(r"^(?:de|del|sobre|lo\s+de)\s+", rest, re.I):
        return "remind me about " + re.sub(r"^(?:del)\s+", "el ", re.sub(r"^(?:de|sobre|lo\s+de)\s+", "", rest, flags=re.I), flags=re.I)
    rest = re.sub(r"^(?:para|de\s+que|que)\s+", "", rest, flags=re.I)
    if re.match(r"^(?:lo\s+de|sobre|acerca\s+de|de)\s+", rest, re.I):
        return "remind me " + re.sub(r"^(?:lo\s+de|sobre|acerca\s+de|de)\s+", "about ", rest, flags=re.I)
    rest = re.sub(r"^que\s+", "", rest, flags=re.I)
    return "remind me to " + rest


# ----- references and small words


def _references(s: str) -> str:
    rules: tuple[tuple[str, str], ...] = (
        (r"\b(?:en\s+)?(?:aquí|aqui|acá|aca)\b", "here"),
        (r"\b(?:a\s+)?(?:todos|todas)\s+(?:los|las)\s+(?:de|del|que\s+están\s+en)\s+(?:this|that|the)\b", "everyone in the"),
        (r"\b(?:ahí|allí|alli|ahi)\b", "there"),
        (r"\b(?:en|a)\s+él\b", "to it"),
        (r"\besta\s+tarea\b", "this task"),
        (r"\b(?:esa|aquella)\s+tarea\b", "that task"),
        (r"\b(?:la\s+)?(?:última|ultima)\s+tarea\b", "the last task"),
        *((rf"\b(?:la|el)\s+{es}(?:\s+tarea)?\b(?!\s+(?:vez|semana|hora|quincena|mitad|parte))", f"the {en} one")
          for es, en in _ORDINAL_EN.items()),
        (r"\b(?:la\s+)?tarea\s+que\s+(?:acabo|acabamos)\s+de\s+(?:crear|añadir)\b", "the last task"),
        (r"\b(?:las|los)\s+(?:otras|otros)\s+dos\b", "the other two"),
        (r"\b(?:las|los)\s+(?:otras|otros)\s+tres\b", "the other three"),
        (r"\b(?:las|los)\s+demás\b|\bel\s+resto\b|\blas\s+otras\b|\blos\s+otros\b", "the others"),
        (r"\b(?:las\s+dos\s+tareas|ambas\s+tareas|las\s+dos|ambas|los\s+dos)\b", "both tasks"),
        # "las tres tareas de Q4 Planning": counted, so the English reader checks the count
        *((rf"\b(?:las|estas|esas)\s+{es}\s+tareas\s+(?:de|del|en)\s+(?:el\s+canal\s+)?", f"the {en} tasks in ")
          for es, en in (("tres", "three"), ("cuatro", "four"), ("cinco", "five"))),
        (
            r"\b(?:todas\s+las\s+tareas|todas\s+las\s+tareas\s+abiertas|todo)\s+(?:de|del|en|en\s+el\s+canal)\s+(?=[A-ZÁÉÍÓÚ0-9])",
            "all tasks in ",
        ),
        (r"\ben\s+la\s+tarea\b", "in the task"),
    )
    for p, r in rules:
        s = re.sub(p, r, s, flags=re.I)
    return s


def _connectives(s: str, c: _Ctx) -> str:
    """ "y", "con", "para", the personal "a" and "también" where the English grammar needs them."""

    def people_after(m: re.Match[str], english: str) -> str:
        rest = s[m.end() :]
        n = c.people_at(rest)
        return english if n else m[0]

    # a comma piece that is only a person after a new task: ", Lisa," / ", para Elena," -> ", assigned to Lisa,"
    def piece(m: re.Match[str]) -> str:
        who = m["w"]
        if c.people_at(who) < len(who) or not re.search(r"\btask\b", s[: m.start()]):
            return m[0]
        if re.search(r"\b(?:assign|with|add|remind|tell|remove)\b[^,]*$", s[: m.start()]):
            return m[0]
        return f" assigned to {_english_people(who)}"

    s = re.sub(r"(?<=,)\s+(?:(?:para|for|a)\s+)?(?P<w>[^,.;]+?)(?=\s*(?:,|$))", piece, s, flags=re.I)
    # "confirmar el hotel Lisa el viernes" (a pause heard as nothing): a person right after a new task's title,
    # before its date, priority or the end, is its assignee
    def trailing(m: re.Match[str]) -> str:
        before = s[: m.start("who")]
        if not re.search(r"\b(?:create|add)\s+(?:a|an|one)\s+(?:\w+\s+)?(?:sub)?task\b", before, re.I):
            return m[0]
        if re.search(r"\b(?:a|al|para|con|de|del|y|e|to|for|with|and|assigned|assign|remind|tell|add|called|que|en)\s*$", before, re.I):
            return m[0]
        n = c.people_at(m["who"], strict=True)
        if n < len(m["who"].rstrip()):
            return m[0]
        return f"{m['pre']} assigned to {_english_people(m['who'].strip())}"

    s = re.sub(
        r"(?P<pre>[\wáéíóúñ])\s+(?P<who>[A-Za-zÁÉÍÓÚáéíóúñ]+(?:\s+(?:y|and)\s+[A-Za-zÁÉÍÓÚáéíóúñ]+)?)"
        r"(?=\s*(?:[,.;]|\s+by\b|\s+urgent\b|\s+(?:high|low|medium)\s+priority\b|$))",
        trailing,
        s,
    )
    # "… asignada a Elena": the assignee of a new task
    s = re.sub(r"\basignad[oa]s?\s+(?:a|para)\s+(?=\S)", lambda m: people_after(m, "assigned to "), s, flags=re.I)
    # "para Tom", "con Lisa y Mike": only before people
    # (an assignee of a new task is said "assigned to": "for" after a title's own "para" is read as part of it)
    s = re.sub(
        r"\bpara\s+(?=\S)",
        lambda m: people_after(m, "assigned to " if re.search(r"\btasks?\b", s[: m.start()]) else "for "),
        s,
        flags=re.I,
    )
    # ("con" stays as said elsewhere: "revisar contratos con Priya", "la reunión con Priya" are titles; the
    # members of a new channel and "comparte X con Y" were read above)
    # a command verb after "y" / "luego" / "también"
    s = re.sub(
        r"\s+(?:y|e)\s+(?:luego\s+|después\s+|también\s+)?(?=(?:create|add|assign|remove|mark|make|set|move|push|bring|complete|cancel|start|reopen|pause|archive|resume|remind|share|upload|rename|call|link|delete|post|tell|raise|lower|prioritize|under)\b)",
        " and ",
        s,
        flags=re.I,
    )
    s = re.sub(r"(?:^|(?<=[,.;]\s))(?:luego|después|despues)\s+", "then ", s, flags=re.I)
    s = re.sub(r"(?:^|(?<=[,.;]\s)|(?<=\band\s))también\s+", "also ", s, flags=re.I)
    s = re.sub(r"\b(?:as|add|assign|make|remind|tell)\s+también\b", lambda m: m[0].split()[0] + " also", s, flags=re.I)
    s = re.sub(r"\bsolo\s+(?=with\b)", "", s, flags=re.I)
    s = re.sub(r"\b(?:y|e)\s+(?:luego|después)\b", "and then", s, flags=re.I)

    # "tres tareas: A, B para Elena y C": the "y" after an item's assignee starts the last item
    def last_item(m: re.Match[str]) -> str:
        who, rest = m["who"], m["rest"]
        if c.people_at(who) < len(who) or c.people_at(rest) or not re.search(r"\b(?:two|three|four|five|six|\d)\s+(?:sub)?tasks\b[^:]*:", s[: m.start()], re.I):
            return m[0]
        return f"assigned to {who}, and {rest}"

    return re.sub(r"\bassigned\s+to\s+(?P<who>[^,.;:]+?)\s+(?:y|e)\s+(?P<rest>[^,.;:]+)", last_item, s, flags=re.I)


# ---------------------------------------------------------------- a command left inside a new title

# a command said with a person right after it ("asigne a Lisa", "pasa a Tom"); with a pronoun glued on, any command form
_BARE_COMMANDS = frozenset(
    "asigna reasigna encarga pasa da dé echa añade agrega mete invita incluye suma pon quita saca recuerda avisa manda "
    "escribe di marca cambia mueve".split()
)
_GLUED_COMMAND = re.compile(
    rf"(?:{'|'.join(sorted({*_TU_ACCENT.values(), 'écha'}, key=len, reverse=True))})(?:sel[oa]s?|mel[oa]s?|nosl[oa]s?|l[oa]s?|les?|me|nos)"
    r"|(?:pón|ház|dá|dí)(?:se|me|nos)l[oa]s?|(?:pon|haz|da|di)(?:l[oa]s?|les?|me|nos)",
    re.I,
)


def _command_form(word: str, glued_only: bool) -> bool:
    """ "asígnela", "pásaselo", "dale", "ponele" (any person, tú, vos, usted, with or without the written accent);
    with `glued_only` false also "asigna", "asigne", "asigná" alone."""
    w = word.strip(",.;:!?¿¡\"'").lower()
    if len(w) < 2:
        return False
    if _GLUED_COMMAND.fullmatch(_accent_glued(w)):
        return True
    plain = w.translate(_PLAIN)
    if _formal_verb(w) and plain not in _FORMAL:
        return not plain.startswith("de") or w.startswith("dé")  # "déle", not "dela" ("de la" typed together)
    if glued_only:
        return False
    tu = _VOS_IRREGULAR.get(w) or (w[:-1] + {"á": "a", "é": "e", "í": "e"}[w[-1]] if w[-1] in "áéí" else w)
    formal = _FORMAL.get(plain, ("", ""))[0] if plain not in _FORMAL_ALONE_BEFORE_THING else ""
    return tu in _BARE_COMMANDS or formal in _BARE_COMMANDS


def command_in_title(title: str, is_person: Callable[[str], bool]) -> str | None:
    """The command words a new title holds next to a person ("revisar los textos asígnela a Lisa" -> "asígnela", "… asigne a
    Lisa" -> "asigne a Lisa"): a request the title swallowed, so the plan is asked about, never acted on. None: there is none."""
    words = title.split()
    if not any(is_person(w) for w in words):
        return None
    for i, w in enumerate(words):
        if _command_form(w, glued_only=True):
            return w
        after = words[i + 1 : i + 3]
        if after and after[0].lower() in {"a", "al", "para"}:
            after = after[1:]
        if after and is_person(after[0]) and _command_form(w, glued_only=False):
            return f"{w} {' '.join(words[i + 1 : words.index(after[0], i + 1) + 1])}"
    return None


# the words that name a channel ("que se llame X", "q se llama X", "llamado X", "con el nombre de X", "de nombre X"),
# left at the start of a name the grammar took: the request's words, not the name
_NAMING_START = re.compile(
    r"^(?:(?:que|q|k|qu)\s+(?:se\s+|s\s+)?(?:llam[ae]|llamar[aá]|llamen|nombre|titule)|(?:se\s+|s\s+)?llam(?:a|e|ará|ara)\b|"
    r"(?:llamad|nombrad|titulad)[oa]\s+(?=que\b|q\b|k\b|se\b)|(?:con\s+)?(?:el\s+)?nombre(?:\s+de)?|de\s+nombre|bajo\s+el\s+nombre(?:\s+de)?|"
    r"(?:que|q|k)\s+(?:sea|diga)\b)\b",
    re.I,
)
# Spanish words that are no title alone ("que", "eso", "ella"): what was left when the title went elsewhere
_NOT_A_TITLE = frozenset(
    "que q k qué se lo la le eso esto esa ese esta este ello ella él ellos ellas aquí ahí allí cual cuál quien quién "
    "como cómo donde dónde cuando cuándo".split()
)


def naming_words_at_start(name: str) -> str | None:
    """ "q se llame Cierre Presupuesto 2026" -> "q se llame": a new channel's name that starts with the words that name it
    (the grammar missed them), so the plan is asked about. None: it starts with the name."""
    m = _NAMING_START.match(name.strip())
    return m[0] if m else None


_FILLER_START = re.compile(rf"^(?:{_HESITATION}|este|o\s+sea|pues|bueno|vale|listo)\b(?!\s*$)", re.I)


def filler_at_start(text: str) -> str | None:
    """ "este revisar el contrato" -> "este": a new title or name that starts with a spoken filler ("eh", "este", "mmm",
    "o sea"); the request was not said cleanly, so the plan is asked about, never acted on. None: it starts with a word."""
    m = _FILLER_START.match(text.strip())
    return m[0] if m else None


def not_a_title(title: str) -> bool:
    """A Spanish word that is never a task's title alone ("que", "eso"): asked about, never made a task."""
    return title.lower().strip(" ?¿.,") in _NOT_A_TITLE


def reason_as_title(title: str) -> bool:
    """A new title that starts with "que" + a subject of its own ("que el informe ya está hecho"): a reason or a wish said
    after the request, not what the task is called; asked about."""
    return bool(re.match(rf"^(?:que|q|k)\s+{_SUBJECT}\b", title.strip(), re.I))
