import threading

from services.common.jobs import Job, JobRunner


def test_a_job_runs_on_its_turns_survives_its_failures_and_stops_with_the_app(couch):
    calls = []
    ran_twice = threading.Event()

    def flaky(c):
        calls.append(c)
        if len(calls) == 1:
            raise RuntimeError("the first run fails")
        ran_twice.set()
        return "ok"

    runner = JobRunner(couch, [Job("flaky", flaky, every_seconds=0.05, first_after_seconds=0.01)])
    runner.start()
    assert ran_twice.wait(10)
    runner.stop()
    done = len(calls)
    assert calls[0] is couch and done >= 2 and runner.runs["flaky"] >= 2
    assert not any(t.is_alive() for t in runner.threads)
    assert len(calls) == done  # nothing runs after stop
