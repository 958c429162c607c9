"""Build ``alliance_risk/data/states.csv``, the crosswalk of state codes.

One row per spell of a state in the COW state system (v2016), split where a
Gleditsch-Ward number or an ISO code holds only for part of the spell. Columns:

- ``cow_code``, ``cow_number``, ``name``, ``start``, ``end``: from COW's
  ``states2016.csv`` (Correlates of War Project 2017), unchanged.
- ``iso3``: the ISO 3166-1 alpha-3 code currently assigned to the state that COW
  continues under this number (consulted: the UN Statistics Division's M49 list,
  which gives ISO's alpha-3 code of every country or area). Empty where ISO has no
  current code for the state: historic states (Hanover, Korea 1887-1905, the two
  Yemens before 1990, ...), Kosovo (no ISO 3166-1 code; ``XKX`` is user-assigned),
  and Yugoslavia before 2006-06-05 (its codes YUG and SCG were withdrawn).
- ``gw_number``: the state's number in Gleditsch & Ward (1999)'s list of independent
  states. Equal to the COW number except where the two lists differ: Germany after
  1990 (GW 260), Serbia before 1918-12-01 and after 2006-06-05 (GW 340), Yemen after
  1990 (GW 678), Kiribati 970, Nauru 971, Tonga 972, Tuvalu 973. Empty for the
  microstates whose number in GW's separate microstate list was not checked.
- ``cow_source``, ``iso3_source``, ``gw_source``: the key of each mapping's source
  (see ``alliance_risk.states.CROSSWALK_SOURCES``); empty with an empty value.

Run: ``python scripts/build_states.py /work/shared/data/cow_state_system_v2016``.
"""

from __future__ import annotations

import csv
import sys
from datetime import date, timedelta
from pathlib import Path

#: ISO 3166-1 alpha-3 code per COW number (states with no current ISO code absent).
ISO3 = {
    2: "USA", 20: "CAN", 31: "BHS", 40: "CUB", 41: "HTI", 42: "DOM", 51: "JAM", 52: "TTO",
    53: "BRB", 54: "DMA", 55: "GRD", 56: "LCA", 57: "VCT", 58: "ATG", 60: "KNA", 70: "MEX",
    80: "BLZ", 90: "GTM", 91: "HND", 92: "SLV", 93: "NIC", 94: "CRI", 95: "PAN", 100: "COL",
    101: "VEN", 110: "GUY", 115: "SUR", 130: "ECU", 135: "PER", 140: "BRA", 145: "BOL",
    150: "PRY", 155: "CHL", 160: "ARG", 165: "URY", 200: "GBR", 205: "IRL", 210: "NLD",
    211: "BEL", 212: "LUX", 220: "FRA", 221: "MCO", 223: "LIE", 225: "CHE", 230: "ESP",
    232: "AND", 235: "PRT", 255: "DEU", 260: "DEU", 290: "POL", 305: "AUT", 310: "HUN",
    316: "CZE", 317: "SVK", 325: "ITA", 331: "SMR", 338: "MLT", 339: "ALB", 341: "MNE",
    343: "MKD", 344: "HRV", 345: "SRB", 346: "BIH", 349: "SVN", 350: "GRC", 352: "CYP",
    355: "BGR", 359: "MDA", 360: "ROU", 365: "RUS", 366: "EST", 367: "LVA", 368: "LTU",
    369: "UKR", 370: "BLR", 371: "ARM", 372: "GEO", 373: "AZE", 375: "FIN", 380: "SWE",
    385: "NOR", 390: "DNK", 395: "ISL", 402: "CPV", 403: "STP", 404: "GNB", 411: "GNQ",
    420: "GMB", 432: "MLI", 433: "SEN", 434: "BEN", 435: "MRT", 436: "NER", 437: "CIV",
    438: "GIN", 439: "BFA", 450: "LBR", 451: "SLE", 452: "GHA", 461: "TGO", 471: "CMR",
    475: "NGA", 481: "GAB", 482: "CAF", 483: "TCD", 484: "COG", 490: "COD", 500: "UGA",
    501: "KEN", 510: "TZA", 516: "BDI", 517: "RWA", 520: "SOM", 522: "DJI", 530: "ETH",
    531: "ERI", 540: "AGO", 541: "MOZ", 551: "ZMB", 552: "ZWE", 553: "MWI", 560: "ZAF",
    565: "NAM", 570: "LSO", 571: "BWA", 572: "SWZ", 580: "MDG", 581: "COM", 590: "MUS",
    591: "SYC", 600: "MAR", 615: "DZA", 616: "TUN", 620: "LBY", 625: "SDN", 626: "SSD",
    630: "IRN", 640: "TUR", 645: "IRQ", 651: "EGY", 652: "SYR", 660: "LBN", 663: "JOR",
    666: "ISR", 670: "SAU", 679: "YEM", 690: "KWT", 692: "BHR", 694: "QAT", 696: "ARE",
    698: "OMN", 700: "AFG", 701: "TKM", 702: "TJK", 703: "KGZ", 704: "UZB", 705: "KAZ",
    710: "CHN", 712: "MNG", 713: "TWN", 731: "PRK", 732: "KOR", 740: "JPN", 750: "IND",
    760: "BTN", 770: "PAK", 771: "BGD", 775: "MMR", 780: "LKA", 781: "MDV", 790: "NPL",
    800: "THA", 811: "KHM", 812: "LAO", 816: "VNM", 820: "MYS", 830: "SGP", 835: "BRN",
    840: "PHL", 850: "IDN", 860: "TLS", 900: "AUS", 910: "PNG", 920: "NZL", 935: "VUT",
    940: "SLB", 946: "KIR", 947: "TUV", 950: "FJI", 955: "TON", 970: "NRU", 983: "MHL",
    986: "PLW", 987: "FSM", 990: "WSM",
}  # fmt: skip

