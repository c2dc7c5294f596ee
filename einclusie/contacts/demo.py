"""Fictitious help contacts for the demo help points (no people: contacts never name anyone)."""

import datetime
import random

from django.db import transaction

from einclusie.contacts.models import AgeBand, Channel, Duration, HelpContact, Outcome, ReferredTo
from einclusie.core.codelists import HELP_TOPICS, codes


def demo_contacts(help_points, *, per_help_point=25, today=None):
    """Create contacts over the last 90 days for help points that have none yet."""
    today = today or datetime.date.today()
    rng = random.Random(4)  # noqa: S311 - demo data, not security
    topics = list(codes(HELP_TOPICS))
    created = 0
    with transaction.atomic():
        for help_point in help_points:
            if HelpContact.objects.filter(help_point=help_point).exists():
                continue
            for _number in range(per_help_point):
                outcome = rng.choices(list(Outcome), weights=[6, 2, 1, 1])[0]
                contact = HelpContact.objects.create(
                    organisation=help_point.service.organisation,
                    help_point=help_point,
                    date=today - datetime.timedelta(days=rng.randint(0, 90)),
                    channel=rng.choice(list(Channel)),
                    outcome=outcome,
                    referred_to=rng.choice(list(ReferredTo)) if outcome == Outcome.REFERRED else "",
                    duration=rng.choice(list(Duration)),
                    age_band=rng.choice([*AgeBand, ""]),
                )
                contact.topics.set(rng.sample(topics, k=rng.randint(1, 2)))
                created += 1
    return created
