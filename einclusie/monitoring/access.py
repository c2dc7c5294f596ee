"""Who may see which monitoring page. The regional pages need `monitoring.region` in the programme team or a
research institute, the extracts `monitoring.research` there too; the municipal page needs `monitoring.view`
in a local government with a municipality.
Anyone else gets 404, like every workspace page (organisations/access.py)."""

from django.http import Http404

from einclusie.organisations.access import require
from einclusie.organisations.models import Kind


def require_region(request):
    membership = require(request, "monitoring.region")
    if membership.organisation.kind not in (Kind.REGION, Kind.RESEARCH):
        raise Http404
    return membership


def require_research(request):
    membership = require(request, "monitoring.research")
    if membership.organisation.kind not in (Kind.REGION, Kind.RESEARCH):
        raise Http404
    return membership


def require_local(request):
    membership = require(request, "monitoring.view")
    organisation = membership.organisation
    if not organisation.is_local_government or organisation.municipality_id is None:
        raise Http404
    return membership


def require_survey_answer(request):
    """The coordinator of a local government with a municipality: answers the quick scan for it."""
    membership = require(request, "monitoring.survey.answer")
    organisation = membership.organisation
    if not organisation.is_local_government or organisation.municipality_id is None:
        raise Http404
    return membership
