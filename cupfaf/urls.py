from django.contrib import admin
from django.urls import include, path, register_converter

from competitions import site as history
from matches import site
from sanctions import site as decisions

from .api import not_found
from .views import IdConverter, choose_language

register_converter(IdConverter, "id")

urlpatterns = [
    # The public site (fans, in their language; read-only, cached).
    path("", site.home, name="home"),
    path("editions/<slug:slug>/", site.edition_page, name="site-edition"),
    path("editions/<slug:slug>/<slug:stage>/", site.round_page, name="site-round"),
    path("matchs/<id:pk>/", site.match_page, name="site-match"),
    path("clubs/<id:pk>/", site.club_page, name="site-club"),
    path("tirages/<id:pk>/", site.draw_page, name="site-draw"),
    path("decisions/", decisions.decisions, name="site-decisions"),
    path("palmares/", history.history, name="site-history"),
    path("palmares/<str:slug>/", history.club_history, name="site-club-history"),
    path("langue/<str:code>/", choose_language, name="choose-language"),
    # Staff, officials and machines.
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("officials/", include("matches.urls")),
    path("api/v1/", include("cupfaf.api_urls")),
    path("v4", not_found),  # the face's root: football-data.org's JSON 404, never a redirect to /v4/
    path("v4/", include("matches.v4_urls")),
]
