"""The auditor's read-only view of the whole activity log, with filters and a CSV export."""

import json

from auditlog.models import LogEntry
from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from einclusie.core.fields import DateInputsField
from einclusie.core.models import Event
from einclusie.core.spreadsheets import spreadsheet_response
from einclusie.organisations.access import require
from einclusie.organisations.models import Organisation

AUDIT = "audit.view"


class EventFilterForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisatie"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=_("Alle organisaties"),
    )
    verb = forms.ChoiceField(label=_("Gebeurtenis"), required=False)
    start = DateInputsField(label=_("Vanaf"), required=False, help_text=_("Bijvoorbeeld 1 3 2026."))
    end = DateInputsField(label=_("Tot en met"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        verbs = Event.objects.order_by("verb").values_list("verb", flat=True).distinct()
        self.fields["verb"].choices = [("", _("Alle gebeurtenissen")), *((verb, verb) for verb in verbs)]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["start"] > cleaned["end"]:
            self.add_error("end", _("De einddatum ligt voor de begindatum."))
        return cleaned

    def filter(self, events):
        if not self.is_bound or not self.is_valid():
            return events
        data = self.cleaned_data
        if data["organisation"]:
            events = events.for_organisation(data["organisation"])
        if data["verb"]:
            events = events.filter(verb=data["verb"])
        return events.in_period(data["start"], data["end"])


@login_required
def event_list(request):
    require(request, AUDIT)
    form = EventFilterForm(request.GET or None)
    events = form.filter(Event.objects.select_related("actor", "organisation").order_by("-id"))
    if request.GET.get("formaat") == "csv":
        return event_export(events)
    page = Paginator(events, 50).get_page(request.GET.get("pagina"))
    attach_field_changes(page.object_list)
    query_string = request.GET.copy()
    query_string.pop("pagina", None)
    query_string.pop("formaat", None)
    return render(
        request,
        "core/event_list.html",
        {"form": form, "page": page, "query_string": query_string.urlencode()},
    )


def attach_field_changes(events):
    """Give each `record.*` event its change record's field changes, `(field label, old, new)`: one query."""
    events = list(events)
    entry_ids = [event.data.get("entry") for event in events if event.verb.startswith("record.")]
    if not entry_ids:
        return
    entries = LogEntry.objects.select_related("content_type").in_bulk([pk for pk in entry_ids if pk])
    for event in events:
        entry = entries.get(event.data.get("entry")) if event.verb.startswith("record.") else None
        if entry is not None:
            event.field_changes = field_changes(entry)


def field_changes(entry):
    model = entry.content_type.model_class()
    rows = []
    for name, values in sorted((entry.changes or {}).items()):
        try:
            label = getattr(model._meta.get_field(name), "verbose_name", name) if model else name
        except FieldDoesNotExist:
            label = name
        old, new = (list(values) + [None, None])[:2] if isinstance(values, list) else (None, values)
        rows.append((label, old, new))
    return rows


def event_export(events):
    header = [
        "id",
        str(_("Tijdstip")),
        str(_("Door")),
        str(_("Organisatie")),
        str(_("Gebeurtenis")),
        str(_("Onderwerp")),
        str(_("Gegevens")),
        "previous_hash",
        "hash",
    ]
    rows = (
        [
            event.pk,
            timezone.localtime(event.occurred_at).isoformat(timespec="seconds"),
            event.actor.email if event.actor else "",
            event.organisation.name if event.organisation else "",
            event.verb,
            event.subject,
            json.dumps(event.data, ensure_ascii=False, sort_keys=True),
            event.previous_hash,
            event.hash,
        ]
        for event in events.iterator(chunk_size=2000)
    )
    filename = f"logboek-{timezone.localdate():%Y-%m-%d}"
    return spreadsheet_response(filename=filename, header=header, rows=rows, file_format="csv")
