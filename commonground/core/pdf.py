"""PDFs: the one way the product draws one, from a Django template through WeasyPrint.

- **Templates** extend `pdf/base.html` (A4, a running header from `{% block running_title %}`,
  "Page N of M" in the footer, `static/css/print.css`); a long document includes
  `pdf/contents.html` with a list of `Section`s for a contents page whose page numbers
  WeasyPrint fills in. Charts are `core.charts` SVG, inline, through `charts/chart.html`.
- **Nothing is fetched.** The document's base address is a reserved name that resolves nowhere,
  and the fetcher answers only for our own static files, read from disk through the staticfiles
  finders or, under a collected (hashed) name, from STATIC_ROOT; and for `data:` addresses,
  which carry their content. Any other address (a web font, an
  image on another site, a file path) is refused and logged, and the PDF is drawn without it.
- **Fonts** come from the system: Arial where installed, else its metric twin Liberation Sans,
  else DejaVu Sans.
- **Downloads** go through `pdf_response`: an attachment with an ASCII file name
  (`safe_filename`), never stored (`Cache-Control: no-store`).
"""

import logging
import mimetypes
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# `.invalid` never resolves (RFC 2606), so even a fetcher that went wrong could reach nothing.
BASE_URL = "https://pdf.commonground.invalid/"
NO_STORE = "private, no-store"


@dataclass(frozen=True)
class Section:
    """One line of a contents page: the id of the element the section starts at, and its title."""

    anchor: str
    title: str


class OwnStaticFiles(URLFetcher):
    """A WeasyPrint fetcher that reads our static files from disk and refuses everything else."""

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)  # the content is in the address: nothing to fetch
        path = static_file(url)
        if path is None:
            logger.warning("A PDF asked for %s, which is not one of our static files: not fetched.", url)
            raise ValueError(f"Not fetched: {url}")
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": kind})


def static_file(url: str) -> Path | None:
    """The file on disk that one of our static addresses names, or None."""
    root = urljoin(BASE_URL, settings.STATIC_URL)  # ours, or a CDN's when STATIC_URL is absolute
    address = urlsplit(url)._replace(query="", fragment="").geturl()
    if not address.startswith(root):
        return None
    name = unquote(address[len(root):])
    if not name or name.startswith("/") or "\\" in name or ".." in name.split("/"):
        return None
    return _in_sources(name) or _collected(name)


def _in_sources(name: str) -> Path | None:
    """The file in the apps' and project's static folders (as on a laptop, where nothing is collected)."""
    try:
        found = finders.find(name)
    except SuspiciousFileOperation:
        return None
    return Path(found) if isinstance(found, str) else None


def _collected(name: str) -> Path | None:
    """The file collectstatic wrote, under the hashed name `{% static %}` gives in production."""
    try:
        path = Path(staticfiles_storage.path(name))
    except (SuspiciousFileOperation, NotImplementedError):
        return None
    return path if path.is_file() else None


def html_to_pdf(html: str) -> bytes:
    """PDF bytes from a whole HTML document (relative addresses resolve to our static files only)."""
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=OwnStaticFiles())
    return document.write_pdf(pdf_tags=True)  # tagged: headings, tables and reading order for screen readers


def render_pdf(template_name: str, context: dict[str, Any], *, request: HttpRequest | None = None) -> bytes:
    """Render a Django template (one extending `pdf/base.html`) and draw it as PDF bytes."""
    return html_to_pdf(render_to_string(template_name, context, request=request))


def safe_filename(name: str) -> str:
    """An ASCII file name: "Certificate – Zoë O'Neil.pdf" gives "certificate-zoe-o-neil.pdf"."""
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_stem.lower()).strip("-")[:80].rstrip("-") or "document"
    extension = re.sub(r"[^a-z0-9]", "", extension.lower())
    return f"{slug}.{extension}" if extension else slug


def download(content: bytes | str, *, filename: str, content_type: str) -> HttpResponse:
    """A private file to download: an attachment with a safe name, never stored by a cache."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{safe_filename(filename)}"'
    response["Cache-Control"] = NO_STORE
    return response


def pdf_response(pdf: bytes, *, filename: str) -> HttpResponse:
    """A PDF to download (`filename` is made safe: ASCII, no quotes or paths)."""
    return download(pdf, filename=filename, content_type="application/pdf")
