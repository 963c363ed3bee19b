"""The links recruitment mails: how long they last, how an offer's link is signed, and the error for a bad one.

Sponsor and nomination links carry a one-time token whose digest is stored; an offer's link is
`Signer`-signed, so it needs no stored token and every reminder repeats the same link.
"""

from django.core import signing
from django.urls import reverse

from commonground.core.links import absolute_url
from commonground.recruitment.models import Offer

LINK_DAYS = 14  # sponsor and nomination links stay usable this long
OFFER_SALT = "recruitment.offer"


class LinkInvalid(Exception):
    """A link that is unknown, already used or expired."""


def offer_link(offer: Offer) -> str:
    """The offer's link: signed, answerable once, and only until the deadline (the same link in every reminder)."""
    return absolute_url(offer_path(offer))


def offer_path(offer: Offer) -> str:
    """The same link as `offer_link`, as a path for pages on this site."""
    return reverse("recruitment:offer", args=[signing.Signer(salt=OFFER_SALT).sign(offer.link_key)])


def offer_key(token: str) -> str:
    """The offer's `link_key` from its link's token (`LinkInvalid` when the signature does not hold)."""
    try:
        return signing.Signer(salt=OFFER_SALT).unsign(token)
    except signing.BadSignature:
        raise LinkInvalid("This link is not valid.") from None
