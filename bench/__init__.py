"""Kora sync benchmarks: a user-space link simulator and (to come) workloads, baselines and a runner."""
