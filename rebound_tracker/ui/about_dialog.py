"""Help ▸ About and assumptions: the version, the not-medical-advice statement, where the data
lives, the model's assumptions (for the period shown, or for the usual regimen) and the
source of every number of the drug model, in words."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from rebound_tracker import NOT_MEDICAL_ADVICE, __version__
from rebound_tracker.domain.source_words import source_words
from rebound_tracker.pk import windows
from rebound_tracker.pk.library import MedicationLibrary

ANALYTE_NUMBERS = {
    "t_half_h": "half-life (h)", "ec50": "half-effect concentration",
    "cl_f_l_per_h": "apparent clearance CL/F (L/h)", "v_f_l_per_kg": "apparent volume V/F (L/kg)",
}
FAMILY_NUMBERS = {
    "ke0_per_h": "effect-site rate ke0 (/h)", "tolerance_rate_per_h": "acute tolerance rate (/h)",
    "tolerance_gain": "acute tolerance gain", "hill": "steepness (Hill)",
}

MODEL_ASSUMPTIONS = (
    "Curves are population averages from drug labels and papers (each number's source is "
    "listed below), not measurements of you.",
    "Each product is a sum of release parts (immediate, delayed, steady release, prodrug) "
    "into one compartment cleared at the label's rate; doses add up (linear kinetics).",
    "Body weight scales clearance by (weight/70)^0.75 and volume by weight/70; urine pH "
    "changes amphetamine elimination and CYP2D6 poor metabolism atomoxetine's (Settings).",
    "The effect is a 0–1 index from an effect site that lags plasma, with acute tolerance; "
    "its parameters are fitted to published clinical durations, not a measured response.",
    f"Wearing off: the effect is below {windows.WEAR_OFF_FRACTION:.0%} of its own peak and "
    f"falling; rebound risk: below {windows.REBOUND_START_FRACTION:.0%} until "
    f"{windows.REBOUND_AFTER_H:g} h after it is below {windows.WEAR_OFF_END_FRACTION:.0%} "
    "(worn off). These thresholds are product choices: no published threshold exists.",
    "Non-stimulants (atomoxetine, guanfacine, viloxazine, clonidine) act over weeks: their "
    "daily curve is shown for information, with no wear-off or rebound windows.",
)


def about_html(library: MedicationLibrary, data_dir: str,
               period_assumptions: Sequence[str] = ()) -> str:
    """The dialog's text: version, statement, data location, assumptions and sources."""
    parts = [f"<h2>Rebound Tracker {escape(__version__)}</h2>",
             f"<p><b>{escape(NOT_MEDICAL_ADVICE)}</b></p>",
             f"<p>Your data: <code>{escape(data_dir)}</code> (one SQLite file and its "
             "backups; the app makes no network connection).</p>",
             "<h3>Assumptions of the model</h3>",
             "<ul>" + "".join(f"<li>{escape(a)}</li>" for a in MODEL_ASSUMPTIONS) + "</ul>"]
    if period_assumptions:
        parts.append("<h3>For the period shown</h3><ul>"
                     + "".join(f"<li>{escape(a)}</li>" for a in period_assumptions) + "</ul>")
    parts.append("<h3>Sources of the drug model's numbers</h3>"
                 "<p>Each product's own numbers and sources are in Medications ▸ Medication "
                 "library.</p>")
    rows = []
    for analyte in sorted(library.analytes.values(), key=lambda a: a.name):
        for path, value in analyte.numbers().items():
            title = ANALYTE_NUMBERS.get(path) or _modifier_title(path)
            rows.append((analyte.name, title, value))
    for family in sorted(library.families.values(), key=lambda f: f.name):
        for attr, title in FAMILY_NUMBERS.items():
            value = getattr(family, attr)
            if value is not None:
                rows.append((f"{family.name} (effect)", title, value))
    parts.append("<table cellspacing='0' cellpadding='3' border='1'>"
                 "<tr><th align='left'>Substance</th><th align='left'>Number</th>"
                 "<th align='left'>Value</th><th align='left'>Source</th></tr>"
                 + "".join(f"<tr><td>{escape(who)}</td><td>{escape(title)}</td>"
                           f"<td>{value.value:g}</td><td>{escape(source_words(value.source))}"
                           "</td></tr>" for who, title, value in rows)
                 + "</table>")
    return "".join(parts)


def _modifier_title(path: str) -> str:
    # "modifiers.cyp2d6=poor.t_half_h" -> "half-life (h) when cyp2d6 is poor"
    _, setting, _ = path.split(".", 2)
    name, _, value = setting.partition("=")
    return f"half-life (h) when {name.replace('_', ' ')} is {value}"


class AboutDialog(QDialog):
    """A scrollable, selectable page (the text is long and people copy from it)."""

    def __init__(self, html: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Rebound Tracker and its assumptions")
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(False)
        self.text.setHtml(html)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(820, 640)
