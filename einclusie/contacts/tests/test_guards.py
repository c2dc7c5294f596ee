import pytest
from django.core.exceptions import ValidationError

from einclusie.contacts.guards import is_national_register_number, validate_anonymous_note


@pytest.mark.parametrize(
    "number",
    [
        "85073003328",  # born 1985: 97 - (850730033 % 97) = 28
        "85.07.30-033.28",
        "850730 033 28",
        "17073003384",  # born 2017: the check uses 2 followed by the first nine digits
    ],
)
def test_a_note_with_a_national_register_number_is_refused(number):
    with pytest.raises(ValidationError, match="rijksregisternummer"):
        validate_anonymous_note(f"Hulp bij itsme, nummer {number}")


def test_eleven_digits_with_a_wrong_checksum_are_not_a_national_register_number():
    assert not is_national_register_number("85073003327")
    validate_anonymous_note("Code 85073003327 van de toepassing werkte niet")


@pytest.mark.parametrize("text", ["mail naar jan.peeters@telenet.be", "contact: a@b.co"])
def test_a_note_with_an_email_address_is_refused(text):
    with pytest.raises(ValidationError, match="e-mailadres"):
        validate_anonymous_note(text)


@pytest.mark.parametrize("text", ["bel terug op 0470 12 34 56", "tel +32 9 123 45 67", "09/123.45.67"])
def test_a_note_with_a_phone_number_is_refused(text):
    with pytest.raises(ValidationError, match="telefoonnummer"):
        validate_anonymous_note(text)


@pytest.mark.parametrize("text", ["Tax-on-web aangifte 2026, 3 vragen", "itsme op nieuwe gsm gezet", ""])
def test_an_ordinary_note_is_fine(text):
    validate_anonymous_note(text)
