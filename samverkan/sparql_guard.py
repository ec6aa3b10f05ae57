"""Bounds a SPARQL text must keep before any parser sees it, and what a real parser says it asks for.

pyoxigraph's and Oxigraph server's parsers recurse: about 2,500 nested `{`, 5,000 nested `(` or 10,000
`+`/`!` terms overflow the thread's stack and kill the whole process. `check_bounds` refuses such texts first,
with a tokenizer that reads strings (long strings with quotes too), IRIs, comments and escaped local names as
SPARQL does. The limits are far below what crashes and far above what a person or a program writes.

`may_ask_for` and `parsed_features` decide on SERVICE and LOAD: the first is a cheap, deliberately
over-cautious look at the raw text (no such word anywhere → no such operation), the second is rdflib's
SPARQL 1.1 parser, whose parse tree is the decision. It recurses deeply, so it runs in a worker process
(samverkan.sparql_worker) with a large stack.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import SamverkanError

#: deepest nesting of { } ( ) [ ] << >> a query may have (parsers crash from ≈ 2,500)
MAX_DEPTH = 64
#: most operators (+ - * / ! && || = < … | ^) in one expression, counting the groups it sits in (crash ≈ 10,000)
MAX_OPERATORS = 1_000
#: longest text, in characters
MAX_LENGTH = 1_000_000


class QueryRefused(SamverkanError):
    """A query or update that is not run, with the reason in English and Swedish."""

    def __init__(self, en: str, sv: str):
        super().__init__(en)
        self.en, self.sv = en, sv

    def text(self, lang: str = "en") -> str:
        return self.sv if lang == "sv" else self.en

    def both(self) -> str:
        """English, then Swedish: for protocol clients whose language is unknown."""
        return f"{self.en} / {self.sv}"


class QueryTooComplex(QueryRefused):
    """A query or update the server refuses to parse."""


@dataclass
class Bounds:
    """What the tokenizer measured."""

    depth: int = 0
    operators: int = 0
    line: int = 1


_IRI = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_NAME = re.compile(r"[?$@]?(?:[\w\-.:%\u00b7\u0300-\u036f\u203f-\u2040]|\\.)+")
_STRING = {q: re.compile(p) for q, p in {
    '"': r'"(?:[^"\\\n\r]|\\.)*"', "'": r"'(?:[^'\\\n\r]|\\.)*'",
    '"""': r'"""(?:[^"\\]|\\.|"(?!""))*"""', "'''": r"'''(?:[^'\\]|\\.|'(?!''))*'''"}.items()}
_SPACE = re.compile(r"[ \t\r\n]+")
_LINE_END = re.compile(r"[\r\n]")
_OPEN = {"{": "}", "(": ")", "[": "]"}
_CLOSE = set(_OPEN.values())
# Operators only count inside ( … ), where expressions live; / and | (property paths) count everywhere.
_EXPRESSION_OPERATORS = ("&&", "||", "!=", "<=", ">=", "!", "+", "-", "*", "=", "<", ">", "^")
_PATH_OPERATORS = ("/", "|")


def check_bounds(text: str, *, max_depth: int = MAX_DEPTH, max_operators: int = MAX_OPERATORS,
                 max_length: int = MAX_LENGTH) -> Bounds:
    """Measure `text`; raise QueryTooComplex when it nests deeper, chains more operators or is longer than allowed."""
    if len(text) > max_length:
        raise QueryTooComplex(
            f"the query is {len(text):,} characters long; at most {max_length:,} are read",
            f"frågan är {len(text):,} tecken lång; högst {max_length:,} tecken läses".replace(",", " "))
    measured = _measure(text, max_depth, max_operators)
    raw = _raw_depth(text)
    if raw > max_depth and measured.depth <= max_depth:
        # brackets inside strings or IRIs, read the other way round by some parser: refuse as well
        measured.depth = raw
    if measured.depth > max_depth:
        raise QueryTooComplex(
            f"the query nests brackets {measured.depth} deep (line {measured.line}); at most {max_depth} levels "
            "of { }, ( ) and [ ] are allowed: write it flatter",
            f"frågan har klamrar/parenteser i {measured.depth} nivåer (rad {measured.line}); högst {max_depth} "
            "nivåer tillåts: skriv den plattare")
    if measured.operators > max_operators:
        raise QueryTooComplex(
            f"the query has an expression of more than {max_operators} operators (line {measured.line}); "
            "split it up or use VALUES",
            f"frågan har ett uttryck med fler än {max_operators} operatorer (rad {measured.line}); "
            "dela upp det eller använd VALUES")
    return measured


