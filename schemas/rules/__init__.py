"""The rules an inspection is judged by, shared by the phone and the server.

The template model, answer problems, what a finding is, the photo rule, the score, the content
digest and jurisdiction. Pure Python on the standard library: the Android build imports it as it
is, so it must never import FastAPI, pydantic, uvicorn, pycouchdb, argon2 or any other
server-only package (``tests/test_rules_purity.py`` fails if it does).
"""
