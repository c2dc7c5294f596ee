"""A person's rights across the modules: find, download (JSON) and erase what the platform holds about them."""

import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from einclusie.core import privacy
from einclusie.organisations.access import require


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Referentie of e-mailadres"),
        max_length=254,
        help_text=gettext_lazy(
            "De referentie uit de toestellenbank (bijvoorbeeld TB-7K2M9Q) of het e-mailadres van de persoon."
        ),
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )

    def clean_q(self):
        value = privacy.normalised_query(self.cleaned_data["q"])
        if "@" in value:
            try:
                validate_email(value)
            except ValidationError:
                raise ValidationError(
                    _("Dit e-mailadres is niet geldig. Typ het volledig, bijvoorbeeld naam@voorbeeld.be."),
                    code="email",
                ) from None
        elif len(value) < 4:
            raise ValidationError(
                _("Typ een volledige referentie (minstens 4 tekens) of een e-mailadres."), code="too_short"
            )
        return value


class PersonEraseForm(PersonSearchForm):
    confirm = forms.BooleanField(
        label=gettext_lazy("Ik begrijp dat het wissen niet ongedaan kan worden"),
        error_messages={"required": gettext_lazy("Vink aan dat u begrijpt dat het wissen niet ongedaan kan worden.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget = forms.HiddenInput()
        self.prefix = "wissen"


def reach_for(request):
    return privacy.Reach.of(require(request, privacy.ACTION))


@login_required
def person_search(request):
    reach = reach_for(request)
    form = PersonSearchForm(request.GET or None)
    records = None
    erase_form = None
    if form.is_valid():
        records = privacy.person_find(query=form.cleaned_data["q"], reach=reach)
        erase_form = PersonEraseForm(initial={"q": form.cleaned_data["q"]})
    return render_search(request, form=form, records=records, erase_form=erase_form, reach=reach)


def render_search(request, *, form, records, erase_form, reach, status=200):
    context = {"form": form, "records": records, "erase_form": erase_form, "reach": reach}
    if records is not None:
        context["export_query"] = urlencode({"q": form.cleaned_data["q"]})
    return render(request, "core/person_search.html", context, status=status)


@login_required
def person_export(request):
    reach = reach_for(request)
    form = PersonSearchForm(request.GET or None)
    if not form.is_valid():
        return render_search(request, form=form, records=None, erase_form=None, reach=reach, status=400)
    data = privacy.person_export(query=form.cleaned_data["q"], reach=reach, by=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="persoonsgegevens.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def person_erase(request):
    reach = reach_for(request)
    erase_form = PersonEraseForm(request.POST)
    query = privacy.normalised_query(request.POST.get("wissen-q"))
    search_form = PersonSearchForm({"q": query})
    if not search_form.is_valid():
        return render_search(request, form=search_form, records=None, erase_form=None, reach=reach, status=400)
    if erase_form.is_valid():
        try:
            privacy.person_erase(query=query, reach=reach, by=request.user)
        except ValidationError as error:
            erase_form.add_error(None, error)
        else:
            messages.success(
                request,
                _("De persoonsgegevens zijn gewist. De rijen blijven anoniem bewaard, zodat de cijfers kloppen."),
            )
            return redirect(reverse("core:person_search") + "?" + urlencode({"q": query}))
    records = privacy.person_find(query=query, reach=reach)
    return render_search(request, form=search_form, records=records, erase_form=erase_form, reach=reach, status=400)
