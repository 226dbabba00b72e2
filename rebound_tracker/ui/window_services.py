"""What the main window is handed: the services it drives, and nothing of the store itself.

A structural type (``typing.Protocol``): ``app.Services`` satisfies it without the window
importing ``app`` (which holds the SQLAlchemy engine). The one thing the window needs of the
database is to let go of it before a restore replaces the file: ``release_database``.
"""

from __future__ import annotations

from typing import Protocol

from rebound_tracker.paths import AppPaths
from rebound_tracker.services.backups import BackupService
from rebound_tracker.services.checkins import CheckInService
from rebound_tracker.services.doses import DoseService
from rebound_tracker.services.medications import MedicationService
from rebound_tracker.services.plans import PlanService
from rebound_tracker.services.portability import PortabilityService
from rebound_tracker.services.reminders import ReminderService
from rebound_tracker.services.report_data import ReportDataService
from rebound_tracker.services.schedule import ScheduleService
from rebound_tracker.services.settings import SettingsService
from rebound_tracker.services.simulation import SimulationService
from rebound_tracker.services.timeline import TimelineService
from rebound_tracker.services.trends import TrendsService


class WindowServices(Protocol):
    """The window's view of the app's services (read-only attributes)."""

    @property
    def paths(self) -> AppPaths: ...
    @property
    def medications(self) -> MedicationService: ...
    @property
    def doses(self) -> DoseService: ...
    @property
    def checkins(self) -> CheckInService: ...
    @property
    def simulation(self) -> SimulationService: ...
    @property
    def settings(self) -> SettingsService: ...
    @property
    def report_data(self) -> ReportDataService: ...
    @property
    def backups(self) -> BackupService: ...
    @property
    def portability(self) -> PortabilityService: ...
    @property
    def timeline(self) -> TimelineService: ...
    @property
    def trends(self) -> TrendsService: ...
    @property
    def schedule(self) -> ScheduleService: ...
    @property
    def reminders(self) -> ReminderService: ...
    @property
    def plans(self) -> PlanService: ...

    def release_database(self) -> None:
        """Close every pooled connection (before a restore replaces the database file)."""

    def changed_elsewhere(self) -> bool:
        """Whether another program committed to the database since the last call."""
