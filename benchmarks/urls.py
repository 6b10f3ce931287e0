"""The application's URLs plus the baselines `api_load.py` measures against (benchmark only)."""

from django.urls import path

from cupfaf.urls import urlpatterns as application

from .baselines import PlainMatchViewSet, hand_written

plain_list = PlainMatchViewSet.as_view({"get": "list"})

urlpatterns = [
    path("baseline/values/matches/", hand_written),
    path("baseline/values/editions/<int:edition_pk>/matches/", hand_written),
    path("baseline/values/matches/<int:pk>/", hand_written),
    path("baseline/drf/matches/", plain_list),
    path("baseline/drf/editions/<int:edition>/matches/", plain_list),
    path("baseline/drf/matches/<int:pk>/", PlainMatchViewSet.as_view({"get": "retrieve"})),
    *application,
]
