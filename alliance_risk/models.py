"""Typed records of what states do: the first stage of the data flow.

Every record is an immutable pydantic model that rejects unknown fields. A record
checks only itself (dates in order, distinct parties, amounts within their range);
facts that span records, such as whether a state code exists, are checked by
:class:`~alliance_risk.world.World`.

What a record refuses is strict on purpose (``docs/refusals-files.md``): dates are ISO
strings ``YYYY-MM-DD`` or :class:`datetime.date` objects, never numbers; counts are
integers, never ``true``; figures are finite, at least 0 and at most
:data:`MAX_FIGURE`; and every problem of a record is reported at once, each naming
the record, the field, the value and what was expected.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from enum import StrEnum
from functools import cache
from typing import Annotated, Any, ClassVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    model_validator,
)

from ._errors import compose, custom, describe, did_you_mean, show, shown, spurious

__all__ = [
    "MAX_FIGURE",
    "VOLUME_UNITS",
    "Confidence",
    "Conflict",
    "ConflictKind",
    "Contiguity",
    "Deployment",
    "DeploymentKind",
    "Exercise",
    "IgoCount",
    "JointIgos",
    "Lifeline",
    "Obligation",
    "Pact",
    "Participant",
    "Pledge",
    "Record",
    "Rivalry",
    "State",
    "Summit",
    "states_tied",
]

#: The largest amount, volume or count (fatalities) a record may carry.
#:
#: Far above any real figure (the built-in scenario's largest is 5 million shells; the
#: world's whole oil trade is about 100 mb/d), and far below the float limit (1.8e308),
#: so that sums over millions of records, midpoints of ranges and their differences
#: stay exact and finite. A larger figure is a mistake in the data, not a fact.
MAX_FIGURE = 1e12

#: The units a lifeline's volume may be given in, with what each means.
#:
#: The default :class:`~alliance_risk.config.ScoringConfig` has a scale for ``mt/yr``,
#: ``mb/d`` and ``bcm/yr``; a configuration may give scales for the others
#: (``volume_scales``). A unit not listed is refused, with the closest listed ones:
#: convert the figure, or give the lifeline a ``share`` instead.
VOLUME_UNITS: Mapping[str, str] = {
    "mt/yr": "million tonnes per year",
    "kt/yr": "thousand tonnes per year",
    "mb/d": "million barrels per day",
    "kb/d": "thousand barrels per day",
    "bcm/yr": "billion cubic metres per year",
    "twh/yr": "terawatt-hours per year",
    "bn usd/yr": "billion US dollars per year",
}

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_EXPECT_DATE = "expected a date YYYY-MM-DD (an ISO date such as '2024-06-19')"


def iso_date(value: object) -> object:
    """Accept a :class:`datetime.date` or an ISO string ``YYYY-MM-DD``; refuse the rest.

    >>> iso_date("2024-06-19")
    datetime.date(2024, 6, 19)

    pydantic alone would read ``0`` as 1970-01-01 (a Unix time), ``20250101`` as a
    datetime, and accept ISO week dates.
    """
    if isinstance(value, datetime):
        if value.time() != datetime.min.time() or value.tzinfo is not None:
            raise ValueError(f"is a date with a time of day; {_EXPECT_DATE}")
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        if _ISO_DATE.fullmatch(value):
            try:
                return date.fromisoformat(value)
            except ValueError as exc:
                raise ValueError(f"is not a day of the calendar ({exc}); {_EXPECT_DATE}") from None
        raise ValueError(f"is not written YYYY-MM-DD; {_EXPECT_DATE}")
    if isinstance(value, bool | int | float):
        raise ValueError(f"is a number, not a date (numbers are not read as dates); {_EXPECT_DATE}")
    raise ValueError(f"is not a date; {_EXPECT_DATE}")


def as_number(value: object) -> object:
    """Accept an int or a float (numpy's too); refuse true/false, text and the rest.

    Shared by the models and the configuration (a pydantic ``BeforeValidator``).

    Examples
    --------
    >>> as_number(3)
    3.0
    >>> as_number(True)
    Traceback (most recent call last):
    ...
    ValueError: is true/false, not a number; expected a number
    """
    if type(value).__name__ in ("bool", "bool_"):  # numpy's booleans too
        raise ValueError("is true/false, not a number; expected a number")
    if isinstance(value, numbers.Integral):
        try:
            return float(int(value))
        except OverflowError:
            raise ValueError("is a number too large to hold; expected a number") from None
    if isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, str):
        raise ValueError("is text, not a number; expected a number (write it without quotes)")
    return value  # pydantic names the type that is wrong


def _integer(value: object) -> object:
    """Accept an int (numpy's too); refuse true/false, fractions, floats and text."""
    if type(value).__name__ in ("bool", "bool_"):  # numpy's booleans too
        raise ValueError("is true/false, not a number; expected an integer")
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        raise ValueError("is not an integer; expected an integer (a whole number, no decimals)")
    if isinstance(value, str):
        raise ValueError("is text, not a number; expected an integer (write it without quotes)")
    return value


def _figure(value: float) -> float:
    if value < 0:
        raise ValueError("is negative; expected a value >= 0")
    if value > MAX_FIGURE:
        raise ValueError(
            f"is above {MAX_FIGURE:g}, the largest figure a record may carry; expected a "
            f"value <= {MAX_FIGURE:g} (a larger figure is a mistake in the data)"
        )
    return value


def _fraction(value: float) -> float:
    if not 0.0 <= value <= 1.0:
        raise ValueError("is outside [0, 1]; expected a fraction")
    return value


def _volume_unit(value: str) -> str:
    if value not in VOLUME_UNITS:
        raise ValueError(
            f"is not a unit of volume; expected one of {', '.join(VOLUME_UNITS)} (convert "
            f"the figure, or give a share instead){did_you_mean(value, list(VOLUME_UNITS))}"
        )
    return value


#: A state code: 2 to 6 upper-case letters or digits, starting with a letter (``"PRK"``).
StateCode = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]{1,5}$")]
#: A record id: letters, digits and ``_ . : -``, starting with a letter or digit.
RecordId = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:\-]*$", max_length=80)
]
#: A citation: any non-blank text.
Citation = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
NonBlank = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
#: A day: a ``datetime.date`` or an ISO string ``YYYY-MM-DD``; never a number.
IsoDate = Annotated[date, BeforeValidator(iso_date)]
#: An amount, volume or count: finite, in [0, MAX_FIGURE].
Figure = Annotated[
    float,
    BeforeValidator(as_number),
    Field(allow_inf_nan=False, json_schema_extra={"minimum": 0, "maximum": MAX_FIGURE}),
    AfterValidator(_figure),
]
#: A fraction in [0, 1].
Share = Annotated[
    float,
    BeforeValidator(as_number),
    Field(allow_inf_nan=False, json_schema_extra={"minimum": 0, "maximum": 1}),
    AfterValidator(_fraction),
]
#: A unit of a lifeline's volume: one of :data:`VOLUME_UNITS`.
VolumeUnit = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1),
    AfterValidator(_volume_unit),
    Field(json_schema_extra={"enum": list(VOLUME_UNITS)}),
]
#: An integer (never true/false, never 2.7).
Integer = Annotated[int, BeforeValidator(_integer)]
#: A level on the MID hostility or COW contiguity scale, 1 to 5.
Level = Annotated[Integer, Field(ge=1, le=5)]


