"""Manual audits: how an app (which the monitor cannot crawl) gets a status, a trend and a statement."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from einclusie.a11y import criteria, services
from einclusie.a11y.forms import AuditFindingForm, AuditForm, result_field_name
from einclusie.a11y.models import Audit, CriterionResult, ServiceKind
from einclusie.a11y.views_register import MANAGE, VIEW, service_for
from einclusie.organisations.access import get_for_organisation_or_404


def audit_for(request, audit_id, action=VIEW):
    """An audit of a site of the current organisation (404 for anyone else)."""
    return get_for_organisation_or_404(
        request, Audit.objects.select_related("service"), action=action, owner="service__organisation", pk=audit_id
    )


def _save(request, form, service, audit):
    fields = {name: form.cleaned_data[name] for name in ["audited_on", "method", "auditor", "devices", "summary"]}
    fields["results"] = form.results()
    report = form.cleaned_data.get("report")
    if report is False:  # "wissen" ticked
        fields["report"] = ""
    elif report:
        fields["report"] = report
    if audit is None:
        return services.audit_record(service=service, by=request.user, **fields)
    return services.audit_update(audit=audit, by=request.user, form=form, **fields)


@login_required
def audit_form(request, site_id=None, audit_id=None):
    if audit_id is not None:
        audit = audit_for(request, audit_id, MANAGE)
        service = audit.service
    else:
        audit, service = None, service_for(request, site_id, MANAGE)
    form = AuditForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        instance=audit,
        service=service,
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = _save(request, form, service, audit)
        except ValidationError as error:
            form.show_current(error)
            audit = form.instance
        else:
            messages.success(request, _("De audit is bewaard."))
            return redirect("a11y:audit", audit_id=saved.pk)
    results = [(criterion, form[result_field_name(criterion.number)]) for criterion in criteria.required_criteria()]
    return render(
        request,
        "a11y/audit_form.html",
        {
            "form": form,
            "service": service,
            "audit": audit,
            "results": results,
            "is_app": service.kind == ServiceKind.APP,
        },
    )


@login_required
def audit_detail(request, audit_id):
    audit = audit_for(request, audit_id)
    service = audit.service
    membership = request.current_membership
    can_manage = membership.allows(MANAGE)
    form = None
    if can_manage:
        form = AuditFindingForm(request.POST if request.method == "POST" else None, service=service)
    elif request.method == "POST":
        raise Http404
    if form is not None and request.method == "POST" and form.is_valid():
        services.audit_finding_add(audit=audit, by=request.user, **form.cleaned_data)
        messages.success(request, _("De bevinding is toegevoegd."))
        return redirect("a11y:audit", audit_id=audit.pk)
    software = service.kind == ServiceKind.APP
    labels = dict(CriterionResult.choices)
    rows = [
        {
            "label": criteria.criterion_label(criterion.number),
            "clause": criteria.en_clause(criterion.number, software=software),
            "result": audit.results.get(criterion.number, CriterionResult.NOT_TESTED),
            "result_label": labels[audit.results.get(criterion.number, CriterionResult.NOT_TESTED)],
        }
        for criterion in criteria.required_criteria()
    ]
    findings = list(audit.findings.all())
    for finding in findings:
        finding.impact_label = criteria.IMPACT_LABELS.get(finding.impact, finding.impact)
    previous, worse, better = services.audit_comparison(audit)
    return render(
        request,
        "a11y/audit_detail.html",
        {
            "audit": audit,
            "service": service,
            "rows": rows,
            "groups": services.findings_by_criterion(findings),
            "finding_count": len(findings),
            "previous": previous,
            "worse": worse,
            "better": better,
            "form": form,
            "can_manage": can_manage,
            "is_app": software,
        },
    )


@login_required
def audit_report(request, audit_id):
    audit = audit_for(request, audit_id)
    if not audit.report:
        raise Http404
    response = FileResponse(audit.report.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="audit-{audit.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
