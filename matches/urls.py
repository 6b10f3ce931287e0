"""The officials' desk, under /officials/."""

from django.urls import path

from . import desk

app_name = "officials"

urlpatterns = [
    path("", desk.MyMatchesView.as_view(), name="my_matches"),
    path("matches/<str:pk>/", desk.MatchView.as_view(), name="match"),
    path("matches/<str:pk>/report/", desk.ReportView.as_view(), name="report"),
    path("matches/<str:pk>/validate/", desk.DecisionView.as_view(decision="validate"), name="validate"),
    path("matches/<str:pk>/return/", desk.DecisionView.as_view(decision="return"), name="return"),
]
