"""Linux desktop notifications with buttons (org.freedesktop.Notifications over D-Bus).

Why jeepney and not QtDBus: ``Notify`` takes its ``replaces_id`` as a D-Bus ``uint32``,
and PySide6 has no way to put an unsigned integer into a QDBusMessage (Python ints become
``int32``; the daemon rejects the call: “(sisssasa{sv}i) does not match (susssasa{sv}i)”),
and the introspected ``Notify`` cannot be invoked either (its hints are an unannotated raw
type). jeepney, the small pure-Python D-Bus library that keyring and SecretStorage use,
writes the exact signature. Its socket is watched by a QSocketNotifier, so the buttons'
``ActionInvoked`` signals arrive in Qt's event loop; nothing blocks but the short local
``Notify`` call. The session bus is a local socket: no network.
"""

from __future__ import annotations

import logging
from collections import deque

from PySide6.QtCore import QObject, QSocketNotifier, Signal

from rebound_tracker.ui.notice import Notice

log = logging.getLogger(__name__)

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
APP_NAME = "Rebound Tracker"
CALL_TIMEOUT_S = 2.0


class DesktopNotifications(QObject):
    """Shows notices as desktop notifications; ``action_invoked(key, action id)`` when the
    person presses one of their buttons (or clicks the body: action ``default``)."""

    action_invoked = Signal(str, str)

    def __init__(self, connection, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from jeepney import DBusAddress, MatchRule
        from jeepney.bus_messages import message_bus

        self._conn = connection
        self._address = DBusAddress(PATH, bus_name=SERVICE, interface=SERVICE)
        self._keys: dict[int, str] = {}  # notification id -> reminder key
        self._ids: dict[str, int] = {}
        self._queue: deque = deque()
        rule = MatchRule(type="signal", interface=SERVICE, path=PATH)
        self._filter = connection.filter(rule, queue=self._queue)
        # Some daemons send ActionInvoked to everyone, others only to us: match both.
        self._call(message_bus.AddMatch(rule))
        self._watch = QSocketNotifier(connection.sock.fileno(), QSocketNotifier.Type.Read,
                                      self)
        self._watch.activated.connect(lambda *_: self._read())

    @classmethod
    def open(cls, parent: QObject | None = None) -> DesktopNotifications | None:
        """Connect to the session's notification service; None when there is no session
        bus, no service, or it cannot show buttons (the caller falls back)."""
        try:
            from jeepney import DBusAddress, new_method_call
            from jeepney.io.blocking import open_dbus_connection
        except ImportError:
            return None
        try:
            conn = open_dbus_connection(bus="SESSION")
        except (OSError, KeyError, ValueError, RuntimeError) as exc:
            log.info("no D-Bus session bus (%s): notifications fall back to the tray", exc)
            return None
        try:
            address = DBusAddress(PATH, bus_name=SERVICE, interface=SERVICE)
            reply = conn.send_and_get_reply(new_method_call(address, "GetCapabilities"),
                                            timeout=CALL_TIMEOUT_S)
            capabilities = _body(reply)[0]
        except (OSError, TimeoutError, _DBusError) as exc:
            log.info("no notification service (%s): falling back to the tray", exc)
            conn.close()
            return None
        if "actions" not in capabilities:
            log.info("the notification service shows no buttons: falling back to the tray")
            conn.close()
            return None
        return cls(conn, parent)

    def show(self, notice: Notice) -> bool:
        """Show ``notice`` (replacing the earlier one of the same reminder); False if the
        service refused or went away."""
        from jeepney import new_method_call

        actions = [part for action in notice.actions for part in action]
        hints = {"urgency": ("y", 1), "category": ("s", "x-rebound-tracker.reminder"),
                 "desktop-entry": ("s", "rebound-tracker")}
        body = (APP_NAME, self._ids.get(notice.key, 0), "appointment-soon", notice.title,
                notice.body, actions, hints, 0)  # 0: stays until answered
        try:
            reply = self._call(new_method_call(self._address, "Notify", "susssasa{sv}i", body))
        except (OSError, TimeoutError, _DBusError) as exc:
            log.warning("the notification could not be shown: %s", exc)
            return False
        notification_id = int(reply[0])
        self._keys[notification_id] = notice.key
        self._ids[notice.key] = notification_id
        return True

    def close(self, key: str) -> None:
        """Take the notification of reminder ``key`` off the screen (answered elsewhere)."""
        from jeepney import new_method_call

        notification_id = self._ids.pop(key, None)
        if notification_id is None:
            return
        self._keys.pop(notification_id, None)
        try:
            self._call(new_method_call(self._address, "CloseNotification", "u",
                                       (notification_id,)))
        except (OSError, TimeoutError, _DBusError) as exc:
            log.info("could not close notification %s: %s", notification_id, exc)

    def shutdown(self) -> None:
        self._watch.setEnabled(False)
        self._filter.close()
        self._conn.close()

    # --- D-Bus plumbing -----------------------------------------------------------------
    def _call(self, message) -> tuple:
        reply = self._conn.send_and_get_reply(message, timeout=CALL_TIMEOUT_S)
        body = _body(reply)
        self._deliver()  # signals that arrived while waiting for the reply
        return body

    def _read(self) -> None:
        while True:
            try:
                self._conn.recv_messages(timeout=0)
            except TimeoutError:
                break
            except OSError as exc:  # the bus went away
                log.warning("the D-Bus session bus closed: %s", exc)
                self._watch.setEnabled(False)
                break
        self._deliver()

    def _deliver(self) -> None:
        while self._queue:
            message = self._queue.popleft()
            member = message.header.fields.get(_member_field())
            if member == "ActionInvoked":
                notification_id, action = message.body
                key = self._keys.get(int(notification_id))
                if key is not None:
                    self.action_invoked.emit(key, str(action))
            elif member == "NotificationClosed":
                key = self._keys.pop(int(message.body[0]), None)
                if key is not None:
                    self._ids.pop(key, None)


class _DBusError(Exception):
    pass


def _member_field():
    from jeepney import HeaderFields

    return HeaderFields.member


def _body(reply) -> tuple:
    from jeepney import MessageType

    if reply.header.message_type == MessageType.error:
        raise _DBusError(str(reply.body[0]) if reply.body else "D-Bus error")
    return reply.body
