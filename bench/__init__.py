"""Kora's benchmarks (`make bench`): sync over simulated GPRS, 2G and 3G links, side by side with the
ODK Collect and CouchDB replication baselines; docs/benchmarks.md explains the method."""
