"""The two baselines Kora's sync is measured against, on the same day's data and the same link:
ODK Collect's OpenRosa submissions (odk.py, to the receiver in odk_receiver.py) and CouchDB's own
push replication straight to the database (couch_replication.py)."""
