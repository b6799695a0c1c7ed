"""Periodic background jobs, run by every replica of the service that owns their data.

A job is a function of the service's ``Couch``; it must be idempotent and safe to run on several
replicas at once (CouchDB's ``_rev`` decides between concurrent writes). Each runs in its own
daemon thread, first after ``first_after_seconds``, then every ``every_seconds``; a failure is
logged and the job runs again at its next turn. The threads stop with the app.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from services.common.couch import Couch

log = logging.getLogger("kora.jobs")


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[Couch], object]
    every_seconds: float
    first_after_seconds: float = 60.0


class JobRunner:
    def __init__(self, couch: Couch, jobs: Iterable[Job]) -> None:
        self.couch = couch
        self.jobs = list(jobs)
        self.stopping = threading.Event()
        self.threads: list[threading.Thread] = []
        self.runs: dict[str, int] = {job.name: 0 for job in self.jobs}

    def start(self) -> None:
        for job in self.jobs:
            thread = threading.Thread(target=self._loop, args=(job,), name=f"job-{job.name}", daemon=True)
            thread.start()
            self.threads.append(thread)

    def _loop(self, job: Job) -> None:
        wait = job.first_after_seconds
        while not self.stopping.wait(wait):
            try:
                outcome = job.run(self.couch)
                log.info("job %s: %s", job.name, outcome)
            except Exception:  # a job's failure must not end its thread: it runs again next turn
                log.exception("job %s failed; it runs again in %.0f s", job.name, job.every_seconds)
            self.runs[job.name] += 1
            wait = job.every_seconds

    def stop(self) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=10)
