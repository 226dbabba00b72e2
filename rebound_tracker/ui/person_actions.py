"""What the main window does for the person's settings: Edit ▸ Settings, the first-run
welcome (Help ▸ Welcome and example day), Help ▸ About and assumptions, and following a
changed setting everywhere it shows (model curves, one-click doses, what-if, scales)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, QTimer

from rebound_tracker.domain.settings import Settings
from rebound_tracker.ui.about_dialog import AboutDialog, about_html
from rebound_tracker.ui.settings_dialog import SettingsDialog
from rebound_tracker.ui.startup_window import APPLICATION, ORGANISATION
from rebound_tracker.ui.welcome_dialog import WelcomeDialog

if TYPE_CHECKING:
    from rebound_tracker.ui.main_window import MainWindow

WELCOMED_KEY = "welcomed"
"""QSettings list of data directories whose welcome was saved or skipped."""


class PersonActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.services = window.services
        self.welcome: WelcomeDialog | None = None
        self.settings_dialog: SettingsDialog | None = None
        self.services.settings.on_change(self._settings_changed)
        # Until the person chooses scales, the charts keep their own default selection.
        chosen = "shown_scales" in self.services.settings.stored_names()
        self.apply(self.services.settings.current(), refresh=False, scales=chosen)

    # --- Settings ------------------------------------------------------------------------
    def open_settings(self) -> SettingsDialog:
        """Edit ▸ Settings: modal, so a change lands before the window is used again."""
        s = self.services
        self.settings_dialog = SettingsDialog(s.settings, s.medications, self.window)
        self.settings_dialog.open()
        return self.settings_dialog

    def apply(self, settings: Settings, *, refresh: bool = True, scales: bool = True) -> None:
        """Show ``settings`` everywhere: the usual regimen on the one-click buttons and in
        the what-if, the chosen scales on the charts, and (with ``refresh``) the curves
        again, since weight, CYP2D6 and urine pH change the model."""
        window = self.window
        window.timeline.set_regimen(settings.regimen)
        for scale, box in window.timeline.scale_boxes.items() if scales else ():
            box.setChecked(scale in settings.shown_scales)
        if scales:
            window.checkin_form.set_shown_scales(settings.shown_scales)
        if refresh:
            window.refresh_after_settings()
        else:
            window.dose_form.refresh_regimen()

    def _settings_changed(self, settings: Settings) -> None:
        self.apply(settings, scales="shown_scales" in self.services.settings.stored_names())
        self.window.statusBar().showMessage(
            "Settings saved: the curves, one-click doses and what-if follow them", 8000)

    # --- first run -----------------------------------------------------------------------
    def welcome_if_first_run(self) -> None:
        """On a new, empty store not welcomed before, open the welcome once the window is
        up (queued, so the window paints first)."""
        if self._welcomed() or not self.services.settings.is_new_store():
            return
        QTimer.singleShot(0, self.open_welcome)

    def open_welcome(self) -> WelcomeDialog:
        s = self.services
        if self.welcome is None:
            self.welcome = WelcomeDialog(s.settings, s.medications, s.simulation,
                                         str(s.paths.data_dir), self.window)
            self.welcome.finished_welcome.connect(self._remember_welcomed)
            self.welcome.finished.connect(lambda _: setattr(self, "welcome", None))
        self.welcome.show()
        self.welcome.raise_()
        self.welcome.activateWindow()
        return self.welcome

    def _store_key(self) -> str:
        return str(self.services.paths.data_dir.resolve())

    def _welcomed(self) -> bool:
        stored = QSettings(ORGANISATION, APPLICATION).value(WELCOMED_KEY, [])
        return self._store_key() in (stored if isinstance(stored, list) else [stored])

    def _remember_welcomed(self) -> None:
        qsettings = QSettings(ORGANISATION, APPLICATION)
        stored = qsettings.value(WELCOMED_KEY, [])
        stored = stored if isinstance(stored, list) else [stored]
        if self._store_key() not in stored:
            qsettings.setValue(WELCOMED_KEY, [*stored, self._store_key()])

    # --- About -----------------------------------------------------------------------------
    def open_about(self) -> AboutDialog:
        data = self.window.timeline.data
        html = about_html(self.services.medications.library, str(self.services.paths.data_dir),
                          data.assumptions if data else ())
        dialog = AboutDialog(html, self.window)
        dialog.open()
        return dialog
