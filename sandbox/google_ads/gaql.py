"""A parser for the Google Ads Query Language (GAQL) subset the sandbox serves.

Grammar (https://developers.google.com/google-ads/api/docs/query/grammar), keywords in any case::

    Query      -> SELECT Field (, Field)* FROM Resource [WHERE Condition (AND Condition)*]
                  [ORDER BY Field [ASC|DESC] (, ...)*] [LIMIT PositiveInteger]
                  [PARAMETERS Name = Value (, ...)*]
    Condition  -> Field Operator Value
    Operator   -> = | != | > | >= | < | <= | IN | NOT IN | BETWEEN Value AND Value | DURING Range
                  | IS NULL | IS NOT NULL | LIKE | NOT LIKE | CONTAINS ANY|ALL|NONE | REGEXP_MATCH
    Value      -> 'string' | "string" | Number | ENUM_CONSTANT | ( Value (, Value)* )

Everything here is syntax: which fields exist and what they may be combined with is checked in
:mod:`sandbox.google_ads.fields`. Errors are :class:`GaqlError` carrying the ``QueryError`` enum
name the real API returns (``EXPECTED_FROM``, ``STRING_NOT_TERMINATED``...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<string>'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
      | (?P<open_string>['"])
      | (?P<number>-?\d+(?:\.\d+)?)
      | (?P<op>!=|>=|<=|=|>|<)
      | (?P<punct>[(),])
      | (?P<word>[A-Za-z_][A-Za-z0-9_.]*)
      | (?P<bad>\S)
    )""",
    re.VERBOSE,
)
KEYWORDS = frozenset(
    {
        "SELECT",
        "FROM",
        "WHERE",
        "AND",
        "ORDER",
        "BY",
        "ASC",
        "DESC",
        "LIMIT",
        "PARAMETERS",
        "IN",
        "NOT",
        "BETWEEN",
        "DURING",
        "IS",
        "NULL",
        "LIKE",
        "CONTAINS",
        "ANY",
        "ALL",
        "NONE",
        "REGEXP_MATCH",
    }
)
UNSUPPORTED_OPERATORS = frozenset(
    {
        "LIKE",
        "NOT LIKE",
        "CONTAINS ANY",
        "CONTAINS ALL",
        "CONTAINS NONE",
        "REGEXP_MATCH",
        "NOT REGEXP_MATCH",
        "IS NULL",
        "IS NOT NULL",
    }
)


