"""Writes to the help-point directory. Each one records an event and marks the public directory as changed."""

import time

from django.db import transaction
from django.db.models import F

from einclusie.core.concurrency import lock_unchanged
from einclusie.core.models import record_event
from einclusie.helppoints.models import DirectoryVersion, HelpPoint, OpeningHours, PositionSource
from einclusie.territory.geocoding import geocode

# Each process reads the version at most once per VERSION_TTL seconds, so a cached finder page needs no
# database query at all; a change reaches every process within that time.
VERSION_TTL = 1.0
_memo = {"version": None, "read_at": 0.0}


def directory_changed():
    """Bump the directory version: cached public pages built on an older version are no longer used."""
    updated = DirectoryVersion.objects.filter(pk=1).update(version=F("version") + 1)
    if not updated:
        DirectoryVersion.objects.get_or_create(pk=1, defaults={"version": 1})
    _memo["version"] = None


def directory_version():
    """The current directory version, read from the database at most once a second per process."""
    now = time.monotonic()
    if _memo["version"] is None or now - _memo["read_at"] > VERSION_TTL:
        row = DirectoryVersion.objects.filter(pk=1).values_list("version", flat=True).first()
        _memo.update(version=row or 0, read_at=now)
    return _memo["version"]


def _saved(obj, *, verb, by, organisation, subject, form=None):
    with transaction.atomic():
        if form is not None:
            lock_unchanged(form)  # two people editing the same record: the second save is refused
            obj = form.save()
        else:
            obj.save()
        record_event(verb=verb, actor=by, organisation=organisation, subject=subject)
        directory_changed()
    return obj


def service_save(*, form, by):
    """Create or change a service from a valid ServiceForm whose instance has its organisation set."""
    created = form.instance.pk is None
    service = form.instance
    return _saved(
        service,
        verb="service.created" if created else "service.changed",
        by=by,
        organisation=service.organisation,
        subject=form.cleaned_data["name"],
        form=form,
    )


def location_position(location, *, changed_fields):
    """Give a location a position: entered by hand, else looked up by address, else its municipality's."""
    if location.latitude is not None and location.longitude is not None:
        if {"latitude", "longitude"} & set(changed_fields) or not location.position_source:
            location.position_source = PositionSource.ENTERED
        return
    position = geocode(street=location.street, postal_code=location.postal_code, city=location.city)
    if position:
        location.latitude, location.longitude = round(position.latitude, 6), round(position.longitude, 6)
        location.position_source = PositionSource.GEOCODED
    elif location.municipality.latitude is not None:
        location.latitude, location.longitude = location.municipality.latitude, location.municipality.longitude
        location.position_source = PositionSource.MUNICIPALITY


def location_save(*, form, by):
    created = form.instance.pk is None
    address_changed = {"street", "postal_code", "city"} & set(form.changed_data)
    looked_up = form.instance.position_source in (PositionSource.GEOCODED, PositionSource.MUNICIPALITY)
    if address_changed and looked_up and not {"latitude", "longitude"} & set(form.changed_data):
        form.instance.latitude = form.instance.longitude = None
    location_position(form.instance, changed_fields=form.changed_data)
    return _saved(
        form.instance,
        verb="location.created" if created else "location.changed",
        by=by,
        organisation=form.instance.organisation,
        subject=form.cleaned_data["name"],
        form=form,
    )


def help_point_save(*, form, by):
    created = form.instance.pk is None
    return _saved(
        form.instance,
        verb="help_point.created" if created else "help_point.changed",
        by=by,
        organisation=form.instance.service.organisation,
        subject=str(form.instance.service),
        form=form,
    )


def opening_hours_replace(*, help_point, periods, by):
    """Replace the weekly hours of a help point with the given (weekday, opens_at, closes_at) periods."""
    with transaction.atomic():
        # Two saves at once would otherwise each delete the old hours and both add theirs: lock the help point.
        HelpPoint.objects.select_for_update().only("pk").get(pk=help_point.pk)
        help_point.opening_hours.all().delete()
        OpeningHours.objects.bulk_create(
            OpeningHours(help_point=help_point, weekday=weekday, opens_at=opens, closes_at=closes)
            for weekday, opens, closes in periods
        )
        record_event(
            verb="help_point.hours_changed",
            actor=by,
            organisation=help_point.service.organisation,
            subject=str(help_point),
            periods=[
                [weekday, opens.strftime("%H:%M"), closes.strftime("%H:%M")] for weekday, opens, closes in periods
            ],
        )
        directory_changed()


def schedule_exception_add(*, form, help_point, by):
    form.instance.help_point = help_point
    with transaction.atomic():
        exception = form.save()
        record_event(
            verb="help_point.exception_added",
            actor=by,
            organisation=help_point.service.organisation,
            subject=str(help_point),
            starts_on=exception.starts_on.isoformat(),
            ends_on=exception.ends_on.isoformat(),
            closed=exception.closed,
        )
        directory_changed()
    return exception


def schedule_exception_delete(*, exception, by):
    help_point = exception.help_point
    with transaction.atomic():
        record_event(
            verb="help_point.exception_removed",
            actor=by,
            organisation=help_point.service.organisation,
            subject=str(help_point),
            starts_on=exception.starts_on.isoformat(),
        )
        exception.delete()
        directory_changed()
