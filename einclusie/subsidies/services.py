"""Writes of calls and distribution keys. Each function checks, writes and records one event."""

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from einclusie.core.concurrency import lock_unchanged
from einclusie.core.models import record_event
from einclusie.subsidies.distribution import Component, DistributionError, distribute
from einclusie.subsidies.models import (
    DeadlineOverride,
    DistributionKey,
    DrawingRight,
    KeyMethod,
    KeyStatus,
)
from einclusie.territory.models import Municipality, Statistic

MAX_IMPORT_BYTES = 1024 * 1024


def key_create(*, call, by, **fields):
    """A new draft version of the call's key, numbered after the last one."""
    with transaction.atomic():
        last = DistributionKey.objects.select_for_update().filter(call=call).order_by("-version").first()
        key = DistributionKey.objects.create(call=call, version=(last.version + 1) if last else 1, **fields)
    record_event(verb="subsidies.key.created", actor=by, subject=key, key=key.pk)
    return key


def key_copy(*, key, by):
    """A new draft version with the same settings and components, to try a change without touching this one."""
    fields = {
        name: getattr(key, name)
        for name in (
            "name",
            "method",
            "beneficiary_kind",
            "envelope",
            "rounding",
            "floor",
            "cap",
            "reference_date",
            "statistics_year",
            "note",
        )
    }
    copy = key_create(call=key.call, by=by, **fields)
    copy.excluded.set(key.excluded.all())
    for component in key.components.all():
        copy.components.create(indicator=component.indicator, weight=component.weight)
    if key.method == KeyMethod.FIXED:
        DrawingRight.objects.bulk_create(
            DrawingRight(key=copy, municipality_id=right.municipality_id, amount=right.amount, explanation={})
            for right in key.drawing_rights.all()
        )
    return copy


def _ensure_editable(key):
    if not key.is_editable:
        raise ValidationError(_("Een gepubliceerde versie verandert niet meer. Maak een nieuwe versie."))


def _lock_editable(key):
    """Inside a transaction: lock the key (publishing locks it too) and check it was not published meanwhile."""
    key.status = DistributionKey.objects.select_for_update().values_list("status", flat=True).get(pk=key.pk)
    _ensure_editable(key)


def eligible_municipalities(key):
    """The Flemish municipalities that exist on the key's reference date, without the excluded ones."""
    return (
        Municipality.objects.current(on=key.reference_date)
        .flemish()
        .exclude(pk__in=key.excluded.values("pk"))
        .order_by("nis_code")
    )


def statistic_values(municipalities, indicator_codes, year):
    """{nis_code: {indicator: value}} for the year; a municipality that merged after that year counts its parts.

    A statistic of year Y describes the territory on 1 January of Y. A municipality formed by a later merger
    (or one that took in a neighbour later, such as Antwerpen with Borsbeek) gets its own value, if any, plus
    the values of the former municipalities that still existed then. A municipality without any value is
    left out of the result, so the caller can name it.
    """
    start_of_year = datetime.date(year, 1, 1)
    by_pk = {municipality.pk: municipality for municipality in municipalities}
    parts = {pk: [pk] for pk in by_pk}
    for former in Municipality.objects.filter(successor__in=by_pk, valid_until__gt=start_of_year):
        parts[former.successor_id].append(former.pk)
    every_pk = [pk for pks in parts.values() for pk in pks]
    known = {}
    for municipality_id, code, value in Statistic.objects.filter(
        municipality__in=every_pk, indicator__code__in=indicator_codes, year=year
    ).values_list("municipality_id", "indicator__code", "value"):
        known[municipality_id, code] = value
    values = {}
    for pk, municipality in by_pk.items():
        row = {}
        for code in indicator_codes:
            found = [known[part, code] for part in parts[pk] if (part, code) in known]
            if found:
                row[code] = sum(found, Decimal(0))
        if len(row) == len(indicator_codes):
            values[municipality.nis_code] = row
    return values


