"""The loan agreement: a text each local government can edit (in Dutch, French and English), filled in and
printed as a PDF that the person signs in person at the hand-over.

Placeholders in the text: {organisatie}, {referentie}, {naam}, {toestel}, {serienummer}, {meegegeven_op},
{terugbrengen_tegen}. An unknown placeholder is left as it is, so a typing mistake shows on paper instead of
breaking the page.
"""

import re
from pathlib import Path

from django.utils import translation
from django.utils.formats import date_format

from einclusie.core.pdf import pdf_response

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")

DATA = Path(__file__).parent / "data"
# The standard text in each language, used until an organisation writes its own (see DeviceBankSettings).
DEFAULT_AGREEMENT = {
    language: (DATA / f"agreement_{language}.txt").read_text(encoding="utf-8").strip()
    for language in ("nl", "fr", "en")
}


def fill(text, values):
    """The text with each known {placeholder} replaced."""
    return PLACEHOLDER.sub(lambda match: str(values.get(match.group(1), match.group(0))), text)


def agreement_values(loan):
    beneficiary = loan.beneficiary
    device = loan.device
    handed_over = loan.handed_over_on or loan.reserved_from

    def day(value):
        return date_format(value, "j F Y") if value else "……………"

    return {
        "organisatie": loan.organisation.name,
        "referentie": beneficiary.reference,
        "naam": beneficiary.full_name or "……………",
        "toestel": f"{device.get_device_type_display()} {device.brand} {device.model}".strip(),
        "serienummer": device.serial_number,
        "meegegeven_op": day(handed_over),
        "terugbrengen_tegen": day(loan.due_on),
    }


def agreement_response(loan, *, language, settings, request=None):
    """The filled-in agreement as a PDF in the chosen language (headings follow the same language)."""
    with translation.override(language):
        values = agreement_values(loan)
        text = fill(settings.agreement_text(language), values)
        return pdf_response(
            "devices/pdf/agreement.html",
            {"loan": loan, "text": text, "values": values, "language": language},
            filename=f"overeenkomst-{loan.beneficiary.reference}-{loan.pk}.pdf",
            request=request,
        )
