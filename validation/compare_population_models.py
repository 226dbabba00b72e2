"""Overlay the app's curves on published population-PK models and print a curve-level error.

For each comparison: the app's concentration curve (``rebound_tracker.pk.model.simulate``)
and the published model's typical-value prediction (``population_models.py``, solved
independently as ODEs) for the same person and regimen, on a 1-minute grid over the 24 h
after the (last) dose. The error is |ours − published| divided by the published Cmax; the
script prints its median over the day ("day", the issue's measure), its median over the hours
the published curve is above 10 % of its peak ("active": a day's median flatters a
short-acting curve, which is near zero most of the day), its largest value, and both Cmax
and Tmax. Plots are written to ``validation/out/<case>.png``.

    python validation/compare_population_models.py [--no-plots] [--out DIR]
                                                   [--medications DIR]

``--medications`` reads another copy of the medication library (a directory with
analytes.json and formulations/), e.g. an older commit's, to print before/after figures.

Goal (issue #18): median error ≤ 15 % for each model whose population and analyte match
ours ("match" column); the others are printed for information with the reason.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rebound_tracker.pk.library import build_library, load_library
from rebound_tracker.pk.model import DoseEvent, Person, simulate

HERE = Path(__file__).resolve().parent
STEP_H = 1.0 / 60.0
GOAL = 0.15
ACTIVE = 0.10


def _load_models():
    spec = importlib.util.spec_from_file_location("population_models",
                                                  HERE / "population_models.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["population_models"] = module
    spec.loader.exec_module(module)
    return module


pm = _load_models()


def d_mph_share(lib) -> float:
    """d-MPH share of total methylphenidate after a racemic dose, the library's own figure
    (l-MPH < 2 % of d-MPH, Quillivant XR PI 12.3 Table 3 footnote; quillivant-xr.json)."""
    reported = lib.get("quillivant-xr").reported
    assert reported is not None
    return reported.fraction_of_primary.value


@dataclass(frozen=True)
class Case:
    slug: str
    model: str
    what: str
    formulation: str
    mg: float
    person: Person
    reference: Callable[[], pm.UnitResponse]
    reference_mg: float
    match: bool
    note: str = ""
    d_mph_of_total: bool = False
    """Compare the d-MPH share of our total-methylphenidate curve (:func:`d_mph_share`)."""
    days: int = 1
    """Once-daily doses; the last 24 h are compared (steady state when days > 1)."""


CASES = (
    Case("lyauk2016_ritalin10", "Lyauk 2016", "Ritalin 10 mg, man 70 kg, d-MPH",
         "methylphenidate-ir", 10, Person(), lambda: pm.lyauk_2016_d_mph(70.0), 10, True,
         "ours: total MPH × the library's d-MPH share; study dosed 1 h after breakfast, ours "
         "fasted",
         d_mph_of_total=True),
    Case("lyauk2016_focalin5", "Lyauk 2016", "Focalin 5 mg vs Ritalin 10 mg, d-MPH",
         "dexmethylphenidate-ir", 5, Person(), lambda: pm.lyauk_2016_d_mph(70.0), 10, True,
         "same d-MPH amount; ours: the d-MPH analyte"),
    Case("teuscher2015_aptensio20_30kg", "Teuscher 2015", "Aptensio XR 20 mg, child 30 kg",
         "aptensio-xr", 20, Person(weight_kg=30.0),
         lambda: pm.teuscher_2015_aptensio(30.0), 20, True),
    Case("teuscher2015_aptensio30_40kg", "Teuscher 2015", "Aptensio XR 30 mg, child 40 kg",
         "aptensio-xr", 30, Person(weight_kg=40.0),
         lambda: pm.teuscher_2015_aptensio(40.0), 30, True),
    Case("li2018_intuniv4", "Li 2018", "Intuniv 4 mg, adult 70 kg",
         "intuniv", 4, Person(), pm.li_2018_guanfacine_er, 4, True),
    Case("li2018_intuniv1", "Li 2018", "Intuniv 1 mg, adult 70 kg",
         "intuniv", 1, Person(), pm.li_2018_guanfacine_er, 1, True),
    Case("nasser2021_viloxazine400_ss", "Nasser 2021", "Qelbree 400 mg qd day 7, 36 kg",
         "viloxazine-er", 400, Person(weight_kg=36.35),
         lambda: pm.nasser_2021_viloxazine(36.35), 400, True, days=7),
    Case("nasser2021_viloxazine200_ss", "Nasser 2021", "Qelbree 200 mg qd day 7, 57 kg",
         "viloxazine-er", 200, Person(weight_kg=57.25),
         lambda: pm.nasser_2021_viloxazine(57.25), 200, True, days=7),
    Case("tobin2026_atomoxetine_nm", "Tobin 2026", "Strattera 0.5 mg/kg, child 40 kg, NM",
         "atomoxetine", 20, Person(weight_kg=40.0),
         lambda: pm.tobin_2026_atomoxetine(40.0), 20, False,
         "ours: adult label (t½ 5.2 h) scaled by weight; Tobin's children: t½ ~3 h"),
    Case("tobin2026_atomoxetine_pm", "Tobin 2026", "Strattera 0.5 mg/kg, child 40 kg, PM",
         "atomoxetine", 20, Person(weight_kg=40.0, cyp2d6="poor"),
         lambda: pm.tobin_2026_atomoxetine(40.0, "poor"), 20, False,
         "as above, poor metabolizers"),
)


DIGITISED = (
    ("Azstarys 52.3/10.4 mg, fasted adults, d-MPH", "azstarys", 52.3,
     ((1, 7.8), (2, 12.3), (4, 9.0), (8, 7.1), (12, 5.2), (24, 3.0), (48, 0.5)),
     "SECONDARY: mean curve digitised in public notes, as quoted in issue #18 (h, ng/mL)"),
)
"""Published mean curves read off a figure (no population model): (what, formulation, mg,
points, source)."""


def digitised_errors(lib) -> list[tuple[str, float, float, str]]:
    """(what, median and max |ours − point| / max point, source) per digitised curve."""
    out = []
    for what, fid, mg, points, source in DIGITISED:
        hours = np.array([p[0] for p in points], dtype=float)
        values = np.array([p[1] for p in points], dtype=float)
        grid = np.arange(0.0, hours.max() + 1.0, STEP_H)
        ours = simulate(lib, [DoseEvent(fid, mg, 0.0)], grid).analytes[0].concentration
        at = np.interp(hours, grid, ours)
        err = np.abs(at - values) / values.max()
        out.append((what, float(np.median(err)), float(err.max()), source))
    return out


@dataclass(frozen=True)
class Comparison:
    case: Case
    t_h: np.ndarray
    ours: np.ndarray
    theirs: np.ndarray

    @property
    def errors(self) -> np.ndarray:
        return np.abs(self.ours - self.theirs) / self.theirs.max()

    @property
    def median_error(self) -> float:
        """Median over the whole day (the issue's curve-level error)."""
        return float(np.median(self.errors))

    @property
    def active_error(self) -> float:
        """Median over the hours the published curve is above ACTIVE of its peak: a day's
        median flatters a short-acting curve, which is near zero most of the day."""
        return float(np.median(self.errors[self.active]))

    @property
    def active(self) -> np.ndarray:
        return self.theirs >= ACTIVE * self.theirs.max()

    @property
    def shape_error(self) -> float:
        """The active error after scaling ours to the published AUC over the day: how far
        the time courses differ, apart from how much drug reaches the blood."""
        scaled = self.ours * (self.theirs.sum() / self.ours.sum())
        diff = np.abs(scaled - self.theirs) / self.theirs.max()
        return float(np.median(diff[self.active]))


def compare(case: Case, lib=None) -> Comparison:
    """Both curves over the 24 h after the last dose (hours since that dose)."""
    lib = lib or load_library()
    hours = 24.0 * case.days
    grid = np.arange(0.0, hours + 1e-9, STEP_H)
    doses = [DoseEvent(case.formulation, case.mg, 24.0 * d) for d in range(case.days)]
    ours = simulate(lib, doses, grid, case.person).analytes[0].concentration
    if case.d_mph_of_total:
        ours = ours * d_mph_share(lib)
    theirs = pm.regimen_curve(case.reference(),
                              [(24.0 * d, case.reference_mg) for d in range(case.days)], grid)
    last = grid >= hours - 24.0 - 1e-9
    return Comparison(case, grid[last] - (hours - 24.0), ours[last], theirs[last])


def _library_from(root: Path):
    import json

    analytes = json.loads((root / "analytes.json").read_text(encoding="utf-8"))
    docs = [json.loads(p.read_text(encoding="utf-8"))
            for p in sorted((root / "formulations").glob("*.json"))]
    return build_library(analytes, docs)


def _plot(c: Comparison, out: Path) -> Path:
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import pyqtgraph as pg

    app = pg.mkQApp()
    pg.setConfigOptions(background="w", foreground="k", antialias=True)
    plot = pg.PlotWidget()
    plot.resize(1000, 560)
    item = plot.getPlotItem()
    item.setTitle(f"{c.case.model}: {c.case.what}<br>median |ΔC|/Cmax: day "
                  f"{c.median_error:.1%}, active {c.active_error:.1%}, shape "
                  f"{c.shape_error:.1%}")
    item.addLegend(offset=(-10, 10))
    item.plot(c.t_h, c.theirs, pen=pg.mkPen("#444444", width=2, style=pg.QtCore.Qt.DashLine),
              name=f"{c.case.model} (published model)")
    item.plot(c.t_h, c.ours, pen=pg.mkPen("#1f77b4", width=2), name="Rebound Tracker")
    item.setLabel("bottom", "hours after the dose")
    item.setLabel("left", "ng/mL")
    item.setXRange(0.0, 24.0, padding=0.0)
    item.setYRange(0.0, 1.08 * max(c.ours.max(), c.theirs.max()), padding=0.0)
    plot.show()
    app.processEvents()
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{c.case.slug}.png"
    plot.grab().save(str(path))
    plot.close()
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-plots", action="store_true")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--medications", type=Path, default=None)
    args = parser.parse_args(argv)
    lib = load_library() if args.medications is None else _library_from(args.medications)
    rows = [compare(case, lib) for case in CASES]
    head = (f"{'model':<14}{'comparison':<40}{'match':<6}{'day':>7}{'active':>8}{'shape':>7}"
            f"{'max':>7}  {'Cmax ours/published':<22}{'Tmax ours/published'}")
    print(head)
    print("-" * len(head))
    for c in rows:
        e = c.errors
        print(f"{c.case.model:<14}{c.case.what:<40}{'yes' if c.case.match else 'no':<6}"
              f"{c.median_error:>7.1%}{c.active_error:>8.1%}{c.shape_error:>7.1%}"
              f"{e.max():>7.0%}  {f'{c.ours.max():.3g} / {c.theirs.max():.3g}':<22}"
              f"{c.t_h[np.argmax(c.ours)]:.1f} / {c.t_h[np.argmax(c.theirs)]:.1f}")
        if c.case.note:
            print(f"{'':<14}  {c.case.note}")
    for label, errs in (("day", [c.median_error for c in rows if c.case.match]),
                        ("active", [c.active_error for c in rows if c.case.match])):
        print(f"{label:>6}: {sum(e <= GOAL for e in errs)}/{len(errs)} matched comparisons "
              f"within {GOAL:.0%}; median of their errors {statistics.median(errs):.1%}")
    for what, median, worst, source in digitised_errors(lib):
        print(f"digitised: {what}: median |ΔC|/Cmax {median:.1%}, max {worst:.0%} ({source})")
    if not args.no_plots:
        paths = [_plot(c, args.out) for c in rows]
        print(f"plots: {paths[0].parent}/ ({len(paths)} files)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
