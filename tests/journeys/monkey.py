"""A seeded random user ("monkey") on the real window over a demo history.

Run as a script (its own process, so a segfault is a failed run, not a dead test runner):

    python tests/journeys/monkey.py --seed 7 --actions 300 [--data DIR] [--seeds 5]

It types, clicks and presses keys as a person would — logs doses and check-ins (some with
bad or implausible values), edits and deletes entries from the list, undoes and redoes,
steps days, changes ranges, scales, the curve, the what-if and the Trends period, opens
and closes dialogs, resizes the window, points at and clicks the chart. Modal dialogs are
answered at random. It keeps its own record of what its actions stored (from what it
typed, mirrored through undo and redo) and compares the database with it every 25 actions
and at the end. Exit 0 when nothing went wrong; otherwise exit 1 with the seed, what went
wrong and the last actions.
"""

from __future__ import annotations

import argparse
import faulthandler
import random
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field

faulthandler.enable()

from PySide6.QtCore import QPoint, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QInputMethodEvent  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QPushButton  # noqa: E402

CHECK_EVERY = 25
DEMO_DAYS = 60
MG_TYPED = ("36", "18", "54", "10", "20", "5", "72", "abc", "0", "-3", "", "1e400", "250")
NOTES = ("", "", "long meeting", "after lunch", "ünïcödé ✓", "x" * 80)
TIMES = ("07:30, 11:30", "08:00", "25:00", "8", "", "07:00, 12:00, 16:00")
CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier


@dataclass
class Record:
    """What the monkey believes is stored: the start, and its changes mirrored by undo."""

    base: dict[str, tuple]
    changes: list[tuple[str, str, tuple | None, tuple | None]] = field(default_factory=list)
    applied: int = 0  # how many of ``changes`` are in effect (the undo stack's index)

    def push(self, entry_id: str, before: tuple | None, after: tuple | None) -> None:
        del self.changes[self.applied:]
        self.changes.append(("change", entry_id, before, after))
        self.applied += 1

    def state(self) -> dict[str, tuple]:
        state = dict(self.base)
        for _kind, entry_id, _before, after in self.changes[:self.applied]:
            if after is None:
                state.pop(entry_id, None)
            else:
                state[entry_id] = after
        return state


def dose_fields(dose) -> tuple:
    return ("dose", dose.medication_id, round(dose.mg, 6), dose.note)


def checkin_fields(checkin) -> tuple:
    return ("checkin", checkin.mood, checkin.focus, checkin.note)


def type_text(widget, text: str) -> None:
    """Keys for ASCII; other text arrives as an input method commits it (QTest has no keys
    for it)."""
    if text.isascii():
        QTest.keyClicks(widget, text)
        return
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


