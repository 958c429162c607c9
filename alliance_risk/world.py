"""The World: every record of a scenario, checked as a whole.

Second stage of the data flow (records -> World -> compiled arrays -> ...). A
``World`` is an immutable pydantic model. Building one checks each record and then
the facts that span records (unknown state codes, with close matches; duplicate ids),
and reports every problem at once in a single ``ValidationError``, each a sentence that
names the record, the field, the value and what was expected.

The JSON form of a World is the scenario file format; :func:`read_world` and
:func:`write_world` move between the two and round-trip exactly. Reading a file refuses
what JSON parsers usually let through: a key given twice in one object (the first value
would be lost without a word), numbers too large to read, nesting too deep for a World.
"""

from __future__ import annotations

import difflib
import json
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, field_validator

from ._errors import (
    NOT_A_STATE_CODE,
    InvalidParameterError,
    InvalidWorldError,
    JsonNumber,
    Problem,
    compose,
    describe,
    field_path,
    named_error,
    show,
    shown,
)
from .models import (
    Check,
    Conflict,
    Contiguity,
    Deployment,
    Exercise,
    FrozenModel,
    IsoDate,
    JointIgos,
    Lifeline,
    Pact,
    Record,
    Rivalry,
    State,
    Summit,
    check_order,
)
from .states import Coding, hint, resolve_state, state_index

__all__ = [
    "RECORD_KINDS",
    "Coverage",
    "World",
    "WorldSummary",
    "read_world",
    "summarize",
    "world_from_json",
    "world_schema",
    "world_to_json",
    "write_world",
]

#: The record lists of a World, in file order, with the model each holds.
RECORD_KINDS: Mapping[str, type[Record]] = {
    "pacts": Pact,
    "deployments": Deployment,
    "summits": Summit,
    "exercises": Exercise,
    "lifelines": Lifeline,
    "conflicts": Conflict,
    "rivalries": Rivalry,
    "contiguities": Contiguity,
    "joint_igos": JointIgos,
}

# Fields that hold state codes, per record list, as each kind declares them (a conflict's
# are nested in its sides: see _conflict_codes).
_CODE_FIELDS: Mapping[str, tuple[tuple[str, bool], ...]] = {
    kind: model.state_fields for kind, model in RECORD_KINDS.items()
}


class Coverage(FrozenModel):
    """The period over which a World's records of one kind are complete.

    Inside it, no record of the kind means none happened; outside it, nothing is known,
    and the signals that read only that kind are left out of scores (their weight is
    spread over the rest).

    Examples
    --------
    >>> Coverage(first=date(1816, 1, 1), last=date(2014, 12, 31)).last.year
    2014
    """

    first: IsoDate
    last: IsoDate

    @classmethod
    def _checks(cls, values: Mapping[str, Any]) -> list[Check]:
        return check_order(values, "first", "last")


_KIND_NAME = {"states": "State", **{k: m.__name__ for k, m in RECORD_KINDS.items()}}


