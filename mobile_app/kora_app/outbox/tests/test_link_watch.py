"""The link watch against a stand-in for python-for-android's broadcast bridge (the real one
exists only inside an Android build): which broadcast it asks for, and which ones wake the worker."""

import sys
import types
from typing import ClassVar

import pytest

from mobile_app.kora_app.outbox.link_watch import CONNECTIVITY_CHANGE, watch_link


class Receiver:
    """Shaped like android.broadcast.BroadcastReceiver: callback(context, intent), actions, start, stop."""

    made: ClassVar[list["Receiver"]] = []

    def __init__(self, callback, actions=None, categories=None):
        self.callback, self.actions, self.state = callback, actions, "made"
        Receiver.made.append(self)

    def start(self):
        self.state = "started"

    def stop(self):
        self.state = "stopped"


class Intent:
    def __init__(self, extras):
        self.extras = extras

    def getBooleanExtra(self, name, default):
        return self.extras.get(name, default)


@pytest.fixture
def android(monkeypatch):
    package, broadcast = types.ModuleType("android"), types.ModuleType("android.broadcast")
    broadcast.BroadcastReceiver = Receiver
    package.broadcast = broadcast
    monkeypatch.setitem(sys.modules, "android", package)
    monkeypatch.setitem(sys.modules, "android.broadcast", broadcast)
    Receiver.made.clear()
    return Receiver


def test_a_desktop_has_no_broadcast_so_nothing_is_watched():
    assert "android" not in sys.modules
    assert watch_link(lambda: None) is None


def test_a_network_gained_wakes_the_worker_and_a_network_lost_does_not(android):
    woken = []
    watch = watch_link(lambda: woken.append(True))
    (receiver,) = android.made
    assert receiver.actions == [CONNECTIVITY_CHANGE] and receiver.state == "started"

    receiver.callback(None, Intent({"noConnectivity": True}))
    assert woken == []
    receiver.callback(None, Intent({}))
    assert woken == [True]

    watch.stop()
    assert receiver.state == "stopped"
