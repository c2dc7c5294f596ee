"""Decision letters and receipts: the call's editable text with the application's figures filled in."""

import string

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from einclusie.core.pdf import pdf_response
from einclusie.subsidies.applications import drawing_right_for
from einclusie.subsidies.models import ApplicationStatus
from einclusie.subsidies.validators import format_iban


class _Fields(dict):
    def __missing__(self, key):
        return "{" + key + "}"  # An unknown field stays visible, so the editor sees the typo.


def fill(template, application):
    """The letter text with {bestuur}, {bedrag}, … replaced; other braces stay as they are."""
    last = application.transitions.filter(to_status=application.status).order_by("-at").first()
    fields = _Fields(
        bestuur=application.organisation.name,
        oproep=application.call.title,
        referentie=application.reference,
        bedrag=number_format(application.approved_amount or application.requested_amount or 0, 2, force_grouping=True),
        besluit=application.decision_reference,
        datum=date_format(application.decided_at, "j F Y") if application.decided_at else "",
        toelichting=last.note if last else "",
    )
    formatter = string.Formatter()
    parts = []
    for literal, field, _spec, _conversion in formatter.parse(template):
        parts.append(literal)
        if field is not None:
            parts.append(fields[field] if field.isidentifier() else "{" + field + "}")
    return "".join(parts)


def decision_letter_response(application, request):
    approved = application.status == ApplicationStatus.APPROVED
    template = application.call.approval_letter if approved else application.call.rejection_letter
    subject = _("Goedkeuring van uw aanvraag") if approved else _("Beslissing over uw aanvraag")
    return pdf_response(
        "subsidies/pdf/letter.html",
        {
            "application": application,
            "subject": subject,
            "body": fill(template, application),
            "decided_on": application.decided_at,
        },
        filename=f"besluit-{application.reference}.pdf",
        request=request,
    )


def receipt_response(application, request):
    return pdf_response(
        "subsidies/pdf/receipt.html",
        {
            "application": application,
            "iban": format_iban(application.iban),
            "maximum": drawing_right_for(call=application.call, organisation=application.organisation),
            "current_action_types": application.current_action_types.all(),
            "actions": application.actions.select_related("action_type").prefetch_related("target_groups"),
        },
        filename=f"ontvangstbewijs-{application.reference}.pdf",
        request=request,
    )
