from django.contrib import admin
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.decorators.cache import never_cache

from commonground.api.main import api as api_v1
from commonground.homes import views as home_views


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """200 ok when the database answers; 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


admin.site.site_header = "Common Ground administration"
admin.site.site_title = "Common Ground"

urlpatterns = [
    path("", home_views.start, name="home"),
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("commonground.accounts.urls")),
    path("accounts/", include("commonground.identity.urls_allauth")),
    path("", include("commonground.identity.urls")),
    path("programmes/", include("commonground.programmes.urls")),
    path("programmes/", include("commonground.homes.urls")),
    path("programmes/", include("commonground.network.urls")),
    path("programmes/", include("commonground.development.urls")),
    path("programmes/", include("commonground.recruitment.urls")),
    path("programmes/", include("commonground.grouping.urls")),
    path("programmes/", include("commonground.schedule.urls")),
    path("programmes/", include("commonground.codesign.urls")),
    path("programmes/", include("commonground.mentoring.urls")),
    path("", include("commonground.alumni.urls")),
    path("programmes/", include("commonground.privacy.urls")),
    path("", include("commonground.reporting.urls")),
    path("api/v1/", api_v1.urls),
    path("", include("commonground.api.urls")),
    path("certificates/", include("commonground.schedule.urls.checks")),
    path("about/", include("commonground.privacy.urls_about")),
    path("", include("commonground.blueprints.urls")),
    path("onboarding/", include("commonground.onboarding.urls")),
    path("offboarding/", include("commonground.offboarding.urls")),
    path("admin/", admin.site.urls),
]
