"""The parts of django-allauth's URLs Common Ground uses: the OpenID Connect round trip
(accounts/oidc/<provider>/login/ and its callback) and its error pages. The names allauth reverses
for pages it does not serve here lead to the product's own sign-in."""

from allauth.socialaccount.providers.openid_connect import views as oidc
from django.urls import path
from django.views.generic import RedirectView

from commonground.identity import views_allauth

to_sign_in = RedirectView.as_view(pattern_name="accounts:login")

urlpatterns = [
    path("oidc/<str:provider_id>/login/", views_allauth.forms_may_leave(oidc.login), name="openid_connect_login"),
    path("oidc/<str:provider_id>/login/callback/", views_allauth.forms_may_leave(oidc.callback),
         name="openid_connect_callback"),
    path("oidc/cancelled/", views_allauth.cancelled, name="socialaccount_login_cancelled"),
    path("oidc/error/", views_allauth.error, name="socialaccount_login_error"),
    path("oidc/signup/", to_sign_in, name="socialaccount_signup"),
    path("oidc/sign-in/", to_sign_in, name="account_login"),
    path("oidc/sign-up/", to_sign_in, name="account_signup"),
    path("oidc/inactive/", views_allauth.inactive, name="account_inactive"),
]
