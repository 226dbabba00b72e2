"""Reading and changing the person's stored settings (definitions: ``domain/settings.py``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace

from sqlalchemy.orm import Session, sessionmaker

from rebound_tracker.domain.errors import ValidationError
from rebound_tracker.domain.settings import (
    DEFINITIONS,
    RegimenDose,
    Settings,
    definition,
    parse_setting,
    settings_from_stored,
)
from rebound_tracker.services.medications import MedicationService
from rebound_tracker.storage.repositories import (
    CheckInRepository,
    DoseRepository,
    SettingsRepository,
)


class SettingsService:
    """The person's settings: read them parsed, change them validated and all-or-nothing.

    Listeners added with :meth:`on_change` are called (with the new settings) after a change
    has been committed, so a window or the model can follow it.
    """

    def __init__(self, session_factory: sessionmaker[Session],
                 medications: MedicationService) -> None:
        self._sessions = session_factory
        self._medications = medications
        self._listeners: list[Callable[[Settings], None]] = []

    def current(self) -> Settings:
        """Every setting, parsed; a stored value that cannot be read is listed in
        ``problems`` and its default used (the stored text is kept as it is)."""
        with self._sessions() as session:
            return settings_from_stored(SettingsRepository(session).all())

    def stored_text(self) -> dict[str, str]:
        """The stored text of every known setting, with defaults for those never set."""
        settings = Settings()
        texts = {name: d.format(getattr(settings, name)) for name, d in DEFINITIONS.items()}
        with self._sessions() as session:
            stored = SettingsRepository(session).all()
        texts.update({k: v for k, v in stored.items() if k in DEFINITIONS})
        return texts

    def is_new_store(self) -> bool:
        """True for a store with no dose, no check-in and no setting yet (a first run)."""
        with self._sessions() as session:
            return not (DoseRepository(session).count() or CheckInRepository(session).count()
                        or SettingsRepository(session).all())

    def stored_names(self) -> set[str]:
        """The settings the person has set (the others are at their default)."""
        with self._sessions() as session:
            return set(SettingsRepository(session).all()) & set(DEFINITIONS)

    def check(self, changes: Mapping[str, str]) -> dict[str, str]:
        """Validate ``changes`` (name → text) without writing: their canonical texts.

        Raises ValidationError naming the first bad setting; medication names in a regimen
        must resolve to a medication of the library (the person's own included), and are
        stored by id."""
        checked: dict[str, str] = {}
        for name, text in changes.items():
            key = definition(name).name
            canonical, value = parse_setting(key, text)
            if key == "regimen":
                canonical = self._regimen_text(value)
            checked[key] = canonical
        return checked

    def update(self, changes: Mapping[str, str], forget: Iterable[str] = ()) -> Settings:
        """Validate and store ``changes`` and forget the settings named in ``forget`` (their
        defaults apply again), in one transaction (nothing on any error)."""
        checked = self.check(changes)
        forgotten = [definition(name).name for name in forget]
        with self._sessions.begin() as session:
            repo = SettingsRepository(session)
            for name, text in checked.items():
                repo.set(name, text)
            for name in forgotten:
                repo.delete(name)
        settings = self.current()
        for listener in list(self._listeners):
            listener(settings)
        return settings

    def reset(self, name: str) -> Settings:
        """Forget a stored setting, so its default applies again."""
        key = definition(name).name
        with self._sessions.begin() as session:
            SettingsRepository(session).delete(key)
        settings = self.current()
        for listener in list(self._listeners):
            listener(settings)
        return settings

    def on_change(self, listener: Callable[[Settings], None]) -> None:
        self._listeners.append(listener)

    def _regimen_text(self, doses: tuple[RegimenDose, ...]) -> str:
        resolved = []
        for index, dose in enumerate(doses, start=1):
            try:
                medication = self._medications.resolve(dose.medication)
            except ValidationError as err:
                raise ValidationError(f"regimen[{index}].medication", dose.medication,
                                      err.accepted) from None
            resolved.append(replace(dose, medication=medication.id))
        return DEFINITIONS["regimen"].format(tuple(resolved))