class Confidence(StrEnum):
    """How well a record is established.

    ``confirmed``: official text, or several independent major outlets agree.
    ``reported``: one credible outlet or government claim, not independently verified.
    ``contested``: sources disagree, or the figure is an estimate with a wide range.
    """

    CONFIRMED = "confirmed"
    REPORTED = "reported"
    CONTESTED = "contested"


class Obligation(StrEnum):
    """What a pact obliges a party to do, strongest first.

    The first five follow ATOP's obligation codes (Leeds et al. 2002);
    ``partnership`` is a declared strategic partnership with no such obligation.
    """

    DEFENCE = "defence"
    OFFENCE = "offence"
    NEUTRALITY = "neutrality"
    NON_AGGRESSION = "non_aggression"
    CONSULTATION = "consultation"
    PARTNERSHIP = "partnership"


class DeploymentKind(StrEnum):
    """What one state supplies to another, or stations in it.

    Personnel: ``troops`` and ``advisers`` sent to another's war effort, ``basing``
    (forces stationed in another state in peacetime: US forces in Japan, Russian
    forces in Belarus). Materiel, each with its own unit and scale (see
    ``ScoringConfig.materiel_scales``): ``munitions`` (rounds), ``missiles``,
    ``drones``, ``equipment`` (artillery pieces, launchers, vehicles) and
    ``components`` (parts, engines, electronics, machine tools: inputs, not weapons).
    """

    TROOPS = "troops"
    MUNITIONS = "munitions"
    MISSILES = "missiles"
    DRONES = "drones"
    EQUIPMENT = "equipment"
    ADVISERS = "advisers"
    COMPONENTS = "components"
    BASING = "basing"


class ConflictKind(StrEnum):
    """What kind of militarized conflict a :class:`Conflict` is.

    ``dispute``: a militarized interstate dispute (threat, display or use of force short
    of war; COW MID). ``war``: an interstate war (COW: 1,000 or more battle deaths).
    """

    DISPUTE = "dispute"
    WAR = "war"


_OBLIGATION_ORDER = {o: i for i, o in enumerate(Obligation)}
_OBLIGATION_VALUES = {o.value: o for o in Obligation}

#: One of a record's own checks that failed: (location, message naming the field and
#: the value, the value).
Check = tuple[tuple[str | int, ...], str, object]


def _get(item: Any, key: str) -> Any:
    if isinstance(item, Mapping):
        return item.get(key)
    return getattr(item, key, None)


@cache
def field_adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    """Return a validator of one field of a model, with its constraints (cached).

    Examples
    --------
    >>> field_adapter(Deployment, "kind").validate_python("troops")
    <DeploymentKind.TROOPS: 'troops'>
    """
    info = model.model_fields[name]
    kind: Any = info.annotation
    if info.metadata:
        kind = Annotated[(kind, *info.metadata)]
    return TypeAdapter(kind)


def _valid_fields(model: type[BaseModel], data: object, errors: list[Any]) -> dict[str, Any] | None:
    """Return the fields of ``data`` that are valid on their own (defaults for absent ones).

    Used when a record has bad fields, to run its own checks on the rest, so that one
    error never hides another. ``None`` when ``data`` is not a mapping at all.
    """
    if not isinstance(data, Mapping) or any(not e["loc"] for e in errors):
        return None
    bad = {e["loc"][0] for e in errors}
    values: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name in bad:
            continue
        if name in data:
            try:
                values[name] = field_adapter(model, name).validate_python(data[name])
            except ValidationError:
                continue
        elif not info.is_required():
            values[name] = info.get_default(call_default_factory=True)
    return values


