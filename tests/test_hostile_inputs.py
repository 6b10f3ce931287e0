"""No input answers 500: every class of hostile parameter, header, path segment and body gets a clear
4xx naming what is wrong, in the API's one error shape, and changes nothing.

The classes are decided once in `cupfaf.api`; each row here is one example of a class, including the
five inputs that crashed the server before (marked "was a 500").
"""

import json

import pytest
from django.test import Client
from knox.models import AuthToken

from cupfaf.models import AuditEntry
from matches.models import Match

TOO_DEEP = {"score": {"halfTime": {"home": [[[[[[[[[[[[[[1]]]]]]]]]]]]]]}}}


def client():
    return Client(raise_request_exception=False)


@pytest.fixture
def staff_token(django_user_model):
    user = django_user_model.objects.create_user("federation", is_staff=True, is_superuser=True)
    return AuthToken.objects.create(user=user, expiry=None)[1]


def _cursor(text):
    import base64

    return base64.b64encode(text.encode()).decode()


# (class, path, expected status, the name the error must carry, or None for a bare 4xx)
READS = [
    ("cursor that decodes to a non-id (was a 500)", f"/api/v1/matches/?cursor={_cursor('p=abc')}", 400, "cursor"),
    ("cursor holding a huge id", f"/api/v1/matches/?cursor={_cursor('p=' + '9' * 30)}", 400, "cursor"),
    ("cursor that is not base64", "/api/v1/matches/?cursor=%%%", 400, "cursor"),
    ("superscript digit in stage (was a 500)", "/api/v1/matches/?stage=ROUND_%C2%B2", 400, "stage"),
    ("Arabic-Indic digit in stage", "/api/v1/matches/?stage=ROUND_%D9%A3", 400, "stage"),
    ("day whose next day overflows (was a 500)", "/api/v1/matches/?dateTo=9999-12-31", 400, "dateTo"),
    ("day before football", "/api/v1/matches/?dateFrom=0001-01-01", 400, "dateFrom"),
    ("day that does not exist", "/api/v1/matches/?dateFrom=2024-02-30", 400, "dateFrom"),
    ("day in full-width digits", "/api/v1/matches/?lastUpdatedFrom=%EF%BC%92024-01-01", 400, "lastUpdatedFrom"),
    ("id beyond 64 bits", "/api/v1/matches/?club=99999999999999999999999", 400, "club"),
    ("id in Arabic-Indic digits", "/api/v1/matches/?edition=%D9%A1", 400, "edition"),
    ("negative id", "/api/v1/sanctions/?club=-1", 400, "club"),
    ("season far away", "/api/v1/matches/?season=99999", 400, "season"),
    ("limit zero", "/api/v1/matches/?limit=0", 400, "limit"),
    ("limit in superscript", "/api/v1/matches/?limit=%C2%B9", 400, "limit"),
    ("unknown parameter", "/api/v1/draws/?stauts=x", 400, "stauts"),
    ("NUL byte in a value", "/api/v1/matches/?stage=%00", 400, "stage"),
    ("path id beyond 64 bits", "/api/v1/matches/99999999999999999999999/", 404, None),
    ("path id not a number", "/api/v1/editions/abc/bracket/", 404, None),
    ("path id in Arabic-Indic digits", "/api/v1/draws/%D9%A1/", 404, None),
    ("path that names nothing", "/api/v1/nothing-here/", 404, None),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("case", "path", "expected", "name"), READS, ids=[row[0] for row in READS])
def test_hostile_query_or_path_is_a_clear_4xx(seeded_edition, case, path, expected, name):
    response = client().get(path)
    assert response.status_code == expected, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) >= {"detail", "errors"} and body["detail"]
    if name is not None:
        assert list(body["errors"]) == [name] and body["errors"][name][0]


