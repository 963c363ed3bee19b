"""The URLs of the laptop demo (DEMO_MODE): every URL of the product, plus the demo's outbox.

Production never loads this module, so the outbox does not exist there.
"""

from django.urls import include, path

from commonground.urls import urlpatterns as product_urlpatterns

urlpatterns = [
    *product_urlpatterns,
    path("demo/", include("commonground.accounts.urls_outbox")),
]
