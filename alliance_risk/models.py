"""Typed records of what states do: the first stage of the data flow.

Every record is an immutable pydantic model that rejects unknown fields. A record
checks only itself (dates in order, distinct parties, amounts within their range);
facts that span records, such as whether a state code exists, are checked by
:class:`~alliance_risk.world.World`.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

__all__ = [
    "Confidence",
    "Conflict",
    "ConflictKind",
    "Contiguity",
    "Deployment",
    "DeploymentKind",
    "Exercise",
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

#: A state code: 2 to 6 upper-case letters or digits, starting with a letter (``"PRK"``).
StateCode = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]{1,5}$")]
#: A record id: letters, digits and ``_ . : -``, starting with a letter or digit.
RecordId = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:\-]*$", max_length=80)
]
#: A citation: any non-blank text.
Citation = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
NonBlank = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


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
    """What one state supplies to another's war effort."""

    TROOPS = "troops"
    MUNITIONS = "munitions"
    MISSILES = "missiles"
    DRONES = "drones"
    EQUIPMENT = "equipment"
    ADVISERS = "advisers"


class ConflictKind(StrEnum):
    """What kind of militarized conflict a :class:`Conflict` is.

    ``dispute``: a militarized interstate dispute (threat, display or use of force short
    of war; COW MID). ``war``: an interstate war (COW: 1,000 or more battle deaths).
    """

    DISPUTE = "dispute"
    WAR = "war"


_OBLIGATION_ORDER = {o: i for i, o in enumerate(Obligation)}
_OBLIGATION_VALUES = {o.value: o for o in Obligation}


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=False)


class State(_Frozen):
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

    code: StateCode
    name: NonBlank
    ccode: Annotated[int, Field(ge=1, le=999)] | None = None
    aliases: tuple[NonBlank, ...] = ()


class Record(_Frozen):
    """Fields that every record except :class:`State` carries.

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
    """

    id: RecordId
    source: Annotated[tuple[Citation, ...], Field(min_length=1)]
    confidence: Confidence
    note: NonBlank | None = None

    def _fail(self, message: str) -> ValueError:
        return ValueError(f"{type(self).__name__} {self.id!r}: {message}")

    def _check_order(self, first: str, second: str) -> None:
        a: date | None = getattr(self, first)
        b: date | None = getattr(self, second)
        if a is not None and b is not None and b < a:
            raise self._fail(f"{second}={b} is before {first}={a}; expected {second} >= {first}")

    def _check_distinct(self, field: str, codes: tuple[str, ...]) -> None:
        seen: set[str] = set()
        for code in codes:
            if code in seen:
                raise self._fail(
                    f"{field} lists {code!r} more than once; expected distinct state codes"
                )
            seen.add(code)

    def _check_pair(self, a: str, b: str) -> None:
        x, y = getattr(self, a), getattr(self, b)
        if x == y:
            raise self._fail(f"{a}={x!r} equals {b}={y!r}; expected two different states")


def _canonical_obligations(value: object) -> object:
    """Sort obligations strongest first and refuse repeats, so JSON output is stable."""
    if isinstance(value, str) or not isinstance(value, list | tuple | set | frozenset):
        return value
    items = [_OBLIGATION_VALUES.get(v, v) if isinstance(v, str) else v for v in value]
    known = [v for v in items if isinstance(v, Obligation)]
    if len(known) != len(items):
        return value  # let pydantic report the bad member with its own message
    if len(set(known)) != len(known):
        raise ValueError("an obligation is listed twice; expected each obligation once")
    return tuple(sorted(known, key=_OBLIGATION_ORDER.__getitem__))