def _measure(text: str, max_depth: int, max_operators: int) -> Bounds:
    """One pass of a SPARQL tokenizer; stops as soon as a limit is passed."""
    result = Bounds()
    stack: list[list] = []  # per open group: [bracket, operators in it]
    open_operators = 0  # operators in all open groups (an expression's parse tree is that deep)
    i, n = 0, len(text)
    previous = ""  # the last significant token's kind: "operand", "comma" or ""
    while i < n:
        c = text[i]
        if c in " \t\r\n":
            found = _SPACE.match(text, i)
            result.line += found.group().count("\n")
            i = found.end()
            continue
        if c == "#":  # to the end of the line, which a line feed or a carriage return ends (SPARQL's EOL)
            found = _LINE_END.search(text, i)
            i = found.start() if found else n
            continue
        if c in "\"'":
            long = text.startswith(c * 3, i)
            found = _STRING[c * 3 if long else c].match(text, i)
            if found:
                j = found.end()
            else:  # unterminated (a parser will say so): a long string takes the rest, a short one its line
                end = _LINE_END.search(text, i)
                j = n if long or not end else end.start()
            result.line += text.count("\n", i, j)
            i = j
            previous = "operand"
            continue
        if c == "<":
            match = _IRI.match(text, i)
            if match and not text.startswith("<<", i):
                # an IRI to a parser that reads it so; brackets inside count as if they were code, net of closes
                inner = match.group()[1:-1]
                net = sum(inner.count(b) for b in _OPEN) - sum(inner.count(b) for b in _CLOSE)
                if net > 0:
                    result.depth = max(result.depth, len(stack) + net)
                # `?a<!!…!true&&?b>1` is an IRI to this reader but two comparisons to a parser: its operators count
                if any(op in inner for op in _EXPRESSION_OPERATORS + _PATH_OPERATORS):
                    within = _measure("(" + inner + ")", max_depth, max_operators).operators
                    result.operators = max(result.operators, open_operators + within)
                    if result.operators > max_operators:
                        return result
                i = match.end()
                previous = "operand"
                continue
        if c in _OPEN or text.startswith("<<", i):
            size = 2 if c == "<" else 1
            stack.append([text[i:i + size], 0])
            result.depth = max(result.depth, len(stack))
            if result.depth > max_depth:
                return result
            i += size
            previous = ""
            continue
        if c in _CLOSE or text.startswith(">>", i):
            if stack:
                open_operators -= stack.pop()[1]
            i += 2 if c == ">" else 1
            previous = "operand"
            continue
        if c in "+-" and previous == "comma":  # the sign of a number in a list: `IN (-1, -2)`
            i += 1
            previous = ""
            continue
        operator = next((op for op in _PATH_OPERATORS + _EXPRESSION_OPERATORS if text.startswith(op, i)), None)
        if operator and not text.startswith("^^", i):
            counts = operator in _PATH_OPERATORS or (stack and stack[-1][0] == "(")
            if counts:
                if stack:
                    stack[-1][1] += 1
                open_operators += 1
                result.operators = max(result.operators, open_operators)
                if open_operators > max_operators:
                    return result
            i += len(operator)
            previous = ""
            continue
        if c == ",":
            previous = "comma"
            i += 1
            continue
        if c == "^":  # ^^ before a datatype
            i += 2
            previous = ""
            continue
        # a name, variable, number, prefixed name (local names may hold \\-escapes), blank node or language tag;
        # in an expression a hyphen inside one may be a minus to some parser (`true-true`, `1-1`): count it
        found = _NAME.match(text, i)
        token = found.group() if found else c
        if stack and stack[-1][0] == "(" and "-" in token:
            stack[-1][1] += token.count("-")
            open_operators += token.count("-")
            result.operators = max(result.operators, open_operators)
            if open_operators > max_operators:
                return result
        i += len(token)
        previous = "operand"
    result.operators = max(result.operators, open_operators)
    return result


def _raw_depth(text: str) -> int:
    """Bracket depth counting every bracket character, in strings and IRIs too (never below zero)."""
    depth = deepest = 0
    for c in text:
        if c in "{([":
            depth += 1
            if depth > deepest:
                deepest = depth
        elif c in "})]" and depth:
            depth -= 1
    return deepest


