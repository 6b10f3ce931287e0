from django.contrib import admin
from django.urls import include, path

from .api import not_found
from .views import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("officials/", include("matches.urls")),
    path("api/v1/", include("cupfaf.api_urls")),
    path("v4", not_found),  # the face's root: football-data.org's JSON 404, never a redirect to /v4/
    path("v4/", include("matches.v4_urls")),
]
