"""The summary's changes and notable days: report_data finds the days, report_words
says them (the words the appointment PDF prints)."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

from rebound_tracker.report.report_words import change_lines, notable_day_lines
from rebound_tracker.services.report_data import (
    DaySummary,
    RegimenItem,
    notable_days,
    regimen_changes,
)


def test_a_pattern_begun_and_ended_inside_the_period_is_two_changes():
    start, end = date(2026, 3, 1), date(2026, 3, 31)
    ritalin = RegimenItem("methylphenidate-ir", "Ritalin", 10, 12, 12, "08:00",
                          date(2026, 3, 10), date(2026, 3, 21))
    always = RegimenItem("concerta", "Concerta", 36, 30, 30, "07:30", start, end)
    data = SimpleNamespace(changes=regimen_changes([always, ritalin], start, end))
    assert change_lines(data) == ["10 Mar: first logged Ritalin 10 mg",
                                  "21 Mar: last logged Ritalin 10 mg"]


def test_notable_days_name_the_lowest_focus_and_at_most_five_missed_weekdays():
    first = date(2026, 3, 2)  # a Monday
    days = [DaySummary(first + timedelta(days=i), 0 if i < 8 else 1, 3, 6.0 - (i == 9), 5.0)
            for i in range(14)]
    data = SimpleNamespace(notable_days=notable_days(days, has_regimen=True))
    lines = notable_day_lines(data)
    assert lines[0] == "Wed 11 Mar: lowest focus of the period (average 5.0 over 3 " \
                       "check-ins, 1 dose logged)"
    assert lines[-1] == ("Weekdays with no dose logged: Mon 02 Mar, Tue 03 Mar, Wed 04 Mar, "
                         "Thu 05 Mar, Fri 06 Mar and 1 more")
    no_regimen = notable_day_lines(SimpleNamespace(
        notable_days=notable_days(days, has_regimen=False)))
    assert len(no_regimen) == 3 and not any("no dose" in line for line in no_regimen)
