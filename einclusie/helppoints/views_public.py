"""The public finder and help-point pages (no account needed), and the programme team's overview."""

import hashlib

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from einclusie.core.codelists import HELP_TOPICS, LANGUAGES, codes
from einclusie.courses.finder import courses_near
from einclusie.helppoints import finder, opening, services
from einclusie.helppoints.models import Weekday
from einclusie.organisations.access import require
from einclusie.territory.models import Province

RESULTS_PER_PAGE = 20
FINDER_CACHE_SECONDS = 15 * 60


class FinderForm(forms.Form):
    waar = forms.CharField(
        label=_("Waar zoekt u hulp?"),
        help_text=_("Postcode of gemeente, bijvoorbeeld 9000 of Gent."),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "enterkeyhint": "search"}),
    )
    onderwerp = forms.ChoiceField(label=_("Waarmee hebt u hulp nodig?"), required=False)
    taal = forms.ChoiceField(label=_("In welke taal?"), required=False)
    wanneer = forms.ChoiceField(label=_("Wanneer?"), required=False)
    zonder_afspraak = forms.BooleanField(label=_("Zonder afspraak binnenlopen"), required=False)
    zonder_trappen = forms.BooleanField(label=_("Toegankelijk zonder trappen"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["onderwerp"].choices = [("", _("Alle onderwerpen"))] + [
            (c.code, c.label) for c in codes(HELP_TOPICS)
        ]
        self.fields["taal"].choices = [("", _("Alle talen"))] + [(c.code, c.label) for c in codes(LANGUAGES)]
        self.fields["wanneer"].choices = [("", _("Op elk moment")), ("nu", _("Nu open"))] + [
            (str(day.value), day.label) for day in Weekday
        ]

    def criteria(self):
        data = self.cleaned_data
        when = data.get("wanneer") or ""
        return finder.Criteria(
            topic=data.get("onderwerp") or "",
            language=data.get("taal") or "",
            open_now=when == "nu",
            weekday=int(when) if when.isdigit() else None,
            walk_in=bool(data.get("zonder_afspraak")),
            step_free=bool(data.get("zonder_trappen")),
        )


def _page_number(request):
    raw = request.GET.get("pagina", "1")
    return int(raw) if raw.isdigit() and len(raw) < 6 else 1


def finder_view(request):
    """The finder for citizens. Anonymous pages are cached until the directory changes (or 15 minutes pass)."""
    if request.user.is_authenticated or request.method != "GET" or not settings.FINDER_CACHE:
        return _finder_response(request)
    now = timezone.localtime()
    bucket = now.strftime("%Y%m%d") + str(now.hour * 4 + now.minute // 15)
    query = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    key = f"finder:{services.directory_version()}:{get_language()}:{bucket}:{query}"
    cached = cache.get(key)
    if cached is not None:
        return HttpResponse(cached)
    response = _finder_response(request)
    if response.status_code == 200:
        cache.set(key, response.content, FINDER_CACHE_SECONDS)
    return response


def _finder_response(request):
    form = FinderForm(request.GET or None)
    now = timezone.now()
    lookup = finder.PlaceLookup()
    results = None
    if form.is_valid() and request.GET:
        lookup = finder.find_place(form.cleaned_data["waar"])
        if lookup.place or not form.cleaned_data["waar"]:
            results = finder.search(lookup.place, form.criteria(), now=now)
    elif request.GET and not form.is_valid():
        # Nonsense in the query string: show the empty form again, never an error page.
        form = FinderForm()
    page = None
    if results is not None:
        page = Paginator(results, RESULTS_PER_PAGE).get_page(_page_number(request))
        distances = dict(page.object_list)
        page.object_list = [
            {
                "help_point": help_point,
                "distance": distances[help_point.pk],
                "today": opening.today_text(help_point, now),
            }
            for help_point in finder.load([pk for pk, _distance in page.object_list])
        ]
    # Upcoming courses near the place: one extra query; publishing a course bumps the directory version.
    courses = courses_near(lookup.place) if lookup.place else []
    query_string = request.GET.copy()
    query_string.pop("pagina", None)
    template = (
        "helppoints/public/_results.html"
        if request.GET.get("deel") == "resultaten"
        else "helppoints/public/finder.html"
    )
    return render(
        request,
        template,
        {
            "form": form,
            "lookup": lookup,
            "page": page,
            "query_string": query_string.urlencode(),
            "searched": results is not None,
            "courses": courses,
        },
    )


def detail(request, help_point_uuid):
    help_point = get_object_or_404(finder.base_queryset(), uuid=help_point_uuid)
    now = timezone.now()
    return render(
        request,
        "helppoints/public/detail.html",
        {
            "help_point": help_point,
            "today": opening.today_text(help_point, now),
            "week": opening.describe_week(help_point),
            "upcoming_exceptions": [e for e in help_point.exceptions.all() if e.ends_on >= timezone.localdate(now)][:5],
            "notice": help_point.service.current_notice(),
        },
    )


@login_required
def programme_overview(request):
    require(request, "programme.helppoints.view")
    province = request.GET.get("provincie", "")
    queryset = finder.base_queryset().order_by("location__municipality__name_nl", "service__name")
    if province.isdigit():
        queryset = queryset.filter(location__municipality__province__nis_code=province)
    page = Paginator(queryset, 50).get_page(_page_number(request))
    return render(
        request,
        "helppoints/programme_overview.html",
        {
            "page": page,
            "provinces": Province.objects.filter(municipalities__is_flemish=True).distinct(),
            "province": province,
        },
    )
