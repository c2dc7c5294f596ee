"""Workspace pages: an organisation manages its services, locations, digipunten and opening hours."""

import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from einclusie.core.spreadsheets import FORMATS, spreadsheet_response
from einclusie.helppoints import opening, services
from einclusie.helppoints.forms import (
    HelpPointForm,
    HsdsImportForm,
    LocationForm,
    ScheduleExceptionForm,
    ServiceForm,
    WeeklyHoursForm,
)
from einclusie.helppoints.hsds_import import HsdsImportError, hsds_import
from einclusie.helppoints.models import HelpPoint, Location, OpeningHours, ScheduleException, Service
from einclusie.organisations.access import get_for_organisation_or_404, require

VIEW = "helppoints.view"
MANAGE = "helppoints.manage"


def _help_points():
    return HelpPoint.objects.select_related("service", "location", "location__municipality").prefetch_related(
        Prefetch("opening_hours", queryset=OpeningHours.objects.order_by("weekday", "opens_at")), "exceptions"
    )


@login_required
def overview(request):
    membership = require(request, VIEW)
    organisation = membership.organisation
    return render(
        request,
        "helppoints/overview.html",
        {
            "organisation": organisation,
            "services": Service.objects.for_organisation(organisation).prefetch_related("topics"),
            "help_points": _help_points().for_organisation(organisation),
            "locations": Location.objects.filter(organisation=organisation).select_related("municipality"),
            "can_manage": membership.allows(MANAGE),
        },
    )


@login_required
@require_GET
def overview_export(request):
    """The organisation's help points as CSV or Excel (?formaat=csv or xlsx); the number is the one imports use."""
    membership = require(request, VIEW)
    file_format = request.GET.get("formaat")
    if file_format not in FORMATS:
        raise Http404
    header = [
        _("nummer"),
        _("digipunt"),
        _("hulpaanbod"),
        _("locatie"),
        _("straat"),
        _("postcode"),
        _("plaats"),
        _("gemeente"),
        _("status"),
        _("binnenlopen zonder afspraak"),
        _("op afspraak"),
    ]
    rows = (
        [
            point.pk,
            f"{point.service.name} – {point.location.name}",
            point.service.name,
            point.location.name,
            point.location.street,
            point.location.postal_code,
            point.location.city,
            point.location.municipality.name if point.location.municipality_id else "",
            point.service.get_status_display(),
            _("ja") if point.walk_in else _("nee"),
            _("ja") if point.by_appointment else _("nee"),
        ]
        for point in HelpPoint.objects.for_organisation(membership.organisation)
        .select_related("service", "location__municipality")
        .order_by("service__name", "location__name", "pk")
    )
    filename = f"{_('digipunten')}-{slugify(membership.organisation.name)}"
    return spreadsheet_response(filename=filename, header=header, rows=list(rows), file_format=file_format)


@login_required
def service_form(request, service_id=None):
    membership = require(request, MANAGE)
    service = None
    if service_id is not None:
        service = get_for_organisation_or_404(request, Service.objects.all(), action=MANAGE, pk=service_id)
    form = ServiceForm(request.POST or None, instance=service)
    if request.method == "POST" and form.is_valid():
        form.instance.organisation = membership.organisation
        service = services.service_save(form=form, by=request.user)
        messages.success(request, _("Het hulpaanbod %(name)s is bewaard.") % {"name": service.name})
        if service_id is None:
            return redirect("helppoints:help_point_create", service_id=service.pk)
        return redirect("helppoints:overview")
    return render(request, "helppoints/service_form.html", {"form": form, "service": service})


@login_required
def location_form(request, location_id=None):
    membership = require(request, MANAGE)
    location = None
    if location_id is not None:
        location = get_for_organisation_or_404(request, Location.objects.all(), action=MANAGE, pk=location_id)
    form = LocationForm(request.POST or None, instance=location)
    if request.method == "POST" and form.is_valid():
        form.instance.organisation = membership.organisation
        location = services.location_save(form=form, by=request.user)
        messages.success(request, _("De locatie %(name)s is bewaard.") % {"name": location.name})
        return redirect("helppoints:overview")
    return render(request, "helppoints/location_form.html", {"form": form, "location": location})


