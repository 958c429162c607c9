"""Hostile inputs to the data loaders: every one a clear error, or correct behaviour.

Three parts:

- a catalogue: each entry is a fixture file with one defect, and the exact error class
  and the words that name the file, the line, the column, the value and what was
  expected;
- parity: numpy's fast reading path and the strict row-by-row path accept and refuse
  exactly the same files, and give the same arrays;
- a fuzz test: hypothesis mutates valid fixture files (drop, duplicate, retype, truncate,
  re-encode fields and rows) and every loader either returns a valid object whose report
  accounts for every row, or raises the library's own error, never another exception.
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import gzip
import math
import os
import re
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from alliance_risk import AllianceRiskError, InvalidParameterError, MissingDataError
from alliance_risk.datasets import (
    AtopMembers,
    CowStates,
    DataFileError,
    ReadReport,
    _csv,
    atop_pacts,
    atop_portfolios,
    contiguity_records,
    dyad_years,
    mid_conflicts,
    read_atop_alliances,
    read_atop_dyad_years,
    read_atop_members,
    read_cow_capabilities,
    read_cow_contiguity,
    read_cow_igo,
    read_cow_mids,
    read_cow_states,
    read_cow_wars,
    read_rivalries,
    rivalry_records,
    war_conflicts,
)

from .conftest import SHARED

FIX = Path(__file__).parent / "fixtures"
ATOP, COW = FIX / "atop", FIX / "cow"
DATA = SHARED / "data"

Reader = Callable[[Path], Any]
Edit = Callable[[bytes], bytes]


# --- edits: one defect each ----------------------------------------------------------------


def _lines(data: bytes) -> list[str]:
    return data.decode("utf-8").split("\n")


def _join(lines: list[str]) -> bytes:
    return "\n".join(lines).encode("utf-8")


def _fields(line: str) -> list[str]:
    return next(csv.reader([line]))


def _unparse(fields: list[str], raw: int | None = None) -> str:
    return ",".join(
        f if k == raw or ("," not in f and '"' not in f) else '"' + f.replace('"', '""') + '"'
        for k, f in enumerate(fields)
    )


def cell(line: int, column: str, value: str) -> Edit:
    """Set ``column`` of ``line`` (1-based, the header is 1) to ``value``, written raw."""

    def edit(data: bytes) -> bytes:
        lines = _lines(data)
        k = _fields(lines[0]).index(column)
        fields = _fields(lines[line - 1])
        fields[k] = value
        lines[line - 1] = _unparse(fields, raw=k)
        return _join(lines)

    return edit


def cells(line: int, **values: str) -> Edit:
    """Set several columns of one line."""

    def edit(data: bytes) -> bytes:
        for column, value in values.items():
            data = cell(line, column, value)(data)
        return data

    return edit


def sub(line: int, old: str, new: str) -> Edit:
    def edit(data: bytes) -> bytes:
        lines = _lines(data)
        assert old in lines[line - 1], (old, lines[line - 1])
        lines[line - 1] = lines[line - 1].replace(old, new, 1)
        return _join(lines)

    return edit


def insert(line: int, text: str) -> Edit:
    """Insert ``text`` as line ``line`` (the old line moves down)."""

    def edit(data: bytes) -> bytes:
        lines = _lines(data)
        lines.insert(line - 1, text)
        return _join(lines)

    return edit


def repeat(line: int) -> Edit:
    """Write ``line`` again after the last line."""

    def edit(data: bytes) -> bytes:
        lines = _lines(data)
        while lines and lines[-1] == "":
            lines.pop()
        return _join([*lines, lines[line - 1], ""])

    return edit


def latin1(line: int, column: str, value: str) -> Edit:
    """Set a cell to text with an accent, and save the whole file as Latin-1."""

    def edit(data: bytes) -> bytes:
        return cell(line, column, value)(data).decode("utf-8").encode("latin-1")

    return edit


def gzipped(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def utf16(data: bytes) -> bytes:
    return codecs.BOM_UTF16_LE + data.decode("utf-8").encode("utf-16-le")


def nul_in(line: int) -> Edit:
    def edit(data: bytes) -> bytes:
        lines = _lines(data)
        lines[line - 1] = lines[line - 1][:3] + "\x00" + lines[line - 1][3:]
        return _join(lines)

    return edit


def lone_cr(line: int) -> Edit:
    def edit(data: bytes) -> bytes:
        lines = _lines(data)
        lines[line - 1] = lines[line - 1].replace(",", ",\r", 1)
        return _join(lines)

    return edit


def empty(data: bytes) -> bytes:
    return b""


# --- readers -----------------------------------------------------------------------------


def _states(path: Path) -> CowStates:
    return read_cow_states(path.parent)


READERS: dict[str, Reader] = {
    "atop5_1m.csv": read_atop_members,
    "atop5_1a.csv": read_atop_alliances,
    "atop5_1_ddyr_peacesciencer.csv": read_atop_dyad_years,
    "states2016.csv": _states,
    "system2016.csv": _states,
    "NMC-60-abridged.csv": read_cow_capabilities,
    "MIDB_5.0.csv": read_cow_mids,
    "Inter-StateWarData_v4.0.csv": read_cow_wars,
    "td_rivalries.csv": read_rivalries,
    "tss_rivalries.csv": read_rivalries,
    "contdir_peacesciencer.csv": read_cow_contiguity,
    "igo_ndy_peacesciencer.csv": read_cow_igo,
}
#: Files whose columns are all integers: numpy's fast path may read them.
ALL_INT = {"atop5_1_ddyr_peacesciencer.csv", "MIDB_5.0.csv", "igo_ndy_peacesciencer.csv"}


def write_copy(tmp: Path, fixture: str, edit: Edit | None) -> Path:
    """Copy the fixture's folder into ``tmp`` and apply ``edit`` to the fixture file."""
    src = FIX / fixture
    folder = tmp / src.parent.name
    shutil.copytree(src.parent, folder, dirs_exist_ok=True)
    target = folder / src.name
    data = src.read_bytes()
    target.write_bytes(edit(data) if edit else data)
    return target


# --- the catalogue -------------------------------------------------------------------------


class Case(NamedTuple):
    id: str
    fixture: str
    edit: Edit
    error: type[Exception]
    line: int | None  # None: no line applies (an empty file)
    column: str | None  # the column named, as the message quotes it
    value: str | None  # the value as the message shows it
    expected: str  # words of what was expected

    def run(self, tmp: Path) -> tuple[Path, Any]:
        path = write_copy(tmp, self.fixture, self.edit)
        return path, READERS[Path(self.fixture).name](path)


M, A, DY = "atop/atop5_1m.csv", "atop/atop5_1a.csv", "atop/atop5_1_ddyr_peacesciencer.csv"
ST, SY, NMC = "cow/states2016.csv", "cow/system2016.csv", "cow/NMC-60-abridged.csv"
MID, WAR = "mid/MIDB_5.0.csv", "wars/Inter-StateWarData_v4.0.csv"
TD, TSS = "rivalries/td_rivalries.csv", "rivalries/tss_rivalries.csv"
CONT, IGO = "contiguity/contdir_peacesciencer.csv", "igo/igo_ndy_peacesciencer.csv"
E = DataFileError
BIG = "99999999999999999999"  # 20 digits: more than 64 bits hold
WHOLE, NUMBER = "a whole number", "expected a decimal number"
DAY_MISSING = "or 0 or empty (missing)"

