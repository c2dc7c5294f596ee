"""Two coordinators saving the same help point (its hours, its form) at the same moment (PostgreSQL only)."""

import datetime

import pytest

from einclusie.core.tests.concurrency import at_once, only_on_postgresql, refused, the_one_saved
from einclusie.helppoints import services
from einclusie.helppoints.forms import HelpPointForm
from einclusie.helppoints.models import HelpPoint
from einclusie.helppoints.tests.factories import HelpPointFactory, LocationFactory, ServiceFactory

pytestmark = [pytest.mark.django_db(transaction=True), only_on_postgresql]

MORNINGS = [(weekday, datetime.time(9), datetime.time(12)) for weekday in range(5)]
EVENINGS = [(weekday, datetime.time(18), datetime.time(21)) for weekday in range(2)]


def _periods(help_point):
    return sorted(help_point.opening_hours.values_list("weekday", "opens_at", "closes_at"))


def test_two_saves_of_the_weekly_hours_at_once_keep_one_of_them_not_both(gent, alice):
    help_point = HelpPointFactory(
        service=ServiceFactory(organisation=gent), location=LocationFactory(organisation=gent)
    )
    results = at_once(
        lambda: services.opening_hours_replace(
            help_point=HelpPoint.objects.get(pk=help_point.pk), periods=MORNINGS, by=alice
        ),
        lambda: services.opening_hours_replace(
            help_point=HelpPoint.objects.get(pk=help_point.pk), periods=EVENINGS, by=alice
        ),
    )
    assert refused(results) == 0
    assert _periods(help_point) in (sorted(MORNINGS), sorted(EVENINGS))
    assert help_point.opening_hours.count() in (len(MORNINGS), len(EVENINGS))


def test_two_people_saving_the_same_form_at_once_one_save_wins_the_other_is_refused(gent, alice, bob):
    help_point = HelpPointFactory(
        service=ServiceFactory(organisation=gent), location=LocationFactory(organisation=gent), walk_in=True
    )
    token = HelpPointForm(organisation=gent, instance=help_point)["version"].value()  # both opened this version

    def save(details):
        form = HelpPointForm(
            {
                "location": help_point.location_id,
                "by_appointment": "on",
                "appointment_details": details,
                "version": token,
            },
            organisation=gent,
            instance=HelpPoint.objects.get(pk=help_point.pk),
        )
        assert form.is_valid(), form.errors
        return services.help_point_save(form=form, by=alice).appointment_details

    results = at_once(lambda: save("Bel 09 123 45 67."), lambda: save("Mail naar digipunt@gent.be."))

    winner = the_one_saved(results)
    assert HelpPoint.objects.get(pk=help_point.pk).appointment_details == winner
