"""Federation staff use the admin: every page opens, and what must not be edited by hand is not."""

import pytest
from django.contrib import admin
from django.urls import reverse

from competitions.models import Draw
from competitions.services import set_up_edition
from cupfaf.models import AuditEntry
from matches.models import Match


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("staff", password="a long pass phrase")
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_every_admin_list_and_page_opens(staff_client, seeded_edition):
    for model in admin.site._registry:
        meta = model._meta
        response = staff_client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        assert response.status_code == 200, meta.label
        obj = model._default_manager.first()
        if obj is not None:
            response = staff_client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk]))
            assert response.status_code == 200, meta.label


@pytest.mark.django_db
def test_the_admin_needs_a_staff_login(client, seeded_edition):
    response = client.get(reverse("admin:matches_match_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_scheduling_a_match_in_the_admin_is_audited(staff_client, seeded_edition):
    match = Match.objects.get(round__stage="LAST_64", number=3)
    version = match.version
    url = reverse("admin:matches_match_change", args=[match.pk])
    response = staff_client.post(
        url,
        {
            "kickoff_0": "2024-02-03",
            "kickoff_1": "15:00:00",
            "venue": "",
            "league": "",
            "goals-TOTAL_FORMS": "0",
            "goals-INITIAL_FORMS": "0",
            "incidents-TOTAL_FORMS": "0",
            "incidents-INITIAL_FORMS": "0",
            "reports-TOTAL_FORMS": "0",
            "reports-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    match.refresh_from_db()
    assert match.kickoff.isoformat() == "2024-02-03T14:00:00+00:00"  # 15:00 in Algiers
    assert match.version == version + 1
    assert match.status == "TIMED"
    entry = AuditEntry.objects.get(action="match.scheduled")
    assert entry.actor.username == "staff" and "kickoff" in entry.data


@pytest.mark.django_db
def test_draws_and_the_audit_trail_are_read_only(staff_client, seeded_edition):
    draw = Draw.objects.first()
    assert (
        staff_client.post(reverse("admin:competitions_draw_delete", args=[draw.pk]), {"post": "yes"}).status_code == 403
    )
    entry = AuditEntry.objects.first()
    response = staff_client.post(reverse("admin:cupfaf_auditentry_delete", args=[entry.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Draw.objects.count() == 2 and AuditEntry.objects.count() == 2


@pytest.mark.django_db
def test_the_home_page_points_to_the_admin_and_the_api(client):
    page = client.get("/").content.decode()
    assert 'href="/admin/"' in page and 'href="/api/v1/docs/"' in page and 'href="/officials/"' in page
    assert '<html lang="fr" dir="ltr">' in page


@pytest.mark.django_db
def test_arabic_pages_read_right_to_left(client):
    page = client.get("/", headers={"accept-language": "ar"}).content.decode()
    assert '<html lang="ar" dir="rtl">' in page


@pytest.mark.django_db
def test_the_api_docs_need_nothing_from_the_internet(client):
    page = client.get("/api/v1/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert "cdn" not in page.lower()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("existing_alias", "typed", "message"),
    [
        (None, "MC-Alger", "désigne déjà le club MC Alger"),
        ("MCA", "mca", "est déjà un alias du club MC Alger"),
    ],
)
def test_a_club_name_that_designates_another_club_is_refused(staff_client, existing_alias, typed, message):
    """Spellings are compared normalised: "MC-Alger" is MC Alger; the form says so instead of failing."""
    from clubs.models import Club, ClubAlias

    alger = Club.objects.create(name="MC Alger")
    if existing_alias:
        ClubAlias.objects.create(club=alger, name=existing_alias)
    response = staff_client.post(
        reverse("admin:clubs_club_add"),
        {
            "name": typed,
            "short_name": "",
            "aliases-TOTAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0",
            "seasons-TOTAL_FORMS": "0",
            "seasons-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Club.objects.count() == 1


@pytest.mark.django_db
def test_changing_a_clubs_division_in_the_admin_is_audited(staff_client, seeded_edition):
    from clubs.models import ClubSeason, Division

    record = ClubSeason.objects.get(club__name="AB Barika")
    inter_regions = Division.objects.get(code="IR")
    response = staff_client.post(
        reverse("admin:clubs_clubseason_change", args=[record.pk]),
        {
            "club": record.club_id,
            "season": record.season_id,
            "division": inter_regions.pk,
            "league": "",
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="clubseason.changed")
    assert entry.actor.username == "staff" and entry.data == {"division": ["Ligue 2", "Inter-régions"]}


@pytest.mark.django_db
def test_passwords_never_reach_the_audit_trail(staff_client):
    response = staff_client.post(
        reverse("admin:clubs_user_add"),
        {
            "username": "officiel",
            "password1": "Un mot de passe solide 42",
            "password2": "Un mot de passe solide 42",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="user.added")
    assert "solide" not in str(entry.data)


@pytest.mark.django_db
def test_an_alias_added_inline_is_audited(staff_client):
    from clubs.models import Club

    khenchela = Club.objects.create(name="USM Khenchela")
    response = staff_client.post(
        reverse("admin:clubs_club_change", args=[khenchela.pk]),
        {
            "name": "USM Khenchela",
            "short_name": "USMK",
            "aliases-TOTAL_FORMS": "1",
            "aliases-INITIAL_FORMS": "0",
            "aliases-0-name": "USMK",
            "seasons-TOTAL_FORMS": "0",
            "seasons-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    assert list(AuditEntry.objects.values_list("action", "object_repr").order_by("id")) == [
        ("club.changed", "USM Khenchela"),
        ("clubalias.added", "USMK"),
    ]


@pytest.mark.django_db
def test_a_division_changed_inline_is_audited_with_before_and_after(staff_client, seeded_edition):
    from clubs.models import ClubSeason, Division

    record = ClubSeason.objects.select_related("club").get(club__name="MB Rouissat")
    club = record.club
    response = staff_client.post(
        reverse("admin:clubs_club_change", args=[club.pk]),
        {
            "name": club.name,
            "short_name": "",
            "aliases-TOTAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0",
            "seasons-TOTAL_FORMS": "1",
            "seasons-INITIAL_FORMS": "1",
            "seasons-0-id": record.pk,
            "seasons-0-club": club.pk,
            "seasons-0-season": record.season_id,
            "seasons-0-division": Division.objects.get(code="L1").pk,
            "seasons-0-league": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = AuditEntry.objects.get(action="clubseason.changed")
    assert entry.data == {"division": ["Régionale", "Ligue 1"]}


@pytest.mark.django_db
def test_a_club_keeps_its_own_spellings(staff_client):
    """A club with the alias "NA Hussein-Dey" can still be saved, renamed to it, and not given its own name."""
    from clubs.models import Club, ClubAlias

    club = Club.objects.create(name="NA Hussein Dey")
    ClubAlias.objects.create(club=club, name="NAHD")
    form = {
        "short_name": "",
        "aliases-TOTAL_FORMS": "0",
        "aliases-INITIAL_FORMS": "0",
        "seasons-TOTAL_FORMS": "0",
        "seasons-INITIAL_FORMS": "0",
    }
    url = reverse("admin:clubs_club_change", args=[club.pk])
    assert staff_client.post(url, {**form, "name": "NA Hussein Dey"}).status_code == 302
    assert staff_client.post(url, {**form, "name": "nahd"}).status_code == 302
    response = staff_client.post(
        url,
        {
            **form,
            "name": "nahd",
            "aliases-TOTAL_FORMS": "1",
            "aliases-0-name": "NAHD.",
        },
    )
    assert response.status_code == 200 and "désigne déjà le club nahd" in response.content.decode()


@pytest.mark.django_db
def test_staff_cannot_delete_themselves(staff_client, django_user_model):
    me = django_user_model.objects.get(username="staff")
    response = staff_client.post(reverse("admin:clubs_user_delete", args=[me.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert django_user_model.objects.filter(pk=me.pk).exists()


@pytest.mark.django_db
def test_a_quota_changed_in_the_edition_page_goes_through_its_service(staff_client, seeded_edition):
    """Was written by the inline around `set_regional_quota`: no audit, no check of art. 13."""
    from clubs.models import Region
    from competitions.models import RegionalQuota

    from .admin_forms import form_data

    region = Region.objects.create(code="CEN", name="Centre")
    RegionalQuota.objects.create(edition=seeded_edition, region=region, qualifiers=2)
    url = reverse("admin:competitions_edition_change", args=[seeded_edition.pk])
    data = form_data(staff_client.get(url))
    (prefix,) = {name.removesuffix("-qualifiers") for name in data if name.endswith("-qualifiers")}
    data[f"{prefix}-qualifiers"] = "3"
    assert staff_client.post(url, data).status_code == 302
    assert RegionalQuota.objects.get(region=region).qualifiers == 3
    entry = AuditEntry.objects.get(action="edition.quota")
    assert entry.data == {"Centre": [2, 3]} and entry.actor.username == "staff"


@pytest.mark.django_db
def test_the_entries_page_refuses_a_suspended_club(staff_client, seeded_edition, django_user_model):
    """Was saved around `enter_clubs`, which refuses a club suspended from the cup."""
    from competitions.models import Entry
    from sanctions import services

    from .test_sanctions import stop_for_lack_of_balls

    boss = django_user_model.objects.create_user("boss", is_staff=True, is_superuser=True)
    suspension = stop_for_lack_of_balls(13, boss)[("NA Hussein-Dey", "CUP_SUSPENSION")]
    services.confirm_sanction(suspension, actor=boss)
    next_season = set_up_edition(2024, "SENIORS_MEN", "2023")
    response = staff_client.post(
        reverse("admin:competitions_entry_add"), {"edition": next_season.pk, "club": suspension.club_id}, follow=True
    )
    assert "suspendu" in response.content.decode()
    assert not Entry.objects.filter(club=suspension.club).exists()


@pytest.mark.django_db
def test_a_role_given_in_the_admin_is_in_the_audit_trail(staff_client, django_user_model):
    from django.contrib.auth.models import Group

    from .admin_forms import form_data

    official = django_user_model.objects.create_user("lirf", password="a long pass phrase 1")
    role = Group.objects.get(name="Officiel de ligue")
    url = reverse("admin:clubs_user_change", args=[official.pk])
    data = form_data(staff_client.get(url))
    data["groups"] = [str(role.pk)]
    assert staff_client.post(url, data).status_code == 302
    assert list(official.groups.all()) == [role]
    entry = AuditEntry.objects.get(action="user.changed")
    assert entry.data["groups"] == [None, ["Officiel de ligue"]]


@pytest.mark.django_db
def test_the_match_list_says_scores_and_rounds_in_words(staff_client, seeded_edition):
    """Staff read a score ("0-2") and choose a round by its name, in the order played, never by its code."""
    from django.contrib.auth import get_user_model

    from matches.services import report_result
    from tests.test_officials import away_win_report

    first = Match.objects.get(round__stage="LAST_64", number=1)
    report_result(first, away_win_report(), actor=get_user_model().objects.get(username="staff"))
    url = reverse("admin:matches_match_changelist")
    page = staff_client.get(url).content.decode()
    assert "0-2" in page
    assert page.index("32e de finale") < page.index("16e de finale") and "?stage=LAST_64" in page
    assert "LAST_64</a>" not in page
    only = staff_client.get(url + "?stage=LAST_32")
    assert only.context["cl"].result_count == 16


@pytest.mark.django_db
def test_the_audit_trail_filters_actions_in_words(staff_client, seeded_edition):
    url = reverse("admin:cupfaf_auditentry_changelist")
    page = staff_client.get(url).content.decode()
    assert "tirage importé" in page and ">draw.imported<" not in page
    assert staff_client.get(url + "?action=draw.imported").context["cl"].result_count == AuditEntry.objects.filter(
        action="draw.imported"
    ).count()


@pytest.mark.django_db
def test_the_results_to_validate_show_the_score_each_version_reports(seeded_edition, django_user_model, client):
    from matches.models import Match
    from matches.services import report_result
    from tests.test_officials import away_win_report

    boss = django_user_model.objects.create_user("chief", is_staff=True, is_superuser=True)
    report_result(Match.objects.get(round__stage="LAST_64", number=1), away_win_report(), actor=boss)
    client.force_login(boss)
    page = client.get(reverse("admin:matches_resultreport_changelist")).content.decode()
    assert '<td class="field-reported_score">0-2</td>' in page
