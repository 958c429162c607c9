"""The World: every record of a scenario, checked as a whole.

Second stage of the data flow (records -> World -> compiled arrays -> ...). A
``World`` is an immutable pydantic model. Building one checks each record and then
the facts that span records (unknown state codes, with close matches; duplicate ids),
and reports every problem at once in a single ``ValidationError``.

The JSON form of a World is the scenario file format; :func:`read_world` and
:func:`write_world` move between the two and round-trip exactly.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from ._errors import InvalidWorldError, Problem
from ._validation import close_codes
from .models import (
    Conflict,
    Contiguity,
    Deployment,
    Exercise,
    Lifeline,
    Pact,
    Record,
    Rivalry,
    State,
    Summit,
)

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
}

# Fields that hold state codes, per record list: (field, holds a tuple of codes?).
_CODE_FIELDS: Mapping[str, tuple[tuple[str, bool], ...]] = {
    "pacts": (("parties", True),),
    "deployments": (("supplier", False), ("recipient", False)),
    "summits": (("participants", True),),
    "exercises": (("participants", True),),
    "lifelines": (("supplier", False), ("buyer", False)),
    "conflicts": (),  # nested in sides: see _conflict_codes
    "rivalries": (("rivals", True),),
    "contiguities": (("neighbours", True),),
}


class Coverage(BaseModel):
    """The period over which a World's records of one kind are complete.

    Inside it, no record of the kind means none happened; outside it, nothing is known,
    and the signals that read only that kind are left out of scores (their weight is
    spread over the rest).

    Examples
    --------
    >>> Coverage(first=date(1816, 1, 1), last=date(2014, 12, 31)).last.year
    2014
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    first: date
    last: date

    @model_validator(mode="after")
    def _check(self) -> Coverage:
        if self.last < self.first:
            raise ValueError(
                f"coverage last={self.last} is before first={self.first}; expected last >= first"
            )
        return self


_KIND_NAME = {"states": "State", **{k: m.__name__ for k, m in RECORD_KINDS.items()}}


