"""Label rules for changing a dose, per product, with their sources: flagged, never enforced.

A flag says which step breaks which rule, quotes the source and ends with "discuss with
your prescriber": the app never proposes a dose and never refuses a plan because of these.

Sources marked "to verify" were read in a secondary page quoting the label, not in the
label itself; the rule is still shown with that caveat.
"""

from __future__ import annotations

from dataclasses import dataclass

from rebound_tracker.domain.plans import Plan

DISCUSS = "Discuss with your prescriber."


@dataclass(frozen=True)
class ChangeRule:
    """A limit on one change of the daily total: ``direction`` 'down' or 'up'; at most
    ``max_change_mg`` mg/day per change (None: no limit); the step before the change lasts
    at least ``min_days`` days (None: no limit)."""

    direction: str
    max_change_mg: float | None
    min_days: int | None
    wording: str
    source: str


@dataclass(frozen=True)
class LabelRules:
    """What the label says about changing ``product``'s dose."""

    product: str
    changes: tuple[ChangeRule, ...]
    max_daily_mg: float | None
    max_source: str
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Flag:
    """A step that breaks a label rule (``step`` is 1-based)."""

    step: int
    rule: str
    message: str
    source: str

    def text(self) -> str:
        return f"Step {self.step}: {self.message} {DISCUSS} (Source: {self.source})"


_DRUGS_COM_MPH = ("LABEL as quoted at drugs.com/dosage/methylphenidate.html (methylphenidate "
                  "product labels, sec 2); to verify against each PI")
_INTUNIV = ("LABEL: Intuniv PI sec 2.5 Discontinuation ('tapered in decrements of no more "
            "than 1 mg every 3 to 7 days' to minimise rebound rises in blood pressure) and sec "
            "2.2 ('adjust in increments of no more than 1 mg/week'), PI mirror 120ty.net "
            "aid=49517 (as in label_facts.csv) and rxlist.com/intuniv-drug/indications-dosage; "
            "openFDA label set b972af81-3a37-40be-9fe1-3ddf59852528")
_KAPVAY = ("LABEL: Kapvay PI sec 2 (dose selection, discontinuation) as quoted at "
           "drugs.com/dosage/kapvay.html, empr.com/kapvay and simpleandpractical.com/"
           "clonidine-kapvay")
_STRATTERA = ("LABEL: Strattera PI sec 2.1 as quoted in the Skyscape monograph "
              "(download.skyscape.com tl253) and droracle.ai; to verify")


def _up(mg: float | None, days: int | None, wording: str, source: str) -> ChangeRule:
    return ChangeRule("up", mg, days, wording, source)


def _down(mg: float | None, days: int | None, wording: str, source: str) -> ChangeRule:
    return ChangeRule("down", mg, days, wording, source)


def _weekly(product: str, mg: float, max_daily: float, source: str,
            notes: tuple[str, ...] = ()) -> LabelRules:
    return LabelRules(product, (_up(mg, 7, f"increases of at most {mg:g} mg/day at weekly "
                                           "intervals", source),),
                      max_daily, source, notes)


NO_STIMULANT_TAPER = ("The label gives no taper schedule for stopping this stimulant; the "
                       "projected day-to-day drop shows how sharp each step is.")

