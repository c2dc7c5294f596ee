"""The register: a local government's sites, forms and apps, and asking the monitor for a scan."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from einclusie.a11y import services
from einclusie.a11y.forms import DigitalServiceForm
from einclusie.a11y.models import Audit, DigitalService, Statement
from einclusie.a11y.trends import criterion_trend
from einclusie.organisations.access import get_for_organisation_or_404, require

VIEW = "a11y.view"
MANAGE = "a11y.manage"


def service_for(request, site_id, action=VIEW):
    """A site of the current organisation (404 for anyone else)."""
    return get_for_organisation_or_404(request, DigitalService.objects.all(), action=action, pk=site_id)


@login_required
def home(request):
    membership = require(request, VIEW)
    sites = list(DigitalService.objects.for_organisation(membership.organisation))
    latest = {}
    for site in sites:
        latest[site.pk] = site.scans.finished().first() if site.is_scannable else None
    audits = {}
    for audit in Audit.objects.filter(service__in=sites).latest_first():
        audits.setdefault(audit.service_id, audit)
    statements = {s.service_id: s for s in Statement.objects.filter(service__in=sites)}
    rows = [(site, latest[site.pk], audits.get(site.pk), statements.get(site.pk)) for site in sites]
    return render(
        request,
        "a11y/home.html",
        {
            "rows": rows,
            "can_manage": membership.allows(MANAGE),
            "can_sample": membership.allows("programme.a11y.sample"),
            "today": timezone.localdate(),
        },
    )


@login_required
def service_form(request, site_id=None):
    membership = require(request, MANAGE)
    service = service_for(request, site_id, MANAGE) if site_id is not None else None
    form = DigitalServiceForm(request.POST if request.method == "POST" else None, instance=service)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if service is None:
                saved = services.service_register(organisation=membership.organisation, by=request.user, **fields)
            else:
                saved = services.service_update(service=service, by=request.user, form=form, **fields)
        except ValidationError as error:
            form.show_current(error)
        else:
            messages.success(request, _("%(name)s is bewaard.") % {"name": saved.name})
            return redirect("a11y:service", site_id=saved.pk)
    return render(request, "a11y/service_form.html", {"form": form, "service": form.instance if service else None})


@login_required
def service_detail(request, site_id):
    membership = require(request, VIEW)
    service = service_for(request, site_id)
    scans = list(service.scans.all()[:20])
    audits = list(service.audits.latest_first()[:20])
    statement = Statement.objects.filter(service=service).first()
    return render(
        request,
        "a11y/service_detail.html",
        {
            "service": service,
            "scans": scans,
            "audits": audits,
            "trend": criterion_trend(service) if service.is_scannable else None,
            "open_scan": next((scan for scan in scans if scan.is_open), None),
            "statement": statement,
            "can_manage": membership.allows(MANAGE),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def scan_request(request, site_id):
    service = service_for(request, site_id, MANAGE)
    if not service.is_scannable:
        messages.error(request, _("De monitor scant websites en e-loketformulieren, geen mobiele apps."))
        return redirect("a11y:service", site_id=service.pk)
    scan = services.scan_request(service=service, by=request.user)
    messages.success(request, _("De scan staat in de wachtrij. Deze pagina toont hoe ver hij is."))
    return redirect("a11y:scan", scan_id=scan.pk)