class FrozenModel(BaseModel):
    """Immutable, closed to unknown fields, and reporting every problem in whole sentences.

    Subclasses add their own checks in :meth:`_checks`, which reads the field values
    from a mapping (all fields when the record is valid field by field; the valid ones
    otherwise), so that a bad field never hides a failed check on the others. The base
    of every record, the World and the scoring configuration.

    Examples
    --------
    >>> class Span(FrozenModel):
    ...     start: date
    ...     end: date
    ...     @classmethod
    ...     def _checks(cls, values):
    ...         return check_order(values, "start", "end")
    >>> Span(start=date(2020, 1, 2), end=date(2020, 1, 1))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for Span
    ...end=2020-01-01 is before start=2020-01-02; expected end >= start...
    """

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=False)

    #: The field that names a record in messages (``id``, ``code``), if any.
    _name_field: ClassVar[str | None] = None

    @classmethod
    def _label(cls, data: Any) -> str:
        name = _get(data, cls._name_field) if cls._name_field else None
        return f"{cls.__name__} {show(name)}" if isinstance(name, str) else cls.__name__

    @classmethod
    def _where(cls, loc: tuple[str | int, ...], data: Any) -> tuple[str, tuple[str | int, ...]]:
        """Return the label of the record at ``loc`` and ``loc`` within it."""
        return cls._label(data), loc

    @classmethod
    def _checks(cls, values: Mapping[str, Any]) -> list[Check]:
        """Return the record's own checks that fail, on its field values."""
        return []

    @classmethod
    def _describe(cls, err: Mapping[str, Any], data: Any) -> tuple[str, bool]:
        """Return ``(what, named)`` for one of pydantic's errors in this model."""
        return describe(err, tuple(cls.model_fields))

    @classmethod
    def _checks_of_invalid(cls, data: Any, errors: list[Any]) -> list[Check]:
        values = _valid_fields(cls, data, errors)
        return [] if values is None else cls._checks(values)

    @model_validator(mode="wrap")
    @classmethod
    def _validate_whole(cls, data: Any, handler: Callable[[Any], Any]) -> Any:
        if isinstance(data, cls):
            return handler(data)
        try:
            obj = handler(data)
        except ValidationError as exc:
            errors = exc.errors()
            checks = cls._checks_of_invalid(data, errors)
        else:
            checks = cls._checks(obj.__dict__)
            if not checks:
                return obj
            errors = []
        raise _restated(cls, data, errors, checks)


def _restated(
    model: type[FrozenModel], data: Any, errors: list[Any], checks: list[Check]
) -> ValidationError:
    """Return one error listing every problem, each a sentence naming its record."""
    details = []
    for err in errors:
        if spurious(err, errors):
            continue
        loc = tuple(err["loc"])
        label, rel = model._where(loc, data)
        what, named = model._describe(err, data)
        text = shown(err)
        message = compose(label, rel, text, what, named)
        details.append(custom(str(err["type"]), loc, message, what, named, err.get("input"), text))
    for loc, what, value in checks:
        label, _ = model._where(loc, data)
        details.append(custom("value_error", loc, f"{label}: {what}", what, True, value))
    return ValidationError.from_exception_data(model.__name__, details)


class State(FrozenModel):
    """A state that records can refer to.

    Parameters
    ----------
    code : str
        Short unique id: the ISO 3166-1 alpha-3 code where one exists (``"PRK"``),
        or a COW abbreviation for historical states (``"GMY"``).
    name : str
        Display name.
    ccode : int, optional
        Correlates of War state code (``731`` for North Korea).
    aliases : tuple of str
        Other names users may type (``"DPRK"``); used for close-match suggestions.

    Examples
    --------
    >>> State(code="PRK", name="North Korea", ccode=731, aliases=("DPRK",)).code
    'PRK'
    """

    _name_field: ClassVar[str | None] = "code"

    code: StateCode
    name: NonBlank
    ccode: Annotated[Integer, Field(ge=1, le=999)] | None = None
    aliases: tuple[NonBlank, ...] = ()


class Record(FrozenModel):
    """Fields that every record except :class:`State` carries.

    Each kind declares, once, which of its fields hold state codes and dates (the World's
    checks, the compiled arrays, :func:`states_tied` and timelines' milestones read these
    declarations instead of keeping their own lists).

    Parameters
    ----------
    id : str
        Unique across the whole World (all kinds of record share one id space).
    source : tuple of str
        One or more citations, never empty.
    confidence : Confidence
        ``confirmed``, ``reported`` or ``contested``.
    note : str, optional
        What is uncertain about the record, in words.

    Examples
    --------
    >>> Pact.state_fields, Pact.date_fields[0]
    ((('parties', True),), ('signed', 'signed'))
    """

    _name_field: ClassVar[str | None] = "id"
    #: Fields holding state codes: ``(field, holds a tuple of codes?)``. Codes nested in
    #: sub-records (a conflict's sides, a pact's pledges) are declared by those kinds.
    state_fields: ClassVar[tuple[tuple[str, bool], ...]] = ()
    #: Date fields with the word a timeline's milestones use, the day the record may
    #: first be seen first (:attr:`seen_from`).
    date_fields: ClassVar[tuple[tuple[str, str], ...]] = ()

    @property
    def seen_from(self) -> date:
        """The first day the record may be seen: its signature, start or date."""
        day = getattr(self, self.date_fields[0][0])
        assert isinstance(day, date)
        return day

    id: RecordId
    source: Annotated[tuple[Citation, ...], Field(min_length=1)]
    confidence: Confidence
    note: NonBlank | None = None


def _known(values: Mapping[str, Any], *names: str) -> bool:
    """Whether every field named was valid (so a check on them means something)."""
    return all(n in values for n in names)


