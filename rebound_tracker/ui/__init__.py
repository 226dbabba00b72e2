"""The Qt user interface: windows, forms and panels. Talks to services only."""
