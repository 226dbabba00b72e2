"""Personal calibration over a real store: a synthetic person whose effect comes 1 h later
than the population's is offered personal timing; accepting it stores a capped step that
every prediction then uses; reverting goes back; too little data says what is missing."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta

import numpy as np
import pytest
from calibration_people_store import LATER, SAME, write_person

from rebound_tracker.domain.calibration import (
    ACCEPTED,
    FITTED,
    NO_BETTER,
    NOT_ENOUGH_DATA,
    REVERTED,
)
from rebound_tracker.domain.errors import ImportRejected, ValidationError
from rebound_tracker.domain.timeparse import attach_local
from rebound_tracker.services.predicted_windows import predicted_windows

LAST = date(2026, 11, 29)


@pytest.fixture(scope="module")
def later_store(tmp_path_factory):
    from rebound_tracker.app import open_services

    services = open_services(str(tmp_path_factory.mktemp("later") / "data"))
    write_person(services, LATER, last_day=LAST)
    result = services.calibration.calibrate(last_day=LAST)
    yield services, result
    services.close()


def day_prediction(services, person=None):
    start = attach_local(datetime.combine(LAST, time()))
    return services.simulation.predict_logged(start, start + timedelta(days=1),
                                              person=person)


def test_a_later_person_is_offered_a_later_wear_off(later_store):
    _services, result = later_store
    assert result.status == FITTED and result.offered
    assert result.usual_dose.medication == "methylphenidate-ir"
    assert result.checkins == 12 * 7 * 4
    wear = result.wear_off_start_h
    assert wear.low <= wear.personal <= wear.high
    assert wear.personal > wear.population and wear.low > wear.population
    assert result.validation.error_personal < result.validation.error_population
    assert result.validation.weeks == 3 and result.validation.checkins == 3 * 7 * 4
    assert wear.current == wear.population  # nothing accepted yet
    delay = next(p for p in result.parameters if p.name == "effect_delay_h")
    assert 0.5 < delay.personal < 1.5 and delay.low < delay.personal < delay.high
    assert "better" in result.reason


def test_accepting_stores_a_capped_step_that_every_prediction_uses(later_store, tmp_path):
    services, result = later_store
    before = day_prediction(services)
    population_wear = predicted_windows(before, "wear_off")[0]
    row = services.calibration.accept(result)
    try:
        assert row.kind == ACCEPTED
        # The delay suggested is about +1 h; one accepted step moves at most 0.5 h.
        assert row.timing.effect_delay_h == pytest.approx(0.5)
        assert "effect_delay_h" in row.capped
        assert services.calibration.current("methylphenidate") == row
        assert [r.id for r in services.calibration.history()] == [row.id]
        assert services.simulation.person().timing == (row.timing,)

        after = day_prediction(services)
        sentence = f"Personal timing, calibrated on {row.at.date().isoformat()} from " \
                   f"{result.checkins} check-ins."
        assert sentence in after.result.assumptions
        personal_wear = predicted_windows(after, "wear_off")[0]
        assert personal_wear.size == population_wear.size
        assert np.all(personal_wear > population_wear)  # later, by the accepted timing
        # The appointment summary's assumptions say so too.
        report = services.report_data.collect(LAST - timedelta(days=13), LAST)
        assert sentence in report.assumptions
        # The population prediction stays available.
        again = day_prediction(services, services.simulation.population_person())
        assert np.array_equal(again.result.analytes[0].effect, before.result.analytes[0].effect)

        band = services.calibration.band(after)
        assert band is not None and band.caption == sentence[:-1]
        curve = band.analytes[0]
        assert np.all(curve.effect_low <= curve.effect + 1e-12)
        assert np.all(curve.effect + 1e-12 >= curve.effect_low)
        assert np.all(curve.effect_high >= curve.effect - 1e-12)
        assert np.allclose(curve.population_effect, before.result.analytes[0].effect,
                           rtol=0, atol=1e-9)
        assert float(np.max(curve.effect_high - curve.effect_low)) > 0.0
        edges = curve.windows[0]
        assert edges.start_low_h <= edges.start_h <= edges.start_high_h

        # Exported with everything else, and imported into another store it is in force.
        exported = services.portability.snapshot()
        assert [c["id"] for c in exported["calibrations"]] == [row.id]
        from rebound_tracker.app import open_services

        other = open_services(str(tmp_path / "other"))
        try:
            path = tmp_path / "export.json"
            services.portability.export_json(path)
            summary = other.portability.import_json(path)
            assert summary.calibrations == {"added": 1, "unchanged": 0}
            assert other.calibration.current("methylphenidate") == row
            assert other.portability.import_json(path).calibrations == {"added": 0,
                                                                        "unchanged": 1}
        finally:
            other.close()
    finally:
        reverted = services.calibration.revert("methylphenidate")
    assert reverted.kind == REVERTED
    assert services.calibration.current("methylphenidate") is None
    assert services.simulation.person().timing == ()
    assert [r.kind for r in services.calibration.history()] == [REVERTED, ACCEPTED]
    restored = day_prediction(services)
    assert np.array_equal(restored.result.analytes[0].effect, before.result.analytes[0].effect)
    assert not any("Personal timing" in a for a in restored.result.assumptions)


def test_plot_has_observed_checkins_and_both_predictions(later_store):
    services, result = later_store
    plot = services.calibration.plot(result, "focus")
    assert len(plot.observed) > 200
    assert all(0 <= p.hours_since_dose < 24 and 0 <= p.value <= 10 for p in plot.observed)
    # Drawn over the clock hours the check-ins cover (07:30-22:30 after an 08:00 dose).
    assert plot.hours[0] >= 0.0 and plot.hours[-1] <= 14.5
    assert len(plot.population) == len(plot.hours) == len(plot.personal)
    assert plot.population != plot.personal
    assert plot.wear_off_personal_h == result.wear_off_start_h.personal


def test_a_person_matching_the_population_is_not_offered_a_change(services):
    write_person(services, SAME, seed=1, last_day=LAST)
    result = services.calibration.calibrate(last_day=LAST)
    assert result.status == NO_BETTER and not result.offered and result.suggested is None
    assert result.wear_off_start_h.low <= result.wear_off_start_h.population
    with pytest.raises(ValidationError) as err:
        services.calibration.accept(result)
    assert err.value.field == "calibration"
    assert services.calibration.history() == []


def test_too_little_data_says_what_is_missing(services):
    services.demo.fill(days=21)
    result = services.calibration.calibrate()
    assert result.status == NOT_ENOUGH_DATA
    assert any(m.startswith("at least 28 days") for m in result.missing)
    assert result.usual_dose.medication == "concerta"
    assert all(p.personal is None for p in result.parameters)
    assert result.wear_off_start_h.personal is None and result.suggested is None
    assert "Not enough data" in result.reason


def test_a_period_ending_before_it_starts_names_from(services):
    with pytest.raises(ValidationError) as err:
        services.calibration.calibrate(date(2026, 5, 2), date(2026, 5, 1))
    assert err.value.field == "from"


def test_an_import_with_a_bad_calibration_names_it_and_writes_nothing(services, tmp_path):
    document = services.portability.snapshot()
    document["calibrations"] = [{"id": "not-a-uuid"}]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document))
    with pytest.raises(ImportRejected) as err:
        services.portability.import_json(path)
    assert any(p.field == "calibration.id" for p in err.value.problems)
    assert services.calibration.history() == []
