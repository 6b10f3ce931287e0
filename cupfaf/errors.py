"""Errors a user can fix, raised by services and shown alike by the admin, the forms and the API.

Anything else that goes wrong is a bug: Django logs it and answers 500.
"""

# football-data.org's v4 face (matches.v4): its errors are {"message", "errorCode"}.
V4_PREFIX = "/v4/"


def in_v4(path):
    """Whether `path` is under the /v4/ face (its root without a slash included)."""
    return path == V4_PREFIX.rstrip("/") or path.startswith(V4_PREFIX)


def is_api_path(path):
    """Whether `path` is under one of the API's faces, which answer JSON, never a page."""
    return path.startswith("/api/") or in_v4(path)


def error_body(path, status, message, errors=None):
    """An error's body in the shape of the face `path` is under: ours, {"detail", "errors"}
    (../shared/API.md), or football-data.org's under /v4/, {"message", "errorCode"} with `errors` added."""
    errors = errors or {}
    if not in_v4(path):
        return {"detail": message, "errors": errors}
    named = "; ".join(f"{field}: {' '.join(texts)}" for field, texts in errors.items())
    return {"message": f"{message} {named}" if named else message, "errorCode": status, "errors": errors}


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