@login_required
def help_point_create(request, service_id):
    membership = require(request, MANAGE)
    service = get_for_organisation_or_404(request, Service.objects.all(), action=MANAGE, pk=service_id)
    form = HelpPointForm(
        request.POST or None, organisation=membership.organisation, instance=HelpPoint(service=service)
    )
    if request.method == "POST" and form.is_valid():
        help_point = services.help_point_save(form=form, by=request.user)
        messages.success(request, _("Het digipunt is bewaard. Vul nu de openingsuren in."))
        return redirect("helppoints:hours", help_point_id=help_point.pk)
    has_locations = Location.objects.filter(organisation=membership.organisation).exists()
    return render(
        request,
        "helppoints/help_point_form.html",
        {"form": form, "service": service, "help_point": None, "has_locations": has_locations},
    )


@login_required
def help_point_edit(request, help_point_id):
    membership = require(request, MANAGE)
    help_point = get_for_organisation_or_404(
        request, _help_points(), action=MANAGE, owner="service__organisation", pk=help_point_id
    )
    form = HelpPointForm(request.POST or None, organisation=membership.organisation, instance=help_point)
    if request.method == "POST" and form.is_valid():
        try:
            services.help_point_save(form=form, by=request.user)
        except ValidationError as error:
            form.show_current(error)
        else:
            messages.success(request, _("Het digipunt is bewaard."))
            return redirect("helppoints:detail", help_point_id=help_point.pk)
    return render(
        request,
        "helppoints/help_point_form.html",
        {"form": form, "service": help_point.service, "help_point": help_point, "has_locations": True},
    )


@login_required
def help_point_detail(request, help_point_id):
    membership = require(request, VIEW)
    help_point = get_for_organisation_or_404(
        request, _help_points(), action=VIEW, owner="service__organisation", pk=help_point_id
    )
    return render(
        request,
        "helppoints/help_point_detail.html",
        {
            "help_point": help_point,
            "week": opening.describe_week(help_point),
            "exceptions": help_point.exceptions.all(),
            "can_manage": membership.allows(MANAGE),
        },
    )


@login_required
def hours(request, help_point_id):
    require(request, MANAGE)
    help_point = get_for_organisation_or_404(
        request, _help_points(), action=MANAGE, owner="service__organisation", pk=help_point_id
    )
    form = WeeklyHoursForm(request.POST or None, help_point=help_point)
    if request.method == "POST" and form.is_valid():
        problems = opening.validate_weekly_hours(form.periods())
        if problems:
            for problem in problems:
                form.add_error(None, problem)
        else:
            services.opening_hours_replace(help_point=help_point, periods=form.periods(), by=request.user)
            messages.success(request, _("De openingsuren zijn bewaard."))
            return redirect("helppoints:detail", help_point_id=help_point.pk)
    return render(request, "helppoints/hours_form.html", {"form": form, "help_point": help_point})


@login_required
def exception_create(request, help_point_id):
    require(request, MANAGE)
    help_point = get_for_organisation_or_404(
        request,
        HelpPoint.objects.select_related("service"),
        action=MANAGE,
        owner="service__organisation",
        pk=help_point_id,
    )
    form = ScheduleExceptionForm(request.POST or None, instance=ScheduleException(help_point=help_point))
    if request.method == "POST" and form.is_valid():
        services.schedule_exception_add(form=form, help_point=help_point, by=request.user)
        messages.success(request, _("De uitzondering is bewaard."))
        return redirect("helppoints:detail", help_point_id=help_point.pk)
    return render(request, "helppoints/exception_form.html", {"form": form, "help_point": help_point})


@login_required
@require_POST
def exception_delete(request, exception_id):
    require(request, MANAGE)
    exception = get_for_organisation_or_404(
        request,
        ScheduleException.objects.select_related("help_point__service"),
        action=MANAGE,
        owner="help_point__service__organisation",
        pk=exception_id,
    )
    help_point_id = exception.help_point_id
    services.schedule_exception_delete(exception=exception, by=request.user)
    messages.success(request, _("De uitzondering is verwijderd."))
    return redirect("helppoints:detail", help_point_id=help_point_id)


@login_required
def hsds_import_view(request):
    """Read an HSDS data set (JSON or the zipped CSV package) into the organisation's directory."""
    membership = require(request, MANAGE)
    form = HsdsImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"upload.{upload.kind}"
            with open(path, "wb") as target:
                for chunk in upload.chunks():
                    target.write(chunk)
            try:
                report = hsds_import(
                    organisation=membership.organisation,
                    data=path,
                    dry_run=form.cleaned_data["dry_run"],
                    by=request.user,
                )
            except HsdsImportError as error:
                form.add_error("file", str(error))
    return render(request, "helppoints/hsds_import.html", {"form": form, "report": report})
