"""Errors a user can fix, raised by services and shown alike by the admin, the forms and the API.

Anything else that goes wrong is a bug: Django logs it and answers 500.
"""


class Refused(Exception):
    """A request the rules or the current state refuse: a clear message, and nothing changed.

    `errors` maps a field (in the API's names: "score.extraTime", "goals[2].minute") to its
    messages; `article` names the article of the regulation that refuses it, if one does.
    """

    status = 400

    def __init__(self, detail, errors=None, article=None):
        super().__init__(str(detail))
        self.detail = detail
        self.errors = errors or {}
        self.article = article


class Conflict(Refused):
    """The object is not in a state that allows the request (it changed, or a later match was played)."""

    status = 409


class Forbidden(Refused):
    """The user may not do this to this object (a league official outside their league)."""

    status = 403
