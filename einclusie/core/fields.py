"""Form fields that follow the GOV.UK / NL Design System patterns."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class DateInputsWidget(forms.MultiWidget):
    """Three separate boxes for day, month and year, as people write a date."""

    template_name = "components/widgets/date_inputs.html"

    def __init__(self, attrs=None):
        widgets = {
            "day": forms.TextInput(attrs={"inputmode": "numeric", "size": 2, "maxlength": 2, "class": "input-day"}),
            "month": forms.TextInput(attrs={"inputmode": "numeric", "size": 2, "maxlength": 2, "class": "input-month"}),
            "year": forms.TextInput(attrs={"inputmode": "numeric", "size": 4, "maxlength": 4, "class": "input-year"}),
        }
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        labels = [_("Dag"), _("Maand"), _("Jaar")]
        for subwidget, label in zip(context["widget"]["subwidgets"], labels, strict=True):
            subwidget["label"] = label
        return context


class DateInputsField(forms.MultiValueField):
    """A date entered as day, month and year, with a specific message for each mistake."""

    widget = DateInputsWidget
    default_error_messages = {
        "incomplete": _("Vul de dag, de maand en het jaar in."),
        "invalid": _("Dit is geen bestaande datum. Schrijf bijvoorbeeld 27 3 2026."),
    }

    def __init__(self, **kwargs):
        fields = (
            forms.IntegerField(min_value=1, max_value=31),
            forms.IntegerField(min_value=1, max_value=12),
            forms.IntegerField(min_value=1900, max_value=2100),
        )
        kwargs.setdefault("require_all_fields", True)
        super().__init__(fields=fields, **kwargs)

    def clean(self, value):
        # Report one clear message instead of one per box.
        if not value or not any(value):
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        if not all(value):
            raise ValidationError(self.error_messages["incomplete"], code="incomplete")
        try:
            day, month, year = (int(str(part).strip()) for part in value)
            return datetime.date(year, month, day)
        except (TypeError, ValueError):
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def compress(self, data_list):
        return data_list