CATALOGUE: list[Case] = [
    # ATOP member-level file: dates, flags, codes, encodings, structure
    Case("m-exit-year-before-entry", M, cell(2, "yrexit", "1879"), E, 2, "'yrexit'",
         "yrexit=1879", "expected an exit on or after the entry"),
    Case("m-exit-month-before-entry", M, cells(2, yrexit="1880", moexit="10"), E, 2,
         "'moexit'", "moexit=10", "expected an exit on or after the entry"),
    Case("m-exit-day-before-entry", M, cells(2, yrexit="1880", moexit="11", dayexit="14"), E,
         2, "'dayexit'", "dayexit=14", "expected an exit on or after the entry"),
    Case("m-flag-minus-7", M, cell(2, "defense", "-7"), E, 2, "'defense'", "-7",
         "expected 0 or 1"),
    Case("m-flag-2", M, cell(4, "consul", "2"), E, 4, "'consul'", "2", "expected 0 or 1"),
    Case("m-flag-empty", M, cell(3, "offense", ""), E, 3, "'offense'", "empty",
         f"expected {WHOLE}"),
    Case("m-flag-half", M, cell(3, "neutral", "0.5"), E, 3, "'neutral'", "'0.5'",
         f"is not a whole number; expected {WHOLE}"),
    Case("m-month-2.7", M, cell(2, "moent", "2.7"), E, 2, "'moent'", "'2.7'",
         f"is not a whole number; expected {WHOLE} or an empty field (missing)"),
    Case("m-day-15.5", M, cell(2, "dayent", "15.5"), E, 2, "'dayent'", "'15.5'",
         "is not a whole number"),
    Case("m-underscores-member", M, cell(2, "member", "2_0_0"), E, 2, "'member'", "'2_0_0'",
         "no '_' separators"),
    Case("m-underscores-year", M, cell(3, "yrent", "1_880"), E, 3, "'yrent'", "'1_880'",
         "no '_' separators"),
    Case("m-nan-year", M, cell(2, "yrent", "nan"), E, 2, "'yrent'", "'nan'",
         "NaN and infinity are not data"),
    Case("m-inf-year", M, cell(2, "yrexit", "inf"), E, 2, "'yrexit'", "'inf'",
         "NaN and infinity are not data"),
    Case("m-nan-month", M, cell(2, "moent", "NaN"), E, 2, "'moent'", "'NaN'",
         "an empty field (missing)"),
    Case("m-month-13", M, cell(2, "moent", "13"), E, 2, "'moent'", "13",
         "expected a month 1-12, or 0 or empty (missing)"),
    Case("m-exit-month-13", M, cell(5, "moexit", "13"), E, 5, "'moexit'", "13",
         "expected a month 1-12"),
    Case("m-30-february", M, cells(2, moent="2", dayent="30"), E, 2, "'dayent'", "30",
         f"expected a day that exists in 1880-02, {DAY_MISSING}"),
    Case("m-31-june-exit", M, cells(6, moexit="6", dayexit="31"), E, 6, "'dayexit'", "31",
         "expected a day that exists in 1893-06"),
    Case("m-day-32", M, cell(3, "dayent", "32"), E, 3, "'dayent'", "32",
         "expected a day 1-31"),
    Case("m-year-0", M, cell(2, "yrent", "0"), E, 2, "'yrent'", "0",
         "expected a year 1815-2018"),
    Case("m-year-1814", M, cell(2, "yrent", "1814"), E, 2, "'yrent'", "1814",
         "expected a year 1815-2018 (ATOP 5.1's coverage)"),
    Case("m-exit-year-2019", M, cell(2, "yrexit", "2019"), E, 2, "'yrexit'", "2019",
         "or 0 (still in force)"),
    Case("m-year-20-digits", M, cell(2, "yrent", BIG), E, 2, "'yrent'", f"'{BIG}'",
         "is out of range; expected a whole number that fits in 64 bits"),
    Case("m-exit-0-with-month", M, cells(11, moexit="5"), E, 11, "'moexit'", "5",
         "0 or empty: yrexit 0 means in force at the end of the data"),
    Case("m-exit-0-with-day", M, cells(11, dayexit="9"), E, 11, "'dayexit'", "9",
         "0 or empty: yrexit 0 means in force"),
    Case("m-member-negative", M, cell(2, "member", "-5"), E, 2, "'member'", "-5",
         "expected a state code 1-9999"),
    Case("m-member-5-digits", M, cell(2, "member", "10000"), E, 2, "'member'", "10000",
         "expected a state code 1-9999"),
    Case("m-atopid-0", M, cell(3, "atopid", "0"), E, 3, "'atopid'", "0",
         "expected an ATOP id >= 1"),
    Case("m-phase-negative", M, cell(3, "phase", "-1"), E, 3, "'phase'", "-1",
         "expected a phase >= 0"),
    Case("m-year-empty", M, cell(4, "yrent", ""), E, 4, "'yrent'", "empty",
         f"expected {WHOLE}"),
    Case("m-arabic-digits", M, cell(2, "yrent", "١٨٨٠"), E, 2, "'yrent'", "'١٨٨٠'",
         "digits 0-9 only"),
    Case("m-exponent", M, cell(2, "yrent", "1.88e3"), E, 2, "'yrent'", "'1.88e3'",
         "is not a whole number"),
    Case("m-hash-row", M, insert(3, "#1060,,,200,0,1880,11,15,1885,1,1,0,1,0,0,1,0,0,0,0,5.1"),
         E, 3, "'atopid'", "'#1060'", "a '#' does not start a comment"),
    Case("m-extra-field", M, sub(3, ",5.1", ",5.1,x"), E, 3, None, "'x'",
         "22 fields; expected 21 as in the header"),
    Case("m-missing-field", M, sub(3, ",0,0,0,0,0,5.1", ",0,0,0,0,5.1"), E, 3, "'version'",
         None, "20 fields; expected 21 as in the header"),
    Case("m-blank-line", M, insert(4, ""), E, 4, None, None,
         "blank lines are allowed only at the end of the file"),
    Case("m-space-line", M, insert(4, "   "), E, 4, None, "'   '",
         "1 fields; expected 21"),
    Case("m-latin1", M, latin1(3, "version", "5.1é"), E, 3, "'version'", "b'\\xe9'",
         "expected UTF-8 text"),
    Case("m-gzip", M, gzipped, E, 1, None, "b'\\x1f\\x8b", "gzip-compressed"),
    Case("m-utf16", M, utf16, E, 1, None, "b'\\xff\\xfe", "re-save it as UTF-8"),
    Case("m-nul", M, nul_in(5), E, 5, None, "'\\x00'", "expected text"),
    Case("m-lone-cr", M, lone_cr(3), E, 3, None, "'\\r'", "expected lines ending in"),
    Case("m-unclosed-quote", M, sub(3, "1060,", '"1060,'), E, 3, None, '\'"1060',
         "is not valid CSV (unexpected end of data); expected fields separated by commas"),
    Case("m-stray-quote", M, sub(3, "1060,", '"10"60,'), E, 3, None, '\'"10"60',
         "is not valid CSV"),
    Case("m-duplicate-column", M, sub(1, "cow4id", "yrent"), E, 1, "'yrent'", None,
         "expected each column once"),
    Case("m-empty-file", M, empty, E, None, None, None, "the file is empty; expected the ATOP"),
    Case("m-blank-header", M, insert(1, ""), E, 1, None, None, "expected the header"),
    # ATOP alliance-level file
    Case("a-end-before-begin", A, cell(3, "endyr", "1873"), E, 3, "'endyr'", "endyr=1873",
         "expected an end on or after the beginning"),
    Case("a-asymm-2", A, cell(2, "asymm", "2"), E, 2, "'asymm'", "2", "expected 0 or 1"),
    Case("a-flag-minus-7", A, cell(4, "offense", "-7"), E, 4, "'offense'", "-7",
         "expected 0 or 1"),
    Case("a-month-2.5", A, cell(2, "begmo", "2.5"), E, 2, "'begmo'", "'2.5'",
         "is not a whole number"),
    Case("a-31-june", A, cell(6, "begday", "31"), E, 6, "'begday'", "31",
         "a day that exists in 1960-06"),
    Case("a-end-0-with-month", A, cell(6, "endmo", "3"), E, 6, "'endmo'", "3",
         "endyr 0 means in force"),
    Case("a-atopid-twice", A, cell(3, "atopid", "1060"), E, 3, "'atopid'", "1060",
         "one row per alliance; atopid=1060 is already on line 2"),
    Case("a-year-0", A, cell(2, "begyr", "0"), E, 2, "'begyr'", "0",
         "expected a year 1815-2018"),
    Case("a-year-nan", A, cell(2, "endyr", "nan"), E, 2, "'endyr'", "'nan'",
         "is not a number; expected a whole number"),
    Case("a-gzip", A, gzipped, E, 1, None, "b'\\x1f\\x8b", "gzip-compressed"),
    Case("a-latin1", A, latin1(4, "version", "5.1é"), E, 4, "'version'", "b'\\xe9'",
         "expected UTF-8 text"),
    Case("a-year-20-digits", A, cell(2, "begyr", BIG), E, 2, "'begyr'", f"'{BIG}'",
         "out of range"),
    # ATOP directed dyad-year file (all integers: the fast path's file)
    Case("dy-hash-row", DY, insert(3, "#200,255,1880,1,0,0,0,0"), E, 3, "'ccode1'", "'#200'",
         "a '#' does not start a comment"),
    Case("dy-hash-first-row", DY, sub(2, "200,", "#200,"), E, 2, "'ccode1'", "'#200'",
         "is not a number"),
    Case("dy-extra-field", DY, sub(3, "255,200,1880,0,0,0,0,0", "255,200,1880,0,0,0,0,0,1"),
         E, 3, None, "'1'", "9 fields; expected 8 as in the header"),
    Case("dy-missing-field", DY, sub(4, "200,255,1881,1,0,0,0,0", "200,255,1881,1,0,0,0"),
         E, 4, "'atop_consul'", None, "7 fields; expected 8"),
    Case("dy-flag-minus-7", DY, cell(2, "atop_defense", "-7"), E, 2, "'atop_defense'", "-7",
         "expected 0 or 1"),
    Case("dy-flag-2", DY, cell(5, "atop_consul", "2"), E, 5, "'atop_consul'", "2",
         "expected 0 or 1"),
    Case("dy-flag-2.0", DY, cell(5, "atop_nonagg", "2.0"), E, 5, "'atop_nonagg'", "2",
         "expected 0 or 1"),
    Case("dy-flag-half", DY, cell(5, "atop_neutral", "0.5"), E, 5, "'atop_neutral'", "'0.5'",
         "is not a whole number"),
    Case("dy-flag-empty", DY, cell(5, "atop_offense", ""), E, 5, "'atop_offense'", "empty",
         f"expected {WHOLE}"),
    Case("dy-flag-inf", DY, cell(6, "atop_defense", "inf"), E, 6, "'atop_defense'", "'inf'",
         "NaN and infinity are not data"),
    Case("dy-year-nan", DY, cell(6, "year", "nan"), E, 6, "'year'", "'nan'",
         "NaN and infinity are not data"),
    Case("dy-year-0", DY, cell(2, "year", "0"), E, 2, "'year'", "0",
         "expected a year 1815-2018"),
    Case("dy-year-2019", DY, cell(2, "year", "2019"), E, 2, "'year'", "2019",
         "expected a year 1815-2018"),
    Case("dy-ccode-0", DY, cell(3, "ccode2", "0"), E, 3, "'ccode2'", "0",
         "expected a state code 1-9999"),
    Case("dy-ccode-5-digits", DY, cell(3, "ccode1", "12345"), E, 3, "'ccode1'", "12345",
         "expected a state code 1-9999"),
    Case("dy-self-dyad", DY, cell(3, "ccode2", "255"), E, 3, "'ccode2'", "255",
         "expected a state other than ccode1"),
    Case("dy-twice", DY, repeat(4), E, 388, "'year'", "1881",
         "one row per directed dyad-year; ccode1=200, ccode2=255, year=1881 is already "
         "on line 4"),
    Case("dy-underscores", DY, cell(4, "ccode1", "2_0_0"), E, 4, "'ccode1'", "'2_0_0'",
         "no '_' separators"),
    Case("dy-20-digits", DY, cell(4, "ccode2", BIG), E, 4, "'ccode2'", f"'{BIG}'",
         "fits in 64 bits"),
    Case("dy-2-63", DY, cell(4, "year", "9223372036854775808"), E, 4, "'year'",
         "'9223372036854775808'", "fits in 64 bits"),
    Case("dy-blank-line", DY, insert(10, ""), E, 10, None, None,
         "blank lines are allowed only at the end"),
    Case("dy-bom-inside", DY, sub(7, "255,", "\ufeff255,"), E, 7, "'ccode1'", "'\\ufeff255'",
         "is not a number"),
    Case("dy-double-minus", DY, cell(7, "ccode1", "--255"), E, 7, "'ccode1'", "'--255'",
         "is not a number"),
    Case("dy-latin1", DY, latin1(8, "ccode2", "25é"), E, 8, "'ccode2'", "b'\\xe9'",
         "expected UTF-8 text"),
    Case("dy-gzip", DY, gzipped, E, 1, None, "b'\\x1f\\x8b", "gzip-compressed"),
    Case("dy-semicolons", DY, lambda d: d.replace(b",", b";"), E, None, None, None,
         "column(s) ['ccode1', 'ccode2', 'year'"),
    # COW state list and system membership
    Case("st-lower-case", ST, cell(2, "stateabb", "usa"), E, 2, "'stateabb'", "'usa'",
         "three upper-case letters"),
    Case("st-abbrev-of-two-states", ST, cell(3, "stateabb", "USA"), E, 3, "'stateabb'",
         "'USA'", "an abbreviation of no other state; line 2 gives it to ccode 2"),
    Case("st-two-abbrevs", ST, cell(5, "stateabb", "GFR"), E, 5, "'stateabb'", "'GFR'",
         "'GMY', ccode 255's abbreviation on line 4"),
    Case("st-two-names", ST, cell(5, "statenme", "West Germany"), E, 5, "'statenme'",
         "'West Germany'", "one name per state"),
    Case("st-four-letters", ST, cell(7, "stateabb", "CHNA"), E, 7, "'stateabb'", "'CHNA'",
         "three upper-case letters"),
    Case("st-empty-name", ST, cell(6, "statenme", ""), E, 6, "'statenme'", "empty",
         "expected text"),
    Case("st-month-13", ST, cell(3, "stmonth", "13"), E, 3, "'stmonth'", "13",
         "expected a month 1-12"),
    Case("st-30-february", ST, cells(3, stmonth="2", stday="30"), E, 3, "'stday'", "30",
         "expected a day that exists in 1816-02"),
    Case("st-year-0", ST, cell(3, "styear", "0"), E, 3, "'styear'", "0",
         "expected a year 1816-9999"),
    Case("st-end-before-start", ST, cell(6, "endyear", "1815"), E, 6, "'endyear'", "1815",
         "expected a year 1816-9999"),
    Case("st-end-before-start-date", ST, cell(7, "endyear", "1850"), E, 7, "'endyear'",
         "'1850-12-31'", "an end on or after the start 1860-10-25"),
    Case("st-spells-overlap", ST, cell(5, "styear", "1940"), E, 5, "'styear'",
         "'1940-10-03'", "a start after the end 1945-05-08 of ccode 255's spell on line 4"),
    Case("st-ccode-1000", ST, cell(2, "ccode", "1000"), E, 2, "'ccode'", "1000",
         "expected a COW state code 1-999"),
    Case("st-ccode-nan", ST, cell(2, "ccode", "nan"), E, 2, "'ccode'", "'nan'",
         "is not a number"),
    Case("st-latin1-name", ST, latin1(4, "statenme", "Allemagne é"), E, 4, "'statenme'",
         "b'\\xe9'", "expected UTF-8 text"),
    Case("sy-unknown-ccode", SY, cell(2, "ccode", "999"), E, 2, "'ccode'", "999",
         "expected a ccode of the state list"),
    Case("sy-other-abbrev", SY, cell(3, "stateabb", "USA"), E, 3, "'stateabb'", "'USA'",
         "'UKG', the state list's abbreviation of ccode 200"),
    Case("sy-lower-case", SY, cell(2, "stateabb", "usa"), E, 2, "'stateabb'", "'usa'",
         "'USA', the state list's abbreviation"),
    Case("sy-twice", SY, cell(6, "year", "1913"), E, 6, "'year'", "1913",
         "one row per state-year; ccode=2, year=1913 is already on line 2"),
    Case("sy-year-0", SY, cell(2, "year", "0"), E, 2, "'year'", "0", "a year 1816-9999"),
    Case("sy-gzip", SY, gzipped, E, 1, None, "b'\\x1f\\x8b", "gzip-compressed"),
    # COW National Material Capabilities
    Case("nmc-cinc-minus-99", NMC, cell(2, "cinc", "-99"), E, 2, "'cinc'", "-99",
         "expected a share 0-1, or -9 (missing; the only missing-value code)"),
    Case("nmc-cinc-nan", NMC, cell(2, "cinc", "nan"), E, 2, "'cinc'", "'nan'",
         f"is not a number; {NUMBER}"),
    Case("nmc-cinc-inf", NMC, cell(3, "cinc", "inf"), E, 3, "'cinc'", "'inf'",
         "NaN and infinity are not data"),
    Case("nmc-cinc-1.5", NMC, cell(3, "cinc", "1.5"), E, 3, "'cinc'", "1.5",
         "expected a share 0-1"),
    Case("nmc-cinc-empty", NMC, cell(3, "cinc", ""), E, 3, "'cinc'", "empty",
         "expected a number"),
    Case("nmc-milex-minus-5", NMC, cell(4, "milex", "-5"), E, 4, "'milex'", "-5",
         "expected a value >= 0, or -9 (missing"),
    Case("nmc-milper-1e400", NMC, cell(4, "milper", "1e400"), E, 4, "'milper'", "'1e400'",
         "is out of range; expected a finite number"),
    Case("nmc-cinc-two-points", NMC, cell(5, "cinc", "0.1.2"), E, 5, "'cinc'", "'0.1.2'",
         "is not a number"),
    Case("nmc-underscores", NMC, cell(5, "milex", "410_000"), E, 5, "'milex'", "'410_000'",
         "no '_' separators"),
    Case("nmc-gzip", NMC, gzipped, E, 1, None, "b'\\x1f\\x8b", "gzip-compressed"),
    Case("nmc-latin1", NMC, latin1(3, "stateabb", "UKGé"), E, 3, "'stateabb'", "b'\\xe9'",
         "expected UTF-8 text"),
    Case("nmc-year-0", NMC, cell(2, "year", "0"), E, 2, "'year'", "0", "a year 1816-9999"),
    Case("nmc-ccode-0", NMC, cell(2, "ccode", "0"), E, 2, "'ccode'", "0",
         "a COW state code 1-999"),
    Case("nmc-twice", NMC, cell(3, "ccode", "2"), E, 3, "'year'", "1914",
         "one row per state-year; ccode=2, year=1914 is already on line 2"),
    # COW MID 5.0 participants (all integers)
    Case("mid-hash-row", MID, insert(3, '#2,"UKG",200,-9,7,1902,24,1,1903,0,1,1,-9,0,0,0,1,1,5'),
         E, 3, "'dispnum'", "'#2'", "a '#' does not start a comment"),
    Case("mid-month-13", MID, cell(4, "stmon", "13"), E, 4, "'stmon'", "13",
         "expected a month 1-12"),
    Case("mid-30-february", MID, cells(4, stmon="2", stday="30"), E, 4, "'stday'", "30",
         "a day that exists in 1939-02"),
    Case("mid-year-0", MID, cell(5, "styear", "0"), E, 5, "'styear'", "0", "expected a year"),
    Case("mid-nan-fatality", MID, cell(5, "fatality", "nan"), E, 5, "'fatality'", "'nan'",
         "NaN and infinity are not data"),
    Case("mid-inf-hostlev", MID, cell(5, "hostlev", "inf"), E, 5, "'hostlev'", "'inf'",
         "is not a number"),
    Case("mid-20-digits", MID, cell(6, "dispnum", BIG), E, 6, "'dispnum'", f"'{BIG}'",
         "fits in 64 bits"),
    Case("mid-dispnum-0", MID, cell(6, "dispnum", "0"), E, 6, "'dispnum'", "0",
         "a dispute number >= 1"),
    Case("mid-ccode-1000", MID, cell(6, "ccode", "1000"), E, 6, "'ccode'", "1000",
         "a state code 1-999"),
    Case("mid-hostlev-6", MID, cell(7, "hostlev", "6"), E, 7, "'hostlev'", "6",
         "a hostility level 1-5"),
    Case("mid-sidea-2", MID, cell(7, "sidea", "2"), E, 7, "'sidea'", "2", "expected 0 or 1"),
    Case("mid-fatalpre-minus-5", MID, cell(8, "fatalpre", "-5"), E, 8, "'fatalpre'", "-5",
         "a number of deaths >= 0, or -9"),
    Case("mid-day-2.5", MID, cell(8, "stday", "2.5"), E, 8, "'stday'", "'2.5'",
         "is not a whole number"),
    Case("mid-underscores", MID, cell(9, "styear", "1_941"), E, 9, "'styear'", "'1_941'",
         "no '_' separators"),
    Case("mid-extra-field", MID, sub(9, ",5", ",5,5"), E, 9, None, "'5'",
         "20 fields; expected 19"),
    Case("mid-blank-line", MID, insert(12, ""), E, 12, None, None,
         "blank lines are allowed only at the end"),
    Case("mid-latin1", MID, latin1(10, "stabb", "RÉS"), E, 10, "'stabb'", "b'\\xc9'",
         "expected UTF-8 text"),
    Case("mid-unclosed-quote", MID, sub(11, '"PRK"', '"PRK'), E, 11, None, "'9001,\"PRK,731",
         "is not valid CSV"),
    Case("td-name-over-two-lines", TD, sub(2, "Ottoman Empire-Venice,", '"Ottoman Empire\nVenice",'),
         E, 2, None, "'6,\"Ottoman Empire'", "a quoted field is not closed before the end of the "
         "line"),
    Case("mid-gzip", MID, gzipped, E, 1, None, "b'\\x1f\\x8b", "gzip-compressed"),
    # COW Inter-State War 4.0
    Case("war-30-february", WAR, cells(4, StartMonth1="2", StartDay1="30"), E, 4,
         "'StartDay1'", "30", "a day that exists in 1918-02"),
    Case("war-month-13", WAR, cell(4, "EndMonth1", "13"), E, 4, "'EndMonth1'", "13",
         "a month 1-12, or -9 (unknown)"),
    Case("war-year-0", WAR, cell(4, "StartYear1", "0"), E, 4, "'StartYear1'", "0",
         "expected a year"),
    Case("war-initiator-3", WAR, cell(5, "Initiator", "3"), E, 5, "'Initiator'", "3",
         "1 (initiator) or 2 (not)"),
    Case("war-outcome-9", WAR, cell(5, "Outcome", "9"), E, 5, "'Outcome'", "9",
         "a COW outcome code 1-8"),
    Case("war-batdeath-nan", WAR, cell(6, "BatDeath", "nan"), E, 6, "'BatDeath'", "'nan'",
         "NaN and infinity are not data"),
    Case("war-batdeath-20-digits", WAR, cell(6, "BatDeath", BIG), E, 6, "'BatDeath'",
         f"'{BIG}'", "fits in 64 bits"),
    Case("war-warnum-0", WAR, cell(7, "WarNum", "0"), E, 7, "'WarNum'", "0",
         "a war number >= 1"),
    Case("war-ccode-minus-1", WAR, cell(7, "ccode", "-1"), E, 7, "'ccode'", "-1",
         "a state code 1-999"),
    Case("war-ongoing-half-coded", WAR, cell(15, "EndMonth1", "5"), E, 15, "'EndMonth1'",
         "5", "-7 (ongoing) in all three end fields"),
    Case("war-empty-name", WAR, cell(8, "WarName", ""), E, 8, "'WarName'", "empty",
         "expected text"),
    Case("war-latin1", WAR, latin1(10, "StateName", "Royaume-Uni é"), E, 10, "'StateName'",
         "b'\\xe9'", "expected UTF-8 text"),
    Case("war-unclosed-quote", WAR, sub(2, '"404, 410"', '"404, 410'), E, 2, None,
         "79,Spanish", "is not valid CSV"),
    Case("war-side-1.5", WAR, cell(9, "Side", "1.5"), E, 9, "'Side'", "'1.5'",
         "is not a whole number"),
    Case("war-gzip", WAR, gzipped, E, 1, None, "b'\\x1f\\x8b", "gzip-compressed"),
    Case("war-start-inf", WAR, cell(11, "StartYear1", "-inf"), E, 11, "'StartYear1'", "'-inf'",
         "NaN and infinity are not data"),
    # strategic rivalries
    Case("td-year-0", TD, cell(4, "styear", "0"), E, 4, "'styear'", "0", "a year up to 2010"),
    Case("td-end-before-start", TD, cell(5, "endyear", "1815"), E, 5, "'endyear'", "1815",
         "a year on or after the start year"),
    Case("td-type-naval", TD, cell(6, "type2", "naval"), E, 6, "'type2'", "'naval'",
         "a type not given before"),
    Case("td-ccode-0", TD, cell(6, "ccode1", "0"), E, 6, "'ccode1'", "0", "a state code 1-999"),
    Case("td-id-twice", TD, cell(7, "rivalryno", "62"), E, 7, "'rivalryno'", "62",
         "an id not used on an earlier line"),
    Case("td-self-rivalry", TD, cell(7, "ccode2", "2"), E, 7, "'ccode2'", "2",
         "a state other than ccode1"),
    Case("td-empty-name", TD, cell(8, "rivalryname", ""), E, 8, "'rivalryname'", "empty",
         "expected text"),
    Case("td-ccode-nan", TD, cell(8, "ccode1", "nan"), E, 8, "'ccode1'", "'nan'",
         "is not a number"),
    Case("td-latin1", TD, latin1(9, "region", "Asie é"), E, 9, "'region'", "b'\\xe9'",
         "expected UTF-8 text"),
    Case("td-gzip", TD, gzipped, E, 1, None, "b'\\x1f\\x8b", "gzip-compressed"),
    Case("tss-flag-minus-7", TSS, cell(4, "positional", "-7"), E, 4, "'positional'", "'-7'",
         "expected 1, 0 or empty"),
    Case("tss-flag-2.5", TSS, cell(4, "spatial", "2.5"), E, 4, "'spatial'", "'2.5'",
         "is not a whole number"),
    Case("tss-flag-nan", TSS, cell(5, "principal", "nan"), E, 5, "'principal'", "'nan'",
         "an empty field (missing)"),
    Case("tss-start-0", TSS, cell(5, "start", "0"), E, 5, "'start'", "0", "a year up to 2020"),
    Case("tss-end-2021", TSS, cell(6, "end", "2021"), E, 6, "'end'", "2021", "up to 2020"),
    Case("tss-latin1", TSS, latin1(7, "rivalry", "États-Unis"), E, 7, "'rivalry'",
         "b'\\xc9'", "expected UTF-8 text"),
    Case("tss-id-20-digits", TSS, cell(8, "tssr_id", BIG), E, 8, "'tssr_id'", f"'{BIG}'",
         "fits in 64 bits"),
    # COW direct contiguity
    Case("cont-type-7", CONT, cell(2, "conttype", "7"), E, 2, "'conttype'", "7",
         "a contiguity type 0-5"),
    Case("cont-type-minus-1", CONT, cell(3, "conttype", "-1"), E, 3, "'conttype'", "-1",
         "a contiguity type 0-5"),
    Case("cont-30-february", CONT, cell(4, "stdate", "1959-02-30"), E, 4, "'stdate'",
         "'1959-02-30'", "an ISO date YYYY-MM-DD"),
    Case("cont-compact-date", CONT, cell(4, "enddate", "20161201"), E, 4, "'enddate'",
         "'20161201'", "an ISO date YYYY-MM-DD"),
    Case("cont-end-before-start", CONT, cell(5, "enddate", "1919-01-01"), E, 5, "'enddate'",
         "'1919-01-01'", "a date on or after stdate"),
    Case("cont-ccode-0", CONT, cell(6, "ccode1", "0"), E, 6, "'ccode1'", "0",
         "a state code 1-999"),
    Case("cont-self", CONT, cell(6, "ccode2", "255"), E, 6, "'ccode2'", "255",
         "a state other than ccode1"),
    Case("cont-type-nan", CONT, cell(7, "conttype", "nan"), E, 7, "'conttype'", "'nan'",
         "is not a number"),
    Case("cont-date-empty", CONT, cell(8, "stdate", ""), E, 8, "'stdate'", "empty",
         "expected text"),
    Case("cont-month-13", CONT, cell(9, "stdate", "1959-13-01"), E, 9, "'stdate'",
         "'1959-13-01'", "an ISO date YYYY-MM-DD"),
    Case("cont-year-0", CONT, cell(9, "stdate", "0000-01-01"), E, 9, "'stdate'",
         "'0000-01-01'", "an ISO date YYYY-MM-DD"),
    Case("cont-20-digits", CONT, cell(10, "ccode2", BIG), E, 10, "'ccode2'", f"'{BIG}'",
         "fits in 64 bits"),
    Case("cont-gzip", CONT, gzipped, E, 1, None, "b'\\x1f\\x8b", "gzip-compressed"),
    Case("cont-latin1", CONT, latin1(11, "enddate", "2016-12-01é"), E, 11, "'enddate'",
         "b'\\xe9'", "expected UTF-8 text"),
    # COW IGO dyad-years (all integers)
    Case("igo-hash-row", IGO, insert(3, "#2,20,1922,8"), E, 3, "'ccode1'", "'#2'",
         "a '#' does not start a comment"),
    Case("igo-count-minus-5", IGO, cell(3, "dyadigos", "-5"), E, 3, "'dyadigos'", "-5",
         "a count >= 0, or -9 (missing)"),
    Case("igo-year-0", IGO, cell(3, "year", "0"), E, 3, "'year'", "0", "a year 1816-9999"),
    Case("igo-twice", IGO, cell(3, "year", "1920"), E, 3, "'year'", "1920",
         "one row per pair-year"),
    Case("igo-directed", IGO, cells(3, ccode1="20", ccode2="2"), E, 3, "'ccode2'", "2",
         "a ccode above ccode1"),
    Case("igo-nan", IGO, cell(4, "dyadigos", "nan"), E, 4, "'dyadigos'", "'nan'",
         "NaN and infinity are not data"),
    Case("igo-20-digits", IGO, cell(4, "dyadigos", BIG), E, 4, "'dyadigos'", f"'{BIG}'",
         "fits in 64 bits"),
    Case("igo-extra-field", IGO, sub(5, "1914,18", "1914,18,3"), E, 5, None, "'3'",
         "5 fields; expected 4"),
    Case("igo-blank-line", IGO, insert(5, ""), E, 5, None, None,
         "blank lines are allowed only at the end"),
    Case("igo-underscores", IGO, cell(6, "dyadigos", "6_0"), E, 6, "'dyadigos'", "'6_0'",
         "no '_' separators"),
    Case("igo-ccode-1000", IGO, cell(6, "ccode2", "1000"), E, 6, "'ccode2'", "1000",
         "a state code 1-999"),
    Case("igo-utf16", IGO, utf16, E, 1, None, "b'\\xff\\xfe", "UTF-16"),
    Case("igo-gzip", IGO, gzipped, E, 1, None, "b'\\x1f\\x8b", "gzip-compressed"),
    Case("igo-latin1", IGO, latin1(7, "year", "2001é"), E, 7, "'year'", "b'\\xe9'",
         "expected UTF-8 text"),
    Case("igo-inf", IGO, cell(8, "ccode1", "inf"), E, 8, "'ccode1'", "'inf'",
         "is not a number"),
]  # fmt: skip


