"""The app benchmark at a tiny size: the real app in its window on a private Xvfb, one cold start, a few
checklist openings and answer taps; its three JSON files and their figures."""

import json

import bench.__main__ as bench_main
from bench import app


def test_bench_only_app_runs_the_app_alone_and_the_default_run_leaves_it_out(monkeypatch):
    ran = []
    monkeypatch.setattr(app, "main", lambda: ran.append("app"))
    monkeypatch.setattr(bench_main, "links_scenario", lambda: ran.append("sync"))
    monkeypatch.setattr(bench_main.phone, "main", lambda root: ran.append("phone"))
    monkeypatch.setattr(bench_main.notices, "main", lambda: ran.append("notices"))
    monkeypatch.setenv("BENCH_ONLY", "app")
    bench_main.main()
    assert ran == ["app"]
    assert "app" not in bench_main.SCENARIOS  # the default run: its minutes are only spent when asked


def test_a_tiny_run_writes_one_figure_per_benchmark_with_positive_times(monkeypatch, tmp_path):
    monkeypatch.setenv("BENCH_APP_STARTS", "1")
    monkeypatch.setenv("BENCH_APP_OPENS", "3")
    monkeypatch.setenv("BENCH_APP_TAPS", "4")
    app.main(tmp_path)
    written = {p.name: json.loads(p.read_text()) for p in tmp_path.glob("*.json")}
    assert sorted(written) == ["app-answer-tap.json", "app-cold-start.json", "app-open-checklist.json"]
    samples = {"app-cold-start": 1, "app-open-checklist": 3, "app-answer-tap": 4}
    for fig in written.values():
        assert fig["samples"] == samples[fig["benchmark"]]
        timings = [fig, fig["cpu"]]
        if fig["benchmark"] == "app-cold-start":
            timings += [fig["to_sign_in_screen"], fig["sign_in_tap_to_home"],
                        fig["to_sign_in_screen"]["cpu"], fig["sign_in_tap_to_home"]["cpu"]]
        for timing in timings:
            assert 0 < timing["median_ms"] <= timing["p95_ms"] <= timing["max_ms"]
        tapped = fig["sign_in_tap_to_home"] if fig["benchmark"] == "app-cold-start" else fig
        handler = tapped["tap_handler"]  # the app's own code: a part of the time to the frame
        assert 0 < handler["median_ms"] <= tapped["median_ms"] and handler["p95_ms"] <= tapped["p95_ms"]
        assert fig["machine"]["date"] and len(fig["machine"]["commit"]) == 40
        assert fig["store"] == {"venues": 500, "assignments": 4, "drafts": 8, "checklist_items": 60,
                                "answered_per_draft": 40}
        assert fig["window"]["gl"]["renderer"] and fig["window"]["size"] == [720, 1280]
    cold = written["app-cold-start.json"]
    # the whole start is its two parts (one sample: each median is that sample)
    parts = cold["to_sign_in_screen"]["median_ms"] + cold["sign_in_tap_to_home"]["median_ms"]
    assert abs(cold["median_ms"] - parts) < 0.01
