"""Free text about a help contact must never identify the person helped."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# 11 digits, optionally written as 85.07.30-033.28 or 850730 033 28.
NATIONAL_NUMBER = re.compile(r"(?<!\d)(\d{2})[.\s]?(\d{2})[.\s]?(\d{2})[-.\s]?(\d{3})[.\s]?(\d{2})(?!\d)")
# Belgian phone numbers: +32 or 0 followed by 8 or 9 digits, with spaces, dots, slashes or dashes.
PHONE = re.compile(r"(?<![\d])(?:\+|00)?(?:32[\s./-]?)?0?\d(?:[\s./-]?\d){7,8}(?!\d)")


def is_national_register_number(digits):
    """Whether 11 digits form a valid Belgian national register number (born before or after 2000)."""
    if len(digits) != 11 or not digits.isdigit():
        return False
    base, check = int(digits[:9]), int(digits[9:])
    return 97 - base % 97 == check or 97 - int("2" + digits[:9]) % 97 == check


def validate_anonymous_note(text):
    """Refuse a national register number, an e-mail address or a phone number, saying which."""
    for match in NATIONAL_NUMBER.finditer(text):
        if is_national_register_number("".join(match.groups())):
            raise ValidationError(
                _("Schrijf geen rijksregisternummer in de notitie. Noteer nooit wie u hielp."), code="national_number"
            )
    if EMAIL.search(text):
        raise ValidationError(_("Schrijf geen e-mailadres in de notitie. Noteer nooit wie u hielp."), code="email")
    for match in PHONE.finditer(text):
        if sum(ch.isdigit() for ch in match.group()) >= 9:
            raise ValidationError(
                _("Schrijf geen telefoonnummer in de notitie. Noteer nooit wie u hielp."), code="phone"
            )