def test_the_catalogue_is_large_and_its_ids_unique() -> None:
    ids = [c.id for c in CATALOGUE]
    assert len(ids) == len(set(ids))
    assert len(CATALOGUE) >= 110


@pytest.mark.parametrize("case", CATALOGUE, ids=[c.id for c in CATALOGUE])
def test_catalogue(tmp_path: Path, case: Case) -> None:
    with pytest.raises(case.error) as err:
        case.run(tmp_path)
    message = str(err.value)
    assert type(err.value) is case.error, message
    assert isinstance(err.value, AllianceRiskError)
    assert "Traceback" not in message and "\n" not in message
    path = tmp_path / Path(case.fixture).parent.name / Path(case.fixture).name
    assert str(path) in message, message  # the file
    if case.line is not None:
        assert re.search(rf"\bline {case.line}\b", message), message
    if case.column is not None:
        assert case.column in message, message
    if case.value is not None:
        assert case.value in message, message
    assert case.expected in message, message


# --- fast and strict paths: the same answer --------------------------------------------------


def _outcome(reader: Reader, path: Path, fast: bool) -> Any:
    """Return the reader's answer on one path: the object, or the error's class and message."""
    old = _csv.FAST_PATH
    _csv.FAST_PATH = fast
    try:
        return reader(path)
    except AllianceRiskError as err:
        return (type(err), str(err))
    finally:
        _csv.FAST_PATH = old