# -- SERVICE and LOAD ------------------------------------------------------------------------------

_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_SERVICE_OR_LOAD = re.compile(r"service|load", re.IGNORECASE)

#: parse-tree node names (rdflib.plugins.sparql.parserutils.CompValue.name) for what this server refuses
SERVICE = "ServiceGraphPattern"
LOAD = "Load"


def _decoded(text: str) -> str:
    """The text with \\uXXXX and \\UXXXXXXXX escapes decoded (SPARQL allows them anywhere)."""
    def char(m: re.Match) -> str:
        try:
            return chr(int(m.group(1) or m.group(2), 16))
        except ValueError:
            return m.group()
    return _CODEPOINT.sub(char, text)


def may_ask_for(text: str) -> bool:
    """False when the text cannot ask for SERVICE or LOAD: neither word occurs anywhere in it, in any case, also
    not through escapes. True means a parser must decide."""
    return bool(_SERVICE_OR_LOAD.search(_decoded(text)))


def parsed_features(text: str, update: bool) -> set[str]:
    """The names of the parse-tree nodes of a query (or update) as rdflib's SPARQL 1.1 parser reads it.

    Raises ValueError with the parser's message when rdflib cannot read it. Recurses deeply: call it on a
    thread with a large stack and a high recursion limit (the worker does)."""
    from pyparsing import ParseBaseException, ParseResults  # noqa: PLC0415 - heavy, only in the worker
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate  # noqa: PLC0415
    from rdflib.plugins.sparql.parserutils import CompValue  # noqa: PLC0415

    # rdflib ends a `#` comment at a line feed only; SPARQL (and the engine) at a carriage return too. A CR can
    # only stand in whitespace, comments and long strings, so as a line feed it changes nothing else.
    text = text.replace("\r", "\n")
    try:
        tree = parseUpdate(text) if update else parseQuery(text)
    except ParseBaseException as exc:
        raise ValueError(str(exc)) from None
    except Exception as exc:  # noqa: BLE001 - rdflib raises what it likes on odd input
        raise ValueError(f"{type(exc).__name__}: {exc}") from None
    names: set[str] = set()
    todo = [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, CompValue):
            names.add(node.name)
            todo.extend(node.values())
        elif isinstance(node, (list, tuple, ParseResults)):
            todo.extend(node)
    return names


def check_no_outgoing(text: str, update: bool = False) -> None:
    """Raise QueryRefused when the text asks for SERVICE or LOAD, or names one and rdflib cannot read it.

    For a process without a worker (the CLI): rdflib parses here, on a thread with a large stack and a high
    recursion limit while it runs. Call check_bounds first."""
    if not may_ask_for(text):
        return
    import sys  # noqa: PLC0415
    import threading  # noqa: PLC0415

    from .sparql_worker import RECURSION_LIMIT, STACK_BYTES  # noqa: PLC0415

    found: list = []

    def parse() -> None:
        try:
            found.append(parsed_features(text, update))
        except ValueError as exc:
            found.append(str(exc))

    limit, stack = sys.getrecursionlimit(), threading.stack_size(STACK_BYTES)
    sys.setrecursionlimit(max(limit, RECURSION_LIMIT))
    try:
        thread = threading.Thread(target=parse, name="sparql-check")
        thread.start()
        thread.join()
    finally:
        threading.stack_size(stack)
        sys.setrecursionlimit(limit)
    features = found[0] if found else "the check did not finish"
    if isinstance(features, str):
        raise QueryRefused(
            f"the text names SERVICE or LOAD and the SPARQL 1.1 parser (rdflib) could not read it to check what it "
            f"asks for, so it was not run (SERVICE and LOAD are not allowed): {features}",
            f"texten nämner SERVICE eller LOAD och SPARQL 1.1-tolken (rdflib) kunde inte läsa den för att se vad den "
            f"begär, så den kördes inte (SERVICE och LOAD är inte tillåtna): {features}")
    if SERVICE in features:
        raise QueryRefused("SERVICE (federated query) is not allowed: Samverkan makes no outgoing requests",
                           "SERVICE (federerad fråga) är inte tillåtet: Samverkan gör inga utgående anrop")
    if LOAD in features:
        raise QueryRefused("LOAD is not allowed: Samverkan makes no outgoing requests",
                           "LOAD är inte tillåtet: Samverkan gör inga utgående anrop")
