"""Start Kora's whole suite on this machine: `make run` and `make test` call this package."""
