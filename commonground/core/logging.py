"""Keep link secrets out of the logs.

Sign-in, password-reset, sponsor, nomination, offer, check-in and calendar links carry their
key in the address (a `token` query value or a `<token>` path part). The development server
logs every request line at INFO, so this filter, on every log handler, replaces those keys with
"[hidden]" before anything is written.
"""

import logging
import re

from django.urls import Resolver404, resolve

QUERY_SECRET = re.compile(r"([?&](?:token|sesame)=)[^&\s\"']+", re.IGNORECASE)
# Any absolute path in the message: a request line ("GET /…"), "Not Found: /…", and so on.
PATH = re.compile(r"(?<![\w/.:])(/[^\s?\"'<>]*)")
HIDDEN = "[hidden]"


def hide_link_secrets(text: str) -> str:
    """The text with every link key replaced by [hidden]."""
    text = QUERY_SECRET.sub(lambda m: m.group(1) + HIDDEN, text)

    def hide_path(match: re.Match[str]) -> str:
        path = match.group(1)
        try:
            kwargs = resolve(path).kwargs
        except Resolver404:
            return path
        for name, value in kwargs.items():
            if "token" in name and isinstance(value, str) and value:
                path = path.replace(value, HIDDEN)
        return path

    return PATH.sub(hide_path, text)


class HideLinkSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is logging's own business
            return True
        hidden = hide_link_secrets(message)
        if hidden != message:
            record.msg, record.args = hidden, ()
        return True
