"""Property tests: any dose or check-in survives the CSV and JSON formats exactly.

(CSV carries no created/modified stamps; JSON carries everything.) Any note text, including
formula starts, quotes, commas, line breaks and control characters; any offset within ±18 h;
any microsecond; any positive float."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import given, settings
from hypothesis import strategies as st

from rebound_tracker.domain.entries import NOTE_MAX_CHARS, CheckIn, Dose, LoggedTime
from rebound_tracker.domain.records import checkin_record, dose_record, read_checkin, read_dose
from rebound_tracker.services.csv_format import read_table, render_checkins, render_doses

notes = st.text(st.characters(exclude_categories=("Cs",)), max_size=80)
instants = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1),
                        timezones=st.just(UTC))
logged = st.builds(LoggedTime, instants, st.integers(-18 * 60, 18 * 60))
stamps = instants
scale = st.integers(0, 10)
optional_scale = st.none() | scale
doses = st.builds(Dose, medication_id=st.sampled_from(["concerta", "vyvanse", "'=odd-id"]),
                  mg=st.floats(min_value=1e-3, max_value=1e4, allow_nan=False),
                  taken=logged, fed=st.booleans(), note=notes,
                  created_at=stamps, modified_at=stamps)
checkins = st.builds(CheckIn, at=logged, mood=scale, focus=scale, irritability=optional_scale,
                     fatigue=optional_scale, anxiety=optional_scale,
                     restlessness=optional_scale, note=notes, created_at=stamps,
                     modified_at=stamps)


def read_back_csv(data: bytes, reader):
    with TemporaryDirectory() as directory:
        path = Path(directory) / "export.csv"
        path.write_bytes(data)
        problems: list = []
        table = read_table(path, problems)
    assert problems == [] and table is not None
    found: list = []
    entries = [reader(record, found) for _number, record in table.rows]
    assert found == []
    return entries


def without_stamps(entry):
    return replace(entry, created_at=None, modified_at=None)


@settings(max_examples=60, deadline=None)
@given(st.lists(doses, max_size=4))
def test_doses_round_trip_through_csv(entries):
    back = read_back_csv(render_doses(entries), read_dose)
    assert back == [without_stamps(e) for e in entries]


@settings(max_examples=60, deadline=None)
@given(st.lists(checkins, max_size=4))
def test_checkins_round_trip_through_csv(entries):
    back = read_back_csv(render_checkins(entries), read_checkin)
    assert back == [without_stamps(e) for e in entries]


@settings(max_examples=60, deadline=None)
@given(doses, checkins)
def test_entries_round_trip_through_json_with_stamps(dose, checkin):
    problems: list = []
    dose_back = read_dose(json.loads(json.dumps(dose_record(dose, stamps=True))), problems)
    checkin_back = read_checkin(json.loads(json.dumps(checkin_record(checkin, stamps=True))),
                                problems)
    assert problems == []
    assert (dose_back, checkin_back) == (dose, checkin)


def test_note_length_limit_still_applies_on_import():
    problems: list = []
    record = dose_record(Dose("concerta", 36.0, LoggedTime(datetime(2026, 3, 2, tzinfo=UTC), 0)))
    record["note"] = "x" * (NOTE_MAX_CHARS + 1)
    assert read_dose(record, problems) is None
    assert [p.field for p in problems] == ["note"]