class GaqlError(ValueError):
    """A query the API rejects.

    Attributes:
        code: name of the ``QueryError`` enum value (``UNRECOGNIZED_FIELD`` ...).
        message: human-readable explanation (as the API's ``GoogleAdsError.message``).
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Token:
    """One lexical token: ``kind`` is string, number, op, punct or word (keywords upper-cased)."""

    kind: str
    text: str
    pos: int

    @property
    def keyword(self) -> str | None:
        """The keyword this word spells, or None."""
        up = self.text.upper()
        return up if self.kind == "word" and up in KEYWORDS else None


Value = str | int | float | tuple["Value", ...]


@dataclass(frozen=True)
class Condition:
    """``field op value``: ``op`` upper-case (``NOT IN``), ``value`` a tuple for IN/BETWEEN.

    String literals keep no quotes; enum constants and date-range names (``LAST_7_DAYS``) are
    plain strings; numbers are int or float.
    """

    field: str
    op: str
    value: Value


@dataclass(frozen=True)
class Query:
    """A parsed GAQL query."""

    fields: tuple[str, ...]
    resource: str
    where: tuple[Condition, ...] = ()
    order_by: tuple[tuple[str, bool], ...] = ()  # (field, descending)
    limit: int | None = None
    parameters: dict[str, str] = field(default_factory=dict)


def tokenize(text: str) -> list[Token]:
    """Split a query into tokens.

    Raises:
        GaqlError: ``STRING_NOT_TERMINATED`` / ``PROHIBITED_NEWLINE_IN_STRING`` /
            ``BAD_SYMBOL``.
    """
    out, pos = [], 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:  # only trailing whitespace is left
            break
        kind = m.lastgroup or "bad"
        start = m.start(kind)
        if kind == "open_string":
            newline = "\n" in text[start:]
            raise GaqlError(
                "PROHIBITED_NEWLINE_IN_STRING" if newline else "STRING_NOT_TERMINATED",
                f"String starting at position {start} is not terminated",
            )
        if kind == "bad":
            raise GaqlError(
                "BAD_SYMBOL", f"Unexpected symbol {m.group(kind)!r} at position {start}"
            )
        out.append(Token(kind, m.group(kind), start))
        pos = m.end()
    return out


class _Parser:
    def __init__(self, text: str) -> None:
        self.toks = tokenize(text)
        self.i = 0

    def peek(self) -> Token | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def next(self, what: str) -> Token:
        tok = self.peek()
        if tok is None:
            raise GaqlError("UNEXPECTED_END_OF_QUERY", f"Query ended where {what} was expected")
        self.i += 1
        return tok

    def accept(self, *keywords: str) -> bool:
        tok = self.peek()
        if tok is not None and tok.keyword in keywords:
            self.i += 1
            return True
        return False

    def expect(self, keyword: str, code: str) -> None:
        if not self.accept(keyword):
            tok = self.peek()
            found = "the end of the query" if tok is None else repr(tok.text)
            raise GaqlError(code, f"Expected {keyword}, found {found}")

    def field_name(self) -> str:
        tok = self.next("a field name")
        if tok.kind != "word" or tok.keyword is not None:
            raise GaqlError(
                "BAD_FIELD_NAME", f"Expected a field name at position {tok.pos}, found {tok.text!r}"
            )
        return tok.text

    def fields(self) -> tuple[str, ...]:
        names = [self.field_name()]
        while self.peek() is not None and self.peek().text == ",":  # type: ignore[union-attr]
            self.i += 1
            names.append(self.field_name())
        return tuple(names)

    def scalar(self) -> Value:
        tok = self.next("a value")
        if tok.kind == "string":
            body = tok.text[1:-1]
            return re.sub(r"\\(.)", r"\1", body)
        if tok.kind == "number":
            return float(tok.text) if "." in tok.text else int(tok.text)
        if tok.kind == "word" and tok.keyword is None:
            return tok.text
        raise GaqlError("BAD_VALUE", f"Expected a value at position {tok.pos}, found {tok.text!r}")

    def value_list(self) -> tuple[Value, ...]:
        tok = self.next("a list")
        if tok.text != "(":
            raise GaqlError("EXPECTED_LIST", f"Expected '(' at position {tok.pos}")
        if self.peek() is not None and self.peek().text == ")":  # type: ignore[union-attr]
            raise GaqlError("PROHIBITED_EMPTY_LIST_IN_CONDITION", "Empty list in a condition")
        values = [self.scalar()]
        while True:
            tok = self.next("',' or ')'")
            if tok.text == ")":
                return tuple(values)
            if tok.text != ",":
                raise GaqlError("EXPECTED_LIST", f"Expected ',' or ')' at position {tok.pos}")
            values.append(self.scalar())

    def operator(self) -> str:
        tok = self.next("an operator")
        if tok.kind == "op":
            return tok.text
        kw = tok.keyword
        if kw == "NOT":
            follow = self.next("IN, LIKE or REGEXP_MATCH").text.upper()
            return f"NOT {follow}"
        if kw == "IS":
            negated = self.accept("NOT")
            if not self.accept("NULL"):
                raise GaqlError("BAD_OPERATOR", f"Expected NULL after IS at position {tok.pos}")
            return "IS NOT NULL" if negated else "IS NULL"
        if kw == "CONTAINS":
            return f"CONTAINS {self.next('ANY, ALL or NONE').text.upper()}"
        if kw in ("IN", "BETWEEN", "DURING", "LIKE", "REGEXP_MATCH"):
            return kw
        raise GaqlError("BAD_OPERATOR", f"Unknown operator {tok.text!r} at position {tok.pos}")

    def condition(self) -> Condition:
        name = self.field_name()
        op = self.operator()
        if op in ("IN", "NOT IN"):
            return Condition(name, op, self.value_list())
        if op == "BETWEEN":
            low = self.scalar()
            if not self.accept("AND"):
                raise GaqlError(
                    "EXPECTED_VALUE_WITH_BETWEEN_OPERATOR", "BETWEEN needs two values joined by AND"
                )
            return Condition(name, op, (low, self.scalar()))
        if op in ("IS NULL", "IS NOT NULL"):
            return Condition(name, op, ())
        return Condition(name, op, self.scalar())

    def parse(self) -> Query:
        self.expect("SELECT", "EXPECTED_SELECT")
        fields = self.fields()
        self.expect("FROM", "EXPECTED_FROM")
        resource = self.field_name()
        if "." in resource:
            raise GaqlError("BAD_RESOURCE_TYPE_IN_FROM_CLAUSE", f"{resource!r} is not a resource")
        where: list[Condition] = []
        if self.accept("WHERE"):
            where.append(self.condition())
            while self.accept("AND"):
                where.append(self.condition())
        order: list[tuple[str, bool]] = []
        if self.accept("ORDER"):
            self.expect("BY", "EXPECTED_BY")
            while True:
                name = self.field_name()
                desc = self.accept("DESC")
                if not desc:
                    self.accept("ASC")
                order.append((name, desc))
                if self.peek() is None or self.peek().text != ",":  # type: ignore[union-attr]
                    break
                self.i += 1
        limit = self.limit()
        params = self.parameters()
        tok = self.peek()
        if tok is not None:
            raise GaqlError(
                "UNEXPECTED_INPUT", f"Unexpected input {tok.text!r} at position {tok.pos}"
            )
        return Query(fields, resource, tuple(where), tuple(order), limit, params)

    def limit(self) -> int | None:
        if not self.accept("LIMIT"):
            return None
        tok = self.next("a limit")
        if tok.kind != "number" or "." in tok.text:
            raise GaqlError("BAD_LIMIT_VALUE", f"LIMIT must be a positive integer, got {tok.text}")
        if int(tok.text) <= 0:
            raise GaqlError("LIMIT_VALUE_TOO_LOW", "LIMIT must be at least 1")
        return int(tok.text)

    def parameters(self) -> dict[str, str]:
        out: dict[str, str] = {}
        if not self.accept("PARAMETERS"):
            return out
        while True:
            name = self.next("a parameter name")
            if self.next("'='").text != "=":
                raise GaqlError("BAD_PARAMETER_NAME", f"Expected '=' after {name.text}")
            out[name.text] = str(self.scalar())
            if self.peek() is None or self.peek().text != ",":  # type: ignore[union-attr]
                return out
            self.i += 1


def parse(text: str) -> Query:
    """Parse a GAQL query.

    Args:
        text: the query, as sent in ``SearchGoogleAdsStreamRequest.query``.

    Returns:
        The parsed :class:`Query` (syntax only; see ``fields.validate`` for the semantics).

    Raises:
        GaqlError: with the ``QueryError`` name the real API returns for the mistake.
    """
    if not text.strip():
        raise GaqlError("EXPECTED_SELECT", "The query is empty")
    return _Parser(text).parse()
