"""Changes to clubs: each one a function, called alike by the admin, commands and imports."""

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _

from cupfaf import audit
from cupfaf.errors import Conflict
from cupfaf.roles import authorize, group_name

from .models import Club, ClubSeason, User
from .names import tidy_name


def register_club(printed_name):
    """Create a club from a name as printed, tidied for display ("CR.Beni Thamou" → "CR. Beni Thamou")."""
    return Club.objects.create(name=tidy_name(printed_name))


def record_division(club, season, division):
    """Record the division `club` holds in `season` (once: another division is a conflict for staff to settle)."""
    return ClubSeason.objects.create(club=club, season=season, division=division)


@transaction.atomic
def add_official(username, league, *, validator=False, password=None, email="", actor=None, actor_label=""):
    """Create the league official `username` of `league`: a reporter, or with `validator` a validator.

    Returns (user, created). Run again for the same official it changes nothing; an existing user
    of another league or role is refused (staff change it in the admin, where it is audited).
    """
    authorize(actor, "auth.add_user")
    role = "league_validator" if validator else "league_official"
    group = Group.objects.get(name=group_name(role))
    existing = User.objects.filter(username=username).first()
    if existing is None and User.objects.filter(username__iexact=username).exists():
        # Usernames are compared exactly at login: "Rep1" beside "rep1" would be two accounts people confuse.
        raise Conflict(
            _("Un utilisateur porte déjà ce nom, à la casse près: choisissez un autre nom que %(username)s.")
            % {"username": username}
        )
    if existing is not None:
        if existing.league_id != league.pk or not existing.groups.filter(pk=group.pk).exists():
            raise Conflict(
                _("L'utilisateur %(username)s existe déjà, avec une autre ligue ou un autre rôle: changez-le dans l'administration.")
                % {"username": username}
            )
        return existing, False
    user = User.objects.create_user(username, email=email, password=password, league=league)
    user.groups.add(group)
    audit.record(
        "user.roles",
        user,
        actor=actor,
        actor_label=actor_label,
        data={"groups": [None, [group.name]], "league": [None, str(league)]},
    )
    return user, True
