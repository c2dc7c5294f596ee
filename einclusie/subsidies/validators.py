"""Checks of what applicants type: bank account numbers and amounts."""

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Length of the IBAN per country for the countries a Flemish local government banks in.
IBAN_LENGTHS = {"BE": 16, "NL": 18, "LU": 20, "FR": 27, "DE": 22}


def normalise_iban(value):
    return re.sub(r"\s+", "", value or "").upper()


def validate_iban(value):
    """An IBAN with a correct country length and check digits (ISO 13616, modulo 97)."""
    iban = normalise_iban(value)
    if not re.fullmatch(r"[A-Z]{2}[0-9]{2}[A-Z0-9]+", iban):
        raise ValidationError(_("Een IBAN begint met twee letters en twee cijfers, bijvoorbeeld BE68 5390 0754 7034."))
    expected = IBAN_LENGTHS.get(iban[:2])
    if expected is None:
        raise ValidationError(_("Gebruik een rekening in België of een buurland."))
    if len(iban) != expected:
        raise ValidationError(
            _("Een IBAN uit %(country)s heeft %(length)s tekens.") % {"country": iban[:2], "length": expected}
        )
    digits = "".join(str(int(character, 36)) for character in iban[4:] + iban[:4])
    if int(digits) % 97 != 1:
        raise ValidationError(_("Dit rekeningnummer bestaat niet: de controlecijfers kloppen niet. Kijk het na."))


def validate_amount_has_two_decimals(value):
    if value is not None and Decimal(value).as_tuple().exponent < -2:
        raise ValidationError(_("Een bedrag heeft ten hoogste twee cijfers na de komma."))


def format_iban(value):
    iban = normalise_iban(value)
    return " ".join(iban[index : index + 4] for index in range(0, len(iban), 4))
