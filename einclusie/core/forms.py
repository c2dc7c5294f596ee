"""Form rendering that follows the GOV.UK / NL Design System patterns.

Every field gets a visible label, its hint and errors linked with aria-describedby, and each form starts
with an error summary ("Er is een probleem") that links to the fields in error.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting


class AccessibleFormRenderer(TemplatesSetting):
    form_template_name = "components/form.html"
    field_template_name = "components/field.html"


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, but a number too large for the database is an invalid choice, not a server error.

    Django checks each value with an exact lookup (safe) and then all of them with `__in`, which SQLite answers
    with OverflowError for an integer past 64 bits (found by core/tests/test_form_fuzzing.py).
    """

    def _check_values(self, value):
        try:
            return super()._check_values(value)
        except OverflowError:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": "…"}
            ) from None


def https_formfield(model_field, **kwargs):
    """ModelForm field factory: web addresses without a scheme are read as https://."""
    from django.db import models

    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return model_field.formfield(**kwargs)
