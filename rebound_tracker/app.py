"""The one place that wires things: paths → engine → migrate → services → (optionally) Qt."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Engine

from rebound_tracker.domain.timeparse import local_now
from rebound_tracker.paths import AppPaths
from rebound_tracker.pk.library import load_library
from rebound_tracker.services.checkins import CheckInService
from rebound_tracker.services.demo import DemoService
from rebound_tracker.services.doses import DoseService
from rebound_tracker.services.medications import MedicationService
from rebound_tracker.services.report_data import ReportDataService
from rebound_tracker.services.simulation import SimulationService
from rebound_tracker.storage.database import make_session_factory, open_engine
from rebound_tracker.storage.migrate import upgrade_to_head

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
    demo: DemoService
    report_data: ReportDataService

    def close(self) -> None:
        self.engine.dispose()


def open_services(
    data_dir: str | None = None, clock: Callable[[], datetime] = local_now
) -> Services:
    """Open (creating if needed) the store in ``data_dir`` and upgrade it to the current schema."""
    paths = AppPaths.resolve(data_dir)
    paths.ensure()
    engine = open_engine(paths.database)
    backup = upgrade_to_head(engine, paths.database, paths.backups_dir)
    if backup:
        log.info("backed up the database to %s before upgrading it", backup)
    sessions = make_session_factory(engine)
    medications = MedicationService(load_library())
    simulation = SimulationService(sessions, medications)
    doses, checkins = DoseService(sessions, medications, clock), CheckInService(sessions, clock)
    return Services(
        paths=paths,
        engine=engine,
        medications=medications,
        doses=doses,
        checkins=checkins,
        simulation=simulation,
        demo=DemoService(sessions, simulation, clock),
        report_data=ReportDataService(doses, checkins, medications, clock),
    )


def run_gui(services: Services, argv: list[str] | None = None) -> int:
    """Open the main window over ``services`` and run the Qt event loop until it closes."""
    from rebound_tracker.ui.main_window import run_main_window

    return run_main_window(services, argv or [])