def key_compute(*, key, by):
    """Compute every drawing right of a formula key; the amounts add up to the envelope exactly."""
    _ensure_editable(key)
    if key.method != KeyMethod.FORMULA:
        raise ValidationError(_("Deze versie gebruikt vaste bedragen: lees ze in in plaats van te berekenen."))
    components = list(key.components.select_related("indicator"))
    codes = [component.indicator.code for component in components]
    municipalities = list(eligible_municipalities(key))
    values = statistic_values(municipalities, codes, key.statistics_year)
    missing = [municipality for municipality in municipalities if municipality.nis_code not in values]
    if missing:
        names = ", ".join(f"{municipality.name_nl} ({municipality.nis_code})" for municipality in missing[:10])
        raise ValidationError(
            _(
                "Voor %(count)s gemeenten ontbreken statistieken van %(year)s: %(names)s. Lees ze in of sluit "
                "die gemeenten uit."
            )
            % {"count": len(missing), "year": key.statistics_year, "names": names}
        )
    try:
        shares, totals, weights = distribute(
            values=values,
            components=[Component(component.indicator.code, component.weight) for component in components],
            envelope=key.envelope,
            unit=key.unit,
            floor=key.floor,
            cap=key.cap,
        )
    except DistributionError as error:
        raise ValidationError(str(error)) from None
    by_code = {municipality.nis_code: municipality for municipality in municipalities}
    with transaction.atomic():
        _lock_editable(key)  # a recompute never changes a version published in the meantime
        key.drawing_rights.all().delete()
        DrawingRight.objects.bulk_create(
            DrawingRight(
                key=key,
                municipality=by_code[share.nis_code],
                amount=share.amount,
                explanation=share.explanation(totals, weights),
            )
            for share in shares
        )
        key.status = KeyStatus.COMPUTED
        key.computed_at = timezone.now()
        key.save(update_fields=["status", "computed_at"])
    record_event(verb="subsidies.key.computed", actor=by, subject=key, key=key.pk, municipalities=len(shares))
    return key


@dataclass
class ImportReport:
    rows: list = field(default_factory=list)  # (nis_code, amount) of the good rows
    errors: list = field(default_factory=list)  # (line, message)
    total: Decimal = Decimal(0)

    @property
    def ok(self):
        return not self.errors


def read_fixed_amounts(*, key, text):
    """Check a CSV of fixed drawing rights (`nis_code` and `amount` columns, `;` or `,`); report every bad line."""
    report = ImportReport()
    try:
        dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else "", delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [name.strip().lower() for name in reader.fieldnames or []]
    reader.fieldnames = header
    for column in ("nis_code", "amount"):
        if column not in header:
            report.errors.append((1, _("De kolom %(column)s ontbreekt.") % {"column": column}))
    if report.errors:
        return report
    municipalities = {municipality.nis_code: municipality for municipality in Municipality.objects.all()}
    seen = {}
    for line, row in enumerate(reader, start=2):
        nis_code = (row.get("nis_code") or "").strip()
        raw_amount = (row.get("amount") or "").strip().replace(" ", "")
        if nis_code not in municipalities:
            report.errors.append((line, _("Onbekende NIS-code %(code)s.") % {"code": nis_code or "–"}))
            continue
        if nis_code in seen:
            report.errors.append(
                (line, _("NIS-code %(code)s staat al op regel %(line)s.") % {"code": nis_code, "line": seen[nis_code]})
            )
            continue
        try:
            amount = Decimal(raw_amount.replace(",", ".")) if raw_amount.count(",") <= 1 else None
        except InvalidOperation:
            amount = None
        if amount is None or not amount.is_finite():
            report.errors.append((line, _("%(value)s is geen bedrag.") % {"value": raw_amount or "–"}))
            continue
        if amount < 0:
            report.errors.append((line, _("Een trekkingsrecht kan niet negatief zijn.")))
            continue
        if amount.as_tuple().exponent < -2:
            report.errors.append((line, _("Een bedrag heeft ten hoogste twee cijfers na de komma.")))
            continue
        seen[nis_code] = line
        report.rows.append((municipalities[nis_code], amount))
        report.total += amount
    if report.total > key.envelope:
        report.errors.append(
            (
                None,
                _("Samen is dat %(total)s euro, meer dan het budget van %(envelope)s euro.")
                % {"total": report.total, "envelope": key.envelope},
            )
        )
    return report


def key_import_fixed(*, key, text, by):
    """Replace the drawing rights of a fixed key by the amounts of a CSV; all lines or none."""
    _ensure_editable(key)
    if key.method != KeyMethod.FIXED:
        raise ValidationError(_("Deze versie berekent de bedragen met een formule: vaste bedragen inlezen kan niet."))
    report = read_fixed_amounts(key=key, text=text)
    if not report.ok:
        return report
    with transaction.atomic():
        _lock_editable(key)  # nor does an import
        key.drawing_rights.all().delete()
        DrawingRight.objects.bulk_create(
            DrawingRight(key=key, municipality=municipality, amount=amount, explanation={"fixed": True})
            for municipality, amount in report.rows
        )
        key.status = KeyStatus.COMPUTED
        key.computed_at = timezone.now()
        key.save(update_fields=["status", "computed_at"])
    record_event(verb="subsidies.key.imported", actor=by, subject=key, key=key.pk, rows=len(report.rows))
    return report


def key_publish(*, key, by):
    """Publish a computed version: local governments and the public see these drawing rights from now on."""
    with transaction.atomic():
        key = DistributionKey.objects.select_for_update().get(pk=key.pk)
        if key.status == KeyStatus.PUBLISHED:
            raise ValidationError(_("Deze versie is al gepubliceerd."))
        if key.status != KeyStatus.COMPUTED or not key.drawing_rights.exists():
            raise ValidationError(_("Bereken of lees de trekkingsrechten eerst in."))
        key.status = KeyStatus.PUBLISHED
        key.published_at = timezone.now()
        key.save(update_fields=["status", "published_at"])
    record_event(verb="subsidies.key.published", actor=by, subject=key, key=key.pk)
    return key


