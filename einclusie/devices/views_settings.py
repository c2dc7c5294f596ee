"""Workspace pages of the coordinator: the device bank's settings, its eligibility grounds, and its figures."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from einclusie.devices import monitoring, services
from einclusie.devices.forms import DeviceBankSettingsForm, EligibilityGroundForm
from einclusie.devices.models import DeviceType, EligibilityGround, GroundKind
from einclusie.devices.views_inventory import VIEW
from einclusie.organisations.access import get_for_organisation_or_404, require
from einclusie.territory.models import Municipality

CONFIGURE = "devices.configure"


@login_required
def bank_settings(request):
    membership = require(request, CONFIGURE)
    bank = services.bank_settings(membership.organisation)
    form = DeviceBankSettingsForm(request.POST if request.method == "POST" else None, instance=bank)
    if request.method == "POST" and form.is_valid():
        try:
            services.settings_save(form=form, by=request.user)
        except ValidationError as error:
            form.show_current(error)
        else:
            messages.success(request, _("De instellingen van de toestellenbank zijn bewaard."))
            return redirect("devices:settings")
    return render(request, "devices/settings_form.html", {"form": form, "bank": form.instance})


@login_required
def ground_list(request):
    membership = require(request, CONFIGURE)
    services.bank_settings(membership.organisation)
    grounds = EligibilityGround.objects.for_organisation(membership.organisation)
    return render(request, "devices/ground_list.html", {"grounds": grounds})


@login_required
def ground_form(request, ground_id=None):
    membership = require(request, CONFIGURE)
    ground = (
        get_for_organisation_or_404(request, EligibilityGround.objects.all(), action=CONFIGURE, pk=ground_id)
        if ground_id is not None
        else None
    )
    form = EligibilityGroundForm(
        request.POST if request.method == "POST" else None, instance=ground, organisation=membership.organisation
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.ground_save(form=form, organisation=membership.organisation, by=request.user)
        except ValidationError as error:
            form.show_current(error)
        else:
            messages.success(request, _("De grond %(label)s is bewaard.") % {"label": saved.label_nl})
            return redirect("devices:grounds")
    return render(request, "devices/ground_form.html", {"form": form, "ground": form.instance if ground else None})


def _year_start(today):
    return datetime.date(today.year, 1, 1)


@login_required
def figures(request):
    """The counts the monitoring uses, for this organisation, this year and per month."""
    membership = require(request, VIEW)
    organisation = membership.organisation
    today = timezone.localdate()
    start = _year_start(today)
    type_labels = dict(DeviceType.choices)
    ground_labels = dict(GroundKind.choices)
    by_type = monitoring.counts(by="device_type", organisation=organisation, start=start, end=today)
    for row in by_type:
        row["label"] = type_labels.get(row["device_type"], row["device_type"])
    by_ground = monitoring.counts(by="ground", organisation=organisation, start=start, end=today)
    for row in by_ground:
        row["label"] = ground_labels.get(row["ground"], _("zonder grond"))
    by_month = monitoring.counts(by="month", organisation=organisation, start=start, end=today)
    for row in by_month:
        row["label"] = date_format(row["month"], "F Y")
    by_municipality = monitoring.counts(by="municipality", organisation=organisation, start=start, end=today)
    names = dict(
        Municipality.objects.filter(nis_code__in=[row["municipality"] for row in by_municipality]).values_list(
            "nis_code", "name_nl"
        )
    )
    for row in by_municipality:
        row["label"] = names.get(row["municipality"], row["municipality"] or "–")
    return render(
        request,
        "devices/figures.html",
        {
            "start": start,
            "end": today,
            "totals": monitoring.totals(organisation=organisation, start=start, end=today),
            "by_month": by_month,
            "by_type": by_type,
            "by_ground": by_ground,
            "by_municipality": by_municipality,
            "measures": monitoring.MEASURE_LABELS,
        },
    )
