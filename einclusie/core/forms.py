"""Form rendering that follows the GOV.UK / NL Design System patterns.

Every field gets a visible label, its hint and errors linked with aria-describedby, and each form starts
with an error summary ("Er is een probleem") that links to the fields in error.
"""

from django.forms.renderers import TemplatesSetting


class AccessibleFormRenderer(TemplatesSetting):
    form_template_name = "components/form.html"
    field_template_name = "components/field.html"


def https_formfield(model_field, **kwargs):
    """ModelForm field factory: web addresses without a scheme are read as https://."""
    from django.db import models

    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return model_field.formfield(**kwargs)
