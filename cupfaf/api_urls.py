from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny
from rest_framework.routers import SimpleRouter

from matches.draws_api import DrawViewSet, EditionViewSet
from cupfaf.api import not_found
from matches.api import MatchViewSet
from sanctions.api import SanctionViewSet

router = SimpleRouter()
router.register("editions", EditionViewSet, basename="edition")
router.register("draws", DrawViewSet, basename="draw")
router.register("matches", MatchViewSet, basename="match")
router.register("sanctions", SanctionViewSet, basename="sanction")

# The schema and its docs page are public, like the data they describe.
PUBLIC = {"permission_classes": [AllowAny], "authentication_classes": []}

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(**PUBLIC), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file: the CSP forbids inline scripts.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema", **PUBLIC), name="api-docs"),
    *router.urls,
    re_path(r"", not_found),  # last: whatever else is under /api/ answers a JSON 404
]
