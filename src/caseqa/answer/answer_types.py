"""What kind of answer a question expects, and where such an answer sits inside a sentence."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from enum import StrEnum
from functools import cache

from caseqa.retrieval.lexicon import load_lexicon


class AnswerType(StrEnum):
    """The shape of answer a question asks for; it decides how many sentences to give and what to highlight."""

    DATE = "date"
    NUMBER = "number"
    NAME = "name"
    LIST = "list"
    OTHER = "other"


#: Types answered by one sentence holding one highlighted span.
FACTOID_TYPES = frozenset({AnswerType.DATE, AnswerType.NUMBER, AnswerType.NAME})
MAX_LIST_SENTENCES = 5
#: Open "what ..." questions get a short passage of up to this many sentences.
MAX_OTHER_SENTENCES = 3
#: A factoid that asks two things ("..., and why?") gets this many.
MAX_TWO_PART_SENTENCES = 2
#: "Which companies did Alibaba buy?" may be answered by this many sentences, each naming some.
MAX_SEVERAL_NAMES_SENTENCES = 3

#: A question for a date, or a keyword query that asks for one ("Lazada acquisition year").
_DATE_QUESTION = re.compile(
    r"^(?:when\b|(?:since|by|until) when\b|(?:in |by |from |until )?(?:what|which) (?:year|month|date|period)\b)|\bwhat year\b|\bwhich year\b"
    r"|^(?!.*\b(?:what|which|who|whom|whose|why|how)\b).*\b(?:year|date)\??$",
    re.IGNORECASE,
)
#: Nouns that name a quantity: "what was Lazada's gross merchandise volume" asks for a figure.
_QUANTITY = (
    r"(?:share|percentage|percent|proportion|fraction|number|amount|figure|size|value(?! proposition| chain)|price"
    r"|cost|fee|commission|stake|rate|volume|capitali[sz]ation|margin|earnings|budget|revenue|sales|income|profit"
    r"|turnover|gmv|valuation|count|ranking|rank|population|gdp)"
)
_NUMBER_QUESTION = re.compile(r"\bhow (?:much|many|large|big|long|fast|far|often)\b|\bby how\b", re.IGNORECASE)
#: Tried after the list cues ("what factors drove sales" wants reasons): a quantity noun a few words
#: (possessives included) after "what"/"which", or anywhere in a keyword query ("Lazada number of employees").
_QUANTITY_QUESTION = re.compile(
    rf"\b(?:what|which)(?: [\w'’-]+){{0,4}}? {_QUANTITY}s?\b|^(?!.*\b(?:what|which|who|when|why|how)\b).*\b(?:number of|{_QUANTITY})\b",
    re.IGNORECASE,
)
_RELATIVE_QUESTION = re.compile(
    r"\b(?:grow|grew|grown|growth|increase[ds]?|rise|rose|risen|fall|fell|decline[ds]?|drop(?:ped)?|change[ds]?)\b|\bhow much of\b",
    re.IGNORECASE,
)
#: A span of time answers only a question about time ("how long", "how many days").
_DURATION_UNIT = r"(?:years?|months?|weeks?|days?|hours?|minutes?)"
_DURATION_AFTER = re.compile(
    rf"\s+(?:(?!(?:a|an|per|each|every|the)\b)\w+\s+)?{_DURATION_UNIT}\b(?!-)", re.IGNORECASE
)
_DURATION_QUESTION = re.compile(
    rf"\bhow (?:long|fast|often|soon|quickly)\b|\bhow many {_DURATION_UNIT}|{_DURATION_UNIT}\b", re.IGNORECASE
)
#: What kind of figure answers a number question: a percentage, an amount of money, or any count.
_PERCENT_QUESTION = re.compile(r"\b(?:percentage|percent|per cent|share|proportion|fraction|rate)s?\b|%", re.IGNORECASE)
_MONEY_QUESTION = re.compile(
    r"\b(?:pa(?:y|id)|invest\w*|cost|spen[dt]|raised?|worth|price|valuation|capitali[sz]ation|fund\w*|capital|budget"
    r"|money|dollars?|yuan|rmb)\b",
    re.IGNORECASE,
)
#: Earnings are told as amounts or as growth and shares ("up 42%", "8% of total revenue").
_EARNINGS_QUESTION = re.compile(
    r"\b(?:revenue|sales|income|profit|earnings|margin|turnover|gmv|gross merchandise)\b", re.IGNORECASE
)
#: A question that names the currency wants an amount, not growth or a share ("revenue in dollars").
_CURRENCY_QUESTION = re.compile(
    r"\bin (?:us |u\.s\. )?(?:dollars|yuan|rmb|usd|euros?|rubles?|roubles?)\b|\bhow much money\b", re.IGNORECASE
)
#: "Who is Jack Ma?" asks what a named person is, not for another name ("Who is the CEO?" does).
_DESCRIBE_PERSON = re.compile(r"^(?i:who (?:is|was|are|were)) (?:[A-Z][\w.'’-]*\s*)+\??$")
_NAME_QUESTION = re.compile(
    r"^(?:who|whom|whose)\b|\b(?:which|what) (?:\w+ )?(?:company|companies|firm|firms|platform|platforms|partner"
    r"|partners|bank|banks|person|people|organi[sz]ation|organi[sz]ations|rival|rivals|competitor|competitors"
    r"|country|countries|market|markets|city|cities|website|websites|payment provider|brand|brands|retailers?"
    r"|marketplaces?|investors?|founders?|executives?|ceo|leaders?|shareholders?|startups?|continents?|regions?)\b",
    re.IGNORECASE,
)
_LIST_QUESTION = re.compile(
    r"^(?:why|how (?:did|does|do|has|have|was|were|is|are|can|could|should)|describe|explain|list|summari[sz]e|outline"
    r"|compare|contrast)\b|\bwhat (?:made|makes|led|leads|caused|causes|prompted|pushed|enabled|helped)\b"
    r"|\b(?:what|which) (?:\w+ ){0,2}(?:drove|drives|driven|motivat\w*|factors?|reasons?|challenges?|problems?"
    r"|obstacles?|barriers?|difficult\w*|strateg\w*|modes?|ways?|steps?|lessons?|outcomes?|results?|effects?"
    r"|impacts?|advantages?|benefits?|risks?|drivers?|motives?|measures?|methods?|approach\w*|tactics?"
    r"|downsides?|drawbacks?|consequences?|implications?|differences?|similarities|recommend\w*|suggest\w*)\b",
    re.IGNORECASE,
)

_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_DATE_SPAN = re.compile(
    rf"\b(?:(?:\d{{1,2}} )?{_MONTH} (?:\d{{1,2}}, )?)?(?:1[89]|20)\d\d(?:s|\s?[-–]\s?(?:(?:1[89]|20)\d\d|now|present))?\b"
    rf"|\b{_MONTH} \d{{1,2}}\b"
)
#: "one" alone is rarely a count ("one of the largest", "One Belt, One Road"); with a scale word it is.
_NUMBER_WORDS = r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|fifty|hundred|dozen)"
_NUMBER_SPAN = re.compile(
    r"(?:US\\?\$|\\?\$|RMB ?|¥|€|£)?\b\d+(?:,\d{3})*(?:\.\d+)?(?![\d,]*(?:st|nd|rd|th)\b)(?: ?%| ?percent| ?per cent)?"
    r"(?: ?(?:million|billion|trillion|thousand|bn|m)\b)?(?: (?:yuan|RMB|dollars|US dollars|users|buyers|packages|orders|days|times|countries|cities))?"
    rf"|\b{_NUMBER_WORDS}(?: (?:million|billion|trillion|thousand|times|percent))?\b"
    r"|\bone (?:million|billion|trillion|thousand|hundred)\b",
    re.IGNORECASE,
)
_PERCENT_SPAN = re.compile(r"%|\bper ?cent\b", re.IGNORECASE)
#: Money: a currency, or a scale word that no count noun follows ("3 million users" is not money).
_MONEY_SPAN = re.compile(r"[$¥€£]|\b(?:US|RMB|USD|yuan|dollars?)\b|\b(?:million|billion|trillion|bn)$", re.IGNORECASE)
#: Capitalised words, joined by "of", "de" or "&" only when another capitalised word follows ("Bank of China").
_NAME_SPAN = re.compile(r"\b[A-Z][\w&.-]*[a-z0-9][\w&.-]*(?:\s+(?:(?:of|de|&)\s+)?[A-Z][\w&.-]+)*(?<![\s.])")
_BARE_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_NOT_NAMES = frozenset(
    "The This That These Those In On At By For From With As It Its Their There Since After Before When While "
    "However Moreover Also And But Or If According Although Because During Through Today Currently "
    "Figure Table Source".split()
)


@cache
def _demonym() -> re.Pattern[str]:
    """A word naming where something comes from ("Russian consumers", "Chinese goods") describes; it names no one."""
    return re.compile(r"[A-Z][a-z]+(?:ian|ean|ese|ish)|" + "|".join(map(re.escape, load_lexicon().place_adjectives)))


#: "When X began ..., how many ...?": the question proper follows a leading clause and a comma.
_LEADING_CLAUSE = re.compile(
    r"^(?:when|after|before|while|since|once|in \d{4}|by \d{4}|at the end of \d{4})\b[^,?]*,\s*"
    r"(?=(?:how|what|which|who|whom|whose|where|why|when|in what|in which)\b)",
    re.IGNORECASE,
)


#: "How many orders did ...", "number of employees": the thing counted is the last word before a verb or a break.
_COUNTED = re.compile(
    r"\b(?:how many|number of)((?:\s+(?!(?:did|do|does|had|has|have|was|were|is|are|can|could|will|would|a|an|the|per"
    r"|in|on|at|by|and|or|of|for|to|from)\b)[A-Za-z][\w'’-]*)+)",
    re.IGNORECASE,
)


#: The counted noun may stand this many words after its figure ("3 million orders", "2 million new users"),
#: and is matched on its first letters, so "seller" and "sellers" are one.
COUNTED_WINDOW = 3
COUNTED_STEM = 5

#: "..., and why?", "... and with how many deals?", "2016 versus 2017": a question with a second part.
_SECOND_PART = re.compile(
    r"\band (?:(?:in|with|for|from|by|to|at) )?(?:why|how|when|what|which|who|whom|where)\b|\b(?:versus|vs\.?)\s",
    re.IGNORECASE,
)


#: A plural name the question asks for: "which companies", "what local partners", "who ... partners".
_SEVERAL_NAMES = re.compile(
    r"\b(?:which|what)(?: [\w'’-]+){0,2}? (?:companies|firms|platforms|partners|banks|people|organi[sz]ations"
    r"|rivals|competitors|countries|markets|cities|websites|brands|retailers|marketplaces|investors|founders"
    r"|executives|leaders|shareholders|startups|continents|regions)\b",
    re.IGNORECASE,
)


def asks_for_several(question: str) -> bool:
    """Whether a name question wants several names ("which companies ..."), which one sentence rarely holds."""
    return bool(_SEVERAL_NAMES.search(question))


def asks_two_things(question: str) -> bool:
    """Whether a question has a second part ("when ..., and why?"), which one sentence rarely answers."""
    return bool(_SECOND_PART.search(question))


def sentence_limit(question: str, answer_type: AnswerType) -> int:
    """How many sentences may answer: one for a factoid, two when it asks two things, several when it asks
    for several names ("which companies"), for a list or for an explanation."""
    if answer_type in FACTOID_TYPES:
        if asks_for_several(question):
            return MAX_SEVERAL_NAMES_SENTENCES
        return MAX_TWO_PART_SENTENCES if asks_two_things(question) else 1
    return MAX_LIST_SENTENCES if answer_type is AnswerType.LIST else MAX_OTHER_SENTENCES


def counted_noun(question: str) -> str | None:
    """What a "how many" question counts ("sellers" in "how many Russian local sellers had joined")."""
    match = _COUNTED.search(question)
    return match.group(1).split()[-1] if match else None


def detect_answer_type(question: str) -> AnswerType:
    """The answer a question asks for, from its wording (a date, a figure, a name, a list, or other)."""
    text = _LEADING_CLAUSE.sub("", question.strip())
    if _DATE_QUESTION.search(text):
        return AnswerType.DATE
    if _NUMBER_QUESTION.search(text):
        return AnswerType.NUMBER
    if _LIST_QUESTION.search(text):
        return AnswerType.LIST
    if _QUANTITY_QUESTION.search(text):
        return AnswerType.NUMBER
    if _DESCRIBE_PERSON.match(text):
        return AnswerType.OTHER
    if _NAME_QUESTION.search(text):
        return AnswerType.NAME
    return AnswerType.OTHER


def find_answer_span(sentence: str, answer_type: AnswerType, question: str = "") -> tuple[int, int] | None:
    """Where in ``sentence`` the expected date, figure or name is; spans already in the question are skipped.

    A question about a percentage wants a percentage and one about money wants
    an amount (a currency or a scale word): a bare count does not answer them.
    A "how many orders" question prefers the figure that the word "orders"
    follows ("3 million orders", not the 11 of "double 11").
    """
    spans = list(answer_spans(sentence, answer_type, question))
    counted = counted_noun(question) if answer_type is AnswerType.NUMBER else None
    if counted:
        counted_stem = re.escape(counted.lower()[:COUNTED_STEM])
        nearby = re.compile(rf"(?:\W+\w+){{0,{COUNTED_WINDOW - 1}}}?\W+{counted_stem}", re.IGNORECASE)
        followed = [
            (start, end)
            for start, end in spans
            if re.search(counted_stem, sentence[start:end], re.IGNORECASE) or nearby.match(sentence, end)
        ]
        spans = followed or spans
    return spans[0] if spans else None


def answer_spans(sentence: str, answer_type: AnswerType, question: str = "") -> Iterator[tuple[int, int]]:
    """Every span of ``sentence`` that could answer ``question``, in reading order."""
    pattern = {AnswerType.DATE: _DATE_SPAN, AnswerType.NUMBER: _NUMBER_SPAN, AnswerType.NAME: _NAME_SPAN}.get(
        answer_type
    )
    if pattern is None:
        return
    asked = question.lower()
    asked_words = set(re.findall(r"\w+", asked))
    fits = _number_fits(question) if answer_type is AnswerType.NUMBER else None
    asks_duration = bool(_DURATION_QUESTION.search(question))
    dates = [m.span() for m in _DATE_SPAN.finditer(sentence)] if answer_type is AnswerType.NUMBER else []
    for match in pattern.finditer(sentence):
        if any(start <= match.start() and match.end() <= end for start, end in dates):
            continue  # the 28 of "March 28, 2015" counts nothing
        found = match.group().strip()
        start = match.start() + (len(match.group()) - len(match.group().lstrip()))
        if answer_type is AnswerType.NAME:
            first, _, rest = found.partition(" ")
            if first in _NOT_NAMES and rest:  # "The Alibaba Group" names "Alibaba Group"
                found, start = rest, start + len(first) + 1
            words = re.findall(r"\w+", found.lower())
            if found in _NOT_NAMES or (match.start() == 0 and " " not in found) or asked_words.intersection(words):
                continue  # a name the question already gives is not its answer
            if _demonym().fullmatch(found):
                continue
        if not found or found.lower() in asked:
            continue
        if fits is not None and (_BARE_YEAR.fullmatch(found) or not fits(found)):
            continue  # "how much" is not answered by a year, "what percentage" not by a count
        if answer_type is AnswerType.NUMBER and not asks_duration and _DURATION_AFTER.match(sentence, match.end()):
            continue  # "six years" does not count employees
        yield start, start + len(found)


def _number_fits(question: str) -> Callable[[str], bool]:
    """A test of whether a figure is of the kind the question asks for."""
    if _PERCENT_QUESTION.search(question):
        return lambda found: bool(_PERCENT_SPAN.search(found))
    if re.search(r"\bhow many\b", question, re.IGNORECASE):
        return lambda found: not _PERCENT_SPAN.search(found)  # a count, not a share of something
    relative = not _CURRENCY_QUESTION.search(question) and bool(
        _RELATIVE_QUESTION.search(question) or _EARNINGS_QUESTION.search(question)
    )
    if _MONEY_QUESTION.search(question) or _EARNINGS_QUESTION.search(question):
        return lambda found: bool(_MONEY_SPAN.search(found) or (relative and _PERCENT_SPAN.search(found)))
    return lambda found: True