class World(BaseModel):
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
    coverage : dict of Coverage
        Per record kind (``"conflicts"``), the period over which its records are
        complete. A kind not named is complete at every date if the World holds any
        record of it, and unknown at every date if it holds none: a pact-only World
        says nothing about troops, and is not scored as if it said "none".
    datasets : tuple of str
        Keys of the published data sets the records come from (``"atop"``), for
        :func:`~alliance_risk.cite`; empty for hand-made scenarios.

    Raises
    ------
    pydantic.ValidationError
        (a ``ValueError``) listing every problem found: bad fields, records that
        contradict themselves, unknown state codes (with close matches), duplicate
        ids or codes.

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

    model_config = ConfigDict(frozen=True, extra="forbid")

    states: tuple[State, ...] = ()
    pacts: tuple[Pact, ...] = ()
    deployments: tuple[Deployment, ...] = ()
    summits: tuple[Summit, ...] = ()
    exercises: tuple[Exercise, ...] = ()
    lifelines: tuple[Lifeline, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    rivalries: tuple[Rivalry, ...] = ()
    contiguities: tuple[Contiguity, ...] = ()
    coverage: dict[str, Coverage] = Field(default_factory=dict)
    datasets: tuple[str, ...] = ()

    @field_validator("coverage")
    @classmethod
    def _check_coverage(cls, value: dict[str, Coverage]) -> dict[str, Coverage]:
        for kind in value:
            if kind not in RECORD_KINDS:
                close = difflib.get_close_matches(kind, list(RECORD_KINDS), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                raise ValueError(
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

    @model_validator(mode="wrap")
    @classmethod
    def _check_world(cls, data: Any, handler: Callable[[Any], World]) -> World:
        errors: list[InitErrorDetails] = []
        world: World | None = None
        try:
            world = handler(data)
        except ValidationError as exc:
            errors.extend(_relay(err) for err in exc.errors())
        # Cross-record facts are checked even when some records failed, so that one
        # run lists every problem in the file.
        source: Any = world if world is not None else data
        errors.extend(_cross_record_errors(source))
        if errors:
            raise ValidationError.from_exception_data(cls.__name__, errors)
        assert world is not None
        return world

    @property
    def codes(self) -> tuple[str, ...]:
        """State codes in World order."""
        return tuple(s.code for s in self.states)

    def state(self, code: str) -> State:
        """Return the state with this code.

        Raises
        ------
        KeyError
            With close matches, if no state has that code.

        Examples
        --------
        >>> from alliance_risk import load_scenario
        >>> load_scenario("axis-of-upheaval").state("PRK").name
        'North Korea'
        """
        for s in self.states:
            if s.code == code:
                return s
        raise KeyError(_unknown_code_message(code, self.states))

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


def _error(loc: tuple[str | int, ...], kind: str, message: str, value: Any) -> InitErrorDetails:
    # Braces in a message would be read as template fields by pydantic-core.
    template = message.replace("{", "{{").replace("}", "}}")
    return InitErrorDetails(type=PydanticCustomError(kind, template), loc=loc, input=value)


def _relay(err: Any) -> InitErrorDetails:
    """Carry a record-level error over into the World's error, unchanged."""
    msg = str(err["msg"]).removeprefix("Value error, ")
    return _error(tuple(err["loc"]), str(err["type"]), msg, err.get("input"))


def _hint(code: str, states: Any) -> str:
    """Say what an unknown state code probably meant.

    That is a code it is close to, or the code of the state whose name or alias it is.
    """
    codes = [c for c in (_get(s, "code") for s in states) if isinstance(c, str)]
    names: dict[str, str] = {}
    for s in states:
        c = _get(s, "code")
        if isinstance(c, str):
            spelled = [_get(s, "name"), *(_get(s, "aliases") or ())]
            names.update({n.casefold(): c for n in spelled if isinstance(n, str)})
    if code.casefold() in names:
        return f"; it names {names[code.casefold()]!r}: use the code"
    close = close_codes(code, codes)
    close += [names[n] for n in difflib.get_close_matches(code.casefold(), list(names), cutoff=0.8)]
    close = list(dict.fromkeys(close))
    return f"; did you mean {' or '.join(map(repr, close))}?" if close else ""


def _unknown_code_message(code: str, states: Any) -> str:
    return f"{code!r} is not a state in this World{_hint(code, states)}"


def _codes_of(kind: str, i: int, rec: Any) -> Iterator[tuple[tuple[str | int, ...], str, Any]]:
    """Yield ``(location, field label, value)`` of every state code a raw record holds."""
    if kind == "conflicts":
        for s, side in enumerate(_items(rec, "sides")):
            for k, p in enumerate(side if isinstance(side, list | tuple) else ()):
                yield (kind, i, "sides", s, k, "state"), f"sides[{s}][{k}].state", _get(p, "state")
        return
    for field, many in _CODE_FIELDS[kind]:
        value = _get(rec, field)
        values = list(value) if many and isinstance(value, list | tuple) else [value]
        for j, code in enumerate(values):
            if many:
                yield (kind, i, field, j), f"{field}[{j}]", code
            else:
                yield (kind, i, field), field, code
    if kind == "pacts":
        for k, pl in enumerate(_items(rec, "pledges")):
            for field in ("party", "toward"):
                yield (kind, i, "pledges", k, field), f"pledges[{k}].{field}", _get(pl, field)


def _cross_record_errors(data: Any) -> list[InitErrorDetails]:
    errors: list[InitErrorDetails] = []
    states = _items(data, "states")
    known: set[str] = set()
    ccodes: dict[int, str] = {}
    for i, s in enumerate(states):
        code, ccode = _get(s, "code"), _get(s, "ccode")
        if isinstance(code, str):
            if code in known:
                errors.append(
                    _error(
                        ("states", i, "code"),
                        "duplicate_code",
                        f"State {code!r} (states[{i}]): code={code!r} is used by an earlier "
                        "state; expected unique state codes",
                        code,
                    )
                )
            known.add(code)
        if isinstance(ccode, int) and isinstance(code, str):
            if ccode in ccodes and ccodes[ccode] != code:
                errors.append(
                    _error(
                        ("states", i, "ccode"),
                        "duplicate_ccode",
                        f"State {code!r} (states[{i}]): ccode={ccode} is already the ccode "
                        f"of {ccodes[ccode]!r}; expected unique COW codes",
                        ccode,
                    )
                )
            ccodes.setdefault(ccode, code)

    seen_ids: dict[str, str] = {}
    for kind, model in RECORD_KINDS.items():
        for i, rec in enumerate(_items(data, kind)):
            rid = _get(rec, "id")
            label = f"{model.__name__} {rid!r} ({kind}[{i}])"
            if isinstance(rid, str):
                if rid in seen_ids:
                    errors.append(
                        _error(
                            (kind, i, "id"),
                            "duplicate_id",
                            f"{label}: id={rid!r} is already used by {seen_ids[rid]}; "
                            "expected ids unique across all records",
                            rid,
                        )
                    )
                else:
                    seen_ids[rid] = f"{kind}[{i}]"
            for loc, where, code in _codes_of(kind, i, rec):
                if not isinstance(code, str) or code in known:
                    continue
                errors.append(
                    _error(
                        loc,
                        "unknown_state",
                        f"{label}: {where}={code!r} is not a state in this World"
                        f"{_hint(code, states)}",
                        code,
                    )
                )
    return errors


# --- problems, files and JSON ---------------------------------------------------------


def _location(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(file)"


def _problems(exc: ValidationError, data: Any) -> list[Problem]:
    """Turn pydantic's errors into self-contained sentences naming record and field."""
    problems = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        record = None
        if len(loc) >= 2 and isinstance(loc[0], str) and isinstance(loc[1], int):
            items = _items(data, loc[0])
            if loc[1] < len(items):
                rid = _get(items[loc[1]], "code" if loc[0] == "states" else "id")
                record = rid if isinstance(rid, str) else None
        kind = _KIND_NAME.get(str(loc[0]), "World") if loc else "World"
        head = f"{kind} {record!r} ({_location(loc[:2])})" if record else _location(loc[:2])
        msg = str(err["msg"]).removeprefix("Value error, ")
        own = f"{kind} {record!r}: "
        if record and msg.startswith(own):
            # A record's own check: add where the record sits in the file.
            msg = f"{head}: {msg.removeprefix(own)}"
        elif not msg.startswith(tuple(_KIND_NAME.values())):
            # pydantic's own messages name neither the record nor the value.
            field = _location(loc[2:]) if len(loc) > 2 else ""
            value = err.get("input")
            if loc and len(loc) == 1:
                head, field = "World", str(loc[0])
            shown = f"{field}={value!r}" if field and not isinstance(value, Mapping) else field
            msg = f"{head}: {shown}: {msg}" if shown else f"{head}: {msg}"
        problems.append(Problem(location=_location(loc), record=record, message=msg))
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
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise InvalidWorldError(
            source, [Problem(where, None, f"{where}: not valid JSON: {exc.msg}")]
        ) from exc
    except UnicodeDecodeError as exc:
        raise InvalidWorldError(
            source,
            [Problem("(file)", None, f"byte {exc.start}: not UTF-8 text; expected a JSON file")],
        ) from exc
    except RecursionError as exc:
        raise InvalidWorldError(
            source, [Problem("(file)", None, "nested too deeply; expected a World's JSON form")]
        ) from exc
    if not isinstance(data, dict):
        got = type(data).__name__
        raise InvalidWorldError(
            source, [Problem("(file)", None, f"the top level is a JSON {got}; expected an object")]
        )
    try:
        return World.model_validate(data)
    except ValidationError as exc:
        raise InvalidWorldError(source, _problems(exc, data)) from exc


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
    ['conflicts', 'contiguities', 'coverage', 'datasets', 'deployments']
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