#: GW numbers that differ from the COW number, for the whole of the COW state.
GW_DIFFERENT = {679: 678, 946: 970, 947: 973, 955: 972, 970: 971}
#: Microstates whose GW number (in GW's separate list) was not checked: left empty.
GW_UNCHECKED = {54, 55, 56, 57, 58, 60, 221, 223, 232, 331, 403, 591, 935, 983, 986, 987, 990}
#: Where a state's GW number or ISO code changes within a COW state: per COW number,
#: ``(first day, GW number from that day, whether the ISO code holds from that day)``,
#: in date order; the first entry holds from the state's first day.
CHANGES = {
    255: ((date.min, 255, True), (date(1990, 10, 3), 260, True)),
    345: ((date.min, 340, False), (date(1918, 12, 1), 345, False), (date(2006, 6, 5), 340, True)),
}


def _mapping(n: int, day: date) -> tuple[int, bool]:
    """Return the GW number of COW state ``n`` on ``day``, and whether its ISO code holds."""
    gw, iso = GW_DIFFERENT.get(n, n), True
    for first, g, i in CHANGES.get(n, ()):
        if first <= day:
            gw, iso = g, i
    return gw, iso


#: The last day of the COW v2016 data: a spell ending then has not ended.
COW_LAST_DAY = date(2016, 12, 31)

COLUMNS = (
    "cow_code", "cow_number", "name", "start", "end", "iso3", "gw_number",
    "cow_source", "iso3_source", "gw_source",
)  # fmt: skip


def rows(cow_file: Path) -> list[dict[str, str]]:
    out = []
    with cow_file.open(newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            n = int(r["ccode"])
            start = date(int(r["styear"]), int(r["stmonth"]), int(r["stday"]))
            end = date(int(r["endyear"]), int(r["endmonth"]), int(r["endday"]))
            cuts = [start] + [d for d, _, _ in CHANGES.get(n, ()) if start < d <= end]
            for k, first in enumerate(cuts):
                last = cuts[k + 1] - timedelta(days=1) if k + 1 < len(cuts) else end
                gw, iso_holds = _mapping(n, first)
                iso = ISO3.get(n, "") if iso_holds else ""
                gw_text = "" if n in GW_UNCHECKED else str(gw)
                out.append(
                    {
                        "cow_code": r["stateabb"],
                        "cow_number": str(n),
                        "name": r["statenme"],
                        "start": first.isoformat(),
                        # COW's last day means "still a member": open-ended
                        "end": "" if last == COW_LAST_DAY else last.isoformat(),
                        "iso3": iso,
                        "gw_number": gw_text,
                        "cow_source": "cow_states",
                        "iso3_source": "iso3166" if iso else "",
                        "gw_source": "gleditsch_ward" if gw_text else "",
                    }
                )
    return out


def main(cow_dir: str) -> None:
    target = Path(__file__).resolve().parent.parent / "alliance_risk" / "data" / "states.csv"
    with target.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows(Path(cow_dir) / "states2016.csv"))


if __name__ == "__main__":
    main(sys.argv[1])
