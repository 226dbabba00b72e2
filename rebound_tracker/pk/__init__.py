"""The numeric model: formulations → concentration and effect arrays (numpy + domain only).

Entry points: ``library.load_library`` (the medication library) and ``model.simulate``.
See docs/model.md for the model, its parameters, thresholds and sources.
"""
