"""Results of one scan: progress, findings per success criterion, new and fixed since the scan before, PDF."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from einclusie.a11y import criteria, services
from einclusie.a11y.models import PageOutcome, Scan
from einclusie.core.pdf import pdf_response
from einclusie.organisations.access import get_for_organisation_or_404

VIEW = "a11y.view"


def scan_for(request, scan_id):
    return get_for_organisation_or_404(
        request, Scan.objects.select_related("service"), action=VIEW, owner="service__organisation", pk=scan_id
    )


def _report(scan):
    findings = list(scan.findings.select_related("page"))
    fixes = {**criteria.AXE_FIXES, **{key: check.fix for key, check in criteria.CHECKS.items()}}
    for finding in findings:
        finding.fix = fixes.get(finding.check_id, "")
        finding.impact_label = criteria.IMPACT_LABELS.get(finding.impact, finding.impact)
    previous, new, fixed = services.scan_comparison(scan)
    pages = list(scan.pages.all())
    groups = services.findings_by_criterion(findings)
    summary = [
        {
            "anchor": f"sc-{index}",
            "label": label,
            "findings": len(items),
            "pages": len({finding.page_id for finding in items}),
            "serious": sum(1 for finding in items if finding.is_serious),
        }
        for index, (_number, label, items) in enumerate(groups, start=1)
    ]
    return {
        "scan": scan,
        "service": scan.service,
        "groups": groups,
        "summary": summary,
        "finding_count": len(findings),
        "serious_count": sum(1 for finding in findings if finding.is_serious),
        "previous": previous,
        "new": new,
        "fixed": fixed,
        "not_scanned": [page for page in pages if page.outcome != PageOutcome.SCANNED],
    }


@login_required
def scan_detail(request, scan_id):
    scan = scan_for(request, scan_id)
    return render(request, "a11y/scan_detail.html", _report(scan))


@login_required
def scan_pdf(request, scan_id):
    scan = scan_for(request, scan_id)
    return pdf_response(
        "a11y/pdf/scan_report.html",
        _report(scan),
        filename=f"toegankelijkheid-scan-{scan.pk}.pdf",
        request=request,
    )
