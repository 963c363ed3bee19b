"""The lowest layer: helpers every app may use (disclosure control, exports, input checks, HTTP hygiene).

It imports no other Common Ground app.
"""
