"""The site administration shows no secret and nobody's sign-in links: allauth's own admin pages
for client apps (client secrets), tokens, linked accounts (the claims a provider sent), confirmed
addresses and second factors (keys, recovery codes) are taken away. Identity providers are managed
on each system's own pages; second factors by their owner."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.contrib import admin

for model in (SocialApp, SocialToken, SocialAccount, EmailAddress, Authenticator):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