RULES: dict[str, LabelRules] = {
    "intuniv": LabelRules(
        "guanfacine ER (Intuniv)",
        (_down(1.0, 3, "decrements of no more than 1 mg every 3 to 7 days (to avoid rebound "
                       "hypertension)", _INTUNIV),
         _up(1.0, 7, "increases of no more than 1 mg/day per week", _INTUNIV)),
        7.0, _INTUNIV + "; up to 7 mg/day (13-17 y), 4 mg/day (6-12 y)"),
    "clonidine-er": LabelRules(
        "clonidine ER (Kapvay)",
        (_down(0.1, 3, "decrements of no more than 0.1 mg/day every 3 to 7 days (to avoid "
                       "rebound hypertension)", _KAPVAY),
         _up(0.1, 7, "increases of 0.1 mg/day at weekly intervals", _KAPVAY)),
        0.4, _KAPVAY + "; above 0.4 mg/day not evaluated"),
    "methylphenidate-ir": _weekly("methylphenidate IR", 10.0, 60.0, _DRUGS_COM_MPH,
                                  (NO_STIMULANT_TAPER,)),
    "methylphenidate-sr": _weekly("methylphenidate SR", 10.0, 60.0, _DRUGS_COM_MPH,
                                  (NO_STIMULANT_TAPER,)),
    "ritalin-la": _weekly("Ritalin LA", 10.0, 60.0, _DRUGS_COM_MPH, (NO_STIMULANT_TAPER,)),
    "aptensio-xr": _weekly("Aptensio XR", 10.0, 60.0, _DRUGS_COM_MPH, (NO_STIMULANT_TAPER,)),
    "metadate-cd": _weekly("Metadate CD", 20.0, 60.0, _DRUGS_COM_MPH, (NO_STIMULANT_TAPER,)),
    "quillivant-xr": _weekly("Quillivant XR", 20.0, 60.0, _DRUGS_COM_MPH,
                             (NO_STIMULANT_TAPER,)),
    "concerta": _weekly(
        "Concerta", 18.0, 72.0,
        "LABEL: Concerta PI sec 2 (dose titration): 'may be increased in 18-mg increments at "
        "weekly intervals'; above 54 mg/day (children) and 72 mg/day (adolescents) not "
        "studied, PI reproduced at mims.com/hongkong/drug/info/concerta/dosage; 72 mg/day "
        "adults (US PI, per goodrx.com/concerta/dosage)",
        (NO_STIMULANT_TAPER,)),
    "dexmethylphenidate-ir": _weekly(
        "dexmethylphenidate IR (Focalin)", 5.0, 20.0,
        "LABEL: Focalin PI sec 2: 2.5-5 mg increments at weekly intervals, up to 20 mg/day "
        "(to verify)", (NO_STIMULANT_TAPER,)),
    "focalin-xr": _weekly(
        "Focalin XR", 10.0, 40.0,
        "LABEL: Focalin XR PI sec 2: 10 mg (adults) or 5 mg (children) weekly increments, up "
        "to 40 / 30 mg/day (to verify)", (NO_STIMULANT_TAPER,)),
    "jornay-pm": _weekly("Jornay PM", 20.0, 100.0,
                         "LABEL: Jornay PM PI sec 2: 20 mg weekly increments, up to 100 mg/day "
                         "(to verify)", (NO_STIMULANT_TAPER,)),
    "adderall-ir": _weekly("Adderall (IR)", 5.0, 40.0,
                           "LABEL: Adderall PI sec 2: 5 mg increments at weekly intervals; "
                           "rarely above 40 mg/day (to verify)", (NO_STIMULANT_TAPER,)),
    "adderall-xr": _weekly("Adderall XR", 10.0, 30.0,
                           "LABEL: Adderall XR PI sec 2: 5 or 10 mg increments at weekly "
                           "intervals, up to 30 mg/day in children (to verify)",
                           (NO_STIMULANT_TAPER,)),
    "vyvanse": _weekly("Vyvanse", 20.0, 70.0,
                       "LABEL: Vyvanse PI sec 2.2: 'adjusted in increments of 10 mg or 20 mg at "
                       "approximately weekly intervals up to maximum dose of 70 mg/day', as "
                       "quoted at drugs.com/dosage/vyvanse.html", (NO_STIMULANT_TAPER,)),
    "dextroamphetamine-ir": _weekly("dextroamphetamine IR", 5.0, 40.0,
                                    "LABEL: dextroamphetamine sulfate PI sec 2: 5 mg weekly "
                                    "increments; rarely above 40 mg/day (to verify)",
                                    (NO_STIMULANT_TAPER,)),
    "dexedrine-spansule": _weekly("Dexedrine Spansule", 5.0, 40.0,
                                  "LABEL: Dexedrine PI sec 2: 5 mg weekly increments; rarely "
                                  "above 40 mg/day (to verify)", (NO_STIMULANT_TAPER,)),
    "evekeo": _weekly("Evekeo", 5.0, 40.0, "LABEL: Evekeo PI: 5 mg weekly increments; rarely "
                      "above 40 mg/day (to verify)", (NO_STIMULANT_TAPER,)),
    "mydayis": _weekly("Mydayis", 12.5, 50.0, "LABEL: Mydayis PI sec 2: 12.5 mg weekly "
                       "increments, up to 50 mg/day in adults (to verify)",
                       (NO_STIMULANT_TAPER,)),
    "atomoxetine": LabelRules(
        "atomoxetine (Strattera)",
        (_up(None, 3, "a first increase after at least 3 days (later ones after 2-4 weeks)",
             _STRATTERA),),
        100.0, _STRATTERA + "; up to 100 mg/day",
        ("The label says atomoxetine can be stopped without tapering; its level still falls "
         "over days (see days to the new steady state).",)),
    "viloxazine-er": _weekly("viloxazine ER (Qelbree)", 200.0, 600.0,
                             "LABEL: Qelbree PI sec 2: 100-200 mg increments at weekly "
                             "intervals, up to 600 mg/day in adults (to verify)"),
}


def rules_for(medication_id: str) -> LabelRules | None:
    """The label rules on file for a product, or None (custom products, guanfacine IR)."""
    return RULES.get(medication_id)


def check_plan(plan: Plan) -> list[Flag]:
    """Every label rule each step breaks (empty when none is on file or none is broken)."""
    rules = rules_for(plan.medication_id)
    if rules is None:
        return []
    flags: list[Flag] = []
    for i, step in enumerate(plan.steps):
        if rules.max_daily_mg is not None and step.total_mg > rules.max_daily_mg + 1e-9:
            flags.append(Flag(i + 1, "max_daily", f"{step.total_mg:g} mg/day is above the "
                              f"label's {rules.max_daily_mg:g} mg/day for {rules.product}.",
                              rules.max_source))
        if i == 0:
            continue
        before = plan.steps[i - 1]
        change = step.total_mg - before.total_mg
        if abs(change) < 1e-9:
            continue
        direction = "down" if change < 0 else "up"
        for rule in rules.changes:
            if rule.direction != direction:
                continue
            message = _broken(rule, abs(change), before.days, rules.product, direction)
            if message:
                flags.append(Flag(i + 1, f"{direction}_step", message, rule.source))
    return flags


def _broken(rule: ChangeRule, change: float, days_before: int | None, product: str,
            direction: str) -> str | None:
    verb = "lowers" if direction == "down" else "raises"
    too_big = rule.max_change_mg is not None and change > rule.max_change_mg + 1e-9
    too_soon = (rule.min_days is not None and days_before is not None
                and days_before < rule.min_days)
    if not (too_big or too_soon):
        return None
    after = "" if days_before is None else f" after {days_before} day" \
        f"{'s' if days_before != 1 else ''}"
    return (f"{verb} {product} by {change:g} mg/day{after}; the label says {rule.wording}.")