def check_order(values: Mapping[str, Any], first: str, second: str) -> list[Check]:
    """Return the failed check if date ``second`` comes before date ``first``.

    Examples
    --------
    >>> check_order({"start": date(2020, 1, 2), "end": date(2020, 1, 1)}, "start", "end")[0][1]
    'end=2020-01-01 is before start=2020-01-02; expected end >= start'
    """
    a, b = values.get(first), values.get(second)
    if isinstance(a, date) and isinstance(b, date) and b < a:
        return [((second,), f"{second}={b} is before {first}={a}; expected {second} >= {first}", b)]
    return []


def _distinct(values: Mapping[str, Any], field: str) -> list[Check]:
    seen: set[str] = set()
    for k, code in enumerate(values.get(field) or ()):
        if code in seen:
            return [
                (
                    (field, k),
                    f"{field} lists {code!r} more than once; expected distinct state codes",
                    code,
                )
            ]
        seen.add(code)
    return []


def _pair(values: Mapping[str, Any], a: str, b: str) -> list[Check]:
    x, y = values.get(a), values.get(b)
    if _known(values, a, b) and x == y:
        return [((b,), f"{a}={x!r} equals {b}={y!r}; expected two different states", y)]
    return []


def _canonical_obligations(value: object) -> object:
    """Sort obligations strongest first and refuse repeats, so JSON output is stable."""
    if isinstance(value, str) or not isinstance(value, list | tuple | set | frozenset):
        return value
    items = [_OBLIGATION_VALUES.get(v, v) if isinstance(v, str) else v for v in value]
    known = [v for v in items if isinstance(v, Obligation)]
    if len(known) != len(items):
        return value  # let pydantic report the bad member, with a close match
    if len(set(known)) != len(known):
        raise ValueError("lists an obligation twice; expected each obligation once")
    return tuple(sorted(known, key=_OBLIGATION_ORDER.__getitem__))


#: Obligations, stored strongest first, each at most once.
Obligations = Annotated[tuple[Obligation, ...], BeforeValidator(_canonical_obligations)]


class Pledge(FrozenModel):
    """What one party of a pact pledges one other party, where that differs by partner.

    Parameters
    ----------
    party, toward : str
        The pledging party and the party the pledge is owed to; different states.
    obligations : tuple of Obligation
        What ``party`` pledges ``toward``; empty for nothing (no tie in that direction).

    Examples
    --------
    >>> Pledge(party="UKG", toward="ITA", obligations=()).obligations
    ()
    """

    party: StateCode
    toward: StateCode
    obligations: Obligations = ()


