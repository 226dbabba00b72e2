"""``rebound-tracker schedule``: the same plan as the service, bad dates refused."""

from __future__ import annotations

import json

from rebound_tracker.cli import main


def test_schedule_json_lists_the_regimen_reminder_and_prompts(tmp_path, capsys):
    from rebound_tracker.app import open_services

    data = str(tmp_path / "data")
    services = open_services(data)
    services.settings.update({"regimen": "concerta:36@07:30", "reminders": "on",
                              "checkin_prompts": "on"})
    services.close()
    assert main(["--data-dir", data, "schedule", "--date", "2026-03-02", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    kinds = [i["kind"] for i in out["items"]]
    assert out["date"] == "2026-03-02" and kinds.count("dose") == 1
    assert kinds.count("random") == 3
    # a past day with no dose logged: nothing for the model to time prompts from
    assert not {"wear-off", "rebound"} & set(kinds)
    assert main(["--data-dir", data, "dose", "add", "--med", "concerta", "--mg", "36",
                 "--at", "2026-03-02T08:45"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", data, "schedule", "--date", "2026-03-02", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    kinds = [i["kind"] for i in out["items"]]
    assert {"wear-off", "rebound"} <= set(kinds)
    dose = next(i for i in out["items"] if i["kind"] == "dose")
    assert dose["time"].startswith("2026-03-02T07:30")
    assert dose["status"] == "done"  # logged at 08:45, within the dose window


def test_schedule_refuses_a_bad_date(tmp_path, capsys):
    assert main(["--data-dir", str(tmp_path / "d"), "schedule", "--date", "2026-13-01"]) == 2
    err = capsys.readouterr().err
    assert "date" in err and "2026-13-01" in err
