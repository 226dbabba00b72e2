"""The main window: log on the left, the day's curve and entries on the right."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QDateEdit,
    QGroupBox,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from rebound_tracker import NOT_MEDICAL_ADVICE
from rebound_tracker.domain.entries import SCALES, CheckIn, Dose
from rebound_tracker.report.charts.theme import system_theme
from rebound_tracker.ui.background import wait_for_background
from rebound_tracker.ui.checkin_form import CheckInForm
from rebound_tracker.ui.data_menu import DataMenu
from rebound_tracker.ui.dose_form import DoseForm
from rebound_tracker.ui.entry_dialog import EntryDialog
from rebound_tracker.ui.history_panel import HistoryPanel
from rebound_tracker.ui.medications_dialog import MedicationsDialog
from rebound_tracker.ui.person_actions import PersonActions
from rebound_tracker.ui.reminder_host import ReminderHost
from rebound_tracker.ui.report_dialog import ReportDialog
from rebound_tracker.ui.shortcuts import WindowShortcuts
from rebound_tracker.ui.store_follower import StoreFollower
from rebound_tracker.ui.timeline_panel import RANGES, TimelinePanel
from rebound_tracker.ui.trends_panel import TrendsPanel
from rebound_tracker.ui.undo import UndoStack
from rebound_tracker.ui.window_services import WindowServices


class MainWindow(QMainWindow):
    """Handed its services (never the store itself: see window_services.py)."""

    def __init__(self, services: WindowServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle("Rebound Tracker")
        self.undo_stack = UndoStack(self)
        self.medications_dialog: MedicationsDialog | None = None
        self.planner_window = None  # ui.planner_window.PlannerWindow, made when first opened
        self.calibration_window = None  # ui.calibration_window.CalibrationWindow, likewise
        self.report_dialog: ReportDialog | None = None
        s = services
        self.dose_form = DoseForm(s.doses, s.medications, self.undo_stack,
                                  regimen=lambda: s.settings.current().regimen)
        self.checkin_form = CheckInForm(s.checkins, self.undo_stack)
        self.timeline = TimelinePanel(s.timeline, s.medications)
        self.trends = TrendsPanel(s.trends, s.medications)
        self.views = QTabWidget()
        self.views.addTab(self.timeline, "Timeline")
        self.views.addTab(self.trends, "Trends")
        self.views.setAccessibleName("Charts")
        self.history = HistoryPanel(s.doses, s.checkins, s.medications, self.undo_stack)
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("ddd d MMM yyyy")
        self.date_edit.setAccessibleName("Day shown")
        self._build_layout()
        self._build_actions()
        self.shortcuts = WindowShortcuts(self, self.findChildren(QAction))
        self.dose_form.dose_logged.connect(lambda d: self._logged(d, d.taken.local.date()))
        self.checkin_form.checkin_logged.connect(lambda c: self._logged(c, c.at.local.date()))
        self.history.edit_requested.connect(self.edit_entry)
        self.timeline.entry_activated.connect(self._open_entry)
        self.timeline.day_requested.connect(self.open_day)
        self.timeline.new_day.connect(self._new_day)
        self.views.currentChanged.connect(self._view_changed)
        for box in self.timeline.scale_boxes.values():
            box.toggled.connect(self._scales_changed)
        self.undo_stack.indexChanged.connect(self._data_changed)
        self.undo_stack.refused.connect(self._refused)
        self.history.delete_refused.connect(self._refused)
        self.date_edit.dateChanged.connect(lambda q: self.show_day(q.toPython()))
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._follow_system_theme)
        self.resize(1280, 800)  # the top-level StartupWindow restores the saved geometry
        self.person = PersonActions(self)
        self.reminder_host = ReminderHost(self)  # reminders, prompts, tray, notifications
        self.follower = StoreFollower(services.changed_elsewhere, self)
        self.follower.changed.connect(self._written_elsewhere)
        self.show_day(date.today())

    # --- layout ------------------------------------------------------------------------
    def _build_layout(self) -> None:
        dose_box = QGroupBox("Log a dose")
        QVBoxLayout(dose_box).addWidget(self.dose_form)
        checkin_box = QGroupBox("Check in")
        QVBoxLayout(checkin_box).addWidget(self.checkin_form)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(dose_box)
        left_layout.addWidget(checkin_box)
        left_layout.addStretch(1)
        left.setMinimumWidth(340)
        left.setMaximumWidth(460)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.views)
        right.addWidget(self.history)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([380, 900])
        self.setCentralWidget(self.splitter)
        disclaimer = QLabel("Informational only — not medical advice. Curves are model "
                            "predictions from population averages.")
        disclaimer.setToolTip(NOT_MEDICAL_ADVICE)
        self.statusBar().addPermanentWidget(disclaimer)

    def _build_actions(self) -> None:
        bar = QToolBar("Day")
        bar.setObjectName("dayToolbar")
        bar.setMovable(False)
        self.addToolBar(bar)
        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        file_menu.addAction(self._action("&Appointment summary (PDF)…",
                                         QKeySequence.StandardKey.Print, self.open_report))
        file_menu.addSeparator()
        # window(): when hosted in the StartupWindow, closing only this widget would hide it.
        file_menu.addAction(self._action("&Quit", QKeySequence.StandardKey.Quit,
                                         lambda: self.reminder_host.quit()))
        self.data_menu = DataMenu(self.services.portability, self.services.backups,
                                  self.services.release_database, self,
                                  backups_dir=self.services.paths.backups_dir)
        self.data_menu.data_changed.connect(self._store_replaced)
        edit_menu = menu.addMenu("&Edit")
        undo = self.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        edit_menu.addActions([undo, redo])
        edit_menu.addSeparator()
        edit_menu.addAction(self._action("Log a &dose", "Ctrl+D", self._focus_dose))
        edit_menu.addAction(self._action("&Check in", "Ctrl+K", self._focus_checkin))
        edit_menu.addSeparator()
        edit_menu.addAction(self._action("&Settings…", "Ctrl+,",
                                         lambda: self.person.open_settings()))
        menu.addMenu(self.data_menu)
        self._build_medications_menu(menu.addMenu("&Medications"))
        view_menu = menu.addMenu("&View")
        self.previous_action = self._action("◀ &Previous day", "Alt+Left",
                                            lambda: self.step_day(-1))
        self.today_action = self._action("&Today", "Ctrl+T", lambda: self.show_day(date.today()))
        self.next_action = self._action("&Next day ▶", "Alt+Right", lambda: self.step_day(1))
        for action in (self.previous_action, self.today_action, self.next_action):
            view_menu.addAction(action)
        bar.addAction(self.previous_action)
        bar.addWidget(self.date_edit)
        bar.addAction(self.next_action)
        bar.addAction(self.today_action)
        bar.addSeparator()
        bar.addActions([undo, redo])
        self._build_chart_actions(view_menu)
        analysis_menu = menu.addMenu("&Analysis")
        analysis_menu.addAction(self._action("Personal &calibration…", "Ctrl+Shift+C",
                                             self.open_calibration))
        help_menu = menu.addMenu("&Help")
        help_menu.addAction(self._action("&Keyboard shortcuts", "Ctrl+/",
                                         self.open_shortcuts_help))
        help_menu.addAction(self._action("&Welcome and example day…", None,
                                         lambda: self.person.open_welcome()))
        help_menu.addAction(self._action("&About and assumptions", "F1",
                                         lambda: self.person.open_about()))

    def _build_medications_menu(self, meds_menu) -> None:
        meds_menu.addAction(self._action("&Medication library…", "Ctrl+Shift+M",
                                         self.open_medications))
        meds_menu.addAction(self._action("&Add your own medication…", None,
                                         lambda: self.open_medications().open_editor()))
        meds_menu.addSeparator()
        meds_menu.addAction(self._action("Dose-change &planner…", "Ctrl+Shift+P",
                                         self.open_planner))

    def _build_chart_actions(self, view_menu) -> None:
        view_menu.addSeparator()
        self.range_actions = {}
        for i, name in enumerate(RANGES, start=1):
            action = self._action(f"Timeline: {name}", f"Ctrl+{i}",
                                  lambda _=False, n=name: self.show_range(n))
            view_menu.addAction(action)
            self.range_actions[name] = action
        view_menu.addAction(self._action("T&rends", "Ctrl+5",
                                         lambda: self.views.setCurrentWidget(self.trends)))
        view_menu.addSeparator()
        kind = self.timeline.kind
        view_menu.addAction(self._action("Curve: concentration / &effect", "Ctrl+E",
                                         lambda: kind.setCurrentIndex(1 - kind.currentIndex())))
        view_menu.addAction(self._action("&What-if overlay", "Alt+W",
                                         self.timeline.what_if.enabled.toggle))
        series = view_menu.addMenu("&Check-in series")
        for i, scale in enumerate(SCALES, start=1):
            series.addAction(self._action(scale.capitalize(), f"Alt+{i}",
                                          lambda _=False, s=scale: self.timeline.toggle_scale(s)))

    def _action(self, text: str, shortcut, slot) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    # --- behaviour ---------------------------------------------------------------------
    def show_day(self, day: date) -> None:
        self.day = day
        self.date_edit.blockSignals(True)
        self.date_edit.setDate(QDate(day.year, day.month, day.day))
        self.date_edit.blockSignals(False)
        self.timeline.show_day(day)
        self.history.show_day(day)

    def _new_day(self, yesterday: date, today: date) -> None:
        """Midnight passed: a window showing today follows to the new today."""
        if self.day == yesterday:
            self.show_day(today)

    def step_day(self, days: int) -> None:
        self.show_day(self.day + timedelta(days=days))

    def show_range(self, name: str) -> None:
        self.views.setCurrentWidget(self.timeline)
        self.timeline.set_range(name)

    def open_day(self, day: date) -> None:
        """A row of the month or all-history raster was clicked: that day on the timeline."""
        self.show_day(day)
        self.show_range("day")

    def _open_entry(self, kind: str, entry_id: str) -> None:
        service = self.services.doses if kind == "dose" else self.services.checkins
        entry = service.get(entry_id)
        if entry is not None:
            self.edit_entry(entry)

    def _scales_changed(self) -> None:
        boxes = self.timeline.scale_boxes
        self.trends.set_scales(s for s, box in boxes.items() if box.isChecked())

    def _follow_system_theme(self) -> None:
        theme = system_theme()
        self.timeline.set_theme(theme)
        self.trends.set_theme(theme)
        if self.calibration_window is not None:
            self.calibration_window.set_theme(theme)

    def _view_changed(self) -> None:
        on_trends = self.views.currentWidget() is self.trends
        self.history.setVisible(not on_trends)  # the day's entries belong to the timeline
        if on_trends and self.trends.stale:
            self.trends.refresh()

    def edit_entry(self, entry: Dose | CheckIn) -> None:
        s = self.services
        EntryDialog(entry, s.doses, s.checkins, s.medications, self.undo_stack, self).exec()

    def _logged(self, entry: Dose | CheckIn, day: date) -> None:
        if day != self.day:
            self.show_day(day)
        self.history.select_entry(entry.id)
        # Off the text field: there, Ctrl+Z would undo the typing, not the entry just logged.
        self.history.table.setFocus()

    def _store_replaced(self) -> None:
        """After an import or a restore: earlier undo steps no longer describe the store, and
        a restored file may hold other medications of the person's own."""
        self.undo_stack.clear()
        self.services.medications.reload()
        self._refresh_views()
        if self.medications_dialog is not None:
            self.medications_dialog.refresh()

    def _written_elsewhere(self) -> None:
        """Another program (the command line, a script) wrote to the store: show what is
        there now. Undo steps stay: one whose entry was changed there is refused, saying so."""
        self.services.medications.reload()
        self._refresh_views()
        if self.medications_dialog is not None:
            self.medications_dialog.refresh()
        self.reminder_host.follow_settings()
        self.statusBar().showMessage("Brought up to date: another program changed your data",
                                     8000)

    def _data_changed(self) -> None:
        self._refresh_views()
        command = self.undo_stack.command(self.undo_stack.index() - 1)
        if command is not None:
            self.statusBar().showMessage(f"Done: {command.text()} — Ctrl+Z undoes it", 8000)

    def _refused(self, message: str) -> None:
        """The store refused an undo, redo or delete: nothing changed; say why."""
        self.statusBar().showMessage(message, 15000)
        QMessageBox.warning(self, "Nothing was changed", message)

    def _refresh_views(self) -> None:
        self.timeline.refresh()
        self.history.refresh()
        self.trends.stale = True
        if self.views.currentWidget() is self.trends:
            self.trends.refresh()
        self.dose_form.refresh_regimen()
        # An undo or redo may have added or removed one of the person's own medications.
        self.dose_form.refresh_medications()
        self.timeline.what_if.refresh_medications()
        if self.planner_window is not None:  # its step outcomes read the log
            self.planner_window.reload()

    def open_report(self) -> ReportDialog:
        """The appointment summary dialog (non-modal, so the log stays usable)."""
        dialog = ReportDialog(self.services.report_data, self.services.portability, self)
        dialog.saved.connect(lambda result: self.statusBar().showMessage(
            f"Saved the appointment summary to {result.path}", 10000))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda: setattr(self, "report_dialog", None))
        self.report_dialog = dialog
        dialog.show()
        return dialog

    def open_medications(self) -> MedicationsDialog:
        """The medication library and the person's own medications (one window, reused)."""
        if self.medications_dialog is None:
            s = self.services
            self.medications_dialog = MedicationsDialog(s.medications, s.simulation,
                                                        self.undo_stack, self)
        self.medications_dialog.show()
        self.medications_dialog.raise_()
        self.medications_dialog.activateWindow()
        return self.medications_dialog

    def open_planner(self):
        """Dose-change plans (one window, reused; its module loads on first use)."""
        from rebound_tracker.ui.planner_window import PlannerWindow

        if self.planner_window is None:
            self.planner_window = PlannerWindow(self.services.plans, self)
        self.planner_window.show()
        self.planner_window.raise_()
        self.planner_window.activateWindow()
        return self.planner_window

    def open_calibration(self):
        """Analysis ▸ Personal calibration (one window, reused; loads on first use)."""
        from rebound_tracker.ui.calibration_window import CalibrationWindow

        if self.calibration_window is None:
            s = self.services
            self.calibration_window = CalibrationWindow(s.calibration, s.medications.name_of,
                                                        self)
            self.calibration_window.changed.connect(self._refresh_views)
        else:
            self.calibration_window.reopen()  # the log may have changed since
        self.calibration_window.show()
        self.calibration_window.raise_()
        self.calibration_window.activateWindow()
        return self.calibration_window

    def open_shortcuts_help(self):
        from rebound_tracker.ui.shortcuts_help import ShortcutsHelp

        dialog = ShortcutsHelp(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def _focus_dose(self) -> None:
        self.dose_form.medication.setFocus()

    def _focus_checkin(self) -> None:
        self.checkin_form.scales["mood"].setFocus()

    def refresh_after_settings(self) -> None:
        """A setting changed the model (weight, CYP2D6, urine pH) or the usual regimen."""
        self._refresh_views()

    def shutdown(self) -> None:
        """Let background work finish before the services it uses are closed."""
        self.reminder_host.shutdown()
        wait_for_background()

    def closeEvent(self, event) -> None:
        self.shutdown()
        super().closeEvent(event)
