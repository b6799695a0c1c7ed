"""The inspectors' app as a person feels it (``BENCH_ONLY=app make bench``): KoraApp in a real window
on a private Xvfb (Mesa's llvmpipe draws), driven by simulated touches as the UI tests do.

- cold start to home: a new process each time, from the moment the bench starts it to the first
  frame of the sign-in screen, plus from the tap on Sign in (the password typed) to the first frame
  of home; the inspector's typing is left out. The phone's store holds the day of
  bench/app_store.py, so home is a real one (four re-inspections due, eight drafts).
- opening a 60-item checklist: from the tap on a draft on home to the first frame of its checklist.
- answering: from the tap on an answer to the first frame after which the answer is committed to
  the file (``synchronous=FULL``) and drawn as chosen.

BENCH_APP_STARTS  cold starts measured (default 20; one more, untimed, warms the caches first)
BENCH_APP_OPENS   checklist openings measured (default 30)
BENCH_APP_TAPS    answer taps measured (default 100)

The warm-up start leaves what an installed app has: compiled bytecode (in a folder of the run,
PYTHONPYCACHEPREFIX) and the Chinese font taken out of its collection. Median and 95th percentile
in ms, each benchmark in var/bench/app-*.json with the machine, the date and the commit. This
machine's CPU draws the frames (no GPU) and its disk is not a phone's flash: the figures compare
changes of the code, not phones.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import app_store, app_window, report
from bench.couch_server import BenchError
from bench.phone_store import _percentiles
from mobile_app.kora_app.screens.tests.display import Xvfb

ROOT = Path(__file__).resolve().parent.parent
STARTS, OPENS, TAPS = 20, 30, 100
CHILD_TIMEOUT_SECONDS = 300


def _child_env(display: str, run_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    (run_dir / "kivy-home").mkdir(exist_ok=True)
    return {**env, "DISPLAY": display, "SDL_VIDEODRIVER": "x11", "KIVY_NO_ARGS": "1",
            "KIVY_HOME": str(run_dir / "kivy-home"), "KIVY_NO_FILELOG": "1", "KIVY_LOG_MODE": "PYTHON",
            "KIVY_METRICS_DENSITY": "2", "KIVY_WINDOW": "sdl2", "PYTHONPYCACHEPREFIX": str(run_dir / "pycache")}


def _app_process(args: list[str], env: dict[str, str]) -> tuple[float, dict]:
    """Start one app process; the moment it was started and what it printed."""
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "bench.app_window", *args], cwd=ROOT, env=env, text=True,
                          capture_output=True, timeout=CHILD_TIMEOUT_SECONDS, check=False)
    marked = [line for line in done.stdout.splitlines() if line.startswith(app_window.RESULT_MARK)]
    if done.returncode != 0 or not marked:
        raise BenchError(f"the app process {args[0]} failed ({done.returncode}): {done.stderr[-3000:]}")
    return started, json.loads(marked[-1][len(app_window.RESULT_MARK):])


def _cold_start(day: Path, run_dir: Path, env: dict[str, str], n: int) -> dict:
    phone = run_dir / f"phone-{n}" / "kora.sqlite3"
    phone.parent.mkdir()
    shutil.copyfile(day, phone)  # the same day each time: nothing of an earlier start carries over
    started, shown = _app_process(["cold", str(phone), str(run_dir / "fonts"), app_store.PASSWORD], env)
    signin, to_home = shown["sign_in_shown"], shown["sign_in_to_home"]
    to_signin = {"wall_ms": (signin["wall"] - started) * 1000, "cpu_ms": signin["cpu"] * 1000}
    return {**shown, "to_sign_in": to_signin,
            "to_home": {k: to_signin[k] + to_home[k] for k in ("wall_ms", "cpu_ms")}}  # not the typing


def _timing(samples: list[dict]) -> dict:
    """Median and p95 of the wall time (what a person waits), and of the app process's CPU time
    over the same moments (what a busy machine stretches much less); for a tap, also of the part
    spent in the app's handlers of the tap (the rest is waiting for the next frame and drawing it)."""
    timing = {**_percentiles([s["wall_ms"] for s in samples]), "cpu": _percentiles([s["cpu_ms"] for s in samples])}
    if all("handler" in s for s in samples):
        timing["tap_handler"] = _timing([s["handler"] for s in samples])
    return timing


def _figure(name: str, what: str, samples: list[dict[str, float]], **more) -> dict:
    return {"benchmark": name, "what": what, **_timing(samples), **more}


def run(starts: int = STARTS, opens: int = OPENS, taps: int = TAPS) -> list[dict]:
    """The three figures (without the machine)."""
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="kora-app-bench-") as tmp:
        run_dir = Path(tmp)
        day = run_dir / "day" / "kora.sqlite3"
        app_store.prepare(day)
        xvfb = Xvfb(run_dir / "xvfb.log")
        try:
            env = _child_env(xvfb.start(), run_dir)
            _cold_start(day, run_dir, env, 0)  # warm-up, untimed
            colds = [_cold_start(day, run_dir, env, n) for n in range(1, starts + 1)]
            phone = run_dir / "phone-warm" / "kora.sqlite3"
            phone.parent.mkdir()
            shutil.copyfile(day, phone)
            _, warm = _app_process(["warm", str(phone), str(run_dir / "fonts"), app_store.PASSWORD,
                                    str(opens), str(taps)], env)
        finally:
            xvfb.stop()
    context = {
        "window": {"size": list(app_window.WINDOW_SIZE), "density": 2, "display": "Xvfb", "gl": colds[0]["gl"],
                   "max_fps": colds[0]["max_fps"]},
        "store": {"venues": app_store.VENUES, "assignments": colds[0]["assignments_on_home"],
                  "drafts": colds[0]["drafts_on_home"], "checklist_items": warm["items"],
                  "answered_per_draft": app_store.ANSWERED},
        "load_average": {"before": list(load_before), "after": list(os.getloadavg())},
    }
    return [
        _figure("app-cold-start", "new process to the sign-in screen drawn, plus the tap on Sign in (offline, "
                "password typed) to home drawn", [c["to_home"] for c in colds],
                to_sign_in_screen=_timing([c["to_sign_in"] for c in colds]),
                sign_in_tap_to_home=_timing([c["sign_in_to_home"] for c in colds]),
                **context),
        _figure("app-open-checklist", "tap on a draft on home to the first frame of its 60-item checklist",
                warm["open_checklist"], **context),
        _figure("app-answer-tap", "tap on an answer to the first frame after it is committed "
                "(synchronous=FULL) and drawn", warm["answer_tap"], **context),
    ]


def write(out_dir: Path, figures: list[dict], host: dict) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for fig in figures:
        text = json.dumps({**fig, "machine": host}, indent=2, ensure_ascii=False) + "\n"
        (out_dir / f"{fig['benchmark']}.json").write_text(text)


def line(fig: dict) -> str:
    return f"{fig['benchmark']:19} median {fig['median_ms']:8.1f} ms  p95 {fig['p95_ms']:8.1f} ms  ({fig['samples']})"


def main(out_dir: Path = ROOT / "var" / "bench") -> None:
    figures = run(int(os.environ.get("BENCH_APP_STARTS", STARTS)), int(os.environ.get("BENCH_APP_OPENS", OPENS)),
                  int(os.environ.get("BENCH_APP_TAPS", TAPS)))
    write(out_dir, figures, report.machine(ROOT))
    for fig in figures:
        print(line(fig), flush=True)
    print(f"app figures in {out_dir}", flush=True)
