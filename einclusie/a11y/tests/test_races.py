"""Two people on the same site of the register.

A scan of the same site started twice at the same moment, and one scan picked up twice (PostgreSQL only). Edit
forms (a site, its statement, an audit) carry the version they were opened on: of two people who opened the same
version, the first save is kept and the second is refused with a message (both databases); saves at the very same
moment end the same way (PostgreSQL only, where rows are locked).
"""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from einclusie.a11y import services
from einclusie.a11y.browser import BrowserUnavailable
from einclusie.a11y.forms import AuditForm, DigitalServiceForm
from einclusie.a11y.models import Audit, DigitalService, Scan, ScanStatus, Statement
from einclusie.a11y.tests.test_audits import audit_post
from einclusie.core.concurrency import EDIT_CONFLICT
from einclusie.core.models import Event
from einclusie.core.roles import Role
from einclusie.core.tests.concurrency import at_once, only_on_postgresql, refused, the_one_saved
from einclusie.organisations.tests.factories import MembershipFactory, UserFactory

on_both = pytest.mark.django_db


@pytest.fixture
def site(gent):
    return DigitalService.objects.create(organisation=gent, name="Site Voorbeeld", url="http://127.0.0.1:9/")


@pytest.fixture
def carla(gent):
    """A second coordinator of Gent."""
    return MembershipFactory(user=UserFactory(email="carla@example.org"), organisation=gent, role=Role.COORDINATOR).user


def _site_data(**overrides):
    data = {
        "kind": "website",
        "name": "Site Voorbeeld",
        "url": "http://127.0.0.1:9/",
        "legal_status": "in_scope",
        "scan_every_days": "30",
        "max_pages": "50",
        "max_depth": "3",
    }
    return {**data, **overrides}


def _statement_data(**overrides):
    data = {
        "scope": "De website van Gent.",
        "compliance": "partial",
        "method": "self",
        "contact_email": "toegankelijkheid@gent.example",
        "enforcement": services.ENFORCEMENT_NL,
        "prepared_on_day": "2",
        "prepared_on_month": "1",
        "prepared_on_year": str(timezone.localdate().year),
    }
    return {**data, **overrides}


def _version(form_class, instance, **extra):
    """The version token both people's forms carry: they opened the same version of the row."""
    return form_class(instance=type(instance).objects.get(pk=instance.pk), **extra)["version"].value()


def _save_site(site, token, by, **overrides):
    form = DigitalServiceForm(
        {**_site_data(**overrides), "version": token}, instance=DigitalService.objects.get(pk=site.pk)
    )
    assert form.is_valid(), form.errors
    fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
    return services.service_update(service=form.instance, by=by, form=form, **fields)


# --- One after another (both databases) -------------------------------------------------------------------------


@on_both
def test_the_second_of_two_site_edits_opened_on_the_same_version_is_refused(site, alice, carla):
    token = _version(DigitalServiceForm, site)

    _save_site(site, token, alice, max_pages="100")
    with pytest.raises(ValidationError) as refusal:
        _save_site(site, token, carla, max_pages="20")

    assert refusal.value.messages == [str(EDIT_CONFLICT)]
    assert DigitalService.objects.get(pk=site.pk).max_pages == 100
    assert Event.objects.filter(verb="a11y.service_changed").count() == 1  # the refused save left no trace


@on_both
def test_the_second_of_two_audit_edits_opened_on_the_same_version_is_refused(site, alice, carla):
    day = timezone.localdate() - datetime.timedelta(days=3)
    audit = services.audit_record(
        service=site, by=alice, audited_on=day, method="in_depth", auditor="AnySurfer", results={}
    )
    token = _version(AuditForm, audit, service=site)

    def save(results, by):
        form = AuditForm(
            {**audit_post(day, results=results), "version": token},
            instance=Audit.objects.get(pk=audit.pk),
            service=site,
        )
        assert form.is_valid(), form.errors
        fields = {name: form.cleaned_data[name] for name in ["audited_on", "method", "auditor", "devices", "summary"]}
        return services.audit_update(audit=form.instance, by=by, form=form, results=form.results(), **fields)

    save({"1.4.3": "fail"}, alice)
    with pytest.raises(ValidationError) as refusal:
        save({"1.1.1": "fail"}, carla)

    assert refusal.value.messages == [str(EDIT_CONFLICT)]
    results = Audit.objects.get(pk=audit.pk).results
    assert (results["1.4.3"], results["1.1.1"]) == ("fail", "pass")


