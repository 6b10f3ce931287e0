"""Draws: prepared, performed, published. Each change one function in one transaction, called alike
by the admin, the API and the commands.

A software draw publishes its commitment when prepared (the SHA-256 of the inputs document and of
the secret seed, or the public future value that will be the seed), is performed by
`competitions.regulation.draw`, and reveals its seed when published, so that anyone can redo it.
A draw held in public is typed in and checked against the same eligibility.
"""

import secrets

from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cupfaf import audit
from cupfaf.errors import Conflict, Refused
from cupfaf.roles import authorize
from competitions.models import Draw, DrawMethod, DrawStatus, Exemption, Pairing, PhaseKind, Round
from competitions.regulation import draw as engine
from competitions.stages import REGIONAL_ROUND_PREFIX

from .eligibility import eligibility, following_round, previous_round
from .models import Match, Slot


def refusal(problems):
    """The Refused error for problems the draw engine found, translated, with their article."""
    messages = [_(p.message) % p.params for p in problems]
    return Refused(
        _("Tirage refusé: %(problems)s") % {"problems": "; ".join(messages)},
        {"draw": messages},
        article=problems[0].article,
    )


def round_to_draw(edition, stage):
    """The round `stage` of `edition`, locked; a first-phase round ROUND_n is created when it is the next one."""
    found = Round.objects.select_for_update().filter(edition=edition, stage=stage).first()
    if found is not None:
        return found
    first_phase = edition.phases.exclude(kind=PhaseKind.NATIONAL).order_by("order").first()
    number = stage.removeprefix(REGIONAL_ROUND_PREFIX)
    existing = Round.objects.filter(edition=edition, phase=first_phase).count() if first_phase else None
    if first_phase is None or not stage.startswith(REGIONAL_ROUND_PREFIX) or number != str(existing + 1):
        stages = ", ".join(edition.rounds.values_list("stage", flat=True)) or "-"
        expected = f"{REGIONAL_ROUND_PREFIX}{existing + 1}" if first_phase else "-"
        raise Refused(
            _(
                "Le tour %(stage)s n'existe pas dans l'édition (tours: %(stages)s; prochain tour de première phase: %(next)s)."
            )
            % {"stage": stage, "stages": stages, "next": expected},
            {"stage": [_("Tour inconnu.")]},
        )
    return Round.objects.create(edition=edition, phase=first_phase, stage=stage, order=existing + 1)


def _refuse_existing(round_):
    existing = Draw.objects.filter(round=round_).first()
    if existing is not None:
        raise Conflict(
            _("Les %(round)s ont déjà un tirage (n° %(draw)s, %(status)s).")
            % {"round": round_.name, "draw": existing.pk, "status": existing.get_status_display()}
        )


def prepare_draw(edition, stage, *, actor, with_next_round=False, seed_source=""):
    """Prepare the software draw of round `stage`: fix who is drawn and publish the commitment.

    `seed_source` empty: the software picks a secret seed now and publishes its SHA-256; otherwise
    it describes the public future value that will be the seed, given when the draw is performed.
    """
    authorize(actor, "competitions.prepare_draw")
    try:
        with transaction.atomic():
            round_ = round_to_draw(edition, stage)
            _refuse_existing(round_)
            lock_previous_round(round_)
            eligible = eligibility(round_, with_next_round=with_next_round)
            problems = [p for pot in eligible.inputs.pots for p in engine.check_pot(pot)]
            if problems:
                raise refusal(problems)
            document = eligible.document
            seed = "" if seed_source else secrets.token_hex(32)
            prepared = Draw.objects.create(
                round=round_,
                method=DrawMethod.SOFTWARE,
                status=DrawStatus.PREPARED,
                prepared_by=actor,
                algorithm=engine.ALGORITHM,
                inputs=document,
                inputs_hash=engine.sha256_hex(document),
                seed_source=seed_source.strip(),
                seed=seed,
                seed_hash=engine.sha256_hex(seed) if seed else "",
            )
            audit.record(
                "draw.prepared",
                prepared,
                actor=actor,
                data={
                    "inputs_hash": prepared.inputs_hash,
                    "seed_hash": prepared.seed_hash,
                    "seed_source": prepared.seed_source,
                    "clubs": sum(len(pot.entrants) for pot in eligible.inputs.pots),
                    "excluded": eligible.excluded,
                },
            )
            return prepared
    except IntegrityError:
        # Another member of staff prepared this round's draw at the same moment (draw_round unique).
        raise Conflict(
            _("Le tirage de ce tour vient d'être préparé par quelqu'un d'autre: rechargez la page.")
        ) from None