class Pact(Record):
    """A treaty, agreement or declared partnership between two or more states.

    Parameters
    ----------
    name : str
        The pact's name.
    parties : tuple of str
        Two or more distinct state codes; every pair of parties is tied.
    signed : date
        Date of signature (or announcement, for a political declaration).
    in_force : date, optional
        Date it took effect. ``None`` means not (yet) in force: the pact is signed
        but not ratified, or its entry into force is unknown. A declaration that takes
        effect when issued has ``in_force == signed``.
    ended : date, optional
        Date it stopped binding, if it has.
    obligations : tuple of Obligation
        What the pact obliges every party to do (``("defence", "consultation")``).
    party_obligations : dict, optional
        Per-party obligations for asymmetric pacts, replacing ``obligations`` for the
        parties named. Under the 1960 US–Japan treaty the United States pledges
        defence and Japan does not: ``{"JPN": ("consultation",)}``. An empty tuple
        means the party pledges nothing and only receives pledges (ATOP codes a few such
        members, e.g. Belgium under France's 1832 guarantee).
    pledges : tuple of Pledge, optional
        Directed exceptions for guarantee-type pacts, in which a party's obligations
        are owed to some parties and not others: under Locarno (1925) Britain and Italy
        guarantee France, Belgium and Germany, not each other. A pledge replaces what
        ``party`` owes ``toward``; an empty one means it owes nothing. Pairs with no
        pledge in either direction are not tied by the pact.

    Examples
    --------
    >>> p = Pact(id="P7", name="US-Japan Treaty", parties=("USA", "JPN"),
    ...          signed=date(1960, 1, 19), in_force=date(1960, 6, 23),
    ...          obligations=("defence", "consultation"),
    ...          party_obligations={"JPN": ("consultation",)},
    ...          source=("S43",), confidence="confirmed")
    >>> [str(o) for o in p.obligations_of("JPN")]
    ['consultation']
    """

    state_fields = (("parties", True),)
    date_fields = (("signed", "signed"), ("in_force", "in force"), ("ended", "ended"))

    name: NonBlank
    parties: Annotated[tuple[StateCode, ...], Field(min_length=2)]
    signed: IsoDate
    in_force: IsoDate | None = None
    ended: IsoDate | None = None
    obligations: Annotated[Obligations, Field(min_length=1)]
    party_obligations: dict[StateCode, Obligations] = Field(default_factory=dict)
    pledges: tuple[Pledge, ...] = ()

    @classmethod
    def _checks(cls, values: Mapping[str, Any]) -> list[Check]:
        out = _distinct(values, "parties")
        out += check_order(values, "signed", "in_force")
        out += check_order(values, "signed", "ended")
        out += check_order(values, "in_force", "ended")
        if not _known(values, "parties"):
            return out
        parties: tuple[str, ...] = values["parties"]
        for code in values.get("party_obligations") or {}:
            if code not in parties:
                out.append(
                    (
                        ("party_obligations", code),
                        f"party_obligations names {code!r}, which is not a party; "
                        f"expected one of {list(parties)}",
                        code,
                    )
                )
        seen: set[tuple[str, str]] = set()
        for k, pl in enumerate(values.get("pledges") or ()):
            for field in ("party", "toward"):
                code = getattr(pl, field)
                if code not in parties:
                    out.append(
                        (
                            ("pledges", k, field),
                            f"pledges[{k}].{field}={code!r} is not a party; "
                            f"expected one of {list(parties)}",
                            code,
                        )
                    )
            if pl.party == pl.toward:
                out.append(
                    (
                        ("pledges", k),
                        f"pledges[{k}] has party=toward={pl.party!r}; expected two different "
                        "parties",
                        pl.party,
                    )
                )
            elif (pl.party, pl.toward) in seen:
                out.append(
                    (
                        ("pledges", k),
                        f"pledges[{k}] repeats {pl.party}->{pl.toward}; expected one pledge "
                        "per ordered pair",
                        f"{pl.party}->{pl.toward}",
                    )
                )
            seen.add((pl.party, pl.toward))
        if _known(values, "obligations", "party_obligations", "pledges"):
            pact = cls.model_construct(**values)
            if not any(pact.owed(a, b) for a in parties for b in parties if a != b):
                out.append(
                    (
                        ("obligations",),
                        "no party pledges anything; expected at least one obligation",
                        list(values["obligations"]),
                    )
                )
        return out

    def owed(self, party: str, toward: str) -> tuple[Obligation, ...]:
        """Return what ``party`` pledges ``toward`` under this pact (directed pledges first).

        Examples
        --------
        >>> p = Pact(id="L", name="Locarno", parties=("UKG", "ITA", "FRN"),
        ...          signed=date(1925, 10, 16), obligations=("defence",),
        ...          pledges=[{"party": "UKG", "toward": "ITA"},
        ...                   {"party": "ITA", "toward": "UKG"}],
        ...          source=("ATOP 2130",), confidence="confirmed")
        >>> p.owed("UKG", "ITA"), [str(o) for o in p.owed("UKG", "FRN")]
        ((), ['defence'])
        """
        for pl in self.pledges:
            if pl.party == party and pl.toward == toward:
                return pl.obligations
        return self.obligations_of(party)

    def ties(self, a: str, b: str) -> bool:
        """Return whether the pact ties parties ``a`` and ``b`` (a pledge either way).

        Examples
        --------
        >>> p = Pact(id="P", name="p", parties=("A1", "B1"), signed=date(2000, 1, 1),
        ...          obligations=("defence",), source=("s",), confidence="confirmed")
        >>> p.ties("A1", "B1")
        True
        """
        return bool(self.owed(a, b) or self.owed(b, a))

    def obligations_of(self, party: str) -> tuple[Obligation, ...]:
        """Return the obligations that ``party`` undertakes under this pact.

        Examples
        --------
        >>> p = Pact(id="P8", name="US-ROK MDT", parties=("USA", "KOR"),
        ...          signed=date(1953, 10, 1), obligations=("defence",),
        ...          source=("S46",), confidence="confirmed")
        >>> [str(o) for o in p.obligations_of("KOR")]
        ['defence']
        """
        if party not in self.parties:
            raise KeyError(f"{party!r} is not a party to pact {self.id!r}")
        return self.party_obligations.get(party, self.obligations)


class Deployment(Record):
    """One state supplying another's war effort: troops, munitions, weapons.

    Parameters
    ----------
    supplier, recipient : str
        State codes; different states.
    kind : DeploymentKind
        ``troops``, ``munitions``, ``missiles``, ``drones``, ``equipment`` or ``advisers``.
    amount : float
        The best single figure, in ``unit``; in [0, :data:`MAX_FIGURE`] (1e12).
    unit : str
        What ``amount`` counts (``"personnel"``, ``"shells"``).
    low, high : float, optional
        The range of a contested figure; both or neither, with
        ``low <= amount <= high``.
    start : date
        When supply began (or was first reported).
    end : date, optional
        When it ended, if it has.

    Examples
    --------
    >>> d = Deployment(id="D1", supplier="PRK", recipient="RUS", kind="troops",
    ...                amount=11_500, unit="personnel", low=11_000, high=12_000,
    ...                start=date(2024, 10, 8), source=("S62",), confidence="contested")
    >>> d.high - d.low
    1000.0
    """

    state_fields = (("supplier", False), ("recipient", False))
    date_fields = (("start", "start"), ("end", "end"))

    supplier: StateCode
    recipient: StateCode
    kind: DeploymentKind
    amount: Figure
    unit: NonBlank
    low: Figure | None = None
    high: Figure | None = None
    start: IsoDate
    end: IsoDate | None = None

    @classmethod
    def _checks(cls, values: Mapping[str, Any]) -> list[Check]:
        out = _pair(values, "supplier", "recipient") + check_order(values, "start", "end")
        if _known(values, "amount", "low", "high"):
            out += _range(values["amount"], values["low"], values["high"])
        return out


def _range(amount: float, low: float | None, high: float | None) -> list[Check]:
    """Check that a contested figure's range holds it: both bounds or neither."""
    if (low is None) != (high is None):
        given = "low" if low is not None else "high"
        return [((given,), f"only {given} is given; expected both low and high, or neither", low)]
    if low is None or high is None:
        return []
    if low > high:
        return [
            (
                ("low",),
                f"low={show(low)} is above high={show(high)}; expected low <= high",
                low,
            )
        ]
    if not low <= amount <= high:
        return [
            (
                ("amount",),
                f"amount={show(amount)} is outside [low, high] = [{show(low)}, {show(high)}]; "
                "expected low <= amount <= high",
                amount,
            )
        ]
    return []


