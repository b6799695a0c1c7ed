"""The app's screens and the widgets they are built from (Kivy).

Tibetan and Chinese are drawn in every widget through script runs (scripts.py, core_text.py);
docs/app-text.md tells how and why.
"""
