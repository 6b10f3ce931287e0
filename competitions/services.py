"""Setting up editions: each change one function in one transaction, called alike everywhere."""

from django.db import transaction

from clubs.models import Season

from .models import Category, Edition, Phase, Regulation, Round
from .regulation import first_phase
from .stages import KNOCKOUT_STAGES


@transaction.atomic
def set_up_edition(start_year, category_code, regulation_code, *, national_from="LAST_64", round_dates=None):
    """Create (or complete) an edition with its two phases and the national phase's knockout rounds.

    The first phase is the one the regulation gives the category (see `regulation.first_phase`); its
    rounds depend on the entries and are added when drawn. Running it again adds
    nothing that exists; dates already set are kept.
    """
    season, _ = Season.objects.get_or_create(start_year=start_year)
    category = Category.objects.get(code=category_code)
    edition, _ = Edition.objects.get_or_create(
        season=season, category=category, defaults={"regulation": Regulation.objects.get(code=regulation_code)}
    )
    Phase.objects.get_or_create(edition=edition, kind=first_phase(category.group).value, defaults={"order": 1})
    national, _ = Phase.objects.get_or_create(edition=edition, kind=Phase.Kind.NATIONAL, defaults={"order": 2})
    round_dates = round_dates or {}
    for offset, stage in enumerate(KNOCKOUT_STAGES[KNOCKOUT_STAGES.index(national_from) :]):
        round_, created = Round.objects.get_or_create(
            edition=edition,
            stage=stage,
            defaults={"phase": national, "order": 100 + offset, "date": round_dates.get(stage)},
        )
        if not created and round_.date is None and round_dates.get(stage):
            round_.date = round_dates[stage]
            round_.save(update_fields=["date"])
    return edition