class _Gathering(Record):
    state_fields: ClassVar[tuple[tuple[str, bool], ...]] = (("participants", True),)

    participants: Annotated[tuple[StateCode, ...], Field(min_length=2)]
    name: NonBlank | None = None

    @classmethod
    def _checks(cls, values: Mapping[str, Any]) -> list[Check]:
        return _distinct(values, "participants")


class Summit(_Gathering):
    """A meeting of two or more states' leaders or ministers on one day.

    Parameters
    ----------
    participants : tuple of str
        Two or more distinct state codes.
    date : date
        The day of the meeting (the main day of a multi-day visit).
    level : str, optional
        ``"leaders"``, ``"ministers"``, ...
    location : str, optional
        Where it was held.
    name : str, optional
        A short description.

    Examples
    --------
    >>> s = Summit(id="S-1", participants=("RUS", "PRK"), date=date(2023, 9, 13),
    ...            level="leaders", source=("S126",), confidence="confirmed")
    >>> s.participants
    ('RUS', 'PRK')
    """

    date_fields = (("date", "held"),)

    date: IsoDate
    level: NonBlank | None = None
    location: NonBlank | None = None


class Exercise(_Gathering):
    """A joint military exercise or patrol.

    Parameters
    ----------
    participants : tuple of str
        Two or more distinct state codes.
    start : date
        First day.
    end : date, optional
        Last day, if known.
    domain : str, optional
        ``"naval"``, ``"air"``, ``"land"``, ``"multi-domain"``, ...
    name : str, optional
        The exercise's name (``"Freedom Edge 24"``).
    token : tuple of str, optional
        Participants that sent only a token contingent (about 75 Indian troops at
        Vostok-2022): pairs and trios including them count ``token_weight`` of the
        exercise. Each must be a participant; observers are not participants at all.

    Examples
    --------
    >>> e = Exercise(id="E-1", participants=("USA", "JPN", "KOR"),
    ...              start=date(2024, 6, 27), end=date(2024, 6, 29),
    ...              domain="multi-domain", source=("S170",), confidence="confirmed")
    >>> (e.end - e.start).days
    2
    """

    date_fields = (("start", "start"), ("end", "end"))
    state_fields = (("participants", True), ("token", True))

    start: IsoDate
    end: IsoDate | None = None
    domain: NonBlank | None = None
    token: tuple[StateCode, ...] = ()

    @classmethod
    def _checks(cls, values: Mapping[str, Any]) -> list[Check]:
        out = super()._checks(values) + check_order(values, "start", "end")
        participants = values.get("participants") or ()
        for k, code in enumerate(values.get("token") or ()):
            if participants and code not in participants:
                out.append(
                    (
                        ("token", k),
                        f"token[{k}]={code!r} is not a participant; expected participants "
                        "that took part with a token contingent",
                        code,
                    )
                )
        return out


class Lifeline(Record):
    """An energy or trade dependence: ``buyer`` relies on ``supplier`` for a commodity.

    Give a ``volume`` (with its ``unit``), a ``share`` of the buyer's imports of the
    commodity, or both.

    Parameters
    ----------
    supplier, buyer : str
        State codes; different states.
    commodity : str
        ``"crude oil"``, ``"microelectronics"``, ...
    volume : float, optional
        Amount over the period, in ``unit``; in [0, :data:`MAX_FIGURE`].
    unit : str, optional
        Required with ``volume``: one of :data:`VOLUME_UNITS` (``"mt/yr"``, ``"mb/d"``).
    share : float, optional
        Fraction in [0, 1] of the buyer's imports of the commodity.
    start : date
        First day of the period the figure describes.
    end : date, optional
        Last day of that period, if it has ended.

    Examples
    --------
    >>> ll = Lifeline(id="L1", supplier="RUS", buyer="CHN", commodity="crude oil",
    ...               volume=107.0, unit="mt/yr", share=0.19, start=date(2023, 1, 1),
    ...               end=date(2023, 12, 31), source=("S203",), confidence="confirmed")
    >>> ll.share
    0.19
    """

    state_fields = (("supplier", False), ("buyer", False))
    date_fields = (("start", "start"), ("end", "end"))

    supplier: StateCode
    buyer: StateCode
    commodity: NonBlank
    volume: Figure | None = None
    unit: VolumeUnit | None = None
    share: Share | None = None
    start: IsoDate
    end: IsoDate | None = None

    @classmethod
    def _checks(cls, values: Mapping[str, Any]) -> list[Check]:
        out = _pair(values, "supplier", "buyer") + check_order(values, "start", "end")
        volume, share = values.get("volume"), values.get("share")
        if _known(values, "volume", "share") and volume is None and share is None:
            out.append(
                (
                    ("volume",),
                    "neither volume nor share is given; expected at least one",
                    None,
                )
            )
        if volume is not None and _known(values, "unit") and values["unit"] is None:
            out.append(
                (
                    ("unit",),
                    f"volume={show(volume)} has no unit; expected a unit "
                    f"({', '.join(VOLUME_UNITS)})",
                    None,
                )
            )
        return out


class Participant(FrozenModel):
    """A state's part in one side of a conflict, from the day it joined.

    Parameters
    ----------
    state : str
        State code.
    joined : date
        The day it entered the conflict on this side.
    left : date, optional
        The day it left this side, if it has (a state that switched sides appears
        once on each side, with spells that do not overlap).
    hostility : int, optional
        Its own hostility level on the MID scale (1 no militarized action, 2 threat,
        3 display, 4 use of force, 5 war), where the source codes one.

    Examples
    --------
    >>> Participant(state="PRK", joined=date(2024, 10, 8)).left is None
    True
    """

    _name_field: ClassVar[str | None] = "state"

    state: StateCode
    joined: IsoDate
    left: IsoDate | None = None
    hostility: Level | None = None