def key_set_draft(key):
    """After a change of the settings or the components, the computed amounts no longer hold."""
    _ensure_editable(key)
    if key.status == KeyStatus.COMPUTED and key.method == KeyMethod.FORMULA:
        key.drawing_rights.all().delete()
        key.status = KeyStatus.DRAFT
        key.save(update_fields=["status"])


@dataclass(frozen=True)
class Difference:
    municipality: Municipality
    first: Decimal
    second: Decimal

    @property
    def change(self):
        return self.second - self.first

    @property
    def percentage(self):
        if not self.first:
            return None
        return (self.change / self.first * 100).quantize(Decimal("0.1"))


def key_compare(first, second):
    """Drawing rights of two versions side by side, per municipality as it exists on the later reference date.

    Former municipalities are added to the one they merged into, so a 2022 key compares with a 2025 one.
    """
    on = max(first.reference_date, second.reference_date)
    totals = {}
    municipalities = {}
    for column, key in enumerate((first, second)):
        for right in key.drawing_rights.select_related("municipality__successor__successor"):
            municipality = right.municipality.resolve(on)
            municipalities[municipality.pk] = municipality
            amounts = totals.setdefault(municipality.pk, [Decimal(0), Decimal(0)])
            amounts[column] += right.amount
    rows = [
        Difference(municipality=municipalities[pk], first=amounts[0], second=amounts[1])
        for pk, amounts in totals.items()
    ]
    return sorted(rows, key=lambda row: (row.change, row.municipality.name_nl))


def deadline_extend(*, step, organisation, closes_on, reason, by):
    """Give one organisation its own last day for a step (or change it)."""
    if closes_on < step.opens_on:
        raise ValidationError(_("De nieuwe uiterste datum ligt voor de start van deze stap."))
    override, _created = DeadlineOverride.objects.update_or_create(
        step=step, organisation=organisation, defaults={"closes_on": closes_on, "reason": reason, "granted_by": by}
    )
    record_event(
        verb="subsidies.deadline.extended",
        actor=by,
        organisation=organisation,
        subject=step,
        step=step.pk,
        closes_on=closes_on.isoformat(),
        reason=reason,
    )
    return override


def deadline_remove(*, override, by):
    """Give the organisation the call's own date again."""
    step, organisation = override.step, override.organisation
    override.delete()
    record_event(verb="subsidies.deadline.removed", actor=by, organisation=organisation, subject=step, step=step.pk)


def steps_validate(steps):
    """The justification cannot open before the application does."""
    by_kind = {step.kind: step for step in steps}
    application, justification = by_kind.get("application"), by_kind.get("justification")
    if application and justification and justification.opens_on < application.opens_on:
        raise ValidationError(_("De verantwoording kan niet openen voor de aanvraag."))


def call_save(*, form, formsets, by):
    """Save a call with its budget, steps and payment schedule, and the action types it funds."""
    with transaction.atomic():
        lock_unchanged(form)  # two people editing the same call: the second save is refused
        call = form.save()
        for formset in formsets:
            formset.instance = call
            formset.save()
        steps_validate(call.steps.all())
        funded = set(form.cleaned_data["action_types"])
        mandatory = set(form.cleaned_data["mandatory_action_types"])
        call.action_types.exclude(action_type__in=funded).delete()
        for code in funded:
            call.action_types.update_or_create(action_type=code, defaults={"is_mandatory": code in mandatory})
    record_event(verb="subsidies.call.saved", actor=by, subject=call, call=call.pk)
    return call


def key_save(*, form, formset, by):
    """Save the settings and components of a draft version; computed amounts are dropped when they change."""
    _ensure_editable(form.instance)
    with transaction.atomic():
        locked = lock_unchanged(form)  # two people editing the same version: the second save is refused
        if locked is not None:
            _ensure_editable(locked)  # not published meanwhile
            form.instance.status = locked.status  # computed meanwhile: the change below makes it a draft again
        key = form.save(commit=False)
        if key.pk is None:
            key = key_create(
                call=key.call,
                by=by,
                **{
                    field.name: getattr(key, field.name)
                    for field in DistributionKey._meta.concrete_fields
                    if field.name in form.Meta.fields
                },
            )
        else:
            key.save(update_fields=form.Meta.fields)  # what only publishing and computing write stays as it is
        key.excluded.set(form.cleaned_data["excluded_codes"])
        formset.instance = key
        formset.save()
        if form.has_changed() or formset.has_changed():
            key_set_draft(key)
    record_event(verb="subsidies.key.saved", actor=by, subject=key, key=key.pk)
    return key
