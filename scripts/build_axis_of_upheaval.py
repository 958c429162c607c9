"""Build the built-in ``axis-of-upheaval`` scenario from the project's facts sheet.

This script plays the role of peacesciencer's ``data-raw/``: it is the one place the
shipped scenario file comes from. It reads the source list of the facts sheet
(``shared/scenarios/facts.md``), turns the records below into a validated World, and
writes:

- ``alliance_risk/scenarios/data/axis-of-upheaval.json`` (the package data), and
- ``docs/scenarios/axis-of-upheaval.md`` (the provenance page: every record and its source).

Run it from the repository root::

    python scripts/build_axis_of_upheaval.py [--facts PATH] [--check]

``--check`` writes nothing and exits 1 if the shipped files differ from what the
script builds (the test suite runs it when the facts sheet is present).

Conventions where the sheet is not precise (each record's ``note`` says when one
applies): a date given only as a month uses the first of that month; a multi-day
visit or meeting is dated by the day the sheet names for the talks, else its first
day; a contested figure carries the range the sheet gives as ``low``/``high`` and
its best single figure as ``amount``.
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from alliance_risk.world import World, world_to_json  # noqa: E402

DEFAULT_FACTS = ROOT.parent / "shared" / "scenarios" / "facts.md"
OUT_JSON = ROOT / "alliance_risk" / "scenarios" / "data" / "axis-of-upheaval.json"
OUT_DOC = ROOT / "docs" / "scenarios" / "axis-of-upheaval.md"

ATOP_3375 = (
    "ATOP 5.1, atopid 3375 (US-Japan, 1960): Leeds, Ritter, Mitchell and Long (2002), "
    "International Interactions 28: 237-60"
)

STATES: list[dict[str, Any]] = [
    {
        "code": "CHN",
        "name": "China",
        "ccode": 710,
        "aliases": ["PRC", "People's Republic of China", "CN"],
    },
    {"code": "RUS", "name": "Russia", "ccode": 365, "aliases": ["Russian Federation", "RU"]},
    {
        "code": "PRK",
        "name": "North Korea",
        "ccode": 731,
        "aliases": ["DPRK", "Democratic People's Republic of Korea", "KP"],
    },
    {"code": "IRN", "name": "Iran", "ccode": 630, "aliases": ["Islamic Republic of Iran", "IR"]},
    {
        "code": "USA",
        "name": "United States",
        "ccode": 2,
        "aliases": ["United States of America", "US"],
    },
    {"code": "JPN", "name": "Japan", "ccode": 740, "aliases": ["JP"]},
    {
        "code": "KOR",
        "name": "South Korea",
        "ccode": 732,
        "aliases": ["ROK", "Republic of Korea", "KR"],
    },
    {"code": "IND", "name": "India", "ccode": 750, "aliases": ["IN"]},
    {"code": "AUS", "name": "Australia", "ccode": 900, "aliases": ["AU"]},
    {"code": "GBR", "name": "United Kingdom", "ccode": 200, "aliases": ["UK", "Britain", "GB"]},
    {"code": "MNG", "name": "Mongolia", "ccode": 712, "aliases": ["MN"]},
    {"code": "PAK", "name": "Pakistan", "ccode": 770, "aliases": ["PK"]},
    {"code": "KAZ", "name": "Kazakhstan", "ccode": 705, "aliases": ["KZ"]},
    {"code": "KGZ", "name": "Kyrgyzstan", "ccode": 703, "aliases": ["KG"]},
    {"code": "TJK", "name": "Tajikistan", "ccode": 702, "aliases": ["TJ"]},
    {"code": "UZB", "name": "Uzbekistan", "ccode": 704, "aliases": ["UZ"]},
    {"code": "BLR", "name": "Belarus", "ccode": 370, "aliases": ["BY"]},
    {"code": "UKR", "name": "Ukraine", "ccode": 369, "aliases": ["UA"]},
]

MONTH = "The sheet gives only the month; the 1st stands in for it."


def d(text: str) -> date:
    return date.fromisoformat(text)


def pact(
    id: str,
    name: str,
    parties: str,
    signed: str,
    in_force: str | None,
    obligations: str,
    sources: str,
    confidence: str,
    note: str,
    party_obligations: dict[str, str] | None = None,
    extra_sources: tuple[str, ...] = (),
) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "id": id,
        "name": name,
        "parties": parties.split(),
        "signed": d(signed),
        "in_force": d(in_force) if in_force else None,
        "obligations": obligations.split(),
        "sources": sources,
        "extra_sources": extra_sources,
        "confidence": confidence,
        "note": note,
    }
    if party_obligations:
        rec["party_obligations"] = {k: v.split() for k, v in party_obligations.items()}
    return rec


PACTS = [
    pact(
        "P1-CHN-PRK-1961",
        "Treaty of Friendship, Cooperation and Mutual Assistance (China-DPRK)",
        "CHN PRK",
        "1961-07-11",
        "1961-09-10",
        "defence",
        "S10 S15 S11",
        "confirmed",
        "Art. 2: immediate military and other assistance if either party is attacked. Renewal "
        "mechanics are contested (20-year automatic renewals in 1981, 2001 and 2021 per media "
        "[S13][S14]; indefinite under Art. 7 per the PRC MFA in 2021 [S11]); modelled as "
        "continuously in force since 1961. Some Chinese scholars call the military clause "
        "symbolic [S14][S17]: an interpretation, not a legal change.",
    ),
    pact(
        "P2-RUS-PRK-CSP",
        "Comprehensive Strategic Partnership Treaty (Russia-DPRK)",
        "RUS PRK",
        "2024-06-19",
        "2024-12-04",
        "defence consultation",
        "S01 S02 S03 S05 S06 S07",
        "confirmed",
        "Art. 4: consultation if aggression is imminent; immediate military assistance with all "
        "means if either party is attacked. In force on the exchange of instruments, 2024-12-04 "
        "(KCNA); MEMRI gives 2024-12-05 [S09]. Invoked for the Kursk deployment by Gerasimov "
        "(2025-04-26) and KCNA (2025-04-28) [S77][S79].",
    ),
    pact(
        "P3-CHN-RUS-2001",
        "Treaty of Good-Neighbourliness and Friendly Cooperation (China-Russia)",
        "CHN RUS",
        "2001-07-16",
        "2002-02-28",
        "consultation",
        "S18 S19 S20",
        "confirmed",
        "Art. 9 provides for consultation only; no automatic military assistance. Extended for "
        "five years on 2021-06-28 (to about 2027-02). Some commentators read Art. 9 as an "
        "implicit defence pact (contested); coded as consultation.",
    ),
    pact(
        "P4-CHN-RUS-no-limits",
        'Joint Statement on International Relations Entering a New Era ("no limits")',
        "CHN RUS",
        "2022-02-04",
        "2022-02-04",
        "partnership",
        "S22 S23 S230",
        "confirmed",
        "Political declaration, effective when issued, so in_force equals signed. No defence "
        'obligation. China\'s EU ambassador called "no limits" "nothing but rhetoric" in 2023 '
        "[S25].",
    ),
    pact(
        "P5-RUS-IRN-CSP",
        "Comprehensive Strategic Partnership Treaty (Russia-Iran)",
        "RUS IRN",
        "2025-01-17",
        "2025-10-02",
        "neutrality partnership",
        "S09 S27 S28 S31 S33 S34",
        "confirmed",
        "No mutual-defence clause: if either party is attacked the other will not help the "
        "aggressor (coded neutrality). Russia's Deputy FM Rudenko: not a military alliance [S29]. "
        "20-year term with automatic 5-year extensions [S32].",
    ),
    pact(
        "P6-CHN-IRN-25yr",
        "25-year Comprehensive Cooperation Agreement (China-Iran)",
        "CHN IRN",
        "2021-03-27",
        None,
        "partnership",
        "S38 S39 S40",
        "reported",
        "Signing confirmed; the text has never been published, so what it obliges and whether "
        "it is in force are unknown: in_force is left empty (the pact counts as signed, not in "
        "force). The US$400bn investment figure is contested; Zarif denied it in 2019 "
        "[S41][S42].",
    ),
    pact(
        "P7-USA-JPN-1960",
        "Treaty of Mutual Cooperation and Security (US-Japan)",
        "USA JPN",
        "1960-01-19",
        "1960-06-23",
        "defence consultation",
        "S43 S44 S45",
        "confirmed",
        "Asymmetric: Art. V covers an armed attack in territories under Japan's administration, "
        "so the United States pledges to defend Japan and Japan does not pledge to defend US "
        "territory (ATOP codes the US defence=1 and Japan defence=0); both consult.",
        party_obligations={"JPN": "consultation"},
        extra_sources=(ATOP_3375,),
    ),
    pact(
        "P8-USA-KOR-1953",
        "Mutual Defense Treaty (US-ROK)",
        "USA KOR",
        "1953-10-01",
        "1954-11-17",
        "defence consultation",
        "S46 S47 S15",
        "contested",
        "Contested only in its date of entry into force: 1954-11-17 per the treaty record "
        "[S47], 1954-11-18 per Wikipedia [S46]; the treaty record is used. Art. II "
        "consultation, Art. III defence in the Pacific area.",
    ),
    pact(
        "P9-JPN-KOR-GSOMIA",
        "General Security of Military Information Agreement (Japan-ROK)",
        "JPN KOR",
        "2016-11-23",
        "2016-11-23",
        "partnership",
        "S48 S50 S51",
        "confirmed",
        "Intelligence-sharing agreement, coded partnership; renews yearly. Seoul announced "
        "termination on 2019-08-22 and suspended it on 2019-11-22 before it lapsed; fully "
        "normalised on 2023-03-21 [S49][S52]. Never lapsed, so no end date.",
    ),
    pact(
        "P10-AUKUS",
        "AUKUS enhanced trilateral security partnership",
        "AUS GBR USA",
        "2021-09-15",
        "2021-09-15",
        "partnership",
        "S53 S54 S55",
        "confirmed",
        "Announced, not a treaty: a security and technology partnership with several "
        "implementing agreements; not mutual defence.",
    ),
    pact(
        "P11-USA-JPN-KOR-consult",
        "Camp David Commitment to Consult",
        "USA JPN KOR",
        "2023-08-18",
        "2023-08-18",
        "consultation",
        "S165 S167 S168",
        "confirmed",
        "Political commitment to consult quickly in a crisis affecting any of the three; US "
        "officials: not a NATO for the Pacific, and it does not replace the bilateral treaties.",
    ),
    pact(
        "P12-USA-JPN-KOR-TSCF",
        "Memorandum of Cooperation on a Trilateral Security Cooperation Framework",
        "USA JPN KOR",
        "2024-07-01",
        "2024-07-01",
        "partnership",
        "S176 S173",
        "confirmed",
        "Signed by the three defence ministers in July 2024. " + MONTH,
    ),
    pact(
        "P13-CHN-RUS-2024-statement",
        "Joint Statement on Deepening the Comprehensive Strategic Partnership of Coordination "
        "for a New Era",
        "CHN RUS",
        "2024-05-16",
        "2024-05-16",
        "partnership",
        "S26 S150",
        "confirmed",
        "Political declaration marking 75 years of diplomatic ties (about 8,000 words), "
        "effective when issued.",
    ),
]


def dep(
    id: str,
    supplier: str,
    recipient: str,
    kind: str,
    amount: float,
    unit: str,
    start: str,
    sources: str,
    confidence: str,
    note: str,
    low: float | None = None,
    high: float | None = None,
    end: str | None = None,
) -> dict[str, Any]:
    return {
        "id": id,
        "supplier": supplier,
        "recipient": recipient,
        "kind": kind,
        "amount": amount,
        "unit": unit,
        "low": low,
        "high": high,
        "start": d(start),
        "end": d(end) if end else None,
        "sources": sources,
        "confidence": confidence,
        "note": note,
    }


DEPLOYMENTS = [
    dep(
        "D1-PRK-RUS-troops",
        "PRK",
        "RUS",
        "troops",
        11_500,
        "personnel",
        "2024-10-08",
        "S56 S59 S60 S61 S62",
        "contested",
        "First contingent (11th 'Storm' Corps): ~1,500 moved from 2024-10-08/13 and ~3,000 by "
        "10-23 (NIS), ~10,000 by 10-28 (US DoD), ~10,900 in Kursk by 11-20 (NIS), "
        "11,000-12,000 by December (contested). Heavy losses: NIS counted ~600 killed and "
        "~4,700 killed or wounded by 2025-04-30 [S65].",
        low=11_000,
        high=12_000,
    ),
    dep(
        "D2-PRK-RUS-troops-2",
        "PRK",
        "RUS",
        "troops",
        2_000,
        "personnel",
        "2025-01-01",
        "S63 S64 S65",
        "reported",
        "Second wave of 1,000-3,000 via Russian ships and aircraft in Jan-Feb 2025; NIS: about "
        "15,000 sent in total, in two rounds, by 2025-04-30. " + MONTH,
        low=1_000,
        high=3_000,
    ),
    dep(
        "D3-PRK-RUS-engineers",
        "PRK",
        "RUS",
        "troops",
        6_000,
        "personnel",
        "2025-06-17",
        "S68 S69",
        "confirmed",
        "Shoigu announced 1,000 sappers and 5,000 military builders for Kursk; NIS (2025-09-02): "
        "~1,000 combat engineers already in Russia and ~6,000 more planned. The start date is "
        "the announcement, not the arrival.",
    ),
    dep(
        "D4-PRK-RUS-shells",
        "PRK",
        "RUS",
        "munitions",
        5_000_000,
        "artillery shells",
        "2023-09-01",
        "S81 S82 S84 S88 S90",
        "contested",
        "Container counts converted to shells: 4.2-5.8m by spring 2025 (Reuters/OSC), up to "
        ">12m by mid-2025 (ROK DIA); the estimates cannot be reconciled. ROK MND dates the "
        "shipments from September 2023; ROK military intelligence says via Rajin since mid-2022 "
        "[S86]. " + MONTH,
        low=4_000_000,
        high=12_000_000,
    ),
    dep(
        "D5-PRK-RUS-missiles",
        "PRK",
        "RUS",
        "missiles",
        100,
        "KN-23/KN-24 ballistic missiles",
        "2023-12-30",
        "S93 S95 S96 S97",
        "contested",
        "No range: about 100 per Ukrainian intelligence, 'over 100' per US officials, and no "
        "upper bound is given. First combat use 2023-12-30 (Kharkiv).",
    ),
    dep(
        "D6-PRK-RUS-koksan",
        "PRK",
        "RUS",
        "equipment",
        85,
        "170 mm Koksan self-propelled guns",
        "2024-11-16",
        "S61 S99 S100",
        "contested",
        "About 50 (FT citing Ukrainian intelligence, 2024-11-16) to about 120 (Budanov, "
        "Jan 2025); the amount is the midpoint. Export confirmed by the NIS on 2024-11-20.",
        low=50,
        high=120,
    ),
    dep(
        "D7-PRK-RUS-mrl",
        "PRK",
        "RUS",
        "equipment",
        70,
        "240 mm multiple rocket launchers",
        "2024-11-16",
        "S61 S99 S100",
        "contested",
        "About 20 (FT, 2024-11-16) to about 120 (Budanov, Jan 2025); the amount is the midpoint.",
        low=20,
        high=120,
    ),
    dep(
        "D8-IRN-RUS-shahed",
        "IRN",
        "RUS",
        "drones",
        160,
        "Shahed-136 and Mohajer-6 drones",
        "2022-08-20",
        "S101 S102 S107",
        "reported",
        "Sky News: a 2022-08-20 deal in Tehran for ~160 drones paid with EUR 140m in cash; US "
        "intelligence: first shipment mid-August 2022. Iran's FM admitted 'a small number', "
        "said to have gone before the invasion [S102].",
    ),
    dep(
        "D9-IRN-RUS-alabuga",
        "IRN",
        "RUS",
        "drones",
        6_000,
        "Shahed-type drones built under licence at Alabuga",
        "2022-11-01",
        "S103 S105 S106 S109",
        "contested",
        "No range: the reports measure different things (a yearly rate and a total). "
        "Licensed production in Tatarstan: WSJ reported a ~US$1.7bn contract for 6,000 a year "
        "(~4,500 delivered by April 2024), the Washington Post 6,000 in total by summer 2025; "
        "by 2025 ~90% of production steps were in Russia [S109]. Deal reported in November "
        "2022. " + MONTH,
    ),
    dep(
        "D10-IRN-RUS-fath360",
        "IRN",
        "RUS",
        "missiles",
        200,
        "Fath-360 close-range missiles",
        "2024-09-10",
        "S110 S111 S112 S114",
        "reported",
        "Contract signed 2023-12-13 (Reuters); delivery confirmed by Blinken on 2024-09-10; "
        "'more than 200' reported; launchers not delivered by late September 2024 [S113].",
    ),
    dep(
        "D11-CHN-RUS-garpiya",
        "CHN",
        "RUS",
        "equipment",
        2_500,
        "Garpiya-A1 drone engine-and-parts sets",
        "2023-07-01",
        "S121 S122",
        "reported",
        "Kupol built more than 2,500 Garpiya-A1 drones with Chinese engines and parts between "
        "July 2023 and July 2024 (European intelligence via Reuters); China's MFA denied "
        "knowledge. " + MONTH,
        end="2024-07-01",
    ),
]


def gathering(
    id: str,
    participants: str,
    sources: str,
    confidence: str,
    note: str | None,
    name: str | None = None,
    **fields: Any,
) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "id": id,
        "name": name,
        "participants": participants.split(),
        "sources": sources,
        "confidence": confidence,
        "note": note,
    }
    for k, v in fields.items():
        rec[k] = d(v) if k in ("date", "start", "end") and v else v
    return rec


def summit(
    id: str,
    participants: str,
    on: str,
    location: str,
    sources: str,
    note: str | None,
    name: str | None = None,
    level: str = "leaders",
    confidence: str = "confirmed",
) -> dict[str, Any]:
    return gathering(
        id,
        participants,
        sources,
        confidence,
        note,
        name=name,
        date=on,
        level=level,
        location=location,
    )


SUMMITS = [
    summit(
        "S-RUS-PRK-2019-04-25",
        "RUS PRK",
        "2019-04-25",
        "Vladivostok",
        "S123 S124",
        "First Putin-Kim summit, two months after the failed Hanoi summit.",
        name="Putin-Kim summit 1",
    ),
    summit(
        "S-RUS-PRK-2023-09-13",
        "RUS PRK",
        "2023-09-13",
        "Vostochny Cosmodrome",
        "S126 S127 S128 S85",
        "About five hours of talks; satellite and rocket cooperation on the agenda. Shell "
        "shipments increased afterwards.",
        name="Putin-Kim summit 2",
    ),
    summit(
        "S-RUS-PRK-2024-06-19",
        "RUS PRK",
        "2024-06-19",
        "Pyongyang",
        "S129 S130 S131",
        "Putin's state visit (2024-06-18/19), his first since 2000; the P2 treaty was signed.",
        name="Putin-Kim summit 3",
    ),
    summit(
        "S-RUS-PRK-2025-09-03",
        "RUS PRK",
        "2025-09-03",
        "Beijing (Diaoyutai)",
        "S80 S142 S143 S226",
        "About 2.5 hours after the parade; Putin praised DPRK troops in Kursk, Kim called "
        "support for Russia a 'fraternal duty'.",
        name="Putin-Kim summit 4",
    ),
    summit(
        "S-CHN-PRK-2018-03-25",
        "CHN PRK",
        "2018-03-25",
        "Beijing",
        "S132",
        "Visit of 2018-03-25/28, dated by its first day; Kim's first known foreign trip as leader.",
        name="Xi-Kim summit 1",
    ),
    summit(
        "S-CHN-PRK-2018-05-07",
        "CHN PRK",
        "2018-05-07",
        "Dalian",
        "S132",
        "Visit of 2018-05-07/08, dated by its first day.",
        name="Xi-Kim summit 2",
    ),
    summit(
        "S-CHN-PRK-2018-06-19",
        "CHN PRK",
        "2018-06-19",
        "Beijing",
        "S133",
        "Visit of 2018-06-19/20, dated by its first day; a week after the Singapore summit.",
        name="Xi-Kim summit 3",
    ),
    summit(
        "S-CHN-PRK-2019-01-07",
        "CHN PRK",
        "2019-01-07",
        "Beijing",
        "S132",
        "Visit of 2019-01-07/10, dated by its first day.",
        name="Xi-Kim summit 4",
    ),
    summit(
        "S-CHN-PRK-2019-06-20",
        "CHN PRK",
        "2019-06-20",
        "Pyongyang",
        "S134",
        "Xi's state visit of 2019-06-20/21, the first by a Chinese top leader in 14 years.",
        name="Xi-Kim summit 5",
    ),
    summit(
        "S-CHN-PRK-2025-09-04",
        "CHN PRK",
        "2025-09-04",
        "Beijing (Great Hall of the People)",
        "S135 S136 S137 S227",
        "Xi: China's stance on the friendship 'will not change'. Kim's 5th visit to China, "
        "the first since 2019.",
        name="Xi-Kim summit 6",
    ),
    summit(
        "S-CHN-RUS-2021-06-28",
        "CHN RUS",
        "2021-06-28",
        "video link",
        "S19",
        "Xi and Putin announced the five-year extension of the 2001 treaty by video link.",
        name="Xi-Putin video summit",
    ),
    summit(
        "S-CHN-RUS-2022-02-04",
        "CHN RUS",
        "2022-02-04",
        "Beijing",
        "S22 S23",
        "Winter Olympics; the 'no limits' statement (P4).",
        name="Xi-Putin, Beijing Olympics",
    ),
    summit(
        "S-CHN-RUS-2022-09-15",
        "CHN RUS",
        "2022-09-15",
        "Samarkand",
        "S144",
        "SCO sidelines; first meeting after the invasion of Ukraine.",
        name="Xi-Putin, Samarkand",
    ),
    summit(
        "S-CHN-RUS-2023-03-20",
        "CHN RUS",
        "2023-03-20",
        "Moscow",
        "S145 S146",
        "Xi's state visit of 2023-03-20/22, dated by its first day.",
        name="Xi state visit to Moscow",
    ),
    summit(
        "S-CHN-RUS-2023-10-18",
        "CHN RUS",
        "2023-10-18",
        "Beijing",
        "S147 S148",
        "Talks at the 3rd Belt and Road Forum; Xi counted 42 meetings with Putin since 2013.",
        name="Xi-Putin, Belt and Road Forum",
    ),
    summit(
        "S-CHN-RUS-2024-05-16",
        "CHN RUS",
        "2024-05-16",
        "Beijing",
        "S149 S26",
        "Putin's state visit of 2024-05-16/17; 75th-anniversary joint statement (P13).",
        name="Putin state visit to Beijing",
    ),
    summit(
        "S-CHN-RUS-2024-07-03",
        "CHN RUS",
        "2024-07-03",
        "Astana",
        "S151",
        "SCO sidelines.",
        name="Xi-Putin, Astana",
    ),
    summit(
        "S-CHN-RUS-2024-10-22",
        "CHN RUS",
        "2024-10-22",
        "Kazan",
        "S152",
        "BRICS sidelines; Xi: 'non-alliance, non-confrontation, not targeting any third party'.",
        name="Xi-Putin, Kazan",
    ),
    summit(
        "S-CHN-RUS-2025-05-08",
        "CHN RUS",
        "2025-05-08",
        "Moscow",
        "S153 S154",
        "Xi's state visit of 2025-05-07/10, dated by the day of the talks; guest of honour at "
        "the Victory Day parade.",
        name="Xi state visit to Moscow",
    ),
    summit(
        "S-CHN-RUS-2025-09-02",
        "CHN RUS",
        "2025-09-02",
        "Beijing",
        "S155 S157",
        "More than 20 documents signed. Gazprom announced a 'legally binding memorandum' on "
        "Power of Siberia 2 that Beijing did not confirm (contested) [S156][S158].",
        name="Xi-Putin, Beijing",
    ),
    summit(
        "S-CHN-RUS-MNG-2025-09-02",
        "CHN RUS MNG",
        "2025-09-02",
        "Beijing",
        "S155",
        "Trilateral with Mongolia's president.",
        name="China-Russia-Mongolia trilateral",
    ),
    summit(
        "S-CHN-RUS-PRK-2025-09-03",
        "CHN RUS PRK",
        "2025-09-03",
        "Beijing (Tiananmen Square)",
        "S138 S139 S140 S141",
        "Victory Day parade: Xi walked between Putin and Kim, the first time the three "
        "appeared together in public. No formal three-way meeting was announced [S139]. About "
        "26 foreign leaders attended, including representatives of Iran and Pakistan [S142]; "
        "only the three leaders are recorded as participants.",
        name="Beijing Victory Day parade: joint appearance",
    ),
    summit(
        "S-SCO-2025-09-01",
        "CHN RUS IND PAK IRN KAZ KGZ TJK UZB BLR",
        "2025-09-01",
        "Tianjin",
        "S159 S160",
        "25th SCO summit, 2025-08-31/09-01, dated by the adoption of the Tianjin Declaration; "
        "all ten members recorded.",
        name="SCO Tianjin summit",
    ),
    summit(
        "S-CHN-IND-2025-08-31",
        "CHN IND",
        "2025-08-31",
        "Tianjin",
        "S161 S162 S163 S164",
        "Modi's first China visit in about seven years; 55 minutes; 'partners, not rivals'.",
        name="Xi-Modi, Tianjin",
    ),
    summit(
        "S-USA-JPN-KOR-2023-08-18",
        "USA JPN KOR",
        "2023-08-18",
        "Camp David",
        "S165 S166 S167 S169",
        "First stand-alone trilateral leaders' summit: Camp David Principles, Commitment to "
        "Consult (P11), hotline, annual summits and exercises.",
        name="Camp David summit",
    ),
]


def exercise(
    id: str,
    participants: str,
    start: str,
    end: str | None,
    domain: str,
    sources: str,
    note: str | None,
    name: str,
    confidence: str = "confirmed",
) -> dict[str, Any]:
    return gathering(
        id, participants, sources, confidence, note, name=name, start=start, end=end, domain=domain
    )


EXERCISES = [
    exercise(
        "E-Vostok-2018",
        "RUS CHN MNG",
        "2018-09-11",
        "2018-09-17",
        "land",
        "S177 S179",
        "Russia claimed ~300,000 troops (judged inflated); China sent ~3,200 troops, its "
        "first Vostok.",
        "Vostok-2018",
        confidence="contested",
    ),
    exercise(
        "E-Vostok-2022",
        "RUS CHN IND",
        "2022-09-01",
        "2022-09-07",
        "multi-domain",
        "S180 S181",
        "About 13 foreign participants; only those the sheet names are recorded. China sent "
        "~2,000 troops; India ~75 and skipped the Sea of Japan phase.",
        "Vostok-2022",
    ),
    exercise(
        "E-NorthInteraction-2023",
        "CHN RUS",
        "2023-07-20",
        "2023-07-23",
        "naval",
        "S182 S183 S184",
        "Followed by a joint naval patrol near the Aleutians.",
        "Northern/Interaction-2023",
    ),
    exercise(
        "E-NorthInteraction-2024",
        "CHN RUS",
        "2024-09-01",
        None,
        "naval",
        "S228",
        "Sea of Japan and Sea of Okhotsk, September 2024. " + MONTH,
        "Northern/Interaction-2024",
        confidence="reported",
    ),
    exercise(
        "E-JointSea-2025",
        "CHN RUS",
        "2025-08-01",
        "2025-08-05",
        "naval",
        "S200 S201",
        "Near Vladivostok, followed by a joint Pacific patrol; the series runs yearly since "
        "2012 but only this edition is dated in the sheet.",
        "Joint Sea-2025",
    ),
    exercise(
        "E-AirPatrol-2019-07-23",
        "CHN RUS",
        "2019-07-23",
        None,
        "air",
        "S185 S186",
        "First joint strategic bomber patrol (2 H-6K, 2 Tu-95MS).",
        "Joint air patrol 1",
    ),
    exercise(
        "E-AirPatrol-2022-05-24",
        "CHN RUS",
        "2022-05-24",
        None,
        "air",
        "S187",
        "During the Quad summit in Tokyo.",
        "Joint air patrol",
    ),
    exercise(
        "E-AirPatrol-2023-12-14",
        "CHN RUS",
        "2023-12-14",
        None,
        "air",
        "S188",
        None,
        "Joint air patrol 7",
    ),
    exercise(
        "E-AirPatrol-2024-07-24",
        "CHN RUS",
        "2024-07-24",
        None,
        "air",
        "S189",
        "First near Alaska; intercepted by US and Canadian fighters.",
        "Joint air patrol 8",
    ),
    exercise(
        "E-AirPatrol-2024-11-29",
        "CHN RUS",
        "2024-11-29",
        None,
        "air",
        "S190",
        "Eleven aircraft entered the KADIZ.",
        "Joint air patrol 9",
    ),
    exercise(
        "E-SecurityBelt-2019",
        "IRN RUS CHN",
        "2019-12-27",
        "2019-12-30",
        "naval",
        "S191 S192",
        "First trilateral naval drill. A 2022 edition is reported but its dates are not in "
        "the sheet, so it is not recorded.",
        "Maritime Security Belt 2019",
    ),
    exercise(
        "E-SecurityBelt-2023",
        "IRN RUS CHN",
        "2023-03-15",
        "2023-03-19",
        "naval",
        "S193",
        None,
        "Maritime Security Belt 2023",
    ),
    exercise(
        "E-SecurityBelt-2024",
        "IRN RUS CHN",
        "2024-03-11",
        "2024-03-15",
        "naval",
        "S194 S195 S196",
        "More than 20 vessels; observers (AZ, KZ, OM, PK, ZA) are not participants.",
        "Maritime Security Belt 2024",
    ),
    exercise(
        "E-SecurityBelt-2025",
        "IRN RUS CHN",
        "2025-03-11",
        "2025-03-15",
        "naval",
        "S197 S229",
        None,
        "Maritime Security Belt 2025",
    ),
    exercise(
        "E-FreedomEdge-24",
        "USA JPN KOR",
        "2024-06-27",
        "2024-06-29",
        "multi-domain",
        "S170 S171",
        "First trilateral multi-domain exercise.",
        "Freedom Edge 24",
    ),
    exercise(
        "E-FreedomEdge-24-2",
        "USA JPN KOR",
        "2024-11-13",
        "2024-11-15",
        "multi-domain",
        "S172 S173",
        None,
        "Freedom Edge 24-2",
    ),
    exercise(
        "E-FreedomEdge-25",
        "USA JPN KOR",
        "2025-09-15",
        "2025-09-19",
        "multi-domain",
        "S174 S175",
        None,
        "Freedom Edge 25",
    ),
    exercise(
        "E-IronMace-2025",
        "USA KOR",
        "2025-09-15",
        "2025-09-19",
        "tabletop",
        "S174 S175",
        "Nuclear-conventional tabletop exercise held at the same time as Freedom Edge 25; "
        "its own dates are not given, so Freedom Edge's are used.",
        "Iron Mace",
    ),
]


def lifeline(
    id: str,
    supplier: str,
    buyer: str,
    commodity: str,
    start: str,
    end: str | None,
    sources: str,
    confidence: str,
    note: str | None,
    volume: float | None = None,
    unit: str | None = None,
    share: float | None = None,
) -> dict[str, Any]:
    return {
        "id": id,
        "supplier": supplier,
        "buyer": buyer,
        "commodity": commodity,
        "volume": volume,
        "unit": unit,
        "share": share,
        "start": d(start),
        "end": d(end) if end else None,
        "sources": sources,
        "confidence": confidence,
        "note": note,
    }


LIFELINES = [
    lifeline(
        "L-RUS-CHN-crude-2022",
        "RUS",
        "CHN",
        "crude oil",
        "2022-01-01",
        "2022-12-31",
        "S202 S204",
        "confirmed",
        "China customs; Saudi Arabia narrowly stayed top supplier.",
        volume=86.2,
        unit="mt/yr",
    ),
    lifeline(
        "L-RUS-CHN-crude-2023",
        "RUS",
        "CHN",
        "crude oil",
        "2023-01-01",
        "2023-12-31",
        "S203 S204 S205",
        "confirmed",
        "Russia became China's top crude supplier.",
        volume=107.0,
        unit="mt/yr",
        share=0.19,
    ),
    lifeline(
        "L-RUS-CHN-crude-2024",
        "RUS",
        "CHN",
        "crude oil",
        "2024-01-01",
        "2024-12-31",
        "S206",
        "confirmed",
        "Record volume.",
        volume=108.5,
        unit="mt/yr",
    ),
    lifeline(
        "L-RUS-CHN-crude-2025Q1",
        "RUS",
        "CHN",
        "crude oil",
        "2025-01-01",
        "2025-03-31",
        "S207",
        "reported",
        "Q1 2025: 24.3 mt, recorded as the annual rate 97.2 mt/yr (24.3 x 4); Russia still "
        "the top supplier.",
        volume=97.2,
        unit="mt/yr",
    ),
    lifeline(
        "L-RUS-IND-crude-2022-01",
        "RUS",
        "IND",
        "crude oil",
        "2022-01-01",
        "2022-01-31",
        "S210 S211",
        "reported",
        "Before the war: about 0.2% of India's crude imports.",
        volume=0.068,
        unit="mb/d",
        share=0.002,
    ),
    lifeline(
        "L-RUS-IND-crude-2022-12",
        "RUS",
        "IND",
        "crude oil",
        "2022-12-01",
        "2022-12-31",
        "S212",
        "reported",
        None,
        volume=1.2,
        unit="mb/d",
    ),
    lifeline(
        "L-RUS-IND-crude-2023-02",
        "RUS",
        "IND",
        "crude oil",
        "2023-02-01",
        "2023-02-28",
        "S211",
        "reported",
        None,
        volume=1.6,
        unit="mb/d",
        share=0.35,
    ),
    lifeline(
        "L-RUS-IND-crude-2023-05",
        "RUS",
        "IND",
        "crude oil",
        "2023-05-01",
        "2023-05-31",
        "S213 S214",
        "reported",
        "IEA puts the share at about 45%.",
        volume=1.96,
        unit="mb/d",
        share=0.42,
    ),
    lifeline(
        "L-RUS-IND-crude-2023",
        "RUS",
        "IND",
        "crude oil",
        "2023-01-01",
        "2023-12-31",
        "S215",
        "reported",
        "2023 average; monthly peak about 2.2 mb/d.",
        volume=1.8,
        unit="mb/d",
        share=0.40,
    ),
    lifeline(
        "L-RUS-IND-crude-2024H1",
        "RUS",
        "IND",
        "crude oil",
        "2024-01-01",
        "2024-06-30",
        "S215",
        "reported",
        "India's full-year 2024 average is not in the sheet.",
        volume=1.6,
        unit="mb/d",
    ),
    lifeline(
        "L-RUS-IND-crude-2024JJA",
        "RUS",
        "IND",
        "crude oil",
        "2024-06-01",
        "2024-08-31",
        "S216",
        "reported",
        None,
        share=0.40,
    ),
    lifeline(
        "L-RUS-IND-crude-2025",
        "RUS",
        "IND",
        "crude oil",
        "2025-01-01",
        "2025-09-30",
        "S210 S217 S218",
        "reported",
        "About 36% in July and September 2025. US tariffs (2025-08-27) and sanctions on "
        "Rosneft and Lukoil (2025-10-22) then pushed Indian refiners to cut purchases.",
        volume=1.7,
        unit="mb/d",
        share=0.36,
    ),
    lifeline(
        "L-CHN-RUS-microelectronics-2023",
        "CHN",
        "RUS",
        "microelectronics",
        "2023-01-01",
        "2023-12-31",
        "S117 S118",
        "reported",
        "US officials: about 90% of Russia's imported microelectronics in 2023.",
        share=0.90,
    ),
    lifeline(
        "L-CHN-RUS-machine-tools-2023Q4",
        "CHN",
        "RUS",
        "machine tools",
        "2023-10-01",
        "2023-12-31",
        "S117 S118",
        "reported",
        "US officials: about 70% of Russia's ~US$900m of machine-tool imports in Q4 2023.",
        share=0.70,
    ),
]


# --- conflicts -------------------------------------------------------------------------

# Pages read for facts the sheet states without a source of their own (the date of the
# full-scale invasion, line "It came 20 days before ..." under P4).
INVASION_SOURCES = (
    "The Filipino Times, 2022-02-24, Full-scale Russian invasion in Ukraine begins. "
    "https://filipinotimes.net/latest-news/2022/02/24/full-scale-russian-invasion-in-ukraine-begins/",
    "Centre for Information Resilience, Eyes on Russia, 24 February 2022, Putin declares "
    "commencement of a 'special military operation' in Ukraine. "
    "https://www.info-res.org/eyes-on-russia/ukraine-'special-military-operation'-announced",
)

CONFLICTS: list[dict[str, Any]] = [
    {
        "id": "C1-RUS-UKR-war",
        "name": "Russo-Ukrainian War (full-scale invasion)",
        "kind": "war",
        "start": d("2022-02-24"),
        "hostility": 5,
        "sides": [
            [
                {"state": "RUS", "joined": d("2022-02-24")},
                {"state": "PRK", "joined": d("2024-10-28")},
            ],
            [{"state": "UKR", "joined": d("2022-02-24")}],
        ],
        "sources": "S59 S60 S77",
        "extra_sources": INVASION_SOURCES,
        "confidence": "confirmed",
        "note": (
            "North Korea is on Russia's side from 2024-10-28, when NATO confirmed North "
            "Korean units in Kursk and the Pentagon put ~10,000 troops in Russia [S59][S60]; "
            "Russia confirmed their part in the fighting on 2025-04-26 [S77]. States that "
            "arm Ukraine or Russia without fighting are not belligerents: their supply is "
            "under deployments. Casualty totals are contested and not recorded here."
        ),
    },
]


def read_sources(facts: Path) -> dict[str, str]:
    """Return ``{"S01": "S01 (tier A): TASS, ... <address>"}`` from the sheet's source table."""
    row = re.compile(r"^\|\s*(S\d+)\s*\|\s*([ABC])\s*\|\s*(.+?)\s*\|\s*(\S+)\s*\|\s*$")
    out = {}
    for line in facts.read_text(encoding="utf-8").splitlines():
        if m := row.match(line):
            sid, tier, title, address = m.groups()
            out[sid] = f"{sid} (tier {tier}): {title}. {address}"
    if len(out) < 200:
        raise SystemExit(f"{facts}: found {len(out)} sources; expected the sheet's full list")
    return out


