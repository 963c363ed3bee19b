"""Schedule forms: modules, sessions, replies and cancellations (`sessions`); registers and table plans (`attendance`)."""