@on_both
def test_the_audit_page_sends_its_version_and_the_second_save_shows_the_first_ones_results(client, site, alice, carla):
    day = timezone.localdate() - datetime.timedelta(days=3)
    audit = services.audit_record(
        service=site, by=alice, audited_on=day, method="in_depth", auditor="AnySurfer", results={}
    )
    url = reverse("a11y:audit_edit", args=[audit.pk])
    client.force_login(alice)
    token = client.get(url).context["form"]["version"].value()
    assert f'name="version" value="{token}"' in client.get(url).content.decode()  # the browser sends it back
    client.post(url, {**audit_post(day, results={"1.4.3": "fail"}), "version": token})

    client.force_login(carla)
    response = client.post(url, {**audit_post(day, results={"1.1.1": "fail"}), "version": token})

    assert response.status_code == 200
    assert str(EDIT_CONFLICT) in response.content.decode()
    form = response.context["form"]
    assert (form["sc_1_4_3"].value(), form["sc_1_1_1"].value()) == ("fail", "pass")
    results = Audit.objects.get(pk=audit.pk).results
    assert (results["1.4.3"], results["1.1.1"]) == ("fail", "pass")


@on_both
def test_the_second_coordinator_sees_the_message_and_the_statement_as_the_first_saved_it(client, site, alice, carla):
    url = reverse("a11y:statement", args=[site.pk])
    client.force_login(alice)
    client.post(url, _statement_data(alternatives="Bel het onthaal."))
    token = client.get(url).context["form"]["version"].value()  # both open the written statement
    client.post(url, {**_statement_data(alternatives="Kom naar het loket."), "version": token})

    client.force_login(carla)
    response = client.post(url, {**_statement_data(alternatives="Mail de dienst."), "version": token})

    page = response.content.decode()
    assert response.status_code == 200
    assert str(EDIT_CONFLICT) in page
    assert "Kom naar het loket." in page and "Mail de dienst." not in page
    assert Statement.objects.get(service=site).alternatives == "Kom naar het loket."


@on_both
def test_a_first_statement_written_by_two_people_keeps_the_first_and_shows_it_to_the_second(client, site, alice):
    url = reverse("a11y:statement", args=[site.pk])
    client.force_login(alice)
    token = client.get(url).context["form"]["version"].value()  # both open the form for the first statement
    client.post(url, {**_statement_data(alternatives="Kom naar het loket."), "version": token})

    response = client.post(url, {**_statement_data(alternatives="Mail de dienst."), "version": token})

    assert response.status_code == 200
    assert str(EDIT_CONFLICT) in response.content.decode()
    assert Statement.objects.get(service=site).alternatives == "Kom naar het loket."


# --- At the same moment (PostgreSQL) ----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@only_on_postgresql
def test_two_coordinators_saving_the_same_site_at_once_one_wins_the_other_is_refused(site, alice, carla):
    token = _version(DigitalServiceForm, site)

    results = at_once(
        lambda: _save_site(site, token, alice, name="Website Stad Gent").name,
        lambda: _save_site(site, token, carla, name="Stad Gent online").name,
    )

    winner = the_one_saved(results)
    assert DigitalService.objects.get(pk=site.pk).name == winner
    assert Event.objects.filter(verb="a11y.service_changed").count() == 1


@pytest.mark.django_db(transaction=True)
@only_on_postgresql
def test_two_scans_of_the_same_site_started_at_once_make_one_scan(site, alice):
    results = at_once(
        lambda: services.scan_request(service=site, by=alice), lambda: services.scan_request(service=site, by=alice)
    )
    assert refused(results) == 0
    assert results[0].pk == results[1].pk  # the second one is shown the scan the first one started
    assert Scan.objects.filter(service=site).count() == 1
    assert Event.objects.filter(verb="a11y.scan_requested").count() == 1


@pytest.mark.django_db(transaction=True)
@only_on_postgresql
def test_one_scan_picked_up_by_two_workers_at_once_runs_once(site, alice, monkeypatch):
    scan = services.scan_request(service=site, by=alice)
    browsers = []
    lock = threading.Lock()

    class CountingBrowser:
        """Stands in for Chromium: counts the runs that got as far as starting it."""

        def start(self):
            with lock:
                browsers.append(self)
            raise BrowserUnavailable("geen browser in deze test")

    monkeypatch.setattr(services, "BrowserThread", CountingBrowser)

    results = at_once(lambda: services.scan_run(scan=scan), lambda: services.scan_run(scan=scan))

    assert len(browsers) == 1
    assert refused(results) == 0
    scan.refresh_from_db()
    assert scan.status == ScanStatus.FAILED
    assert scan.problem == "geen browser in deze test"