def build(facts: Path) -> World:
    sources = read_sources(facts)

    def finish(rec: dict[str, Any]) -> dict[str, Any]:
        rec = dict(rec)
        # Sources named in the note are cited too, so the record lists everything it rests on.
        ids = rec.pop("sources").split() + re.findall(r"\[(S\d+)\]", rec.get("note") or "")
        cited = [sources[s] for s in dict.fromkeys(ids)]
        rec["source"] = cited + list(rec.pop("extra_sources", ()))
        return {k: v for k, v in rec.items() if v is not None}

    return World.model_validate(
        {
            "states": STATES,
            "pacts": [finish(r) for r in PACTS],
            "deployments": [finish(r) for r in DEPLOYMENTS],
            "summits": [finish(r) for r in SUMMITS],
            "exercises": [finish(r) for r in EXERCISES],
            "lifelines": [finish(r) for r in LIFELINES],
            "conflicts": [finish(r) for r in CONFLICTS],
        }
    )


def provenance_page(world: World) -> str:
    from alliance_risk.world import summarize

    s = summarize(world)
    lines = [
        "# Scenario: axis-of-upheaval",
        "",
        'China, Russia, North Korea and Iran (the "axis of upheaval", a phrase of Kendall-Taylor',
        "and Fontaine, 2024), with the United States, Japan, South Korea and India for comparison.",
        "Built by `scripts/build_axis_of_upheaval.py` from the project's dated, sourced facts",
        "sheet; this page is generated with it and lists every record with its sources.",
        "",
        f"- States: {len(world.states)} ({', '.join(world.codes)})",
        "- Records: " + ", ".join(f"{n} {k}" for k, n in s.counts.items() if k != "states"),
        f"- Dates: {s.first} to {s.last} (focus 2014-2025; older treaties in force included)",
        "",
        'Load it with `alliance_risk.load_scenario("axis-of-upheaval")` or',
        "`alliance-risk show axis-of-upheaval`.",
        "",
        "## Conventions where the sheet is not precise",
        "",
        "- A date given only as a month uses the 1st of that month; the record's note says so.",
        "- A multi-day visit is dated by the day the sheet names for the talks, else its first.",
        "- A contested figure keeps the sheet's range as `low`/`high`; `amount` is the best single",
        "  figure. The scoring engine uses the midpoint of the range by default.",
        "- A pact whose entry into force is unknown has no `in_force` date (it counts as signed,",
        "  not in force); a political declaration takes effect when issued",
        "  (`in_force` = `signed`).",
        "",
        "## Left out, and why",
        "",
        "- The 2022 Maritime Security Belt exercise: the sheet has no dates for it.",
        "- North Korea's observer role at Ocean-2024: an observer is not a participant.",
        "- Joint Sea editions before 2025 and Xi-Putin meetings of 2014-2021: not itemised in",
        "  the sheet.",
        "- Power of Siberia 2 (2025-09-02): a contested memorandum on future gas flows, not a",
        "  current dependence; noted on the Xi-Putin summit of that day.",
        "- North Korean workers in Russia and casualty figures: not military supply; casualties",
        "  are noted on the troop record.",
        "",
    ]
    head = {
        "pacts": "| id | pact | parties | signed | in force | obligations | confidence |",
        "deployments": "| id | supplier -> recipient | kind | amount (range) | from | confidence |",
        "summits": "| id | participants | date | where | confidence |",
        "exercises": "| id | exercise | participants | dates | domain | confidence |",
        "lifelines": "| id | supplier -> buyer | commodity | figure | period | confidence |",
        "conflicts": "| id | conflict | kind | side A | side B | from | confidence |",
    }
    for kind, header in head.items():
        lines += [f"## {kind.capitalize()}", "", header, "|" + "---|" * (header.count("|") - 1)]
        notes = []
        for r in getattr(world, kind):
            lines.append(_row(kind, r))
            cited = "; ".join(s.split(" (tier")[0] if s.startswith("S") else s for s in r.source)
            # "[S13][S14]" in a note would read as a Markdown reference link: escape it.
            note = f" {r.note.replace('[', chr(92) + '[')}" if r.note else ""
            notes.append(f"- **{r.id}**: sources {cited}.{note}")
        lines += ["", *notes, ""]
    lines += [
        "## Sources",
        "",
        "Each source as the facts sheet lists it (tier A: official or wire or",
        "major outlet; B: regional or secondary; C: aggregator, mirror or forum).",
        "",
    ]
    used = sorted({s for r in world.records() for s in r.source}, key=_source_order)
    lines += [f"- {s}" for s in used]
    return "\n".join(lines) + "\n"


