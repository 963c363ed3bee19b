"""Writes for onboarding, one module for each kind; import the module you need.

- `invitations`: a site administrator invites a new system's administrator (system, account, mail).
- `organisations`: organisations imported from a spreadsheet, all rows or none.
- `steps`: the choices a system's administrator makes on the way (sectors confirmed, email links).
- `programme`: the first programme, its cohorts (one per place) and its lead.
- `opening`: open the first applications, only when the checklist has nothing missing.

The system's own details, places and organisations are written by `programmes.system_setup`.
"""
