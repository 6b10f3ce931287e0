"""The fines ledger: fines by club, season and state, with totals; a payment recorded with its date and
reference by the finance role; an export of what the list shows."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from cupfaf.errors import Conflict, Refused
from cupfaf.models import AuditEntry
from sanctions import services
from sanctions.models import Fine, Sanction

from .conftest import user_with_role
from .test_sanctions import stop_for_lack_of_balls

pytestmark = pytest.mark.django_db


@pytest.fixture
def boss(django_user_model):
    return django_user_model.objects.create_user("boss", is_staff=True, is_superuser=True)


@pytest.fixture
def fines(seeded_edition, boss):
    """Match 13 stopped for lack of balls (art. 19.2): NA Hussein-Dey fined 1,000,000 DA, WA Mostaganem 500,000 DA."""
    proposed = stop_for_lack_of_balls(13, boss)
    hussein_dey, mostaganem = proposed["NA Hussein-Dey", "FINE"], proposed["WA Mostaganem", "FINE"]
    for fine in (hussein_dey, mostaganem):
        services.confirm_sanction(fine, actor=boss)
    return hussein_dey, mostaganem


def signed_in(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def test_a_fine_is_owed_then_paid_with_its_date_and_reference(seeded_edition, boss):
    fine = stop_for_lack_of_balls(13, boss)["WA Mostaganem", "FINE"]
    with pytest.raises(Conflict):
        services.record_fine_payment(fine, actor=boss, paid_on=date.today(), reference="R-1")  # still a proposal
    services.confirm_sanction(fine, actor=boss)
    assert Fine.objects.get(pk=fine.pk).fine_state == "DUE"
    services.record_fine_payment(fine, actor=boss, paid_on=date.today(), reference="  CCP 0042  ")
    paid = Sanction.objects.get(pk=fine.pk)
    assert (paid.fine_state, paid.paid_on, paid.payment_reference) == ("PAID", date.today(), "CCP 0042")
    entry = AuditEntry.objects.get(action="sanction.fine_paid")
    assert entry.actor == boss
    assert entry.data["payment_reference"] == [None, "CCP 0042"]
    with pytest.raises(Conflict):
        services.record_fine_payment(fine, actor=boss, paid_on=date.today(), reference="again")


@pytest.mark.parametrize(
    ("paid_on", "payment_reference", "field"),
    [
        (date.today(), "   ", "payment_reference"),
        (None, "R-1", "paid_on"),
        (date.today() + timedelta(days=1), "R-1", "paid_on"),
        (date(1900, 1, 1), "R-1", "paid_on"),
    ],
)
def test_a_payment_without_a_date_a_reference_or_in_the_future_is_refused_and_changes_nothing(
    fines, boss, paid_on, payment_reference, field
):
    fine = fines[0]
    with pytest.raises(Refused) as refusal:
        services.record_fine_payment(fine, actor=boss, paid_on=paid_on, reference=payment_reference)
    assert field in refusal.value.errors
    assert Sanction.objects.get(pk=fine.pk).fine_state == "DUE"
    assert not AuditEntry.objects.filter(action="sanction.fine_paid").exists()


def test_the_database_refuses_a_paid_fine_without_its_payment(fines):
    with pytest.raises(IntegrityError, match="sanction_paid_fine_has_payment"), transaction.atomic():
        Sanction.objects.filter(pk=fines[0].pk).update(fine_state="PAID")
    with pytest.raises(IntegrityError, match="sanction_paid_fine_has_payment"), transaction.atomic():
        Sanction.objects.filter(pk=fines[0].pk).update(payment_reference="R-1")


def test_the_ledger_lists_decided_fines_only_with_totals_by_state(fines, boss):
    hussein_dey, mostaganem = fines
    services.record_fine_payment(mostaganem, actor=boss, paid_on=date.today(), reference="R-7")
    assert set(Fine.objects.values_list("pk", flat=True)) == {hussein_dey.pk, mostaganem.pk}  # proposals are not owed
    page = signed_in(user_with_role("cashier", "finance")).get(reverse("admin:sanctions_fine_changelist"))
    assert page.status_code == 200
    totals = page.context["totals"]
    assert [(row["code"], row["count"], row["total"]) for row in totals["by_state"]] == [
        ("DUE", 1, 1_000_000),
        ("PAID", 1, 500_000),
        ("WAIVED", 0, 0),
    ]
    assert (totals["count"], totals["total"]) == (2, 1_500_000)
    due = signed_in(boss).get(reverse("admin:sanctions_fine_changelist"), {"fine_state__exact": "DUE"})
    assert [(row["code"], row["count"]) for row in due.context["totals"]["by_state"]][:2] == [("DUE", 1), ("PAID", 0)]
    by_club = signed_in(boss).get(reverse("admin:sanctions_fine_changelist"), {"club": mostaganem.club_id})
    assert list(by_club.context["cl"].result_list) == [Fine.objects.get(pk=mostaganem.pk)]


def test_finance_records_a_payment_on_the_ledger_and_a_bad_one_is_refused_with_what_is_wrong(fines):
    fine = fines[0]
    cashier = signed_in(user_with_role("cashier", "finance"))
    url = reverse("admin:sanctions_fine_change", args=[fine.pk])
    refused = cashier.post(url, {"paid_on": (date.today() + timedelta(days=2)).isoformat(), "payment_reference": "R-9"}, follow=True)
    assert "futur" in refused.content.decode()
    assert Sanction.objects.get(pk=fine.pk).fine_state == "DUE"
    cashier.post(url, {"paid_on": date.today().isoformat(), "payment_reference": "R-9"})
    assert Sanction.objects.get(pk=fine.pk).payment_reference == "R-9"
    # Paid, the entry is read-only: a second payment cannot be recorded over it.
    assert cashier.post(url, {"paid_on": date.today().isoformat(), "payment_reference": "R-10"}).status_code == 403
    assert Sanction.objects.get(pk=fine.pk).payment_reference == "R-9"


def test_the_disciplinary_commission_reads_the_ledger_but_records_no_payment(fines):
    judge = signed_in(user_with_role("judge", "disciplinary_commission"))
    url = reverse("admin:sanctions_fine_change", args=[fines[0].pk])
    assert judge.get(url).status_code == 200
    judge.post(url, {"paid_on": date.today().isoformat(), "payment_reference": "R-9"})
    assert Sanction.objects.get(pk=fines[0].pk).fine_state == "DUE"


def test_the_export_is_what_the_list_shows_as_csv(fines, boss):
    hussein_dey, mostaganem = fines
    services.record_fine_payment(mostaganem, actor=boss, paid_on=date.today(), reference="=HYPERLINK(1)")
    client = signed_in(user_with_role("auditor1", "auditor"))
    answer = client.get(reverse("admin:sanctions_fine_export"), {"fine_state__exact": "PAID"})
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:5] == ["club", "saison", "match", "article", "montant (DA)"]
    assert len(rows) == 2
    assert rows[1][0] == "WA Mostaganem" and rows[1][1] == "2023-24" and rows[1][4] == "500000"
    assert rows[1][-1] == "'=HYPERLINK(1)"  # never a formula in a spreadsheet
    everything = client.get(reverse("admin:sanctions_fine_export"))
    assert len(list(csv.reader(io.StringIO(everything.content.decode("utf-8-sig")), delimiter=";"))) == 3


def test_the_export_is_for_staff_only(fines):
    client = signed_in(user_with_role("rep", "league_official"))
    assert client.get(reverse("admin:sanctions_fine_export")).status_code == 302  # sent to the admin's login


def test_the_ledger_and_its_export_read_a_constant_number_of_queries(seeded_edition, boss):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = signed_in(boss)

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    def confirm_fines(number):
        for (_club, kind), sanction in stop_for_lack_of_balls(number, boss).items():
            if kind == "FINE":
                services.confirm_sanction(sanction, actor=boss)

    confirm_fines(13)
    ledger, export = reverse("admin:sanctions_fine_changelist"), reverse("admin:sanctions_fine_export")
    few = (queries(ledger), queries(export))
    for number in (14, 15, 16):
        confirm_fines(number)
    assert Fine.objects.count() == 8
    assert (queries(ledger), queries(export)) == few


def test_a_bad_club_or_filter_in_the_address_is_not_a_server_error(fines, boss):
    client = signed_in(boss)
    ledger, export = reverse("admin:sanctions_fine_changelist"), reverse("admin:sanctions_fine_export")
    for query in ("?club=abc", "?club=99999999999999999999", "?club=-1"):
        assert client.get(ledger + query).status_code == 200
        assert client.get(export + query).status_code == 200
    assert client.get(export + "?bogus=1").status_code == 302


def test_a_refused_payment_keeps_what_was_typed(fines):
    cashier = signed_in(user_with_role("cashier", "finance"))
    page = cashier.post(
        reverse("admin:sanctions_fine_change", args=[fines[0].pk]),
        {"paid_on": (date.today() + timedelta(days=2)).isoformat(), "payment_reference": "CCP 77"},
    )
    assert page.status_code == 200 and "futur" in page.content.decode()
    assert 'value="CCP 77"' in page.content.decode()
    assert Sanction.objects.get(pk=fines[0].pk).fine_state == "DUE"