def _source_order(citation: str) -> tuple[int, str]:
    m = re.match(r"S(\d+) ", citation)
    return (int(m.group(1)) if m else 10_000, citation)


def _span(start: date, end: date | None) -> str:
    return f"{start}" + (f" to {end}" if end else "")


def _row(kind: str, r: Any) -> str:
    c = r.confidence.value
    if kind == "pacts":
        obl = ", ".join(o.value for o in r.obligations)
        if r.party_obligations:
            obl += "; " + "; ".join(
                f"{k}: {', '.join(o.value for o in v)}" for k, v in r.party_obligations.items()
            )
        return (
            f"| {r.id} | {r.name} | {'-'.join(r.parties)} | {r.signed} | "
            f"{r.in_force or 'not in force'} | {obl} | {c} |"
        )
    if kind == "deployments":
        rng = f" ({r.low:,.0f}-{r.high:,.0f})" if r.low is not None else ""
        return (
            f"| {r.id} | {r.supplier} -> {r.recipient} | {r.kind.value} | "
            f"{r.amount:,.0f}{rng} {r.unit} | {_span(r.start, r.end)} | {c} |"
        )
    if kind == "summits":
        return f"| {r.id} | {'-'.join(r.participants)} | {r.date} | {r.location or ''} | {c} |"
    if kind == "conflicts":
        sides = [", ".join(f"{p.state} (from {p.joined})" for p in side) for side in r.sides]
        return (
            f"| {r.id} | {r.name} | {r.kind.value} | {sides[0]} | {sides[1]} | "
            f"{_span(r.start, r.end)} | {c} |"
        )
    if kind == "exercises":
        parties = "-".join(r.participants)
        span = _span(r.start, r.end)
        return f"| {r.id} | {r.name or ''} | {parties} | {span} | {r.domain or ''} | {c} |"
    fig = []
    if r.volume is not None:
        fig.append(f"{r.volume:g} {r.unit}")
    if r.share is not None:
        fig.append(f"{r.share:.0%} of imports")
    return (
        f"| {r.id} | {r.supplier} -> {r.buyer} | {r.commodity} | {', '.join(fig)} | "
        f"{r.start} to {r.end or 'open'} | {c} |"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=Path, default=DEFAULT_FACTS)
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if the shipped files are out of date",
    )
    args = parser.parse_args(argv)
    world = build(args.facts)
    outputs = {OUT_JSON: world_to_json(world), OUT_DOC: provenance_page(world)}
    stale = [
        p for p, text in outputs.items() if not p.exists() or p.read_text(encoding="utf-8") != text
    ]
    if args.check:
        for p in stale:
            print(f"out of date: {p.relative_to(ROOT)}")
        return 1 if stale else 0
    for p, text in outputs.items():
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    n = sum(1 for _ in world.records())
    print(f"wrote {OUT_JSON.relative_to(ROOT)} ({len(world.states)} states, {n} records)")
    print(f"wrote {OUT_DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
