"""The task queue's stored arguments and results stay out of the admin.

django-tasks-db registers its task-result model in the admin, which would show every queued
task's arguments and return value to staff. Nothing there is for people to read or change (mail
is queued by reference, see `accounts/mail.py`), so it is unregistered.
"""

from django.contrib import admin
from django_tasks_db.models import DBTaskResult

if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)
