"""Help contacts to a spreadsheet, in the columns of the import template, so an export can be read in again.

Values are written as the Dutch labels people read (a later import accepts labels and codes alike);
a help point as "Service – Locatie", or by its number when two help points of the organisation carry
the same name.
"""

from django.utils import translation

from einclusie.contacts.models import AgeBand, Channel, Duration, HelpContact, Outcome, ReferredTo
from einclusie.contacts.spreadsheet_values import help_point_label, normalise
from einclusie.core.codelists import HELP_TOPICS, LANGUAGES, TARGET_GROUPS
from einclusie.core.models import Code
from einclusie.helppoints.models import HelpPoint

CHUNK = 2000
FIELDS = ("pk", "date", "help_point_id", "channel", "outcome", "referred_to", "duration", "age_band", "language_id")


def contacts_export_rows(*, organisation, start=None, end=None):
    """The organisation's contacts (between start and end, dates included) as rows of the import template."""
    contacts = HelpContact.objects.for_organisation(organisation)
    if start is not None:
        contacts = contacts.filter(date__gte=start)
    if end is not None:
        contacts = contacts.filter(date__lte=end)
    labels = _labels(organisation)
    batch = []
    for row in contacts.order_by("date", "pk").values_list(*FIELDS, "note").iterator(chunk_size=CHUNK):
        batch.append(row)
        if len(batch) == CHUNK:
            yield from _rows(batch, labels)
            batch = []
    yield from _rows(batch, labels)


def _labels(organisation):
    with translation.override("nl"):
        labels = {
            field: {value: str(label) for value, label in choices.choices}
            for field, choices in (
                ("channel", Channel),
                ("outcome", Outcome),
                ("referred_to", ReferredTo),
                ("duration", Duration),
                ("age_band", AgeBand),
            )
        }
    codes = Code.objects.filter(code_list__slug__in=[HELP_TOPICS, TARGET_GROUPS, LANGUAGES])
    labels["code"] = dict(codes.values_list("pk", "label_nl"))
    names = {}
    for pk, service, location in HelpPoint.objects.for_organisation(organisation).values_list(
        "pk", "service__name", "location__name"
    ):
        names.setdefault(normalise(help_point_label(service, location)), []).append((pk, service, location))
    labels["help_point"] = {
        pk: help_point_label(service, location) if len(same) == 1 else str(pk)
        for same in names.values()
        for pk, service, location in same
    }
    return labels


def _rows(batch, labels):
    if not batch:
        return
    ids = [row[0] for row in batch]
    related = {}
    for name, through in (("topics", HelpContact.topics.through), ("groups", HelpContact.target_groups.through)):
        pairs = related[name] = {}
        for contact_id, code_id in through.objects.filter(helpcontact_id__in=ids).values_list(
            "helpcontact_id", "code_id"
        ):
            pairs.setdefault(contact_id, []).append(code_id)
    code = labels["code"]
    for pk, date, help_point_id, channel, outcome, referred_to, duration, age_band, language_id, note in batch:
        yield [
            date,
            labels["help_point"].get(help_point_id, str(help_point_id)),
            labels["channel"].get(channel, channel),
            " | ".join(code[code_id] for code_id in sorted(related["topics"].get(pk, ()))),
            labels["outcome"].get(outcome, outcome),
            labels["referred_to"].get(referred_to, "") if outcome == Outcome.REFERRED else "",
            labels["duration"].get(duration, duration),
            labels["age_band"].get(age_band, ""),
            " | ".join(code[code_id] for code_id in sorted(related["groups"].get(pk, ()))),
            code.get(language_id, ""),
            note,
        ]
