"""Charts drawn by both the window and the appointment PDF.

Each module takes a pyqtgraph ``PlotItem`` (or creates one) and plain data from
``rebound_tracker.services`` and adds its items. No storage, no widgets of the window.
"""
