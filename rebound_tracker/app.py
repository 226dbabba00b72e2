"""The one place that wires things: paths → engine → migrate → services → (optionally) Qt."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Engine

from rebound_tracker.domain.errors import ReboundError, StoreUnavailable
from rebound_tracker.domain.timeparse import local_now
from rebound_tracker.paths import AppPaths
from rebound_tracker.pk.library import load_library
from rebound_tracker.services.autostart import follow_setting
from rebound_tracker.services.backups import BackupService
from rebound_tracker.services.calibration import CalibrationService
from rebound_tracker.services.checkins import CheckInService
from rebound_tracker.services.demo import DemoService
from rebound_tracker.services.doses import DoseService
from rebound_tracker.services.medications import MedicationService
from rebound_tracker.services.plan_summary import plan_summaries_between
from rebound_tracker.services.plans import PlanService
from rebound_tracker.services.portability import PortabilityService
from rebound_tracker.services.reminders import ReminderService
from rebound_tracker.services.report_data import ReportDataService
from rebound_tracker.services.schedule import ScheduleService
from rebound_tracker.services.settings import SettingsService
from rebound_tracker.services.simulation import SimulationService
from rebound_tracker.services.timeline import TimelineService
from rebound_tracker.services.trends import TrendsService
from rebound_tracker.storage.backup import inspect_database
from rebound_tracker.storage.change_watch import ChangeWatch
from rebound_tracker.storage.database import (
    BUSY_TIMEOUT_MS,
    make_session_factory,
    open_engine,
)
from rebound_tracker.storage.errors import DatabaseNotUsable, NewerSchema
from rebound_tracker.storage.migrate import known_revisions, upgrade_to_head

log = logging.getLogger(__name__)


@dataclass
class Services:
    """Everything a front end (window or command line) needs, over one database."""

    paths: AppPaths
    engine: Engine
    medications: MedicationService
    doses: DoseService
    checkins: CheckInService
    simulation: SimulationService
    settings: SettingsService
    demo: DemoService
    report_data: ReportDataService
    backups: BackupService
    portability: PortabilityService
    timeline: TimelineService
    trends: TrendsService
    schedule: ScheduleService
    reminders: ReminderService
    plans: PlanService
    calibration: CalibrationService
    changes: ChangeWatch

    def close(self) -> None:
        self.changes.close()
        self.engine.dispose()

    def release_database(self) -> None:
        """Close the pooled connections (the engine reopens them when next used)."""
        self.changes.close()
        self.engine.dispose()

    def changed_elsewhere(self) -> bool:
        """Whether another program committed to the database since the last call."""
        return self.changes.changed_elsewhere()


def open_services(
    data_dir: str | None = None, clock: Callable[[], datetime] = local_now,
    busy_timeout_ms: int = BUSY_TIMEOUT_MS,
) -> Services:
    """Open (creating if needed) the store in ``data_dir`` and upgrade it to the current schema.

    ``busy_timeout_ms``: how long a write waits for another program's lock before it is
    refused with StoreUnavailable("busy")."""
    paths = AppPaths.resolve(data_dir)
    paths.ensure()
    backups = BackupService(paths)
    engine = open_checked_engine(paths, backups, busy_timeout_ms)
    sessions = make_session_factory(engine)
    medications = MedicationService(load_library(), sessions)
    simulation = SimulationService(sessions, medications)
    doses, checkins = DoseService(sessions, medications, clock), CheckInService(sessions, clock)
    trends = TrendsService(doses, checkins, simulation)
    settings = SettingsService(sessions, medications)
    settings.on_change(follow_setting)  # start at log-in: the entry follows the setting
    schedule = ScheduleService(settings, doses, checkins, simulation, clock)
    plans = PlanService(sessions, medications, simulation, clock)
    calibration = CalibrationService(sessions, doses, checkins, simulation, medications, clock)
    return Services(
        paths=paths,
        engine=engine,
        backups=backups,
        portability=PortabilityService(sessions, _is_known_medication(medications),
                                       medications=medications),
        medications=medications,
        doses=doses,
        checkins=checkins,
        simulation=simulation,
        settings=settings,
        demo=DemoService(sessions, simulation, clock),
        report_data=ReportDataService(
            doses, checkins, medications, trends, simulation, clock,
            plans_in_period=lambda start, end: plan_summaries_between(plans, start, end),
            calibration_in_force=lambda: calibration.current()),
        timeline=TimelineService(doses, checkins, simulation, medications, sessions,
                                 band=lambda prediction: calibration.band(prediction)),
        trends=trends,
        schedule=schedule,
        reminders=ReminderService(sessions, schedule, doses, checkins, clock),
        plans=plans,
        calibration=calibration,
        changes=ChangeWatch(paths.database, sessions),
    )


def open_checked_engine(paths: AppPaths, backups: BackupService,
                        busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Engine:
    """Check the database file, bring it to the current schema, back it up if due.

    A file that is damaged, foreign or from a newer version raises DatabaseNotUsable (with
    ``newest_backup`` filled in) and is left exactly as it was.
    """
    try:
        facts = inspect_database(paths.database)
        if facts.revision is not None and facts.revision not in known_revisions():
            # Refused before any connection of ours switches it to WAL: not one byte changes.
            raise NewerSchema(paths.database, facts.revision)
        engine = open_engine(paths.database, busy_timeout_ms)
        try:
            backup = upgrade_to_head(engine, paths.database, paths.backups_dir)
        except BaseException:
            engine.dispose()
            raise
    except DatabaseNotUsable as exc:
        exc.newest_backup = backups.newest_backup()
        raise
    if backup:
        log.info("backed up the database to %s before upgrading it", backup)
    try:
        daily = backups.backup_if_due()
    except (DatabaseNotUsable, StoreUnavailable, OSError) as exc:
        # A missed daily backup must not keep the person from logging; say so and go on.
        log.warning("the automatic backup could not be written: %s",
                    exc.advice if isinstance(exc, StoreUnavailable) else exc)
    else:
        if daily:
            log.info("automatic backup written to %s", daily)
    return engine


def _is_known_medication(medications: MedicationService) -> Callable[[str], bool]:
    def known(medication_id: str) -> bool:
        try:
            medications.get(medication_id)
        except (KeyError, ReboundError):
            return False
        return True

    return known
