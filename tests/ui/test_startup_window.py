"""Starting the window: it is on screen first, then the log loads into it."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from rebound_tracker.gui import launch
from rebound_tracker.launcher import main
from rebound_tracker.ui.main_window import MainWindow
from rebound_tracker.ui.startup_window import StartupWindow


def startup_window() -> StartupWindow:
    (window,) = [w for w in QApplication.topLevelWidgets()
                 if isinstance(w, StartupWindow) and w.isVisible()]
    return window


def test_window_is_shown_before_the_store_loads_then_hosts_the_log(qapp, tmp_path):
    seen: dict[str, object] = {}

    def first_look() -> None:
        window = startup_window()
        seen["first"] = (window.content, window.message.text() if window.message else None)
        QTimer.singleShot(20, later_look)

    def later_look() -> None:
        window = startup_window()
        if window.content is None:
            QTimer.singleShot(20, later_look)
            return
        seen["content"] = window.content
        seen["menus"] = [a.text() for a in window.content.menuBar().actions()]
        quit_action = next(a for a in window.content.findChildren(QAction)
                           if a.text() == "&Quit")
        quit_action.trigger()  # File > Quit closes the whole window, not just its contents

    QTimer.singleShot(0, first_look)
    assert launch(str(tmp_path / "data"), []) == 0
    assert seen["first"] == (None, "Opening your log…")
    assert isinstance(seen["content"], MainWindow)
    assert "&Data" in seen["menus"]
    assert (tmp_path / "data" / "rebound-tracker.sqlite3").exists()


def test_unreadable_store_without_backup_exits_1_and_names_the_file(qapp, tmp_path, capsys):
    data = tmp_path / "data"
    data.mkdir()
    (data / "rebound-tracker.sqlite3").write_bytes(b"not a database" * 100)
    assert main(["--data-dir", str(data)]) == 1
    err = capsys.readouterr().err
    assert str(data / "rebound-tracker.sqlite3") in err and "left exactly as it is" in err
    assert (data / "rebound-tracker.sqlite3").read_bytes() == b"not a database" * 100
