from django.views.generic import TemplateView


class HomeView(TemplateView):
    """The landing page, open to everyone: where the admin, the API and its documentation are."""

    template_name = "home.html"
