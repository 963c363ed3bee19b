"""Onboarding's pages: the site administrators' list and invitation (`invite.py`), and a system's
task list, its steps and its checklist (`steps.py`, `checklist.py`)."""