HEADERS = [
    ("Authorization with a byte that is not UTF-8 (was a 500)", {"HTTP_AUTHORIZATION": "Token \xff\xfe"}, 401),
    ("Authorization with a key too long", {"HTTP_AUTHORIZATION": "Token " + "a" * 5000}, 401),
    ("Authorization with spaces in the key", {"HTTP_AUTHORIZATION": "Token a b"}, 401),
    ("X-Auth-Token with a byte that is not UTF-8", {"HTTP_X_AUTH_TOKEN": "\xff"}, 401),
    ("X-Auth-Token with a NUL", {"HTTP_X_AUTH_TOKEN": "abc\x00"}, 401),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("case", "headers", "expected"), HEADERS, ids=[row[0] for row in HEADERS])
def test_hostile_token_header_is_a_401_and_changes_nothing(seeded_edition, case, headers, expected):
    before = Match.objects.get(round__stage="LAST_64", number=1).version
    response = client().post(
        "/api/v1/matches/1/report/", data={}, content_type="application/json", **headers
    )
    assert response.status_code == expected
    assert response.json()["detail"]
    assert Match.objects.get(round__stage="LAST_64", number=1).version == before


BODIES = [
    ("If-Match with a superscript digit (was a 500)", {"HTTP_IF_MATCH": '"match-1-v²"'}, {}, 409, None),
    ("If-Match that is not a tag", {"HTTP_IF_MATCH": "\xff\x00"}, {}, 409, None),
    ("integer beyond 64 bits", {}, {"score": {"regularTime": {"home": 10**30, "away": 0}}}, 400,
     "score.regularTime.home"),
    ("integer as Arabic-Indic digits", {}, {"score": {"regularTime": {"home": "٣", "away": 0}}}, 400,
     "score.regularTime.home"),
    ("integer as a boolean", {}, {"score": {"regularTime": {"home": True, "away": 0}}}, 400,
     "score.regularTime.home"),
    ("fractional integer", {}, {"score": {"regularTime": {"home": 1.5, "away": 0}}}, 400,
     "score.regularTime.home"),
    ("nested list error is flattened", {}, {"score": {"regularTime": {"home": 1, "away": 0}},
     "incidents": [{"type": "NO_POLICE", "team": "SIDEWAYS"}]}, 400, "incidents[0].team"),
    ("body too deep", {}, TOO_DEEP, 400, None),
    ("body not an object", {}, [1, 2, 3], 400, "non_field_errors"),
    ("too many goals", {}, {"goals": [{"minute": 1, "team": "HOME", "scorer": "x"}] * 201}, 400, "goals"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("case", "headers", "body", "expected", "name"), BODIES, ids=[row[0] for row in BODIES])
def test_hostile_body_or_header_is_a_clear_4xx_and_changes_nothing(
    seeded_edition, staff_token, case, headers, body, expected, name
):
    match = Match.objects.get(round__stage="LAST_64", number=1)
    trail = AuditEntry.objects.count()
    response = client().post(
        f"/api/v1/matches/{match.pk}/report/",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {staff_token}",
        **headers,
    )
    assert response.status_code == expected, response.content[:300]
    answer = response.json()
    assert answer["detail"] and all(isinstance(v, list) for v in answer["errors"].values())
    if name is not None:
        assert name in answer["errors"], answer
    match.refresh_from_db()
    assert match.version == Match.objects.get(pk=match.pk).version and match.winner_id is None
    assert AuditEntry.objects.count() == trail


RAW_BODIES = [
    ("body that is not UTF-8", b'{"a": "\xff"}'),
    ("body that is not JSON", b"{not json"),
    ("NaN is no JSON number", b'{"gateReceipts": NaN}'),
    ("body too long", b'{"a": "' + b"x" * (300 * 1024) + b'"}'),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("case", "raw"), RAW_BODIES, ids=[row[0] for row in RAW_BODIES])
def test_hostile_raw_body_is_a_400(seeded_edition, staff_token, case, raw):
    match = Match.objects.get(round__stage="LAST_64", number=1)
    response = client().post(
        f"/api/v1/matches/{match.pk}/report/",
        data=raw,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {staff_token}",
    )
    assert response.status_code == 400, response.content[:300]
    assert response.json()["detail"]
    assert Match.objects.get(pk=match.pk).version == match.version


@pytest.mark.django_db
def test_a_method_the_resource_does_not_have_is_a_json_405(seeded_edition, staff_token):
    response = client().delete("/api/v1/matches/1/", HTTP_AUTHORIZATION=f"Token {staff_token}")
    assert response.status_code == 405 and response.json()["detail"]


@pytest.mark.django_db
def test_a_path_without_its_final_slash_is_redirected(seeded_edition):
    response = client().get("/api/v1/matches?stage=LAST_64")
    assert response.status_code == 301 and response["Location"] == "/api/v1/matches/?stage=LAST_64"


@pytest.mark.django_db
def test_a_hostile_draw_request_is_a_400(seeded_edition, staff_token):
    response = client().post(
        f"/api/v1/editions/{seeded_edition.pk}/draws/",
        data=json.dumps(
            {"stage": "LAST_32", "method": "CEREMONY", "heldOn": "９９９９-01-01", "pairings": [{"home": 10**30, "away": 1}]}
        ),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {staff_token}",
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"heldOn", "pairings[0].home"}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/matches/?edition=", "/api/v1/sanctions/?club=", "/api/v1/editions/?limit=5"])
def test_an_empty_or_meaningless_parameter_is_a_400_not_everything(seeded_edition, path):
    response = client().get(path)
    assert response.status_code == 400 and len(response.json()["errors"]) == 1


@pytest.mark.django_db
def test_a_method_is_checked_before_the_query(seeded_edition):
    assert client().generic("TRACE", "/api/v1/sanctions/?kind=FINE").status_code == 405


@pytest.mark.django_db
def test_a_post_to_a_path_that_names_nothing_is_a_json_404(seeded_edition):
    browserless = Client(enforce_csrf_checks=True, raise_request_exception=False)
    response = browserless.post("/api/v1/draws/abc/publish/", data="{}", content_type="application/json")
    assert response.status_code == 404 and response.json()["detail"]


def test_the_schema_says_either_token_header_authenticates(db):
    document = client().get("/api/v1/schema/?format=json").json()
    report = document["paths"]["/api/v1/matches/{id}/report/"]["post"]
    assert report["security"] == [{"tokenAuth": []}, {"xAuthToken": []}]
    parameters = {p["name"]: p["schema"] for p in document["paths"]["/api/v1/matches/"]["get"]["parameters"]}
    assert parameters["limit"] == {"type": "integer", "minimum": 1, "maximum": 200}
    assert parameters["club"]["type"] == "integer" and parameters["venue"]["type"] == "string"


ADMIN_PATHS = [
    "/admin/matches/match/99999999999999999999999/change/",
    "/admin/matches/match/abc/change/",
    "/admin/matches/match/%D9%A1/change/",
    "/admin/matches/match/?round__edition__id__exact=abc",
    "/admin/matches/match/?round__edition__id__exact=99999999999999999999999",
    "/admin/matches/match/?status=%00",
    "/admin/matches/match/?o=999",
    "/admin/matches/match/?p=-1",
    "/admin/sanctions/sanction/?q=%FF",
    "/admin/cupfaf/auditentry/?object_id=%00&content_type__id__exact=abc",
    "/admin/competitions/draw/99999999999999999999999/perform/",
    "/admin/competitions/draw/1/history/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ADMIN_PATHS)
def test_hostile_admin_urls_never_answer_500(seeded_edition, django_user_model, path):
    staff = django_user_model.objects.create_user("federation", is_staff=True, is_superuser=True)
    browser = client()
    browser.force_login(staff)
    response = browser.get(path)
    assert response.status_code in (200, 302, 400, 404), (response.status_code, response.content[:300])
