"""The end-of-day load: many phones sync at once (issue #14). See docs/load.md; `BENCH_ONLY=load make bench`."""