class World(FrozenModel):
    """Every state and record of a scenario, validated as a whole.

    Parameters
    ----------
    states : tuple of State
        The states records may refer to, in a fixed order (used for score matrices).
    pacts, deployments, summits, exercises, lifelines : tuple of records
        Each may be empty.
    conflicts, rivalries, contiguities : tuple of records
        The history of enmity: disputes and wars with their sides, strategic
        rivalries, and contiguity spells. Each may be empty.
    joint_igos : tuple of JointIgos
        Pairs' joint memberships of intergovernmental organisations over time.
    coverage : dict of Coverage
        Per record kind (``"conflicts"``), the period over which its records are
        complete. A kind not named is complete at every date if the World holds any
        record of it, and unknown at every date if it holds none: a pact-only World
        says nothing about troops, and is not scored as if it said "none".
    datasets : tuple of str
        Keys of the published data sets the records come from (``"atop"``), for
        :func:`~alliance_risk.cite`; empty for hand-made scenarios.
    coding : {"iso3", "cow", "custom"}
        How the state codes are written: ISO 3166-1 alpha-3 (the built-in scenario),
        COW abbreviations (worlds built from COW and ATOP data), or codes of one's own
        (``"custom"``, the default: nothing is assumed of codes a World does not
        declare). :func:`~alliance_risk.states.resolve_state` reads it to translate
        codes of the other coding through the package's crosswalk and to refuse a code
        that means another state in this one (``KOR`` in a COW-coded World is Korea of
        1887-1905, not South Korea).

    Raises
    ------
    pydantic.ValidationError
        (a ``ValueError``) listing every problem found: bad fields, records that
        contradict themselves, unknown state codes (with close matches), duplicate
        ids or codes. Each error's ``msg`` is a whole sentence naming the record (and
        where it sits), the field, the value and what was expected.

    Examples
    --------
    >>> from datetime import date
    >>> w = World(
    ...     states=[State(code="RUS", name="Russia"), State(code="PRK", name="North Korea")],
    ...     summits=[Summit(id="S1", participants=("RUS", "PRK"), date=date(2019, 4, 25),
    ...                     source=("S123",), confidence="confirmed")],
    ... )
    >>> w.codes
    ('RUS', 'PRK')
    >>> bad = {"states": [{"code": "RUS", "name": "Russia"}, {"code": "PRK", "name": "DPRK"}],
    ...        "summits": [{"id": "S1", "participants": ["RUS", "PKR"], "date": "2019-04-25",
    ...                     "source": ["S123"], "confidence": "confirmed"}]}
    >>> try:
    ...     World.model_validate(bad)
    ... except ValueError as exc:
    ...     print(exc.errors()[0]["msg"])  # doctest: +NORMALIZE_WHITESPACE
    Summit 'S1' (summits[0]): participants[1]='PKR' is not a state in this World;
    did you mean 'PRK'?
    """

    states: tuple[State, ...] = ()
    pacts: tuple[Pact, ...] = ()
    deployments: tuple[Deployment, ...] = ()
    summits: tuple[Summit, ...] = ()
    exercises: tuple[Exercise, ...] = ()
    lifelines: tuple[Lifeline, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    rivalries: tuple[Rivalry, ...] = ()
    contiguities: tuple[Contiguity, ...] = ()
    joint_igos: tuple[JointIgos, ...] = ()
    coverage: dict[str, Coverage] = Field(default_factory=dict)
    datasets: tuple[str, ...] = ()
    coding: Coding = "custom"

    @field_validator("coverage")
    @classmethod
    def _check_coverage(cls, value: dict[str, Coverage]) -> dict[str, Coverage]:
        for kind in value:
            if kind not in RECORD_KINDS:
                close = difflib.get_close_matches(kind, list(RECORD_KINDS), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                raise named_error(
                    f"coverage names {kind!r}, which is not a record kind{hint} "
                    f"(kinds: {', '.join(RECORD_KINDS)})"
                )
        return value

    def covered(self, kind: str) -> tuple[date, date] | None:
        """Return the period over which records of ``kind`` are complete, or ``None``.

        Examples
        --------
        >>> World().covered("pacts") is None
        True
        """
        if kind in self.coverage:
            c = self.coverage[kind]
            return c.first, c.last
        if getattr(self, kind):
            return date.min, date.max
        return None

    @classmethod
    def _where(cls, loc: tuple[str | int, ...], data: Any) -> tuple[str, tuple[str | int, ...]]:
        if len(loc) >= 2 and loc[0] in _KIND_NAME and isinstance(loc[1], int):
            return _record_label(str(loc[0]), loc[1], data), loc[2:]
        return "World", loc

    @classmethod
    def _checks(cls, values: Mapping[str, Any]) -> list[Check]:
        return _cross_record_checks(values)

    @classmethod
    def _describe(cls, err: Mapping[str, Any], data: Any) -> tuple[str, bool]:
        what, named = describe(err, tuple(cls.model_fields))
        value = err.get("input")
        if what.startswith(NOT_A_STATE_CODE) and isinstance(value, str):
            # The World knows its states: say which one a name, alias or case meant.
            said = _hint(value, data)
            if said:
                what = NOT_A_STATE_CODE + said
        return what, named

    @classmethod
    def _checks_of_invalid(cls, data: Any, errors: list[Any]) -> list[Check]:
        # Cross-record facts are checked on the raw records even when some of them
        # failed, so that one run lists every problem in the file.
        return _cross_record_checks(data) if isinstance(data, Mapping) else []

    def __repr__(self) -> str:
        s = summarize(self)
        kinds = ", ".join(f"{n} {k}" for k, n in s.counts.items() if k != "states" and n)
        span = f"; {s.first} to {s.last}" if s.first is not None else ""
        shown = ", ".join(self.codes[:8]) + (", ..." if len(self.codes) > 8 else "")
        return f"World({len(self.states)} states: {shown}; records: {kinds or 'none'}{span})"

    __str__ = __repr__  # pydantic's would list every record

    def _repr_html_(self) -> str:
        from html import escape

        s = summarize(self)
        rows = "".join(
            f"<tr><td>{escape(k)}</td><td>{n}</td></tr>" for k, n in s.counts.items() if n
        )
        span = f"{s.first} to {s.last}" if s.first is not None else "no records"
        return (
            f"<table><caption>World: {escape(span)}</caption><thead><tr><th>kind</th>"
            f"<th>count</th></tr></thead><tbody>{rows}</tbody></table>"
        )

    @property
    def codes(self) -> tuple[str, ...]:
        """State codes in World order."""
        return tuple(s.code for s in self.states)

    def state(self, code: str | int) -> State:
        """Return the state a code, name, alias or COW number names.

        Resolved as :func:`~alliance_risk.states.resolve_state` does (in any letter
        case, and through the crosswalk from the other coding).

        Raises
        ------
        KeyError
            With what was probably meant, if no state (or more than one) is named.

        Examples
        --------
        >>> from alliance_risk import load_scenario
        >>> w = load_scenario("axis-of-upheaval")
        >>> w.state("PRK").name, w.state("dprk").code, w.state(731).code
        ('North Korea', 'PRK', 'PRK')
        """
        try:
            found = resolve_state(self, code, func="World.state")
        except LookupError as exc:  # KeyError, as a mapping's lookup raises
            raise KeyError(str(exc)) from None
        return self.states[self.codes.index(found)]

    def records(self) -> Iterator[Record]:
        """Yield every record except states, in file order.

        Examples
        --------
        >>> from alliance_risk import load_scenario
        >>> w = load_scenario("axis-of-upheaval")
        >>> sum(1 for _ in w.records()) >= 80
        True
        """
        for kind in RECORD_KINDS:
            yield from getattr(self, kind)

    def record(self, record_id: str) -> Record:
        """Return the record with this id.

        Examples
        --------
        >>> from alliance_risk import load_scenario
        >>> load_scenario("axis-of-upheaval").record("P2-RUS-PRK-CSP").name
        'Comprehensive Strategic Partnership Treaty (Russia-DPRK)'
        """
        for r in self.records():
            if r.id == record_id:
                return r
        ids = [r.id for r in self.records()]
        close = difflib.get_close_matches(record_id, ids, n=3)
        hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
        raise KeyError(f"no record has id {record_id!r}{hint}")


# --- cross-record checks ------------------------------------------------------------


def _get(item: Any, key: str) -> Any:
    if isinstance(item, Mapping):
        return item.get(key)
    return getattr(item, key, None)


def _items(data: Any, key: str) -> list[Any]:
    value = _get(data, key)
    return list(value) if isinstance(value, list | tuple) else []


def _record_id(data: Any, kind: str, i: int) -> str | None:
    items = _items(data, kind)
    rid = _get(items[i], "code" if kind == "states" else "id") if 0 <= i < len(items) else None
    return rid if isinstance(rid, str) else None


def _record_label(kind: str, i: int, data: Any) -> str:
    """``Pact 'P2' (pacts[0])``, or ``Pact (pacts[0])`` for a record with no readable id."""
    rid = _record_id(data, kind, i)
    name = _KIND_NAME[kind]
    return f"{name} {show(rid)} ({kind}[{i}])" if rid is not None else f"{name} ({kind}[{i}])"


_STATE_CODE = re.compile(r"[A-Z][A-Z0-9]{1,5}")


def _hint(code: str, data: Any) -> str:
    """Say what an unknown state code in a file probably meant (through the resolver).

    Records in a file must carry the World's codes exactly (a file is data, read the
    same by everyone); the resolver says which code a name, alias, case or code of the
    other coding stands for.
    """
    return hint(state_index(_items(data, "states"), _get(data, "coding")), code)


def _codes_of(kind: str, rec: Any) -> Iterator[tuple[tuple[str | int, ...], str, Any]]:
    """Yield ``(location in the record, field label, value)`` of every state code it holds."""
    if kind == "conflicts":
        for s, side in enumerate(_items(rec, "sides")):
            for k, p in enumerate(side if isinstance(side, list | tuple) else ()):
                yield ("sides", s, k, "state"), f"sides[{s}][{k}].state", _get(p, "state")
        return
    for field, many in _CODE_FIELDS[kind]:
        value = _get(rec, field)
        values = list(value) if many and isinstance(value, list | tuple) else [value]
        for j, code in enumerate(values):
            if many:
                yield (field, j), f"{field}[{j}]", code
            else:
                yield (field,), field, code
    if kind == "pacts":
        for k, pl in enumerate(_items(rec, "pledges")):
            for field in ("party", "toward"):
                yield ("pledges", k, field), f"pledges[{k}].{field}", _get(pl, field)


def _cross_record_checks(data: Any) -> list[Check]:
    """Return the facts that span records and fail: unknown codes, duplicate ids."""
    out: list[Check] = []
    states = _items(data, "states")
    known: set[str] = set()
    ccodes: dict[int, str] = {}
    for i, s in enumerate(states):
        code, ccode = _get(s, "code"), _get(s, "ccode")
        if isinstance(code, str):
            if code in known:
                out.append(
                    (
                        ("states", i, "code"),
                        f"code={code!r} is used by an earlier state; expected unique state codes",
                        code,
                    )
                )
            known.add(code)
        if isinstance(ccode, int) and not isinstance(ccode, bool) and isinstance(code, str):
            if ccode in ccodes and ccodes[ccode] != code:
                out.append(
                    (
                        ("states", i, "ccode"),
                        f"ccode={ccode} is already the ccode of {ccodes[ccode]!r}; expected "
                        "unique COW codes",
                        ccode,
                    )
                )
            ccodes.setdefault(ccode, code)
    # A state whose own code is malformed ('rus') is reported once, on the state.
    miswritten = {c.upper() for c in known if not _STATE_CODE.fullmatch(c)}
    states_readable = isinstance(_get(data, "states"), list | tuple | None)

    seen_ids: dict[str, str] = {}
    for kind in RECORD_KINDS:
        for i, rec in enumerate(_items(data, kind)):
            rid = _get(rec, "id")
            if isinstance(rid, str):
                if rid in seen_ids:
                    out.append(
                        (
                            (kind, i, "id"),
                            f"id={rid!r} is already used by {seen_ids[rid]}; expected ids "
                            "unique across all records",
                            rid,
                        )
                    )
                else:
                    seen_ids[rid] = f"{kind}[{i}]"
            if not states_readable:
                continue
            for loc, where, code in _codes_of(kind, rec):
                if (
                    not isinstance(code, str)
                    or code in known
                    or code in miswritten
                    or not _STATE_CODE.fullmatch(code)  # reported on the field itself
                ):
                    continue
                out.append(
                    (
                        (kind, i, *loc),
                        f"{where}={code!r} is not a state in this World{_hint(code, data)}",
                        code,
                    )
                )
    return out + _igo_overlaps(_items(data, "joint_igos"))


def _igo_overlaps(items: Sequence[Any]) -> list[Check]:
    """Return the joint IGO spells that overlap another record's spell of the same pair.

    A pair shares one number of IGOs on a day; two counts for it would be contradictory
    data (which would the signal read?). Items not yet valid are checked once they are.
    """
    records: dict[frozenset[str], list[tuple[int, JointIgos]]] = {}
    for i, rec in enumerate(items):
        if not isinstance(rec, JointIgos):
            try:
                rec = JointIgos.model_validate(rec)
            except (ValidationError, TypeError):
                continue  # its own errors are reported on it
        records.setdefault(frozenset(rec.members), []).append((i, rec))
    out: list[Check] = []
    for pair, recs in records.items():
        if len(recs) < 2:
            continue  # one record: its own spells are checked in order by JointIgos
        rows = sorted((c.start, c.end, i, k) for i, rec in recs for k, c in enumerate(rec.counts))
        reach = rows[0]  # the spell reaching furthest so far
        for row in rows[1:]:
            start, end, i, k = row
            if start <= reach[1] and i != reach[2]:
                out.append(
                    (
                        ("joint_igos", i, "counts", k, "start"),
                        f"counts[{k}].start={start} falls in counts[{reach[3]}] (to "
                        f"{reach[1]}) of {_get(items[reach[2]], 'id')!r}, another record of "
                        f"{'-'.join(sorted(pair))}; expected one joint IGO count per pair "
                        "and day",
                        start.isoformat(),
                    )
                )
                break
            if end > reach[1]:
                reach = row
    return out


# --- problems, files and JSON ---------------------------------------------------------


def world_problems(exc: ValidationError, data: Any) -> list[Problem]:
    """Turn a World's errors into :class:`Problem` s (their messages are whole sentences).

    Examples
    --------
    >>> from pydantic import ValidationError
    >>> data = {"states": [{"code": "RUS", "name": "Russia"}], "summits": [{"id": "S1",
    ...         "participants": ["RUS", "PKR"], "date": "2019-04-25", "source": ["x"],
    ...         "confidence": "confirmed"}]}
    >>> try:
    ...     World.model_validate(data)
    ... except ValidationError as exc:
    ...     print(world_problems(exc, data)[0].record)
    S1
    """
    problems = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        record = None
        if len(loc) >= 2 and isinstance(loc[0], str) and isinstance(loc[1], int):
            record = _record_id(data, loc[0], loc[1])
        ctx = err.get("ctx") or {}
        if "message" in ctx:
            message = str(ctx["message"])
        else:  # not restated by the World (never expected): restate it here
            label, rel = World._where(loc, data)
            what, named = World._describe(err, data)
            message = compose(label, rel, shown(err), what, named)
        problems.append(
            Problem(location=field_path(loc) or "(file)", record=record, message=message)
        )
    return problems


#: Integers with more digits than this are read as :class:`JsonNumber` (refused by
#: every field): no count or figure of a World comes near it.
_MAX_DIGITS = 40


def _parse_int(text: str) -> int | JsonNumber:
    return JsonNumber(text) if len(text) > _MAX_DIGITS else int(text)


def _parse_float(text: str) -> float | JsonNumber:
    value = float(text)
    return value if math.isfinite(value) else JsonNumber(text)


#: A key given more than once: (path of its object, the objects along that path from
#: the top, the key, how many times it is given).
Repeated = tuple[tuple[str | int, ...], tuple[Any, ...], str, int]


def load_json(text: str | bytes) -> tuple[Any, list[Repeated]]:
    """Parse JSON text, and find every key given more than once in one object.

    Returns the data and each repeated key (see :data:`Repeated`), those inside values
    that a later key replaced included: JSON parsers keep the last value without a
    word, which would lose data. Numbers too large to read become :class:`JsonNumber`.

    Raises
    ------
    json.JSONDecodeError, UnicodeDecodeError, RecursionError
        As :func:`json.loads` does.
    """
    # For each object with a repeated key: its counts, and the values replaced.
    repeated: list[tuple[dict[str, Any], dict[str, int], list[tuple[str, Any]]]] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        obj: dict[str, Any] = {}
        counts: dict[str, int] = {}
        replaced: list[tuple[str, Any]] = []
        for key, value in items:
            if key in obj:
                counts[key] = counts.get(key, 1) + 1
                replaced.append((key, obj[key]))
            obj[key] = value
        if counts:
            repeated.append((obj, counts, replaced))
        return obj

    data = json.loads(text, object_pairs_hook=pairs, parse_int=_parse_int, parse_float=_parse_float)
    found: list[Repeated] = []
    if repeated:
        # The objects are kept alive by ``repeated``, so their ids are not reused.
        where = {id(obj): (counts, replaced) for obj, counts, replaced in repeated}
        stack: list[tuple[tuple[str | int, ...], tuple[Any, ...], Any]] = [((), (), data)]
        while stack:
            path, nodes, node = stack.pop()
            here = (*nodes, node)
            if isinstance(node, dict):
                counts, replaced = where.get(id(node), ({}, []))
                found.extend((path, here, key, n) for key, n in counts.items())
                children = [*node.items(), *replaced]
                stack.extend(((*path, k), here, v) for k, v in reversed(children))
            elif isinstance(node, list):
                stack.extend(((*path, i), here, v) for i, v in reversed(list(enumerate(node))))
    return data, found


def _repeated_problems(repeated: list[Repeated]) -> list[Problem]:
    problems = []
    for path, nodes, key, n in repeated:
        record = None
        if len(path) >= 2 and path[0] in _KIND_NAME and isinstance(path[1], int):
            rid = _get(nodes[2], "code" if path[0] == "states" else "id")
            record = rid if isinstance(rid, str) else None
            name = f"{_KIND_NAME[str(path[0])]}"
            at = f"({path[0]}[{path[1]}])"
            label = f"{name} {show(record)} {at}" if record is not None else f"{name} {at}"
            inside = field_path(path[2:])
        else:
            label, inside = "World", field_path(path)
        problems.append(
            Problem(
                location=field_path((*path, key)),
                record=record,
                message=(
                    f"{label}: {inside + ': ' if inside else ''}key {key!r} appears {n} times; "
                    "expected each key once (JSON keeps only the last value, and the others "
                    "would be lost without a word)"
                ),
            )
        )
    return problems


def world_from_json(text: str | bytes, *, source: str = "<string>") -> World:
    """Parse the JSON form of a World.

    Parameters
    ----------
    text : str or bytes
        JSON text in the scenario file format.
    source : str
        Name used in error messages (a file path).

    Raises
    ------
    InvalidWorldError
        Listing every problem, with line and column for malformed JSON.

    Examples
    --------
    >>> world_from_json('{"states": [{"code": "USA", "name": "United States"}]}').codes
    ('USA',)
    """
    if not isinstance(text, str | bytes | bytearray):
        raise InvalidParameterError(
            f"The 'text' parameter of world_from_json must be str or bytes. Got "
            f"{type(text).__name__} instead."
        )
    try:
        data, repeated = load_json(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise InvalidWorldError(
            source, [Problem(where, None, f"{where}: not valid JSON: {exc.msg}")]
        ) from None
    except UnicodeDecodeError as exc:
        raise InvalidWorldError(
            source,
            [Problem("(file)", None, f"byte {exc.start}: not UTF-8 text; expected a JSON file")],
        ) from None
    except RecursionError:
        raise InvalidWorldError(
            source,
            [
                Problem(
                    "(file)",
                    None,
                    "nested too deeply (lists or objects inside each other thousands of "
                    "times); expected a World's JSON form",
                )
            ],
        ) from None
    if not isinstance(data, dict):
        got = _json_type(data)
        raise InvalidWorldError(
            source, [Problem("(file)", None, f"the top level is a JSON {got}; expected an object")]
        )
    problems = _repeated_problems(repeated)
    try:
        world = World.model_validate(data)
    except ValidationError as exc:
        problems += world_problems(exc, data)
    except RecursionError:
        problems.append(Problem("(file)", None, "nested too deeply; expected a World's JSON form"))
    if problems:
        raise InvalidWorldError(source, problems)
    return world


def _json_type(value: object) -> str:
    names = {dict: "object", list: "list", str: "string", bool: "boolean", type(None): "null"}
    return names.get(type(value), "number")


def world_to_json(world: World) -> str:
    """Return the JSON form of a World: stable, indented, ending in a newline.

    Fields left at their defaults are omitted, so files stay short; reading the text
    back with :func:`world_from_json` gives an equal World.

    Examples
    --------
    >>> w = World(states=[State(code="USA", name="United States")])
    >>> world_from_json(world_to_json(w)) == w
    True
    """
    data = world.model_dump(mode="json", exclude_defaults=True)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def read_world(path: str | Path) -> World:
    """Read a World from a scenario file (the JSON form of a World).

    Raises
    ------
    InvalidWorldError
        If the file is not valid JSON or its records do not make a valid World.
    FileNotFoundError
        If there is no file at ``path``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from alliance_risk import load_scenario
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "w.json"
    >>> write_world(load_scenario("axis-of-upheaval"), p)
    >>> read_world(p) == load_scenario("axis-of-upheaval")
    True
    """
    p = Path(path)
    return world_from_json(p.read_bytes(), source=str(p))


def write_world(world: World, path: str | Path) -> None:
    r"""Write a World to a scenario file, in the form :func:`read_world` reads.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "w.json"
    >>> write_world(World(), p)
    >>> p.read_text()
    '{}\n'
    """
    Path(path).write_text(world_to_json(world), encoding="utf-8")


def world_schema() -> dict[str, Any]:
    """Return the JSON Schema of the scenario file format.

    Examples
    --------
    >>> sorted(world_schema()["properties"])[:5]
    ['coding', 'conflicts', 'contiguities', 'coverage', 'datasets']
    """
    schema = World.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "alliance_risk World"
    return schema


@dataclass(frozen=True, slots=True)
class WorldSummary:
    """What a World holds: its states, record counts by kind, and date span.

    Attributes
    ----------
    states : tuple of str
        State codes in World order.
    counts : dict
        Number of records per kind, ``states`` first.
    first, last : date or None
        Earliest and latest date any record carries; ``None`` for a World with no records.
    """

    states: tuple[str, ...]
    counts: Mapping[str, int]
    first: date | None
    last: date | None

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict.

        Examples
        --------
        >>> summarize(World()).to_dict()["counts"]["pacts"]
        0
        """
        return {
            "states": list(self.states),
            "counts": dict(self.counts),
            "first": None if self.first is None else self.first.isoformat(),
            "last": None if self.last is None else self.last.isoformat(),
        }


def _dates(record: Record) -> list[date]:
    fields = ("signed", "in_force", "ended", "start", "end", "date")
    if isinstance(record, Conflict):
        joins = [p.joined for side in record.sides for p in side]
        leaves = [p.left for side in record.sides for p in side if p.left is not None]
        return (
            [d for f in fields if isinstance(d := getattr(record, f, None), date)] + joins + leaves
        )
    return [d for f in fields if isinstance(d := getattr(record, f, None), date)]


def summarize(world: World) -> WorldSummary:
    """Summarise a World: states, record counts by kind and the span of its dates.

    Examples
    --------
    >>> from alliance_risk import load_scenario
    >>> s = summarize(load_scenario("axis-of-upheaval"))
    >>> s.counts["states"] >= 8 and s.first < s.last
    True
    """
    counts = {"states": len(world.states)}
    counts.update({kind: len(getattr(world, kind)) for kind in RECORD_KINDS})
    dates = [d for r in world.records() for d in _dates(r)]
    return WorldSummary(
        states=world.codes,
        counts=counts,
        first=min(dates) if dates else None,
        last=max(dates) if dates else None,
    )