class Pledge(_Frozen):
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
    obligations: tuple[Obligation, ...] = ()

    _canonical = field_validator("obligations", mode="before")(_canonical_obligations)


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

    name: NonBlank
    parties: Annotated[tuple[StateCode, ...], Field(min_length=2)]
    signed: date
    in_force: date | None = None
    ended: date | None = None
    obligations: Annotated[tuple[Obligation, ...], Field(min_length=1)]
    party_obligations: dict[StateCode, tuple[Obligation, ...]] = Field(default_factory=dict)
    pledges: tuple[Pledge, ...] = ()

    _canonical = field_validator("obligations", mode="before")(_canonical_obligations)

    @field_validator("party_obligations", mode="before")
    @classmethod
    def _canonical_party(cls, value: object) -> object:
        if isinstance(value, dict):
            return {k: _canonical_obligations(v) for k, v in value.items()}
        return value

    @model_validator(mode="after")
    def _check(self) -> Self:
        self._check_distinct("parties", self.parties)
        self._check_order("signed", "in_force")
        self._check_order("signed", "ended")
        self._check_order("in_force", "ended")
        for code in self.party_obligations:
            if code not in self.parties:
                raise self._fail(
                    f"party_obligations names {code!r}, which is not a party; "
                    f"expected one of {list(self.parties)}"
                )
        seen: set[tuple[str, str]] = set()
        for k, pl in enumerate(self.pledges):
            for field in ("party", "toward"):
                code = getattr(pl, field)
                if code not in self.parties:
                    raise self._fail(
                        f"pledges[{k}].{field}={code!r} is not a party; "
                        f"expected one of {list(self.parties)}"
                    )
            if pl.party == pl.toward:
                raise self._fail(
                    f"pledges[{k}] has party=toward={pl.party!r}; expected two different parties"
                )
            if (pl.party, pl.toward) in seen:
                raise self._fail(
                    f"pledges[{k}] repeats {pl.party}->{pl.toward}; expected one pledge per "
                    "ordered pair"
                )
            seen.add((pl.party, pl.toward))
        if not any(self.owed(a, b) for a in self.parties for b in self.parties if a != b):
            raise self._fail("no party pledges anything; expected at least one obligation")
        return self

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
        The best single figure, in ``unit``; never negative.
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

    supplier: StateCode
    recipient: StateCode
    kind: DeploymentKind
    amount: Annotated[float, Field(allow_inf_nan=False)]
    unit: NonBlank
    low: Annotated[float, Field(allow_inf_nan=False)] | None = None
    high: Annotated[float, Field(allow_inf_nan=False)] | None = None
    start: date
    end: date | None = None

    @model_validator(mode="after")
    def _check(self) -> Self:
        self._check_pair("supplier", "recipient")
        self._check_order("start", "end")
        _check_quantity(self, "amount", self.amount, self.low, self.high)
        return self


def _check_quantity(
    record: Record, name: str, value: float, low: float | None, high: float | None
) -> None:
    for field, v in ((name, value), ("low", low), ("high", high)):
        if v is not None and v < 0:
            raise record._fail(f"{field}={v:g} is negative; expected a value >= 0")
    if (low is None) != (high is None):
        given = "low" if low is not None else "high"
        raise record._fail(f"only {given} is given; expected both low and high, or neither")
    if low is not None and high is not None:
        if low > high:
            raise record._fail(f"low={low:g} is above high={high:g}; expected low <= high")
        if not low <= value <= high:
            raise record._fail(
                f"{name}={value:g} is outside [low, high] = [{low:g}, {high:g}]; "
                f"expected low <= {name} <= high"
            )