class Conflict(Record):
    """A militarized conflict (dispute or war) between two sides of states.

    Parameters
    ----------
    name : str
        A short name (``"Korean War"``, ``"MID 4182"``).
    kind : ConflictKind
        ``dispute`` or ``war``.
    start : date
        The first day of the conflict.
    end : date, optional
        The last day, if it has ended.
    hostility : int
        Highest hostility level reached, on the MID scale 1-5 (a war is 5).
    fatalities : int, optional
        Battle deaths where known (COW: all sides; MID: the lower bound of the
        fatality band).
    sides : tuple of two tuples of Participant
        Side A and side B, each with one or more participants, each with its own
        join and leave dates.

    Examples
    --------
    >>> c = Conflict(id="W-KURSK", name="Russo-Ukrainian War", kind="war",
    ...              start=date(2022, 2, 24), hostility=5,
    ...              sides=([{"state": "RUS", "joined": "2022-02-24"},
    ...                      {"state": "PRK", "joined": "2024-10-08"}],
    ...                     [{"state": "UKR", "joined": "2022-02-24"}]),
    ...              source=("S1",), confidence="confirmed")
    >>> c.side_of("PRK", date(2025, 1, 1)), c.side_of("PRK", date(2023, 1, 1))
    (0, None)
    """

    date_fields = (("start", "start"), ("end", "end"))  # states: in sides (states_tied)

    name: NonBlank
    kind: ConflictKind
    start: IsoDate
    end: IsoDate | None = None
    hostility: Level
    fatalities: Annotated[Integer, Field(ge=0, le=int(MAX_FIGURE))] | None = None
    sides: tuple[
        Annotated[tuple[Participant, ...], Field(min_length=1)],
        Annotated[tuple[Participant, ...], Field(min_length=1)],
    ]

    @classmethod
    def _checks(cls, values: Mapping[str, Any]) -> list[Check]:
        out = check_order(values, "start", "end")
        if not _known(values, "sides", "start", "end"):
            return out
        first: date = values["start"]
        last: date | None = values["end"]
        spells: dict[str, list[tuple[int, int, Participant]]] = {}
        for s, side in enumerate(values["sides"]):
            for k, p in enumerate(side):
                where = f"sides[{s}][{k}] ({p.state})"
                loc: tuple[str | int, ...] = ("sides", s, k)
                if p.left is not None and p.left < p.joined:
                    out.append(
                        (
                            (*loc, "left"),
                            f"{where}: left={p.left} is before joined={p.joined}; "
                            "expected left >= joined",
                            p.left,
                        )
                    )
                if p.joined < first or (last is not None and p.joined > last):
                    out.append(
                        (
                            (*loc, "joined"),
                            f"{where}: joined={p.joined} is outside the conflict "
                            f"({first} to {last or 'ongoing'}); expected a day within it",
                            p.joined,
                        )
                    )
                if last is not None and p.left is not None and p.left > last:
                    out.append(
                        (
                            (*loc, "left"),
                            f"{where}: left={p.left} is after the conflict's end={last}; "
                            "expected a day within it",
                            p.left,
                        )
                    )
                for s2, k2, q in spells.get(p.state, []):
                    if _overlap(p, q):
                        out.append(
                            (
                                loc,
                                f"{where} overlaps sides[{s2}][{k2}] of the same state; "
                                "expected spells that do not overlap (a state switching "
                                "sides leaves first)",
                                p.state,
                            )
                        )
                spells.setdefault(p.state, []).append((s, k, p))
        return out

    def side_of(self, state: str, day: date) -> int | None:
        """Return 0 (side A) or 1 (side B) for ``state`` on ``day``, or ``None``.

        Examples
        --------
        >>> c = Conflict(id="M1", name="MID 1", kind="dispute", start=date(1900, 1, 1),
        ...              hostility=3, sides=([{"state": "AAA", "joined": "1900-01-01"}],
        ...                                  [{"state": "BBB", "joined": "1900-01-01"}]),
        ...              source=("COW",), confidence="confirmed")
        >>> c.side_of("BBB", date(1900, 6, 1))
        1
        """
        for s, side in enumerate(self.sides):
            for p in side:
                if p.state == state and p.joined <= day and (p.left is None or day <= p.left):
                    return s
        return None

    def first_side(self, state: str) -> int | None:
        """Return the side ``state`` joined first (0 or 1), or ``None`` if it never took part.

        Examples
        --------
        >>> c = Conflict(id="M2", name="MID 2", kind="dispute", start=date(1900, 1, 1),
        ...              hostility=2, sides=([{"state": "AAA", "joined": "1900-01-01"}],
        ...                                  [{"state": "BBB", "joined": "1900-02-01"}]),
        ...              source=("COW",), confidence="confirmed")
        >>> c.first_side("BBB")
        1
        """
        best: tuple[date, int] | None = None
        for s, side in enumerate(self.sides):
            for p in side:
                if p.state == state and (best is None or p.joined < best[0]):
                    best = (p.joined, s)
        return None if best is None else best[1]


def _overlap(p: Participant, q: Participant) -> bool:
    p_end = p.left or date.max
    q_end = q.left or date.max
    return p.joined <= q_end and q.joined <= p_end