@transaction.atomic
def perform_draw(draw, *, actor, seed=None):
    """Perform a prepared software draw: the pairings, the exempted clubs, the matches, and the next
    round's when it was asked for. Refused if the eligible clubs changed since it was prepared."""
    authorize(actor, "competitions.perform_draw")
    locked = Draw.objects.select_for_update(of=("self",)).select_related("round__edition").get(pk=draw.pk)
    if locked.method != DrawMethod.SOFTWARE:
        raise Conflict(_("Ce tirage a été fait en cérémonie et enregistré tel quel: il n'y a rien à effectuer."))
    if locked.status != DrawStatus.PREPARED:
        raise Conflict(
            _("Ce tirage est déjà effectué, le %(when)s, par %(who)s.")
            % {
                "when": formats.date_format(timezone.localtime(locked.performed_at), "DATETIME_FORMAT"),
                "who": (
                    (locked.performed_by.get_full_name() or locked.performed_by.get_username())
                    if locked.performed_by
                    else _("une commande")
                ),
            }
        )
    if locked.seed_source:
        seed = (seed or "").strip()
        if not seed:
            raise Refused(
                _("Saisissez la valeur annoncée comme graine: %(source)s.") % {"source": locked.seed_source},
                {"seed": [_("Requis.")]},
            )
        locked.seed, locked.seed_hash = seed, engine.sha256_hex(seed)
    inputs = engine.parse_inputs(locked.inputs)
    lock_previous_round(locked.round)
    eligible = eligibility(locked.round, with_next_round=bool(inputs.next_keep))
    if eligible.document != locked.inputs:
        raise Conflict(
            _(
                "Les clubs qualifiés ont changé depuis la préparation de ce tirage (résultat corrigé, sanction…): "
                "annulez-le et préparez-en un nouveau."
            )
        )
    try:
        outcome = engine.perform(inputs, locked.seed)
    except engine.DrawRefused as refused:
        raise refusal(refused.problems) from None
    locked.status, locked.performed_at, locked.performed_by = DrawStatus.PERFORMED, timezone.now(), actor
    locked.save()
    following = save_outcome(locked, outcome, eligible.regions)
    audit.record(
        "draw.performed",
        locked,
        actor=actor,
        data={"seed_hash": locked.seed_hash, "outcome": engine.outcome_document(outcome), "next_draw": following},
    )
    return locked


@transaction.atomic
def cancel_draw(draw, *, actor, reason):
    """Withdraw a prepared draw (nothing was drawn yet), e.g. because the eligible clubs changed."""
    authorize(actor, "competitions.cancel_draw")
    locked = Draw.objects.select_for_update().get(pk=draw.pk)
    if locked.status != DrawStatus.PREPARED:
        raise Conflict(_("Seul un tirage préparé, pas encore effectué, peut être annulé."))
    if not reason.strip():
        raise Refused(_("Donnez le motif de l'annulation."), {"reason": [_("Requis.")]})
    audit.record("draw.cancelled", locked, actor=actor, data={"reason": reason, "inputs_hash": locked.inputs_hash})
    locked.delete()