class Monkey:
    def __init__(self, window, services, startup, rng: random.Random) -> None:
        self.window, self.services, self.startup, self.rng = window, services, startup, rng
        self.app = QApplication.instance()
        self.log: list[str] = []
        self.problems: list[str] = []
        self.record = Record(self.stored())
        self.logged: list = []
        window.dose_form.dose_logged.connect(self.logged.append)
        window.checkin_form.checkin_logged.connect(self.logged.append)
        self.pending_edit: Callable[[QDialog], None] | None = None
        self._answering = None  # the dialog an answer is on its way to
        self.counts: dict[str, int] = {}  # what took effect: changes, undos, redos, dialogs
        self.responder = QTimer()
        self.responder.setInterval(15)
        self.responder.timeout.connect(self.answer_modal)
        self.responder.start()

    # --- the oracle ---------------------------------------------------------------------
    def stored(self) -> dict[str, tuple]:
        doses = {d.id: dose_fields(d) for d in self.services.doses.list(None, None)}
        checkins = {c.id: checkin_fields(c) for c in self.services.checkins.list(None, None)}
        return {**doses, **checkins}

    def check(self) -> None:
        expected, actual = self.record.state(), self.stored()
        if expected != actual:
            missing = {k: v for k, v in expected.items() if actual.get(k) != v}
            extra = {k: v for k, v in actual.items() if expected.get(k) != v}
            self.problems.append(f"database differs from the actions: expected {missing}, "
                                 f"stored {extra}")

    def settle(self, ms: int = 0) -> None:
        self.app.processEvents()
        if ms:
            QTest.qWait(ms)

    # --- modal dialogs ------------------------------------------------------------------
    def answer_modal(self) -> None:
        """Answer the modal dialog that is up. The answer runs after this slot returns: it
        may open another modal dialog (a confirmation), which this timer must answer too."""
        dialog = QApplication.activeModalWidget()
        if dialog is None or not dialog.isVisible() or dialog is self._answering:
            return
        self._answering = dialog
        self._count("dialogs answered")
        if isinstance(dialog, QMessageBox):
            buttons = dialog.buttons()
            answer = self.rng.choice(buttons).click if buttons else dialog.reject
        elif self.pending_edit is not None and dialog.windowTitle().startswith("Edit"):
            act, self.pending_edit = self.pending_edit, None
            answer = lambda: act(dialog)  # noqa: E731
        elif isinstance(dialog, QDialog):
            answer = dialog.reject
        else:
            return
        QTimer.singleShot(0, answer)

    # --- actions ------------------------------------------------------------------------
    def actions(self) -> list[tuple[int, Callable[[], None]]]:
        return [(6, self.log_dose), (2, self.quick_dose), (5, self.check_in),
                (3, self.edit_entry), (3, self.delete_entry), (4, self.undo), (3, self.redo),
                (4, self.step_day), (3, self.change_range), (2, self.toggle_scale),
                (1, self.toggle_curve), (2, self.what_if), (2, self.trends_period),
                (1, self.open_report), (1, self.open_library), (1, self.resize),
                (3, self.point_at_chart), (2, self.click_chart)]

    def step(self) -> None:
        weights, actions = zip(*self.actions(), strict=True)
        action = self.rng.choices(actions, weights=weights)[0]
        self.log.append(action.__name__)
        index_before = self.window.undo_stack.index()
        self.logged.clear()
        self.expect: tuple | None = None
        action()
        self.settle()
        self.startup.repaint()  # paint it, as a screen would (offscreen paints nothing itself)
        self.mirror(action.__name__, index_before)

    def _count(self, what: str) -> None:
        self.counts[what] = self.counts.get(what, 0) + 1

    def mirror(self, name: str, before: int) -> None:
        """Follow the undo stack's move with the monkey's own record of the change."""
        now = self.window.undo_stack.index()
        if name == "undo" and now == before - 1:
            self.record.applied -= 1
            self._count("undone")
        elif name == "redo" and now == before + 1:
            self.record.applied += 1
            self._count("redone")
        elif now == before + 1 and self.expect is not None:
            self.record.push(*self.expect)
            self._count(f"{name} stored")
        elif now != before:
            self.problems.append(f"{name}: the undo stack moved {before} -> {now} "
                                 "without a change the action made")
        if name in ("log_dose", "quick_dose", "check_in") and self.logged and now == before:
            self.problems.append(f"{name}: an entry was reported logged but nothing was "
                                 "pushed on the undo stack")

    def log_dose(self) -> None:
        form = self.window.dose_form
        QTest.keyClick(self.window, Qt.Key.Key_D, CTRL)
        form.medication.setCurrentIndex(self.rng.randrange(form.medication.count()))
        medication = form.medication.currentData()
        mg, note = self.rng.choice(MG_TYPED), self.rng.choice(NOTES)
        for box, text in ((form.mg, mg), (form.note, note)):
            box.setFocus()
            box.selectAll()
            QTest.keyClick(box, Qt.Key.Key_Delete)
            type_text(box, text)
        QTest.keyClick(form.mg, Qt.Key.Key_Return)
        if self.logged:
            dose = self.logged[-1]
            typed = ("dose", medication, round(float(mg), 6), note.strip())
            if dose_fields(dose) != typed:
                self.problems.append(f"log_dose: typed {typed}, the form logged "
                                     f"{dose_fields(dose)}")
            self.expect = (dose.id, None, typed)

    def quick_dose(self) -> None:
        buttons = [b for b in self.window.dose_form.quick_buttons if b.isVisible()]
        if not buttons:
            return
        QTest.mouseClick(self.rng.choice(buttons), Qt.MouseButton.LeftButton)
        if self.logged:
            self.expect = (self.logged[-1].id, None, dose_fields(self.logged[-1]))

    def check_in(self) -> None:
        form = self.window.checkin_form
        QTest.keyClick(self.window, Qt.Key.Key_K, CTRL)
        values = {}
        for scale in ("mood", "focus"):
            box = form.scales[scale]
            typed = self.rng.choice(("0", "3", "5", "7", "10", "", "4"))
            box.setFocus()
            box.selectAll()
            QTest.keyClick(box, Qt.Key.Key_Backspace)
            QTest.keyClicks(box, typed)
            values[scale] = box.value_or_none()
        note = self.rng.choice(NOTES)
        form.note.setFocus()
        form.note.selectAll()
        QTest.keyClick(form.note, Qt.Key.Key_Delete)
        type_text(form.note, note)
        QTest.keyClick(form.note, Qt.Key.Key_Return)
        if self.logged:
            checkin = self.logged[-1]
            typed = ("checkin", values["mood"], values["focus"], note.strip())
            if checkin_fields(checkin) != typed:
                self.problems.append(f"check_in: typed {typed}, the form logged "
                                     f"{checkin_fields(checkin)}")
            self.expect = (checkin.id, None, typed)

    def _pick_row(self) -> str | None:
        rows = self.window.history.model.rows
        if not rows or not self.window.history.isVisible():
            return None
        row = self.rng.randrange(len(rows))
        table = self.window.history.table
        table.scrollTo(table.model().index(row, 0))
        rect = table.visualRect(table.model().index(row, 1))
        QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        entry = self.window.history.selected_entry()
        return entry.id if entry is not None else None

    def edit_entry(self) -> None:
        entry_id = self._pick_row()
        if entry_id is None:
            return
        before = self.record.state().get(entry_id)
        note = self.rng.choice(NOTES) + " (edited)"
        saving = self.rng.random() < 0.7

        clicks_around = self.rng.random() < 0.3
        kept = {}

        def edit(dialog: QDialog) -> None:
            form = dialog.form
            if clicks_around:  # a person clicking whatever button the dialog shows
                buttons = [b for b in dialog.findChildren(QPushButton)
                           if b.isVisible() and b.isEnabled()]
                kept["note"] = form.note.text().strip()
                QTest.mouseClick(self.rng.choice(buttons), Qt.MouseButton.LeftButton)
            elif saving:
                form.note.setFocus()
                form.note.selectAll()
                type_text(form.note, note)
                kept["note"] = form.note.text().strip()
                QTest.mouseClick(form.submit, Qt.MouseButton.LeftButton)
            if dialog.isVisible():
                dialog.reject()

        self.pending_edit = edit
        QTest.keyClick(self.window.history.table, Qt.Key.Key_Return)
        self.pending_edit = None
        if before is not None and "note" in kept:  # notes are trimmed
            self.expect = (entry_id, before, (*before[:-1], kept["note"]))

    def delete_entry(self) -> None:
        entry_id = self._pick_row()
        if entry_id is None:
            return
        QTest.keyClick(self.window.history.table, Qt.Key.Key_Delete)
        self.expect = (entry_id, self.record.state().get(entry_id), None)

    def _edit_action(self, prefix: str):
        for action in self.window.findChildren(type(self.window.today_action)):
            if action.text().replace("&", "").startswith(prefix):
                return action
        raise AssertionError(f"no {prefix} action")

    def undo(self) -> None:
        self._edit_action("Undo").trigger()

    def redo(self) -> None:
        self._edit_action("Redo").trigger()

    def step_day(self) -> None:
        key = self.rng.choice((Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_T))
        QTest.keyClick(self.window, key, CTRL if key == Qt.Key.Key_T else ALT)

    def change_range(self) -> None:
        key = self.rng.choice((Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4,
                               Qt.Key.Key_5))
        QTest.keyClick(self.window, key, CTRL)
        self.settle(30)

    def toggle_scale(self) -> None:
        QTest.keyClick(self.window, self.rng.choice((Qt.Key.Key_1, Qt.Key.Key_3,
                                                     Qt.Key.Key_6)), ALT)

    def toggle_curve(self) -> None:
        QTest.keyClick(self.window, Qt.Key.Key_E, CTRL)

    def what_if(self) -> None:
        bar = self.window.timeline.what_if
        if self.rng.random() < 0.4 or not bar.enabled.isChecked():
            QTest.keyClick(self.window, Qt.Key.Key_W, ALT)
        if bar.times.isEnabled() and bar.times.isVisible():
            bar.times.setFocus()
            bar.times.selectAll()
            QTest.keyClicks(bar.times, self.rng.choice(TIMES))
            QTest.keyClick(bar.times, Qt.Key.Key_Return)

    def trends_period(self) -> None:
        QTest.keyClick(self.window, Qt.Key.Key_5, CTRL)
        trends = self.window.trends
        trends.period.setCurrentIndex(self.rng.randrange(trends.period.count()))
        for _ in range(150):  # a person looks at the new charts once they are drawn
            if trends.status.text() != "Computing…":
                break
            QTest.qWait(20)
        self.startup.repaint()

    def open_report(self) -> None:
        QTest.keyClick(self.window, Qt.Key.Key_P, CTRL)
        self.settle(50)
        dialog = getattr(self.window, "report_dialog", None)
        if dialog is not None and dialog.isVisible():
            dialog.close()

    def open_library(self) -> None:
        dialog = self.window.open_medications()
        dialog.search.setText(self.rng.choice(("con", "", "zz", "amph")))
        self.settle(20)
        dialog.close()

    def resize(self) -> None:
        self.startup.resize(self.rng.randint(900, 1500), self.rng.randint(600, 950))

    def _chart_point(self) -> QPoint:
        viewport = self.window.timeline.plot.viewport()
        return QPoint(self.rng.randrange(max(1, viewport.width())),
                      self.rng.randrange(max(1, viewport.height())))

    def point_at_chart(self) -> None:
        if self.window.timeline.isVisible():
            QTest.mouseMove(self.window.timeline.plot.viewport(), self._chart_point())

    def click_chart(self) -> None:
        if self.window.timeline.isVisible():
            QTest.mouseClick(self.window.timeline.plot.viewport(), Qt.MouseButton.LeftButton,
                             pos=self._chart_point())