class Rivalry(Record):
    """A strategic rivalry: two states that see each other as competitors and enemies.

    Parameters
    ----------
    rivals : tuple of two str
        The two states.
    start : date
        When the rivalry began (for a source coded in years, 1 January).
    end : date, optional
        When it ended, if it has.
    types : tuple of str
        The source's types (``"spatial"``, ``"positional"``, ``"ideological"``,
        ``"interventionary"``).
    name : str, optional
        The source's name for it.

    Examples
    --------
    >>> r = Rivalry(id="TD-1", rivals=("USA", "RUS"), start=date(1945, 1, 1),
    ...             end=date(1989, 12, 31), types=("positional", "ideological"),
    ...             source=("Thompson and Dreyer 2012",), confidence="confirmed")
    >>> r.rivals
    ('USA', 'RUS')
    """

    state_fields = (("rivals", True),)
    date_fields = (("start", "start"), ("end", "end"))

    rivals: tuple[StateCode, StateCode]
    start: IsoDate
    end: IsoDate | None = None
    types: tuple[NonBlank, ...] = ()
    name: NonBlank | None = None

    @classmethod
    def _checks(cls, values: Mapping[str, Any]) -> list[Check]:
        return _two(values, "rivals") + check_order(values, "start", "end")


class Contiguity(Record):
    """Two states that share a land border or lie close across water (COW contiguity).

    Parameters
    ----------
    neighbours : tuple of two str
        The two states.
    level : int
        COW contiguity type: 1 land border; 2, 3, 4, 5 separated by at most 12, 24,
        150 or 400 miles of water.
    start : date
        First day of the spell.
    end : date, optional
        Last day of the spell, if it has ended.

    Examples
    --------
    >>> Contiguity(id="C1", neighbours=("CHN", "PRK"), level=1, start=date(1948, 9, 9),
    ...            source=("COW contiguity 3.2",), confidence="confirmed").level
    1
    """

    state_fields = (("neighbours", True),)
    date_fields = (("start", "start"), ("end", "end"))

    neighbours: tuple[StateCode, StateCode]
    level: Level
    start: IsoDate
    end: IsoDate | None = None

    @classmethod
    def _checks(cls, values: Mapping[str, Any]) -> list[Check]:
        return _two(values, "neighbours") + check_order(values, "start", "end")


class IgoCount(FrozenModel):
    """How many IGOs two states both belonged to over one spell (see :class:`JointIgos`).

    Parameters
    ----------
    start, end : date
        First and last day the count holds.
    count : int
        The number of intergovernmental organisations in which both were full members;
        0 is a count (known to share none), not missing data.

    Examples
    --------
    >>> IgoCount(start=date(1950, 12, 31), end=date(1951, 12, 30), count=12).count
    12
    """

    start: IsoDate
    end: IsoDate
    count: Annotated[Integer, Field(ge=0, le=int(MAX_FIGURE))]

    @classmethod
    def _checks(cls, values: Mapping[str, Any]) -> list[Check]:
        return check_order(values, "start", "end")


class JointIgos(Record):
    """Two states' joint memberships of intergovernmental organisations, spell by spell.

    The COW IGO data give one count per pair and year; a year's count is known at the
    end of that year, so :func:`~alliance_risk.datasets.igo_records` dates it from
    31 December of the year until the day before the next year's end (no look-ahead
    into the year). Between spells (and outside them) nothing is known about the pair.

    Parameters
    ----------
    members : tuple of two str
        The two states.
    counts : tuple of IgoCount
        Spells in date order that do not overlap; never empty.

    Examples
    --------
    >>> j = JointIgos(id="IGO-2-200", members=("USA", "GBR"),
    ...               counts=[{"start": "1950-12-31", "end": "1951-12-30", "count": 40}],
    ...               source=("COW IGO 3.0",), confidence="confirmed")
    >>> j.counts[0].count
    40
    """

    state_fields = (("members", True),)
    date_fields = (("start", "start"), ("end", "end"))  # properties: first and last count

    members: tuple[StateCode, StateCode]
    counts: Annotated[tuple[IgoCount, ...], Field(min_length=1)]

    @property
    def start(self) -> date:
        """The first day any count holds."""
        return self.counts[0].start

    @property
    def end(self) -> date:
        """The last day any count holds."""
        return self.counts[-1].end

    @classmethod
    def _checks(cls, values: Mapping[str, Any]) -> list[Check]:
        out = _two(values, "members")
        counts = values.get("counts") or ()
        for k in range(1, len(counts)):
            before, this = counts[k - 1], counts[k]
            ok = isinstance(before, IgoCount) and isinstance(this, IgoCount)
            if ok and this.start <= before.end:
                out.append(
                    (
                        ("counts", k, "start"),
                        f"counts[{k}].start={this.start} is not after "
                        f"counts[{k - 1}].end={before.end}; expected spells in date "
                        "order that do not overlap",
                        this.start,
                    )
                )
                break
        return out


def _two(values: Mapping[str, Any], field: str) -> list[Check]:
    pair = values.get(field)
    if pair is not None and pair[0] == pair[1]:
        return [
            (
                (field,),
                f"{field}=({pair[0]!r}, {pair[1]!r}) names one state twice; expected two "
                "different states",
                list(pair),
            )
        ]
    return []


def states_tied(record: Record) -> frozenset[str]:
    """Return the codes of the states a record ties (parties, participants, supplier...).

    Examples
    --------
    >>> s = Summit(id="S1", participants=("RUS", "PRK"), date=date(2019, 4, 25),
    ...            source=("S123",), confidence="confirmed")
    >>> sorted(states_tied(s))
    ['PRK', 'RUS']
    """
    out: set[str] = set()
    for field, many in record.state_fields:
        value = getattr(record, field)
        out.update(value if many else (value,))
    if isinstance(record, Conflict):
        out.update(p.state for side in record.sides for p in side)
    return frozenset(out)
