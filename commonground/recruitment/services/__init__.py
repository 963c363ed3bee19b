"""Writes for recruitment, one module for each kind of write; import the module you need.

- `applications`: submit an application (matching or creating the person), withdraw one.
- `sponsor_support`: ask the sponsor to support an application, record their answer.
- `nominations`: a sponsor nominates someone; the nominee confirms and applies.
- `decisions`: the lead offers places, waitlists or turns down (capacity and quotas hold).
- `offers`: accept, decline or lapse an offer; remind before the deadline.
- `waiting_list`: offer freed places to the waiting list, in order.
- `capacity`: change a cohort's capacity.
- `opening`: open a programme's applications (the public form shown, the programme recruiting).
- `imports`: import applications from a spreadsheet, all rows or none.
- `common`: the mail and the `Decision` row every write shares.

Every place in a cohort is counted under a lock on the cohort row (`select_for_update`), so two
people accepting, or two leads offering, at the same moment can never over-fill a cohort.
"""
