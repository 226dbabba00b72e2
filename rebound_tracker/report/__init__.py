"""PDF rendering of the appointment summary (QPdfWriter and QPainter; no windows)."""
