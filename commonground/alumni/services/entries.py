"""A directory entry's one writer: what it shows and to whom, consent renewed, and opting out.

Sharing anything needs consent, given by ticking the form's box each time the choices are saved
and renewed once a year (`models.CONSENT_DAYS`). Opting out is real: every audience goes back to
nobody and the words typed for the directory (role, "how I can help", contact email, topics and
issues) are deleted, so nothing is left to list. Each change is a row of the audit trail naming
the fields, never their values.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from commonground.accounts import audit
from commonground.accounts.models import AuditAction
from commonground.alumni.models import FIELDS, Audience, DirectoryEntry, Topic, audience_field
from commonground.alumni.queries import live_issues
from commonground.codesign.models import Issue
from commonground.core.inputs import has_refused_characters

MAX_TOPICS = 8
TOPIC_LENGTH = 60  # Topic.words
WHAT = "directory_entry"


@dataclass(frozen=True)
class EntryChoices:
    """What the owner typed and chose on their entry's form."""

    role: str
    help_line: str
    contact_email: str
    topics: list[str]
    issues: list[Issue]
    audiences: Mapping[str, str]  # field key → Audience value
    consent: bool


def split_topics(text: str) -> list[str]:
    """Topics typed as a comma-separated list: trimmed, each once whatever its case, in order."""
    seen: set[str] = set()
    topics = []
    for part in text.split(","):
        words = " ".join(part.split())
        if words and words.casefold() not in seen:
            seen.add(words.casefold())
            topics.append(words)
    return topics


def _problems(entry: DirectoryEntry, choices: EntryChoices) -> dict[str, str]:
    problems: dict[str, str] = {}
    for key in FIELDS:
        if choices.audiences.get(key, Audience.NOBODY) not in Audience.values:
            problems[audience_field(key)] = f"Choose who sees your {FIELDS[key].lower()}."
    if len(choices.topics) > MAX_TOPICS:
        problems["topics"] = f"Ask me about: give at most {MAX_TOPICS} topics (you gave {len(choices.topics)})."
    for words in choices.topics:
        if len(words) > TOPIC_LENGTH:
            problems["topics"] = f"Ask me about: the topic \"{words[:20]}…\" is longer than {TOPIC_LENGTH} characters."
        elif has_refused_characters(words):
            problems["topics"] = "Ask me about: topics must be plain text, without control characters."
    live = set(live_issues(entry.system_id).values_list("pk", flat=True))
    stale = [issue for issue in choices.issues if issue.pk not in live]
    if stale:
        problems["issues"] = f"Local issues: #{stale[0].pk} is not a live local issue of this system."
    if choices.audiences.get("email", Audience.NOBODY) != Audience.NOBODY and not choices.contact_email:
        problems["contact_email"] = "Contact email: give an address, or choose that nobody sees it."
    sharing = any(choices.audiences.get(key, Audience.NOBODY) != Audience.NOBODY for key in FIELDS)
    if sharing and not choices.consent:
        problems["consent"] = "Agree to be listed in the directory, or choose that nobody sees each field."
    return problems


@transaction.atomic
def save_entry(*, entry: DirectoryEntry, choices: EntryChoices, request: HttpRequest | None = None) -> DirectoryEntry:
    """Save the owner's choices; consent is given now when they share anything, and cleared when
    they share nothing. Refuses the whole change, naming each field, when any choice is wrong."""
    locked = DirectoryEntry.objects.select_for_update().get(pk=entry.pk)
    problems = _problems(locked, choices)
    if problems:
        raise ValidationError(problems)
    locked.role = choices.role
    locked.help_line = choices.help_line
    locked.contact_email = choices.contact_email
    for key in FIELDS:
        setattr(locked, audience_field(key), choices.audiences.get(key, Audience.NOBODY))
    locked.consented_at = timezone.now() if locked.shares_anything else None
    locked.opted_out_at = None
    locked.save()
    locked.topics.all().delete()
    Topic.objects.bulk_create([Topic(entry=locked, words=words) for words in choices.topics])
    locked.issues.set(choices.issues)
    _record(locked, request, ["role", "help_line", "contact_email", "topics", "issues", "consented_at",
                              *(audience_field(key) for key in FIELDS)])
    return locked


@transaction.atomic
def renew_consent(*, entry: DirectoryEntry, request: HttpRequest | None = None) -> DirectoryEntry:
    """Agree again to be listed as the entry stands, for another year."""
    locked = DirectoryEntry.objects.select_for_update().get(pk=entry.pk)
    if locked.opted_out_at is not None or not locked.shares_anything:
        raise ValidationError("Your entry shows nothing to anyone: choose what it shows first.")
    locked.consented_at = timezone.now()
    locked.save(update_fields=["consented_at", "updated_at"])
    _record(locked, request, ["consented_at"])
    return locked


@transaction.atomic
def opt_out(*, entry: DirectoryEntry, request: HttpRequest | None = None) -> DirectoryEntry:
    """Leave the directory at once: nothing shown to anyone, the directory's words deleted."""
    locked = DirectoryEntry.objects.select_for_update().get(pk=entry.pk)
    for key in FIELDS:
        setattr(locked, audience_field(key), Audience.NOBODY)
    locked.role = locked.help_line = locked.contact_email = ""
    locked.consented_at = None
    locked.opted_out_at = timezone.now()
    locked.save()
    locked.topics.all().delete()
    locked.issues.clear()
    _record(locked, request, ["opted_out_at"])
    return locked


def _record(entry: DirectoryEntry, request: HttpRequest | None, fields: Iterable[str]) -> None:
    audit.record(
        action=AuditAction.CHANGED, what=WHAT, request=request, subject_id=entry.person_id, object_id=entry.pk,
        fields=fields,
    )