@transaction.atomic
def record_ceremony_draw(edition, stage, *, pairings, exempted=(), next_pairings=None, held_on=None, actor):
    """Record a draw held in public, typed in in the order drawn, checked against who is eligible.

    `pairings`: (home club, away club) in the order drawn; `exempted`: clubs drawn as exempted;
    `next_pairings`: the next round drawn at the same time, each side a club (one exempted here)
    or `engine.WinnerOf(n)`. Refused with every problem if a club is missing, twice, not
    qualified or suspended, or if two clubs of different regions meet in the first phase.
    """
    authorize(actor, "competitions.record_ceremony_draw")
    round_ = round_to_draw(edition, stage)
    _refuse_existing(round_)
    lock_previous_round(round_)
    eligible = eligibility(round_, with_next_round=next_pairings is not None)
    pot_of = {entrant.id: pot.name for pot in eligible.inputs.pots for entrant in pot.entrants}
    names = {club.pk: club.name for club in eligible.clubs.values()}

    def ball(club):
        if isinstance(club, engine.WinnerOf):
            return club
        return engine.Entrant(club.pk, names.get(club.pk, str(club)))

    outcome = engine.Outcome(
        pairings=[
            engine.DrawnPairing(number, ball(home), ball(away), pot_of.get(home.pk, ""))
            for number, (home, away) in enumerate(pairings, start=1)
        ],
        exempted=[engine.Exempted(ball(club), pot_of.get(club.pk, "")) for club in exempted],
    )
    problems = engine.check_recorded(eligible.inputs, outcome)
    if next_pairings is not None and not problems:
        outcome.next_pairings = [
            engine.DrawnPairing(number, ball(home), ball(away), "")
            for number, (home, away) in enumerate(next_pairings, start=1)
        ]
        problems = engine.check_recorded(engine.next_round_inputs(eligible.inputs, outcome), outcome, next_round=True)
    if problems:
        raise refusal(problems)
    now = timezone.now()
    recorded = Draw.objects.create(
        round=round_,
        method=DrawMethod.CEREMONY,
        status=DrawStatus.PERFORMED,
        held_on=held_on,
        prepared_by=actor,
        performed_at=now,
        performed_by=actor,
    )
    following = save_outcome(recorded, outcome, eligible.regions)
    audit.record(
        "draw.recorded",
        recorded,
        actor=actor,
        data={"outcome": engine.outcome_document(outcome), "next_draw": following, "excluded": eligible.excluded},
    )
    return recorded


@transaction.atomic
def publish_draw(draw, *, actor):
    """Make a performed draw public, with the draw of the next round made at the same time; the seed is revealed."""
    authorize(actor, "competitions.publish_draw")
    locked = Draw.objects.select_for_update().get(pk=draw.pk)
    if locked.status == DrawStatus.PREPARED:
        raise Conflict(_("Ce tirage n'est pas encore effectué."))
    if locked.status == DrawStatus.PUBLISHED:
        return locked
    if locked.drawn_with_id and locked.drawn_with.status != DrawStatus.PUBLISHED:
        # Its seed and inputs are the previous round's: publishing it alone would reveal that draw.
        raise Conflict(
            _("Ce tirage a été fait avec celui du %(round)s: publiez celui-là, qui publie les deux.")
            % {"round": locked.drawn_with.round.name}
        )
    now = timezone.now()
    for published in [locked, *Draw.objects.select_for_update().filter(drawn_with=locked)]:
        published.status, published.published_at, published.published_by = DrawStatus.PUBLISHED, now, actor
        published.save(update_fields=["status", "published_at", "published_by"])
        audit.record("draw.published", published, actor=actor, data={"seed": published.seed})
    return locked