def _same(a: Any, b: Any) -> bool:
    if dataclasses.is_dataclass(a) and dataclasses.is_dataclass(b):
        return type(a) is type(b) and all(
            _same(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a)
        )
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        x, y = np.asarray(a), np.asarray(b)
        return x.dtype == y.dtype and np.array_equal(x, y, equal_nan=x.dtype.kind == "f")
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, tuple | list) and isinstance(b, tuple | list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return bool(a == b)


ALL_INT_CASES = [c for c in CATALOGUE if Path(c.fixture).name in ALL_INT]


@pytest.mark.parametrize("case", ALL_INT_CASES, ids=[c.id for c in ALL_INT_CASES])
def test_fast_and_strict_paths_refuse_alike(tmp_path: Path, case: Case) -> None:
    path = write_copy(tmp_path, case.fixture, case.edit)
    reader = READERS[path.name]
    fast, strict = _outcome(reader, path, True), _outcome(reader, path, False)
    assert _same(fast, strict), (fast, strict)


# Files the loaders accept, most written in ways that only the strict path reads, and
# whether they hold the same data as the fixture.
ACCEPTED: list[tuple[str, str, Edit | None, bool]] = [
    ("as-is", DY, None, True),
    ("as-is", MID, None, True),
    ("as-is", IGO, None, True),
    ("crlf", DY, lambda d: d.replace(b"\n", b"\r\n"), True),
    ("crlf", IGO, lambda d: d.replace(b"\n", b"\r\n"), True),
    ("bom", DY, lambda d: codecs.BOM_UTF8 + d, True),
    ("trailing-blank-lines", IGO, lambda d: d + b"\n\n\n", True),
    ("no-final-newline", IGO, lambda d: d.rstrip(b"\n"), True),
    ("quoted-number", DY, cell(3, "year", '"1880"'), True),
    ("plus-sign", DY, cell(3, "atop_defense", "+0"), True),
    ("spaces", IGO, cell(3, "dyadigos", " 8 "), True),
    ("whole-decimal", IGO, cell(3, "year", "1921.0"), True),
    ("leading-zeros", IGO, cell(3, "dyadigos", "008"), True),
    ("unread-column", MID, cell(4, "revtype2", "n/a"), True),
    ("header-only", IGO, lambda d: d.split(b"\n", 1)[0] + b"\n", False),
]


@pytest.mark.parametrize(
    ("fixture", "edit", "same_data"),
    [a[1:] for a in ACCEPTED],
    ids=[f"{a[0]}-{Path(a[1]).stem}" for a in ACCEPTED],
)
def test_fast_and_strict_paths_accept_alike(
    tmp_path: Path, fixture: str, edit: Edit | None, same_data: bool
) -> None:
    path = write_copy(tmp_path, fixture, edit)
    reader = READERS[path.name]
    fast, strict = _outcome(reader, path, True), _outcome(reader, path, False)
    assert not isinstance(fast, tuple), fast
    assert _same(fast, strict)
    if same_data:
        original = reader(FIX / fixture)
        for f in dataclasses.fields(original):
            if f.name != "report":
                assert _same(getattr(fast, f.name), getattr(original, f.name)), f.name


def test_the_fast_path_reads_plain_all_integer_files() -> None:
    cols = dict.fromkeys(("ccode1", "ccode2", "year", "dyadigos"), "int")
    t = _csv.read_table(FIX / IGO, cols, expected="IGO")  # type: ignore[arg-type]
    assert t.fast and t.rows == 8
    old = _csv.FAST_PATH
    _csv.FAST_PATH = False
    try:
        s = _csv.read_table(FIX / IGO, cols, expected="IGO")  # type: ignore[arg-type]
    finally:
        _csv.FAST_PATH = old
    assert not s.fast and all(np.array_equal(t.columns[c], s.columns[c]) for c in cols)


def test_a_hash_row_is_refused_not_dropped(tmp_path: Path) -> None:
    # The fast path once read '#' as a comment: 273,295 rows instead of 273,296.
    path = write_copy(tmp_path, DY, insert(3, "#255,200,1880,0,0,0,0,0"))
    for fast in (True, False):
        kind, message = _outcome(read_atop_dyad_years, path, fast)
        assert kind is DataFileError and "line 3, column 'ccode1': '#255'" in message


@pytest.fixture(scope="module")
def real_dyads() -> Path:
    path = DATA / "atop_v5.1" / "atop5_1_ddyr_peacesciencer.csv"
    if not path.is_file():
        pytest.skip(f"real data not found at {DATA} (a fresh clone has no ../shared/data)")
    return path


def test_real_dyad_years_same_on_both_paths(real_dyads: Path) -> None:
    fast = _outcome(read_atop_dyad_years, real_dyads, True)
    strict = _outcome(read_atop_dyad_years, real_dyads, False)
    assert fast.report.read == 273_296 == strict.report.read
    assert _same(fast, strict)


# --- what is accepted, and counted -----------------------------------------------------------


def test_nmc_minus_9_is_missing_and_counted(tmp_path: Path) -> None:
    cap = read_cow_capabilities(write_copy(tmp_path, NMC, cell(3, "cinc", "-9")))
    assert math.isnan(cap.cinc[1]) and cap.report.notes["missing cinc (-9 -> NaN)"] == 1
    assert int(np.isnan(cap.cinc).sum()) == 1  # NaN only where the file says -9


def test_whole_numbers_written_with_zero_decimals_are_read(tmp_path: Path) -> None:
    m = read_atop_members(write_copy(tmp_path, M, cells(2, moent="11.0", yrent="1880.00")))
    assert m.entry[0] == date(1880, 11, 15)


def test_a_member_with_no_day_of_membership_is_dropped_and_counted(tmp_path: Path) -> None:
    # exit on the entry day: the row makes no pact; it is counted, not lost
    path = write_copy(tmp_path, M, cells(5, yrexit="1874", moexit="3", dayexit="15"))
    m = read_atop_members(path)
    _, report = atop_pacts(m, read_cow_states(COW))
    why = "member rows whose exit is not after their entry (no day of membership)"
    assert report.dropped[why] == 1
    assert report.rows == report.used + sum(report.dropped.values())
    # a member whose exit precedes its entry, built by hand: counted the same way
    k = 4  # line 6: Britain in fixture alliance 1495
    bad = dataclasses.replace(m, exit=(*m.exit[:k], date(1870, 1, 1), *m.exit[k + 1 :]))
    assert isinstance(bad, AtopMembers)
    _, report = atop_pacts(bad, read_cow_states(COW))
    assert report.dropped[why] == 2 and report.rows == report.used + sum(report.dropped.values())


# --- hostile arguments to the API ------------------------------------------------------------


@pytest.fixture(scope="module")
def dyads_and_states() -> tuple[Any, CowStates]:
    return read_atop_dyad_years(ATOP), read_cow_states(COW)


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"year": 1914.5}, "The 'year' parameter of atop_portfolios must be a whole-number year"),
        ({"year": 1914.0}, "Got 1914.0 instead"),
        ({"year": "1914"}, "Got '1914' instead"),
        ({"year": True}, "Got True instead"),
        ({"year": 1914, "carry_forward_to": 2018.5}, "'carry_forward_to' parameter"),
        ({"year": 1814}, "ATOP 5.1 covers 1815-2018; got year=1814"),
    ],
)
def test_portfolio_years_must_be_whole(
    dyads_and_states: tuple[Any, CowStates], kwargs: dict[str, Any], words: str
) -> None:
    dy, states = dyads_and_states
    with pytest.raises(InvalidParameterError, match=re.escape(words)):
        atop_portfolios(dy, states, **kwargs)


