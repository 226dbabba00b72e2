"""``rebound-tracker plan …`` end to end: a guanfacine 4 → 0 mg taper and a methylphenidate
18 → 54 mg titration planned, flagged, shown, exported (.ics read by an independent parser,
PDF read back), and a logged plan's step comparison in the appointment summary."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta

import pytest
import vobject
from pypdf import PdfReader

from rebound_tracker.cli import main

TOMORROW = (date.today() + timedelta(days=1)).isoformat()


@pytest.fixture
def run(tmp_path, capsys):
    data = str(tmp_path / "data")

    def _run(*args: str) -> tuple[int, str, str]:
        code = main(["--data-dir", data, *args])
        out, err = capsys.readouterr()
        return code, out, err

    now = datetime.now().astimezone()
    for med, mg in (("intuniv", "4"), ("concerta", "18")):
        assert _run("dose", "add", "--med", med, "--mg", mg, "--at",
                    (now - timedelta(hours=2)).isoformat(timespec="minutes"))[0] == 0
    return _run


def pdf_text(path) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    for ligature, letters in (("ﬁ", "fi"), ("ﬀ", "ff"), ("ﬂ", "fl")):
        text = text.replace(ligature, letters)
    return " ".join(text.split())


def new_taper(run, *extra: str) -> str:
    code, out, err = run("plan", "new", "--med", "guanfacine ER", "--start", TOMORROW,
                         "--rule", "decrement", "--from", "4", "--to", "0", "--by", "1",
                         "--every", "7", *extra)
    assert code == 0, err
    return out.strip().splitlines()[0]


def test_a_guanfacine_taper_and_a_methylphenidate_titration(run, tmp_path):
    taper = new_taper(run, "--name", "Guanfacine down")
    code, out, _ = run("plan", "new", "--med", "concerta", "--start", TOMORROW, "--rule",
                       "titrate", "--from", "18", "--to", "54", "--by", "18", "--json")
    assert code == 0
    titration = json.loads(out)
    assert titration["flags"] == []
    code, out, _ = run("plan", "list", "--json")
    assert [p["id"] for p in json.loads(out)] == [taper, titration["id"]]
    code, out, _ = run("plan", "show", taper[:8], "--json")
    shown = json.loads(out)
    steps = shown["projection"]["steps"]
    assert [s["mg_per_day"] for s in steps] == [4, 3, 2, 1, 0]
    assert steps[1]["daily_auc"] == pytest.approx(0.75 * steps[0]["daily_auc"], rel=0.02)
    assert steps[4]["largest_drop_pct"] > steps[1]["largest_drop_pct"] > 0
    assert shown["dates"][1]["start"] == (date.fromisoformat(TOMORROW)
                                          + timedelta(days=7)).isoformat()
    code, out, _ = run("plan", "show", titration["id"])
    assert code == 0 and "Projected exposure (methylphenidate" in out and "wear-off" in out


def test_a_too_fast_guanfacine_step_is_flagged_not_refused(run):
    code, out, _ = run("plan", "new", "--med", "intuniv", "--start", TOMORROW,
                       "--step", "4@08:00/7", "--step", "2@08:00/2", "--step", "0")
    assert code == 0
    lines = out.strip().splitlines()
    assert len(lines) == 3  # the id, then one flag per broken step
    assert lines[1].startswith("flag: Step 2: lowers guanfacine ER (Intuniv) by 2 mg/day")
    assert "Discuss with your prescriber" in lines[1] and "Source: LABEL: Intuniv" in lines[1]
    assert lines[2].startswith("flag: Step 3:")


@pytest.mark.parametrize(("args", "field"), [
    (("--start", "2020-01-01", "--step", "4@08:00"), "start"),
    (("--start", TOMORROW, "--step", "4@08:00", "--med", "vyvanse"), "medication"),
    (("--start", TOMORROW, "--step", "2.5@08:00"), "steps[1].doses[1].mg"),
    (("--start", TOMORROW, "--step", "4@08:00", "--step", "3@08:00"), "step[1]"),
    (("--start", TOMORROW, "--rule", "decrement", "--from", "4", "--to", "6", "--by", "1"),
     "to"),
])
def test_bad_input_names_the_field_and_writes_nothing(run, args, field):
    med = () if "--med" in args else ("--med", "intuniv")
    code, _, err = run("plan", "new", *med, *args)
    assert code == 2
    assert err.startswith(f"error: {field}: ") and "Nothing was written" in err
    assert json.loads(run("plan", "list", "--json")[1]) == []


def test_overlap_and_label_maximum(run):
    new_taper(run)
    code, _, err = run("plan", "new", "--med", "intuniv", "--start", TOMORROW, "--step",
                       "3@08:00")
    assert code == 2 and "cannot overlap" in err
    later = (date.today() + timedelta(days=90)).isoformat()
    code, _, err = run("plan", "new", "--med", "intuniv", "--start", later, "--step",
                       "8@08:00")
    assert code == 2 and "--force" in err
    code, out, _ = run("plan", "new", "--med", "intuniv", "--start", later, "--step",
                       "8@08:00", "--force")
    assert code == 0 and "above the label's 7 mg/day" in out


def test_the_calendar_has_one_event_per_step_in_a_real_zone(run, tmp_path, monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Berlin")
    plan = new_taper(run)
    out = tmp_path / "taper.ics"
    code, _, _ = run("plan", "export", plan, "--out", str(out))
    assert code == 0
    calendar = vobject.readOne(out.read_text())
    events = sorted(calendar.vevent_list, key=lambda e: e.dtstart.value)
    assert len(events) == 5
    first = events[0].dtstart.value
    assert first.date().isoformat() == TOMORROW and first.time() == time(8)
    assert str(first.tzinfo) and first.utcoffset() in (timedelta(hours=1), timedelta(hours=2))
    assert calendar.vtimezone.tzid.value == "Europe/Berlin"
    assert events[1].summary.value == "Step 2 of 5: Intuniv 3 mg/day"
    assert "3 mg at 08:00 each day; 7 days" in events[1].description.value
    assert "not medical advice" in events[4].description.value
    assert len({e.uid.value for e in events}) == 5


def test_the_plan_pdf_reads_back(run, tmp_path):
    plan = new_taper(run, "--name", "Guanfacine down")
    out = tmp_path / "plan.pdf"
    code, printed, _ = run("plan", "export", plan, "--out", str(out))
    assert code == 0 and "wrote" in printed
    text = pdf_text(out)
    for expected in ("Dose-change plan: Guanfacine down", "Projected exposure per step",
                     "Label rules", "What each step did", "not medical advice"):
        assert expected in text
    assert "4 mg at 08:00" in text and "stop (0 mg)" in text
    code, _, err = run("plan", "export", plan, "--out", str(tmp_path / "plan.txt"))
    assert code == 2 and "out:" in err


def test_delete_and_end_hold(run):
    code, out, _ = run("plan", "new", "--med", "intuniv", "--start", TOMORROW, "--step",
                       "4@08:00/7", "--step", "3@08:00/hold", "--step", "2@08:00/7",
                       "--step", "0")
    plan = out.split()[0]
    shown = json.loads(run("plan", "show", plan, "--json")[1])
    assert shown["dates"][2]["start"] is None
    on = (date.fromisoformat(TOMORROW) + timedelta(days=20)).isoformat()
    code, out, _ = run("plan", "end-hold", plan, "--step", "2", "--on", on)
    assert code == 0 and f"step 3 starts {on}" in out
    shown = json.loads(run("plan", "show", plan, "--json")[1])
    assert shown["dates"][2]["start"] == on
    assert run("plan", "end-hold", plan, "--step", "2", "--on", on)[0] == 2
    assert run("plan", "delete", plan)[0] == 0
    assert run("plan", "show", plan)[0] == 2


def test_the_appointment_summary_shows_what_each_logged_step_did(tmp_path):
    """A plan that began three weeks ago, logged: its page in the summary PDF."""
    from rebound_tracker.app import open_services
    from rebound_tracker.domain.plans import PlanDose, PlanStep
    from rebound_tracker.domain.timeparse import attach_local
    from rebound_tracker.report.export_pdf import export_pdf
    from rebound_tracker.services.plans import PlanService
    from rebound_tracker.storage.database import make_session_factory

    services = open_services(str(tmp_path / "data"))
    try:
        start = date.today() - timedelta(days=20)

        def at(day, hour):
            return attach_local(datetime.combine(day, time(hour)))

        services.doses.add("intuniv", 2, at(start - timedelta(days=1), 8))
        past = PlanService(make_session_factory(services.engine), services.medications,
                           services.simulation, clock=lambda: at(start, 7))
        past.create(past.draft("intuniv", start, [PlanStep((PlanDose(2, time(8)),), 10),
                                                  PlanStep((PlanDose(1, time(8)),), None)],
                               name="Guanfacine down"))
        for d in range(20):
            day = start + timedelta(days=d)
            services.doses.add("intuniv", 2 if d < 10 else 1, at(day, 8))
            for hour, value in ((9, 6), (15, 5), (20, 4)):
                services.checkins.add({"mood": value, "focus": value}, at(day, hour))
        out = tmp_path / "summary.pdf"
        export_pdf(services, start, date.today(), out)
        text = pdf_text(out)
    finally:
        services.close()
    assert "Dose-change plans" in text and "What each step did: Guanfacine down" in text
    assert "first step" in text and "mood: +0.0" in text and "no clear difference" in text
    assert "irritability" not in text.split("What each step did")[1][:600]  # none logged
