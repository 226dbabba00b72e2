"""Rebound Tracker: log ADHD medication doses and check-ins over a pharmacokinetic model."""

__version__ = "0.1.0"

NOT_MEDICAL_ADVICE = (
    "Rebound Tracker is informational software, not medical advice. Its curves are model "
    "predictions from published averages, not measurements of you. Never change a dose "
    "without talking to your prescriber."
)
