"""Schedule pages: sessions, replies, modules and calendars (`sessions`); registers, check-in, figures and table plans (`attendance`)."""
