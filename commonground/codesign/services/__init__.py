"""Writes for co-design, one module per sub-domain: every one keyword-only, inside a transaction,
leaving a trace where it matters.

Callers import the module they need (``from commonground.codesign.services import issues``).
"""
