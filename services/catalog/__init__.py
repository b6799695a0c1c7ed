"""Checklist templates: versioned storage, seed, API, rendering and the Tibetan review round-trip."""
