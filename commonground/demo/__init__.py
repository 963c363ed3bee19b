"""The demo: fictional people, organisations and one programme, with every feature's demo data on top.

The top layer: it imports every app, and no app imports it.
"""