def test_other_year_arguments_must_be_whole(dyads_and_states: tuple[Any, CowStates]) -> None:
    _, states = dyads_and_states
    year = np.int64(1914)  # numpy integers are whole numbers too
    assert atop_portfolios(*dyads_and_states, year=year)[0].size == 4  # type: ignore[arg-type]
    with pytest.raises(InvalidParameterError, match=r"'year' parameter of CowStates\.members"):
        states.members(1914.5)  # type: ignore[arg-type]
    cap = read_cow_capabilities(COW)
    with pytest.raises(InvalidParameterError, match=r"CowCapabilities\.cinc_of"):
        cap.cinc_of([2], 1914.5)  # type: ignore[arg-type]
    with pytest.raises(InvalidParameterError, match="'years' parameter of dyad_years"):
        dyad_years(ATOP, COW, [1914.5])  # type: ignore[list-item]
    with pytest.raises(InvalidParameterError, match="an iterable of int years"):
        dyad_years(ATOP, COW, "1914")  # type: ignore[arg-type]
    with pytest.raises(MissingDataError, match="not found"):
        read_cow_mids(FIX / "nowhere")


# --- fuzz: mutated files get a valid object or the library's own error ------------------------

STATES = read_cow_states(COW)
HOSTILE = [
    "",
    "nan",
    "NaN",
    "inf",
    "-inf",
    "1e400",
    BIG,
    "-" + BIG,
    "9223372036854775808",
    "2_2_0",
    "2.7",
    "-7",
    "-8",
    "-9",
    "-99",
    "0",
    "1",
    "2",
    "13",
    "30",
    "32",
    "1914.5",
    "1914.0",
    " 5 ",
    '"5"',
    '"',
    "#",
    "#5",
    "\ufeff5",
    "x",
    "١٢",
    "-0",
    "+5",
    '"1,2"',
    "9" * 300,
    "\x00",
    "é",
    "0x10",
    "1e3",
    "--1",
    "1815",
    "2018",
    "2019",
    "1816-01-01",
    "2016-02-30",
    "USA",
    "usa",
    "GMY",
]
FUZZ_FILES = (M, A, DY, ST, SY, NMC, MID, WAR, TD, TSS, CONT, IGO)
ORIGINAL = {f: (FIX / f).read_bytes() for f in FUZZ_FILES}
TEXT = {f: data.decode("utf-8") for f, data in ORIGINAL.items()}


