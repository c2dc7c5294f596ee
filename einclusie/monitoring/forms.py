"""The researcher's extract form."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from einclusie.monitoring.dashboard import FIRST_YEAR
from einclusie.monitoring.extracts import EXTRACTS


class ExtractForm(forms.Form):
    extract = forms.ChoiceField(
        label=_("Gegevens"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies welke gegevens u wilt."),
            "invalid_choice": _("Kies welke gegevens u wilt."),
        },
    )
    year = forms.TypedChoiceField(
        label=_("Jaar"),
        coerce=int,
        error_messages={"required": _("Kies een jaar."), "invalid_choice": _("Kies een jaar uit de lijst.")},
    )
    linkable = forms.BooleanField(
        label=_("Koppelbaar met andere extracten van onze instelling"),
        required=False,
        help_text=_(
            "Standaard krijgt elk extract nieuwe codes: twee extracten kunnen niet aan elkaar gekoppeld worden. "
            "Vink dit aan als uw onderzoek dezelfde contacten of personen over meerdere extracten moet volgen."
        ),
    )

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        today = today or timezone.localdate()
        self.fields["extract"].choices = [(e.slug, e.title) for e in EXTRACTS.values()]
        self.fields["year"].choices = [(year, str(year)) for year in range(today.year, FIRST_YEAR - 1, -1)]
