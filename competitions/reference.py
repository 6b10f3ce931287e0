"""Loading the reference data (divisions, categories, rulebook editions, regions, leagues, wilayas) from fixtures/.

Rows are matched on their natural keys and created when missing; a row staff have edited since is
left as it is, so running the loader again never undoes their work.
"""

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from clubs.models import Division, League, Region, Wilaya

from .models import Category, MatchFormat, Regulation, SanctionRule

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


@transaction.atomic
def load_reference_data(path=FIXTURES / "reference.json"):
    """Create the missing reference rows; return how many rows were created."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    created = 0
    for row in data["divisions"]:
        created += Division.objects.get_or_create(code=row.pop("code"), defaults=row)[1]
    for row in data["categories"]:
        created += Category.objects.get_or_create(code=row.pop("code"), defaults=row)[1]
    regions = {}
    for row in data["regions"]:
        regions[row["code"]], new = Region.objects.get_or_create(code=row["code"], defaults={"name": row["name"]})
        created += new
    for row in data["leagues"]:
        region = regions[row["region"]] if row["region"] else None
        created += League.objects.get_or_create(code=row["code"], defaults={"name": row["name"], "region": region})[1]
    for number, name, region in data["wilayas"]:
        wilaya, new = Wilaya.objects.get_or_create(number=number, defaults={"name": name, "region": regions[region]})
        created += new
        if wilaya.region_id is None:
            # A region missing from an older load is filled in; one staff chose is kept.
            wilaya.region = regions[region]
            wilaya.save(update_fields=["region"])
    for row in data["regulations"]:
        formats = row.pop("match_formats")
        rules = row.pop("sanction_rules")
        regulation, new = Regulation.objects.get_or_create(code=row.pop("code"), defaults=row)
        created += new
        if not regulation.sanction_rules.exists():
            # The table is loaded whole or not at all: lines staff removed or changed stay as they made them.
            SanctionRule.objects.bulk_create(
                SanctionRule(regulation=regulation, order=order, **rule) for order, rule in enumerate(rules, start=1)
            )
            created += len(rules)
        for fmt in formats:
            category = Category.objects.get(code=fmt.pop("category"))
            created += MatchFormat.objects.get_or_create(regulation=regulation, category=category, defaults=fmt)[1]
    return created