def _mutate_lines(lines: list[str], op: str, i: int, j: int, value: str) -> list[str]:
    if not lines:
        return [value]
    i, j = i % len(lines), j % max(len(lines), 1)
    out = list(lines)
    if op == "cell":
        fields = out[i].split(",")
        fields[j % len(fields)] = value
        out[i] = ",".join(fields)
    elif op == "drop":
        del out[i]
    elif op == "duplicate":
        out.insert(i, out[i])
    elif op == "swap":
        out[i], out[j] = out[j], out[i]
    elif op == "blank":
        out.insert(i, "")
    elif op == "hash":
        out[i] = "#" + out[i]
    elif op == "truncate-line":
        out[i] = out[i][: j % (len(out[i]) + 1)]
    elif op == "extra-field":
        out[i] += "," + value
    elif op == "drop-field":
        fields = out[i].split(",")
        del fields[j % len(fields)]
        out[i] = ",".join(fields)
    elif op == "insert-line":
        out.insert(i, value)
    elif op == "quote":
        out[i] = out[i].replace(",", ',"', 1)
    elif op == "borrow":  # a value from the same column of another row: plausible data
        here, there = out[i].split(","), out[j].split(",")
        if here and there:
            here[j % len(here)] = there[j % len(there)]
            out[i] = ",".join(here)
    return out


