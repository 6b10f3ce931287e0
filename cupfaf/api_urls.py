from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny
from rest_framework.routers import SimpleRouter

from clubs.api import ClubViewSet
from cupfaf.api import ID_PATH_PATTERN, not_found
from matches.api import ClubMatchViewSet, EditionMatchViewSet, MatchViewSet
from matches.calendar import ClubCalendarView
from matches.draws_api import DrawViewSet, EditionViewSet
from sanctions.api import SanctionViewSet

router = SimpleRouter()
router.register("editions", EditionViewSet, basename="edition")
router.register("draws", DrawViewSet, basename="draw")
router.register("matches", MatchViewSet, basename="match")
router.register("sanctions", SanctionViewSet, basename="sanction")
router.register("clubs", ClubViewSet, basename="club")

# The schema and its docs page are public, like the data they describe.
PUBLIC = {"permission_classes": [AllowAny], "authentication_classes": []}

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(**PUBLIC), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file: the CSP forbids inline scripts.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema", **PUBLIC), name="api-docs"),
    re_path(
        rf"^editions/(?P<edition_pk>{ID_PATH_PATTERN})/matches/$",
        EditionMatchViewSet.as_view({"get": "list"}),
        name="edition-matches",
    ),
    re_path(
        rf"^clubs/(?P<club_pk>{ID_PATH_PATTERN})/matches/$",
        ClubMatchViewSet.as_view({"get": "list"}),
        name="club-matches",
    ),
    re_path(rf"^clubs/(?P<club_pk>{ID_PATH_PATTERN})/calendar\.ics$", ClubCalendarView.as_view(), name="club-calendar"),
    *router.urls,
    re_path(r"", not_found),  # last: whatever else is under /api/ answers a JSON 404
]
