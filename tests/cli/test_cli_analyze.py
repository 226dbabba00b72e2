"""``rebound-tracker analyze`` over a real store with a constructed six weeks whose answer is
known: irritability 4 points higher in the predicted rebound windows, mood flat."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta

import pytest

from rebound_tracker.cli import main
from rebound_tracker.domain.timeparse import attach_local

FIRST = date(2026, 3, 2)  # a Monday
DAYS = [FIRST + timedelta(days=i) for i in range(42)]


def local(day: date, hour: float) -> datetime:
    return attach_local(datetime.combine(day, time())) + timedelta(hours=hour)


@pytest.fixture
def six_weeks(services):
    """Ritalin 10 mg at 08:00 and 12:00 on weekdays, 10:30 and 14:30 at weekends, none on
    Wednesdays of odd weeks; check-ins at 09:30, 13:00, 17:00, 20:00, 22:00 and 30 min into
    any predicted rebound window; irritability 3, or 7 inside any predicted window; mood 6
    minus evening tiredness."""
    for i, day in enumerate(DAYS):
        if day.weekday() == 2 and (i // 7) % 2:
            continue
        for hour in (10.5, 14.5) if day.weekday() >= 5 else (8.0, 12.0):
            services.doses.add("ritalin", 10, local(day, hour))
    for day in DAYS:
        prediction = services.simulation.predict_day(day)
        windows = [] if prediction is None else prediction.result.analytes[0].rebound
        hours = [9.5, 13.0, 17.0, 20.0, 22.0] + [w.start_h + 0.5 for w in windows]
        for hour in hours:
            irritable = 7 if any(w.start_h <= hour <= w.end_h for w in windows) else 3
            tired = 1 if hour >= 20 else 0
            services.checkins.add({"mood": 6 - tired, "focus": 5, "irritability": irritable},
                                  local(day, hour))
    return services


@pytest.fixture
def analyze(six_weeks, capsys):
    data = str(six_weeks.paths.data_dir)

    def _run(*args: str) -> tuple[int, str, str]:
        code = main(["--data-dir", data, "analyze", *args])
        out, err = capsys.readouterr()
        return code, out, err

    return _run


def test_analyze_json_finds_the_constructed_rebound(analyze, six_weeks):
    code, out, _ = analyze("--from", str(FIRST), "--to", str(DAYS[-1]), "--json")
    assert code == 0
    result = json.loads(out)
    assert result["period"] == {"from": str(FIRST), "to": str(DAYS[-1])}
    assert result["separable"] is True and result["method"].endswith(".")
    scales = {s["scale"]: s for s in result["scales"]}
    assert list(scales) == ["mood", "focus", "irritability", "fatigue", "anxiety",
                            "restlessness"]
    irritability = scales["irritability"]
    assert irritability["verdict"] == "worse"
    assert irritability["low"] <= 4.0 <= irritability["high"]
    assert irritability["effect"] == pytest.approx(4.0, abs=0.3)
    assert irritability["n_inside"] >= 15 and irritability["n_days"] == 42
    assert "4.0 points higher" in irritability["statement"]
    assert scales["focus"]["verdict"] == "no clear difference"
    assert scales["fatigue"]["verdict"] == "not enough data"
    assert scales["fatigue"]["effect"] is None and scales["fatigue"]["n_inside"] == 0
    # Trends computes the very same figures and words (one service, one seed).
    evidence = six_weeks.trends.compute(FIRST, DAYS[-1]).evidence
    from rebound_tracker.report.evidence_words import evidence_json
    assert evidence_json(evidence) == result


def test_analyze_text_and_bad_dates(analyze):
    code, out, _ = analyze("--from", str(FIRST), "--to", str(DAYS[-1]))
    assert code == 0
    assert "irritability" in out and "worse" in out and "not medical advice" in out
    assert "Method:" in out
    code, _, err = analyze("--from", "2026-03-10", "--to", "2026-03-01")
    assert code == 2 and "to" in err and "2026-03-01" in err
    code, _, err = analyze("--from", "March")
    assert code == 2 and "from" in err and "March" in err


def test_analyze_an_empty_period_makes_no_claim(services, capsys):
    code = main(["--data-dir", str(services.paths.data_dir), "analyze", "--from",
                 "2030-01-01", "--to", "2030-02-01", "--json"])
    out, _ = capsys.readouterr()
    assert code == 0
    result = json.loads(out)
    assert result["period"] == {"from": "2030-01-01", "to": "2030-02-01"}
    assert result["separable"] is False
    assert {s["verdict"] for s in result["scales"]} == {"not enough data"}
    assert result["scales"][0]["statement"] == (
        "Mood: not enough data to say — no mood check-ins were logged in this period. "
        "No claim is made.")