LINE_OPS = [
    "cell",
    "cell",
    "cell",
    "borrow",
    "borrow",
    "drop",
    "duplicate",
    "swap",
    "blank",
    "hash",
    "truncate-line",
    "extra-field",
    "drop-field",
    "insert-line",
    "quote",
]
BYTE_OPS = [
    "truncate",
    "latin1",
    "utf16",
    "gzip",
    "bom",
    "bom-inside",
    "crlf",
    "lone-cr",
    "nul",
    "no-header",
    "trailing-blanks",
]


@st.composite
def mutated(draw: st.DrawFn, files: tuple[str, ...] = FUZZ_FILES) -> tuple[str, bytes]:
    """Draw a fixture file with one to three damaged lines, and maybe damaged bytes."""
    fixture = draw(st.sampled_from(files))
    lines = TEXT[fixture].split("\n")
    value = st.one_of(
        st.sampled_from(HOSTILE),
        st.integers(-(10**20), 10**20).map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
        st.text(max_size=12),
    )
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from(LINE_OPS))
        lines = _mutate_lines(
            lines, op, draw(st.integers(0, 400)), draw(st.integers(0, 40)), draw(value)
        )
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 3)) == 0:
        op = draw(st.sampled_from(BYTE_OPS))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        mutations: dict[str, Edit] = {
            "truncate": lambda d: d[:at],
            "latin1": lambda d: d[:at] + "é".encode("latin-1") + d[at:],
            "utf16": utf16_or_raw,
            "gzip": gzipped,
            "bom": lambda d: codecs.BOM_UTF8 + d,
            "bom-inside": lambda d: d[:at] + codecs.BOM_UTF8 + d[at:],
            "crlf": lambda d: d.replace(b"\n", b"\r\n"),
            "lone-cr": lambda d: d[:at] + b"\r" + d[at:],
            "nul": lambda d: d[:at] + b"\x00" + d[at:],
            "no-header": lambda d: d.split(b"\n", 1)[-1],
            "trailing-blanks": lambda d: d + b"\n\n",
        }
        data = mutations[op](data)
    return fixture, data


