"""Where the phone is: the position an inspection records when it is started and when it is submitted.

A source answers ``current()`` with a ``Fix``: the position as the inspection carries it
(schemas/inspection.schema.json ``$defs/position``: lat, lon, accuracy_m, captured_at, source), or
no position and why (``missing``), so that a screen can say which.

- ``DeviceLocation``: the phone's location service through plyer's ``gps`` facade
  (``configure(on_location, on_status)``, ``start(minTime, minDistance)``, ``stop()``). plyer calls
  back on another thread; the last fix is kept and is only given while it is recent.
- ``SettingsLocation``: a desktop has no GPS; the fixed position the settings hold, or none.

No Kivy here (the view-models use this); ``for_platform`` picks the source, given Kivy's platform name.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from schemas.rules.timestamps import utc_stamp

try:  # on Android, plyer's calls into Java raise pyjnius' JavaException (a refused permission, say)
    from jnius import JavaException
except ImportError:
    class JavaException(Exception):  # type: ignore[no-redef]
        """Never raised off Android."""

SETTING = "desktop_position"  # {lat, lon, accuracy_m?} typed in the settings screen
FRESH_SECONDS = 120.0  # an older fix is not where the inspector is now
# Why a fix is missing (each has its words in the screens' catalogs, "position_missing:<why>").
NOT_CONFIGURED, WAITING, GPS_OFF, NOT_PERMITTED, UNAVAILABLE = (
    "not_configured", "waiting_for_fix", "gps_off", "not_permitted", "unavailable")
LOCATION_PERMISSIONS = ("ACCESS_FINE_LOCATION", "ACCESS_COARSE_LOCATION")


@dataclass(frozen=True)
class Fix:
    position: dict[str, Any] | None = None
    missing: str | None = None

    @classmethod
    def none(cls, why: str) -> Fix:
        return cls(None, why)


def position(lat: float, lon: float, accuracy_m: float | None, captured_at: str, source: str) -> dict[str, Any]:
    found: dict[str, Any] = {"lat": round(float(lat), 6), "lon": round(float(lon), 6)}
    if accuracy_m is not None:
        found["accuracy_m"] = round(min(max(float(accuracy_m), 0.0), 100000.0), 1)
    return {**found, "captured_at": captured_at, "source": source}


class SettingsLocation:
    """The position typed into the settings (a desktop, or a phone whose GPS cannot be used)."""

    def __init__(self, store: Any, *, clock: Callable[[], str] = utc_stamp) -> None:
        self.store, self.clock = store, clock

    def start(self) -> None:
        pass

    def stop(self) -> None:
        pass

    def current(self) -> Fix:
        kept = self.store.setting(SETTING)
        if not kept:
            return Fix.none(NOT_CONFIGURED)
        return Fix(position(kept["lat"], kept["lon"], kept.get("accuracy_m"), self.clock(), "settings"))


class DeviceLocation:
    """The phone's GPS through plyer. ``gps`` is plyer's facade (``from plyer import gps``)."""

    def __init__(self, gps: Any, *, clock: Callable[[], float] = time.time,
                 stamp: Callable[[float], str] = utc_stamp, fresh_seconds: float = FRESH_SECONDS) -> None:
        self.gps, self.clock, self.stamp, self.fresh_seconds = gps, clock, stamp, fresh_seconds
        self._lock = threading.Lock()
        self._last: tuple[float, dict[str, Any]] | None = None
        self._trouble: str | None = None
        self._running = False

    def start(self) -> None:
        """Ask for updates (every 5 s, any distance); a platform plyer cannot serve is remembered."""
        if self._running:
            return
        try:
            self.gps.configure(on_location=self.on_location, on_status=self.on_status)
            self.gps.start(minTime=5000, minDistance=0)
        except NotImplementedError:
            self._trouble = UNAVAILABLE
            return
        except JavaException as exc:
            self._trouble = NOT_PERMITTED if "SecurityException" in str(exc) else UNAVAILABLE
            return
        self._running, self._trouble = True, None

    def stop(self) -> None:
        if self._running:
            self.gps.stop()
            self._running = False

    def permission_answer(self, permissions: list[str], grants: list[bool]) -> None:
        """python-for-android's ``request_permissions`` callback: start once location is allowed."""
        if any(grants):
            self.start()
        else:
            self._trouble = NOT_PERMITTED

    def on_location(self, **values: Any) -> None:
        """plyer's callback: lat and lon always, accuracy (metres) on Android."""
        at = self.clock()
        found = position(values["lat"], values["lon"], values.get("accuracy"), self.stamp(at), "device")
        with self._lock:
            self._last, self._trouble = (at, found), None

    def on_status(self, kind: str, status: Any) -> None:
        if kind == "provider-disabled" and str(status) == "gps":
            self._trouble = GPS_OFF
        elif kind == "provider-enabled" and str(status) == "gps" and self._trouble == GPS_OFF:
            self._trouble = None

    def current(self) -> Fix:
        with self._lock:
            last, trouble = self._last, self._trouble
        if last is not None and self.clock() - last[0] <= self.fresh_seconds:
            return Fix(last[1])
        return Fix.none(trouble or WAITING)


def for_platform(platform: str, store: Any) -> SettingsLocation | DeviceLocation:
    """``platform`` as kivy.utils.platform names it: Android uses its GPS, every other the settings."""
    if platform != "android":
        return SettingsLocation(store)
    try:
        from plyer import gps
    except ImportError:
        return SettingsLocation(store)
    device = DeviceLocation(gps)
    _ask_permission(device)
    return device


def _ask_permission(device: DeviceLocation) -> None:
    """Android 6+ asks the inspector at run time (python-for-android's ``android`` module); the
    GPS starts when the answer is yes."""
    try:
        from android.permissions import Permission, request_permissions
    except ImportError:
        device.start()
        return
    request_permissions([getattr(Permission, name) for name in LOCATION_PERMISSIONS], device.permission_answer)
