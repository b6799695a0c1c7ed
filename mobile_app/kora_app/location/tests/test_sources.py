"""The phone's position: plyer's GPS as it calls back, a desktop's fixed position, and why there is none."""

import json

from mobile_app.kora_app.location import sources
from mobile_app.kora_app.location.sources import DeviceLocation, SettingsLocation
from services.common.schemas import SCHEMAS_DIR, schema_errors


class FakePlyerGPS:
    """plyer's ``gps`` facade as Android drives it: configure, start(minTime, minDistance), stop."""

    def __init__(self, fails_with: BaseException | None = None) -> None:
        self.fails_with, self.started, self.stopped = fails_with, None, False

    def configure(self, on_location, on_status=None):
        self.on_location, self.on_status = on_location, on_status
        if self.fails_with is not None:
            raise self.fails_with

    def start(self, minTime=1000, minDistance=1):
        self.started = (minTime, minDistance)

    def stop(self):
        self.stopped = True


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def _valid_position(position) -> bool:
    """A recorded position is what the inspection schema takes as ``gps`` and ``gps_finished``."""
    example = json.loads((SCHEMAS_DIR / "examples" / "inspection" / "valid" / "submitted-with-photo-signature.json")
                         .read_text(encoding="utf-8"))
    return schema_errors("inspection", {**example, "gps": position, "gps_finished": position}) == []


def test_a_device_fix_is_given_while_it_is_fresh_with_accuracy_and_time():
    gps, clock = FakePlyerGPS(), Clock(1777888800.0)
    device = DeviceLocation(gps, clock=clock)
    assert device.current().missing == sources.WAITING  # nothing asked for yet
    device.start()
    assert gps.started == (5000, 0)
    assert device.current().missing == sources.WAITING
    gps.on_location(lat=29.6521234567, lon=91.1721, speed=0.0, bearing=0.0, altitude=3650.0, accuracy=8.25)
    clock.now += 30
    fix = device.current()
    assert fix.missing is None
    assert fix.position == {"lat": 29.652123, "lon": 91.1721, "accuracy_m": 8.2,
                            "captured_at": "2026-05-04T10:00:00Z", "source": "device"}
    assert _valid_position(fix.position)
    clock.now += sources.FRESH_SECONDS
    assert device.current() == sources.Fix.none(sources.WAITING)  # too old to say where the inspector is
    device.stop()
    assert gps.stopped


def test_gps_switched_off_refused_permission_and_no_plyer_backend_are_told_apart():
    gps = FakePlyerGPS()
    device = DeviceLocation(gps)
    device.start()
    gps.on_status("provider-disabled", "gps")
    assert device.current().missing == sources.GPS_OFF
    gps.on_status("provider-enabled", "gps")
    assert device.current().missing == sources.WAITING

    refused = DeviceLocation(FakePlyerGPS())
    refused.permission_answer(["android.permission.ACCESS_FINE_LOCATION"], [False])
    assert refused.current().missing == sources.NOT_PERMITTED
    allowed_gps = FakePlyerGPS()
    allowed = DeviceLocation(allowed_gps)
    allowed.permission_answer(["android.permission.ACCESS_FINE_LOCATION"], [True])
    assert allowed_gps.started == (5000, 0)

    denied = DeviceLocation(FakePlyerGPS(sources.JavaException("java.lang.SecurityException: no location")))
    denied.start()
    assert denied.current().missing == sources.NOT_PERMITTED

    no_backend = DeviceLocation(FakePlyerGPS(NotImplementedError()))
    no_backend.start()
    assert no_backend.current().missing == sources.UNAVAILABLE


def test_a_desktop_gives_the_settings_position_or_says_it_has_none(store):
    desktop = SettingsLocation(store, clock=lambda: "2026-05-04T10:00:00Z")
    assert desktop.current() == sources.Fix.none(sources.NOT_CONFIGURED)
    store.set_setting(sources.SETTING, {"lat": 29.65, "lon": 91.13})
    fix = desktop.current()
    assert fix.position == {"lat": 29.65, "lon": 91.13, "captured_at": "2026-05-04T10:00:00Z", "source": "settings"}
    assert _valid_position(fix.position)


def test_only_android_uses_the_gps(store):
    assert isinstance(sources.for_platform("linux", store), SettingsLocation)
    assert isinstance(sources.for_platform("win", store), SettingsLocation)