def run(seed: int, actions: int, data_dir: str) -> tuple[list[str], dict[str, int]]:
    """One seeded run: what went wrong (nothing: an empty list), and what took effect."""
    from rebound_tracker.gui import open_services_offering_restore
    from rebound_tracker.ui import error_reporting
    from rebound_tracker.ui.main_window import MainWindow
    from rebound_tracker.ui.startup_window import StartupWindow

    QApplication.instance() or QApplication([])
    raised: list[str] = []
    error_reporting.ErrorDialog.exec = lambda self: raised.append(self.details) or 0
    services = open_services_offering_restore(data_dir, [])
    services.demo.fill(days=DEMO_DAYS)
    startup = StartupWindow()
    reporter = error_reporting.ErrorReporter(services.paths.data_dir / "logs",
                                             lambda: startup).install()
    startup.show()
    window = MainWindow(services)
    startup.host(window)
    monkey = Monkey(window, services, startup, random.Random(seed))
    try:
        for n in range(1, actions + 1):
            monkey.step()
            if n % CHECK_EVERY == 0 or n == actions:
                QTest.qWait(20)
                monkey.check()
            if monkey.problems or raised:
                break
        QTest.qWait(50)  # deliver what is queued (a background result, an error dialog)
    finally:
        monkey.responder.stop()
        startup.close()
        reporter.uninstall()
        services.close()
    problems = monkey.problems + [f"error shown to the person:\n{r}" for r in raised]
    if problems:
        problems.append("last actions: " + ", ".join(monkey.log[-15:]))
    return problems, monkey.counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seeds", type=int, default=1, help="seeds seed, seed+1, …")
    parser.add_argument("--actions", type=int, default=300)
    parser.add_argument("--data", help="data folder (default: a new temporary one per seed)")
    args = parser.parse_args(argv)
    failed = 0
    for seed in range(args.seed, args.seed + args.seeds):
        started = time.perf_counter()
        data = args.data or tempfile.mkdtemp(prefix=f"rebound-monkey-{seed}-")
        problems, counts = run(seed, args.actions, data)
        took = time.perf_counter() - started
        status = "FAILED" if problems else "ok"
        effects = ", ".join(f"{n} {what}" for what, n in sorted(counts.items()))
        print(f"seed {seed}: {args.actions} actions, {took:.1f} s, {status} ({effects})",
              flush=True)
        for problem in problems:
            print(f"  {problem}", flush=True)
        failed += bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
