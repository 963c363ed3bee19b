"""A participant's certificate of completion and record of development hours, and the public page
that checks a certificate's reference.

The certificate is the participant's own. The record of hours is theirs too, and a lead's: leads
already see each person's attendance on the attendance figures and the registers, so they may
download the same record for a participant's HR or CPD file (each download is in the audit
trail, and on the participant's "Who has seen my data" page). Everyone else gets 404.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from commonground.accounts import audit
from commonground.core import exports
from commonground.core.pdf import download, pdf_response, render_pdf
from commonground.programmes.models import Membership
from commonground.programmes.permissions import page_context, person_from, programme_access, require
from commonground.schedule import certificates, completion

FORMATS = ("pdf", "csv")
# What the record shows about its person, as the audit trail names it.
HOURS_SHOWN = ("full_name", "attendance", "session", "hours")


@login_required
def certificate(request: HttpRequest, programme_id: int) -> HttpResponse:
    """A completer's certificate (PDF); anyone else still taking part sees what they still need."""
    access = programme_access(person_from(request), programme_id).require_participant()
    found = certificates.certificate(access.person, access.programme)
    if found is None:
        standing = completion.person_completion(access.person, access.programme)
        last_day = certificates.last_module_day(access.programme, standing.cohort_id if standing else None)
        return render(
            request,
            "schedule/certificates/not_completed.html",
            page_context(access, standing=standing, last_day=last_day),
        )
    pdf = render_pdf("schedule/certificates/certificate_pdf.html", {"certificate": found}, request=request)
    return pdf_response(pdf, filename=f"Certificate {found.programme} {found.name}.pdf")


@login_required
def development_hours(request: HttpRequest, programme_id: int, person_id: int, fmt: str) -> HttpResponse:
    """A participant's record of development hours, as PDF or CSV: their own, or for a lead."""
    access = programme_access(person_from(request), programme_id)
    require(access, certificates.can_see_hours(access, person_id) and fmt in FORMATS)
    membership = get_object_or_404(
        Membership.objects.participants().select_related("person"), programme=access.programme, person_id=person_id
    )
    record = certificates.hours_record(membership.person, access.programme)
    audit.exported(
        request, what="development_hours", subject_ids=[person_id], fields=HOURS_SHOWN,
        programme_id=access.programme.pk,
    )
    filename = f"Development hours {record.programme} {record.name}.{fmt}"
    if fmt == "csv":
        return download(exports.csv_text(record.csv_rows()), filename=filename, content_type="text/csv; charset=utf-8")
    return pdf_response(render_pdf("schedule/certificates/hours_pdf.html", {"record": record}, request=request),
                        filename=filename)


@never_cache
def check(request: HttpRequest, ref: str) -> HttpResponse:
    """Anyone may check a certificate's reference: valid, with whose and when, or 404."""
    verified = certificates.verify(ref)
    if verified is None:
        raise Http404("No such certificate.")
    return render(request, "schedule/certificates/check.html", {"verified": verified})