def save_outcome(performed, outcome, regions):
    """Write the pairings, exempted clubs and matches of `outcome` (and of the next round drawn with
    it) in a few bulk queries; `regions` maps a pot's name to its region. Returns the next round's draw id, if any."""
    pairings = Pairing.objects.bulk_create(
        Pairing(
            draw=performed,
            number=p.number,
            home_club_id=p.home.id,
            away_club_id=p.away.id,
            region=regions.get(p.pot),
        )
        for p in outcome.pairings
    )
    _exempt(performed, outcome.exempted, regions)
    # This round's matches first, so that a round's matches keep ids in the order of the rounds.
    matches = _create_matches(performed.round, pairings)
    _link_feeders(performed.round, matches)
    following = None
    if outcome.next_pairings or outcome.next_exempted:
        following_draw = Draw.objects.create(
            round=following_round(performed.round),
            method=performed.method,
            status=performed.status,
            drawn_with=performed,
            held_on=performed.held_on,
            prepared_by=performed.prepared_by,
            performed_at=performed.performed_at,
            performed_by=performed.performed_by,
            published_at=performed.published_at,
            published_by=performed.published_by,
            # The same draw, continued: the same inputs and seed verify it.
            algorithm=performed.algorithm,
            inputs=performed.inputs,
            inputs_hash=performed.inputs_hash,
            seed_source=performed.seed_source,
            seed=performed.seed,
            seed_hash=performed.seed_hash,
        )
        following = following_draw.pk
        by_number = {p.number: p for p in pairings}

        def side(ball, name):
            if isinstance(ball, engine.WinnerOf):
                return {f"{name}_winner_of": by_number[ball.number]}
            return {f"{name}_club_id": ball.id}

        next_pairings = Pairing.objects.bulk_create(
            Pairing(draw=following_draw, number=p.number, **side(p.home, "home"), **side(p.away, "away"))
            for p in outcome.next_pairings
        )
        _exempt(following_draw, outcome.next_exempted, {})
        next_matches = _create_matches(following_draw.round, next_pairings)
        by_pairing = {match.pairing_id: match for match in matches}
        for p, next_match in zip(next_pairings, next_matches, strict=True):
            for winner_of, slot in ((p.home_winner_of, Slot.HOME), (p.away_winner_of, Slot.AWAY)):
                if winner_of is not None:
                    feeder = by_pairing[winner_of.pk]
                    feeder.next_match, feeder.next_slot = next_match, slot
        # Written in this transaction and read by nobody yet: no version to move on.
        Match.objects.bulk_update(matches, ["next_match", "next_slot"], batch_size=500)
    return following


def _create_matches(round_, pairings):
    """One match per pairing: the clubs drawn, the club drawn first hosting (art. 11.1)."""
    league_id = inherited_league(round_)
    return Match.objects.bulk_create(
        Match(
            round=round_,
            pairing=p,
            number=p.number,
            home_club_id=p.home_club_id,
            away_club_id=p.away_club_id,
            league_id=league_id,
        )
        for p in pairings
    )


def inherited_league(round_):
    """The id of the league that organises a national-phase round's matches when they are drawn: the one
    that organised every match of the previous round (the LFP, round after round), so that its officials
    see them at once; None when leagues differed or none was set (staff set it on the schedule page)."""
    if round_.stage.startswith(REGIONAL_ROUND_PREFIX):
        return None  # a regional round's matches are organised league by league
    previous = previous_round(round_)
    if previous is None or previous.stage.startswith(REGIONAL_ROUND_PREFIX):
        return None  # after a first phase, the national phase's organiser is not a regional league
    leagues = set(previous.matches.order_by().values_list("league_id", flat=True).distinct())
    return leagues.pop() if len(leagues) == 1 else None


def _link_feeders(round_, matches):
    """Point each match of the previous round at the match its winner now plays, so that a corrected
    result there moves the right club here (while this match is not played)."""
    previous = previous_round(round_)
    if previous is None:
        return
    fed = {}
    for match in matches:
        fed[match.home_club_id] = (match, Slot.HOME)
        fed[match.away_club_id] = (match, Slot.AWAY)
    feeders = list(Match.objects.select_for_update().filter(round=previous, winner__in=list(fed)))
    now = timezone.now()
    for feeder in feeders:
        feeder.next_match, feeder.next_slot = fed[feeder.winner_id]
        # bulk_update skips Match.save(): move the version on here, as save() would.
        feeder.version, feeder.last_updated = feeder.version + 1, now
    Match.objects.bulk_update(feeders, ["next_match", "next_slot", "version", "last_updated"], batch_size=500)


def lock_previous_round(round_):
    """Lock the matches of the round before `round_`: no result there changes while this draw is made."""
    previous = previous_round(round_)
    if previous is not None:
        list(Match.objects.select_for_update().filter(round=previous).values_list("pk", flat=True))


def _exempt(performed, exempted, regions):
    Exemption.objects.bulk_create(
        Exemption(draw=performed, club_id=e.entrant.id, order=order, region=regions.get(e.pot))
        for order, e in enumerate(exempted, start=1)
    )
