"""Spreadsheets in and out: read contacts from a CSV or Excel file (check first, then import), export the list."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from einclusie.contacts.forms import (
    ALL_OR_NOTHING,
    MAX_UPLOAD_ROWS,
    ContactsExportForm,
    ContactsImportForm,
    ImportConfirmForm,
)
from einclusie.contacts.models import AgeBand, Channel, Duration, Outcome, ReferredTo
from einclusie.contacts.spreadsheet_export import contacts_export_rows
from einclusie.contacts.spreadsheet_import import COLUMNS, HEADER, ImportReport, contacts_import
from einclusie.contacts.spreadsheet_values import help_point_label
from einclusie.contacts.views import LOG, VIEW
from einclusie.core.codelists import HELP_TOPICS, LANGUAGES, TARGET_GROUPS, codes
from einclusie.core.spreadsheets import (
    FORMATS,
    SpreadsheetError,
    open_spreadsheet,
    spreadsheet_response,
    upload_forget,
    upload_keep,
    upload_path,
)
from einclusie.helppoints.models import HelpPoint
from einclusie.organisations.access import require

SESSION_IMPORT = "contacts_import"
LISTED_DUPLICATES = 50


@login_required
def import_view(request):
    """Step 1: choose a file; it is checked and the report shows what an import would do."""
    membership = require(request, LOG)
    organisation = membership.organisation
    form = ContactsImportForm(request.POST or None, request.FILES or None)
    report = confirm = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        token = upload_keep(upload)
        report = _import(token, organisation=organisation, by=request.user, dry_run=True, all_or_nothing=False)
        if report.error:
            form.add_error("file", report.error)
            upload_forget(token)
            report = None
        else:
            _forget_pending(request)
            request.session[SESSION_IMPORT] = {"token": token, "organisation": organisation.pk, "name": upload.name}
            confirm = ImportConfirmForm(initial={"token": token})
    return _import_page(request, organisation, form=form, report=report, confirm=confirm)


@login_required
@require_POST
def import_confirm(request):
    """Step 2: import the file checked in step 1, keeping the good rows or all or nothing."""
    membership = require(request, LOG)
    organisation = membership.organisation
    pending = request.session.get(SESSION_IMPORT) or {}
    confirm = ImportConfirmForm(request.POST)
    if (
        not confirm.is_valid()
        or confirm.cleaned_data["token"] != pending.get("token")
        or pending.get("organisation") != organisation.pk
        or upload_path(pending["token"]) is None
    ):
        messages.error(request, _("Dit bestand is niet meer beschikbaar. Kies het opnieuw."))
        return redirect("contacts:import")
    all_or_nothing = confirm.cleaned_data["mode"] == ALL_OR_NOTHING
    report = _import(pending["token"], organisation=organisation, by=request.user, all_or_nothing=all_or_nothing)
    _forget_pending(request)
    if report.refused:
        messages.error(
            request,
            report.error
            or ngettext(
                "Er is niets ingelezen: %(count)d rij heeft een probleem en u koos alles of niets.",
                "Er is niets ingelezen: %(count)d rijen hebben een probleem en u koos alles of niets.",
                report.bad_rows,
            )
            % {"count": report.bad_rows},
        )
        return redirect("contacts:import")
    parts = [
        ngettext("%(count)d contact ingelezen.", "%(count)d contacten ingelezen.", report.created)
        % {"count": report.created}
    ]
    if report.duplicates:
        parts.append(
            ngettext(
                "%(count)d rij was al eerder ingelezen.",
                "%(count)d rijen waren al eerder ingelezen.",
                report.duplicates,
            )
            % {"count": report.duplicates}
        )
    if report.bad_rows:
        parts.append(
            ngettext(
                "%(count)d rij met een probleem is niet ingelezen.",
                "%(count)d rijen met een probleem zijn niet ingelezen.",
                report.bad_rows,
            )
            % {"count": report.bad_rows}
        )
    messages.success(request, " ".join(parts))
    return redirect("contacts:summary")


@login_required
@require_GET
def import_template(request):
    """The empty template: only the row of column names."""
    require(request, LOG)
    file_format = request.GET.get("formaat")
    if file_format not in FORMATS:
        raise Http404
    return spreadsheet_response(filename=_("sjabloon-hulpcontacten"), header=HEADER, rows=[], file_format=file_format)


@login_required
@require_GET
def export(request):
    """The organisation's contacts of a period as CSV or Excel, in the columns of the import template."""
    membership = require(request, VIEW)
    organisation = membership.organisation
    today = timezone.localdate()
    file_format = request.GET.get("formaat")
    form = ContactsExportForm(
        request.GET if file_format else None,
        initial={"van": (today.replace(day=1) - datetime.timedelta(days=335)).replace(day=1), "tot": today},
    )
    if file_format in FORMATS and form.is_valid():
        start, end = form.cleaned_data["van"], form.cleaned_data["tot"]
        rows = contacts_export_rows(organisation=organisation, start=start, end=end)
        filename = f"{_('hulpcontacten')}-{slugify(organisation.name)}-{start:%Y%m%d}-{end:%Y%m%d}"
        return spreadsheet_response(filename=filename, header=HEADER, rows=rows, file_format=file_format)
    return render(request, "contacts/export.html", {"form": form, "organisation": organisation})


def _import(token, *, organisation, by, all_or_nothing, dry_run=False):
    with open(upload_path(token), "rb") as handle:
        try:
            sheet = open_spreadsheet(handle, COLUMNS, max_rows=MAX_UPLOAD_ROWS)
        except SpreadsheetError as error:
            return ImportReport(dry_run=dry_run, all_or_nothing=all_or_nothing, error=str(error))
        return contacts_import(
            rows=sheet, organisation=organisation, by=by, all_or_nothing=all_or_nothing, dry_run=dry_run
        )


def _forget_pending(request):
    pending = request.session.pop(SESSION_IMPORT, None)
    if pending:
        upload_forget(pending.get("token"))


def _import_page(request, organisation, *, form, report, confirm):
    points = (
        HelpPoint.objects.for_organisation(organisation)
        .select_related("service", "location")
        .order_by("service__name", "location__name")
    )
    with translation.override("nl"):
        # The file takes the Dutch labels (and the codes), whatever the language of the page.
        values = [
            ("kanaal", [str(label) for _value, label in Channel.choices]),
            ("resultaat", [str(label) for _value, label in Outcome.choices]),
            ("doorverwezen_naar", [str(label) for _value, label in ReferredTo.choices]),
            ("duur", [str(label) for _value, label in Duration.choices]),
            ("leeftijd", [str(label) for _value, label in AgeBand.choices]),
        ]
    for name, list_slug in (("onderwerpen", HELP_TOPICS), ("doelgroepen", TARGET_GROUPS), ("taal", LANGUAGES)):
        values.append((name, [code.label_nl for code in codes(list_slug)]))
    return render(
        request,
        "contacts/import.html",
        {
            "form": form,
            "report": report,
            "filename": request.session.get(SESSION_IMPORT, {}).get("name", "") if report else "",
            "confirm": confirm,
            "duplicates_listed": report.duplicate_rows[:LISTED_DUPLICATES] if report else [],
            "help_points": [(point.pk, help_point_label(point.service.name, point.location.name)) for point in points],
            "values": values,
            "max_rows": MAX_UPLOAD_ROWS,
        },
    )