class _Gathering(Record):
    participants: Annotated[tuple[StateCode, ...], Field(min_length=2)]
    name: NonBlank | None = None

    @model_validator(mode="after")
    def _check_participants(self) -> Self:
        self._check_distinct("participants", self.participants)
        return self


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

    date: date
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

    Examples
    --------
    >>> e = Exercise(id="E-1", participants=("USA", "JPN", "KOR"),
    ...              start=date(2024, 6, 27), end=date(2024, 6, 29),
    ...              domain="multi-domain", source=("S170",), confidence="confirmed")
    >>> (e.end - e.start).days
    2
    """

    start: date
    end: date | None = None
    domain: NonBlank | None = None

    @model_validator(mode="after")
    def _check(self) -> Self:
        self._check_order("start", "end")
        return self


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
        Amount over the period, in ``unit``; never negative.
    unit : str, optional
        Required with ``volume`` (``"mt/yr"``, ``"mb/d"``).
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

    supplier: StateCode
    buyer: StateCode
    commodity: NonBlank
    volume: Annotated[float, Field(allow_inf_nan=False)] | None = None
    unit: NonBlank | None = None
    share: Annotated[float, Field(allow_inf_nan=False)] | None = None
    start: date
    end: date | None = None

    @model_validator(mode="after")
    def _check(self) -> Self:
        self._check_pair("supplier", "buyer")
        self._check_order("start", "end")
        if self.volume is None and self.share is None:
            raise self._fail("neither volume nor share is given; expected at least one")
        if self.volume is not None:
            _check_quantity(self, "volume", self.volume, None, None)
            if self.unit is None:
                raise self._fail(f"volume={self.volume:g} has no unit; expected a unit")
        if self.share is not None and not 0.0 <= self.share <= 1.0:
            raise self._fail(f"share={self.share:g} is outside [0, 1]; expected a fraction")
        return self


class Participant(_Frozen):
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

    state: StateCode
    joined: date
    left: date | None = None
    hostility: Annotated[int, Field(ge=1, le=5)] | None = None


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

    name: NonBlank
    kind: ConflictKind
    start: date
    end: date | None = None
    hostility: Annotated[int, Field(ge=1, le=5)]
    fatalities: Annotated[int, Field(ge=0)] | None = None
    sides: tuple[
        Annotated[tuple[Participant, ...], Field(min_length=1)],
        Annotated[tuple[Participant, ...], Field(min_length=1)],
    ]

    @model_validator(mode="after")
    def _check(self) -> Self:
        self._check_order("start", "end")
        spells: dict[str, list[tuple[int, int, Participant]]] = {}
        for s, side in enumerate(self.sides):
            for k, p in enumerate(side):
                where = f"sides[{s}][{k}] ({p.state})"
                if p.left is not None and p.left < p.joined:
                    raise self._fail(
                        f"{where}: left={p.left} is before joined={p.joined}; "
                        "expected left >= joined"
                    )
                if p.joined < self.start or (self.end is not None and p.joined > self.end):
                    raise self._fail(
                        f"{where}: joined={p.joined} is outside the conflict "
                        f"({self.start} to {self.end or 'ongoing'}); expected a day within it"
                    )
                if self.end is not None and p.left is not None and p.left > self.end:
                    raise self._fail(
                        f"{where}: left={p.left} is after the conflict's end={self.end}; "
                        "expected a day within it"
                    )
                for s2, k2, q in spells.get(p.state, []):
                    if _overlap(p, q):
                        raise self._fail(
                            f"{where} overlaps sides[{s2}][{k2}] of the same state; expected "
                            "spells that do not overlap (a state switching sides leaves first)"
                        )
                spells.setdefault(p.state, []).append((s, k, p))
        return self

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

    rivals: tuple[StateCode, StateCode]
    start: date
    end: date | None = None
    types: tuple[NonBlank, ...] = ()
    name: NonBlank | None = None

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.rivals[0] == self.rivals[1]:
            raise self._fail(
                f"rivals=({self.rivals[0]!r}, {self.rivals[1]!r}) names one state twice; "
                "expected two different states"
            )
        self._check_order("start", "end")
        return self


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

    neighbours: tuple[StateCode, StateCode]
    level: Annotated[int, Field(ge=1, le=5)]
    start: date
    end: date | None = None

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.neighbours[0] == self.neighbours[1]:
            raise self._fail(
                f"neighbours=({self.neighbours[0]!r}, {self.neighbours[1]!r}) names one "
                "state twice; expected two different states"
            )
        self._check_order("start", "end")
        return self


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
    for f in ("parties", "participants", "rivals", "neighbours"):
        out.update(getattr(record, f, ()) or ())
    if isinstance(record, Conflict):
        out.update(p.state for side in record.sides for p in side)
    for f in ("supplier", "recipient", "buyer"):
        if isinstance(v := getattr(record, f, None), str):
            out.add(v)
    return frozenset(out)
