"""The window's side of reminders and prompts: show each alert, act on the answer.

An alert is shown by the desktop's notification service with its buttons (Linux), else
as a tray balloon that opens the in-app form when clicked, else by the in-app form at
once. Every answer comes back as (reminder key, action id) to :meth:`ReminderHost.act`:
Taken logs the dose now through the window's undo stack (Ctrl+Z takes it back, and the
reminder re-opens), Snooze and Skip settle it, Check in opens the check-in popup, whose
check-in records the prompt's kind. The host also keeps the app in the tray when the window
is closed (``keep_in_tray``, while reminders or prompts are on).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from rebound_tracker.domain.errors import ReboundError
from rebound_tracker.domain.settings import Settings
from rebound_tracker.services.reminders import Alert
from rebound_tracker.ui.checkin_popup import CheckInPopup
from rebound_tracker.ui.notice import (
    CHECK_IN,
    DISMISS,
    OPEN,
    SKIP,
    TAKEN,
    Notice,
    notice_for,
    snooze_minutes,
)
from rebound_tracker.ui.notice_dialog import NoticeDialog
from rebound_tracker.ui.reminder_runner import TICK_MS, ReminderRunner
from rebound_tracker.ui.tray import Tray
from rebound_tracker.ui.undo import push_entry

if TYPE_CHECKING:
    from rebound_tracker.ui.main_window import MainWindow

log = logging.getLogger(__name__)


def _open_desktop_notifications(parent: QObject):
    from rebound_tracker.ui.desktop_notifications import DesktopNotifications

    return DesktopNotifications.open(parent)


class ReminderHost(QObject):
    notifications_factory = staticmethod(_open_desktop_notifications)
    """Returns the desktop notifications (or None to fall back); tests replace it."""

    def __init__(self, window: MainWindow, tick_ms: int = TICK_MS) -> None:
        super().__init__(window)
        self.window = window
        self.services = window.services
        self.runner = ReminderRunner(self.services.reminders, self, tick_ms)
        self.runner.alerted.connect(self.show_alert)
        self.tray = Tray(self)
        self.tray.open_requested.connect(self.raise_window)
        self.tray.checkin_requested.connect(self._checkin_from_tray)
        self.tray.quit_requested.connect(self.quit)
        self.tray.message_clicked.connect(self._balloon_clicked)
        self.notifications = None
        self.notices: dict[str, Notice] = {}
        self.dialogs: dict[str, NoticeDialog] = {}
        self.popups: dict[str, CheckInPopup] = {}
        self.quitting = False
        self._told_tray = False
        self._top: QWidget | None = None
        self.services.settings.on_change(self._settings_changed)
        window.undo_stack.indexChanged.connect(lambda _i: QTimer.singleShot(0, self._recheck))
        QTimer.singleShot(0, self.start)

    # --- start, settings -------------------------------------------------------------
    def start(self) -> None:
        """Once the window is hosted: watch its top-level window's close, show the tray,
        connect to the notification service, check what is due (missed ones re-fire)."""
        self._watch_top()
        settings = self.services.settings.current()
        self._apply(settings)
        if self._active(settings) and self.notifications is None:
            self.notifications = self.notifications_factory(self)
            if self.notifications is not None:
                self.notifications.action_invoked.connect(self.act)
        self.runner.start()

    def _watch_top(self) -> None:
        top = self.window.window()
        if top is not self._top:
            if self._top is not None:
                self._top.removeEventFilter(self)
            top.installEventFilter(self)
            self._top = top

    @staticmethod
    def _active(settings: Settings) -> bool:
        return settings.reminders or settings.checkin_prompts

    def follow_settings(self) -> None:
        """Settings may have been changed by another program: apply them as they are."""
        self._settings_changed(self.services.settings.current())

    def _settings_changed(self, settings: Settings) -> None:
        self._apply(settings)
        if self._active(settings) and self.notifications is None:
            self.notifications = self.notifications_factory(self)
            if self.notifications is not None:
                self.notifications.action_invoked.connect(self.act)
        self._recheck()

    def _apply(self, settings: Settings) -> None:
        if self._active(settings):
            self.tray.show()
        else:
            self.tray.hide()

    def _recheck(self) -> None:
        self.runner.check()

    # --- showing ----------------------------------------------------------------------
    def show_alert(self, alert: Alert) -> None:
        r = alert.reminder
        name = self.services.medications.name_of(r.medication_id) if r.medication_id else None
        notice = notice_for(alert, name, self.services.settings.current().snooze_minutes)
        self.notices[notice.key] = notice
        if self.notifications is not None and self.notifications.show(notice):
            return
        if self.tray.message(notice):
            return
        self.open_notice(notice.key)

    def open_notice(self, key: str) -> NoticeDialog | None:
        """The in-app form of the notice of reminder ``key`` (one window per reminder)."""
        notice = self.notices.get(key)
        if notice is None:
            return None
        dialog = self.dialogs.get(key)
        if dialog is None:
            dialog = NoticeDialog(notice, self.window)
            dialog.action_chosen.connect(self.act)
            dialog.finished.connect(lambda _r, k=key: self.dialogs.pop(k, None))
            self.dialogs[key] = dialog
        dialog.show()
        dialog.raise_()
        return dialog

    def _balloon_clicked(self, key: str) -> None:
        notice = self.notices.get(key)
        if notice is not None and notice.kind != "dose":
            self.act(key, CHECK_IN)
        else:
            self.open_notice(key)

    # --- answers ----------------------------------------------------------------------
    def act(self, key: str, action: str) -> None:
        """Carry out ``action`` (a Notice action id) on reminder ``key``."""
        notice = self.notices.get(key)
        kind = notice.kind if notice else ""
        try:
            if action == TAKEN:
                self._taken(key)
            elif (minutes := snooze_minutes(action)) is not None:
                self.services.reminders.snooze(key, minutes)
                self._say(f"Snoozed: reminded again in {minutes} min")
            elif action == SKIP:
                self.services.reminders.skip(key)
                self._say("Skipped this dose reminder (nothing was logged)")
            elif action == DISMISS:
                self.services.reminders.dismiss(key)
            elif action == CHECK_IN or (action == OPEN and kind != "dose"):
                self.open_checkin(key)
                return
            elif action == OPEN:
                self.raise_window()
                self.open_notice(key)
                return
            else:
                log.warning("unknown notification action %r for %s", action, key)
                return
        except ReboundError as error:
            self._say(f"Could not answer the reminder: {error}", warn=True)
            return
        self._settled(key)

    def _taken(self, key: str) -> None:
        reminders = self.services.reminders
        dose = reminders.taken(key)
        name = self.services.medications.name_of(dose.medication_id)
        stored = push_entry(self.window.undo_stack, self.services.doses, None, dose,
                            f"dose {name} {dose.mg:g} mg (from the reminder)")
        reminders.mark_taken(key, stored.id)
        if self.window.day != stored.taken.local.date():
            self.window.show_day(stored.taken.local.date())
        self.window.history.select_entry(stored.id)
        self._say(f"Logged {name} {dose.mg:g} mg at {dose.taken.local:%H:%M} — Ctrl+Z "
                  "undoes it")

    def open_checkin(self, key: str) -> CheckInPopup:
        """The check-in popup answering prompt ``key`` (one per prompt)."""
        popup = self.popups.get(key)
        if popup is None:
            notice = self.notices.get(key)
            reminder = self.services.reminders.get(key)
            kind = reminder.kind if reminder else (notice.kind if notice else "random")
            text = notice.body if notice else "A quick check-in"
            s = self.services
            popup = CheckInPopup(key, kind, text, s.reminders, s.checkins,
                                 self.window.undo_stack, s.settings.current().shown_scales,
                                 self.window)
            popup.answered.connect(lambda c, k=key: self._answered(k, c))
            popup.dismissed.connect(lambda k: self.act(k, DISMISS))
            popup.finished.connect(lambda _r, k=key: self.popups.pop(k, None))
            self.popups[key] = popup
        popup.show()
        popup.raise_()
        popup.activateWindow()
        return popup

    def _answered(self, key: str, checkin) -> None:
        self._settled(key)
        self._say(f"Check-in logged (answering the {checkin.prompt} prompt) — Ctrl+Z "
                  "undoes it")

    def _settled(self, key: str) -> None:
        if self.notifications is not None:
            self.notifications.close(key)
        dialog = self.dialogs.pop(key, None)
        if dialog is not None:
            dialog.close()

    def _say(self, message: str, warn: bool = False) -> None:
        self.window.statusBar().showMessage(message, 15000 if warn else 8000)
        if warn:
            log.warning("%s", message)

    # --- the window and the tray --------------------------------------------------------
    def raise_window(self) -> None:
        top = self.window.window()
        if top.isMinimized():
            top.showNormal()
        top.show()
        top.raise_()
        top.activateWindow()

    def start_in_tray(self) -> None:
        """Started at log-in: once hosted, hide the window if the app can keep running in
        the tray (else it stays open, so the person is never left with nothing)."""

        def hide() -> None:
            if self.keeps_running():
                self.window.window().hide()

        QTimer.singleShot(0, hide)

    def _checkin_from_tray(self) -> None:
        self.raise_window()
        self.window.checkin_form.scales["mood"].setFocus()

    def quit(self) -> None:
        """Really quit (File ▸ Quit, the tray's Quit): the window closes, the app ends."""
        self.quitting = True
        top = self.window.window()
        hidden = not top.isVisible()
        top.close()
        if hidden:  # closing a hidden window does not end the event loop by itself
            QApplication.quit()

    def keeps_running(self) -> bool:
        settings = self.services.settings.current()
        return (not self.quitting and settings.keep_in_tray and self._active(settings)
                and self.tray.visible)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._top and event.type() == QEvent.Type.Close and self.keeps_running():
            event.ignore()
            self._top.hide()
            if not self._told_tray:
                self._told_tray = True
                self.tray.tell("Rebound Tracker is still running",
                               "Reminders and prompts go on from the tray. Quit from its "
                               "menu to stop them.")
            return True
        return super().eventFilter(watched, event)

    def shutdown(self) -> None:
        self.runner.stop()
        self.tray.hide()
        if self.notifications is not None:
            self.notifications.shutdown()
            self.notifications = None
