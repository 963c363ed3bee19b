"""Writes for alumni, one module per kind: who is alumni (`membership`), and what each alumnus's
directory entry shows (`entries`). Each is keyword-only and runs in a transaction."""
