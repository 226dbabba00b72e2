"""Statistics over a person's own check-ins (numpy only, no Qt, no storage).

``scale_model`` is the model of one 0–10 scale over local clock time, the predicted effect
and the predicted rebound windows; ``rebound_evidence`` turns its fit into an estimate with
a day-clustered interval. See docs/evidence.md.
"""