def utf16_or_raw(data: bytes) -> bytes:
    try:
        return utf16(data)
    except UnicodeDecodeError:
        return data


def _accounted(report: ReadReport) -> bool:
    return report.read == report.used + sum(report.dropped.values())


def check_loaded(name: str, obj: Any) -> None:
    """Check a loader's answer: every row accounted for, no NaN where none belongs."""
    reports = obj.reports if isinstance(obj, CowStates) else (obj.report,)
    for r in reports:
        assert _accounted(r) and r.read >= 0
    if name in ("atop5_1m.csv", "atop5_1a.csv", "atop5_1_ddyr_peacesciencer.csv"):
        for flag in obj.flags.values():
            assert set(np.unique(flag).tolist()) <= {0, 1}
    if name == "atop5_1m.csv":
        assert len(obj.entry) == len(obj.exit) == obj.report.read
        assert all(e is None or s <= e for s, e in zip(obj.entry, obj.exit, strict=True))
        _, report = atop_pacts(obj, STATES)
        assert report.rows == report.used + sum(report.dropped.values())
    if name == "NMC-60-abridged.csv":
        for col in ("cinc", "milex", "milper"):
            values = getattr(obj, col)
            assert int(np.isnan(values).sum()) == obj.report.notes[f"missing {col} (-9 -> NaN)"]
            assert np.all(np.isnan(values) | (values >= 0))
    if name in ("states2016.csv", "system2016.csv"):
        assert len(set(obj.abbrev)) == len(obj.abbrev) == obj.ccode.size
        assert all(re.fullmatch("[A-Z]{3}", a) for a in obj.abbrev)
    mappers: dict[str, Callable[[Any, CowStates], tuple[Any, Any]]] = {
        "MIDB_5.0.csv": mid_conflicts,
        "Inter-StateWarData_v4.0.csv": war_conflicts,
        "td_rivalries.csv": rivalry_records,
        "tss_rivalries.csv": rivalry_records,
        "contdir_peacesciencer.csv": contiguity_records,
    }
    if name in mappers:
        _, report = mappers[name](obj, STATES)
        assert _accounted(report) and report.read == obj.report.read


FUZZ_EXAMPLES = 2000 if os.environ.get("HYPOTHESIS_PROFILE") == "ci" else 100


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Copy the fixture folders once; each example overwrites one file, then restores it."""
    base = tmp_path_factory.mktemp("fuzz")
    for folder in sorted({Path(f).parent.name for f in FUZZ_FILES}):
        shutil.copytree(FIX / folder, base / folder)
    return base


@contextmanager
def damaged(base: Path, fixture: str, data: bytes) -> Iterator[Path]:
    """Write the damaged file in place of the fixture, and put the fixture back after."""
    path = base / fixture
    path.write_bytes(data)
    try:
        yield path
    finally:
        path.write_bytes(ORIGINAL[fixture])


@settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(case=mutated())
def test_fuzz_mutated_files_get_an_object_or_our_error(
    fuzz_dir: Path, case: tuple[str, bytes]
) -> None:
    fixture, data = case
    with damaged(fuzz_dir, fixture, data) as path:
        try:
            obj = READERS[path.name](path)
        except AllianceRiskError as err:
            event(f"{path.name}: {type(err).__name__}")
            message = str(err)
            assert message and "Traceback" not in message
            if isinstance(err, DataFileError):
                assert str(path) in message  # the file is named
            return
    event(f"{path.name}: read")
    check_loaded(path.name, obj)


@settings(
    max_examples=FUZZ_EXAMPLES // 4,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(case=mutated(tuple(f for f in FUZZ_FILES if Path(f).name in ALL_INT)))
def test_fuzz_fast_and_strict_paths_agree(fuzz_dir: Path, case: tuple[str, bytes]) -> None:
    fixture, data = case
    with damaged(fuzz_dir, fixture, data) as path:
        reader = READERS[path.name]
        assert _same(_outcome(reader, path, True), _outcome(reader, path, False))


def test_fuzz_budget() -> None:
    # the CI profile draws at least 2,000 mutated files for the loaders
    least = 2000 if os.environ.get("HYPOTHESIS_PROFILE") == "ci" else 100
    assert least <= FUZZ_EXAMPLES
