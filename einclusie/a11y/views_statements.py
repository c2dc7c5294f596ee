"""The accessibility statement: written in the workspace (pre-filled from the latest scan), published publicly."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from einclusie.a11y import services
from einclusie.a11y.forms import StatementForm
from einclusie.a11y.models import Statement
from einclusie.a11y.views_register import MANAGE, service_for

STATEMENTS_PER_PAGE = 50
MAX_QUERY_LENGTH = 100


@login_required
def statement_edit(request, site_id):
    service = service_for(request, site_id, MANAGE)
    statement = Statement.objects.filter(service=service).first()
    initial = services.statement_defaults(service) if statement is None else {}
    form = StatementForm(request.POST if request.method == "POST" else None, instance=statement, initial=initial)
    if request.method == "POST" and form.is_valid():
        publish = "publiceren" in request.POST
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        if statement is None:
            fields["based_on_scan"] = initial.get("based_on_scan")
            fields["based_on_audit"] = initial.get("based_on_audit")
        try:
            services.statement_save(service=service, by=request.user, publish=publish, form=form, **fields)
        except ValidationError as error:  # changed or written by someone else meanwhile: show what is stored now
            if form.instance.pk is None:  # written between loading this page and saving
                messages.error(request, error.messages[0])
                return redirect("a11y:statement", site_id=service.pk)
            form.show_current(error)
            statement = form.instance
        else:
            if publish:
                messages.success(request, _("De verklaring is gepubliceerd."))
            else:
                messages.success(request, _("De verklaring is bewaard."))
            return redirect("a11y:service", site_id=service.pk)
    return render(
        request,
        "a11y/statement_form.html",
        {
            "form": form,
            "service": service,
            "statement": statement,
            "based_on": initial.get("based_on_scan"),
            "based_on_audit": initial.get("based_on_audit"),
        },
    )


def statement_public(request, statement_slug):
    statement = get_object_or_404(
        Statement.objects.published().select_related("service__organisation"), slug=statement_slug
    )
    return render(
        request,
        "a11y/statement_public.html",
        {"statement": statement, "service": statement.service, "outdated": statement.is_outdated(timezone.localdate())},
    )


def statement_list(request):
    """Every published statement, by local government, searchable by municipality name; public."""
    text = request.GET.get("gemeente", "").strip()
    error = ""
    if len(text) > MAX_QUERY_LENGTH:
        error = _("Zoek met ten hoogste %(count)s tekens, bijvoorbeeld Gent.") % {"count": MAX_QUERY_LENGTH}
    statements = Statement.objects.published().select_related("service__organisation__municipality")
    if text and not error:
        statements = statements.in_municipality_named(text)
    statements = statements.order_by("service__organisation__name", "service__name", "pk")
    page = Paginator(statements if not error else Statement.objects.none(), STATEMENTS_PER_PAGE).get_page(
        request.GET.get("pagina")
    )
    return render(
        request,
        "a11y/statement_list.html",
        {
            "page": page,
            "text": text[:MAX_QUERY_LENGTH],
            "error": error,
            "query_string": urlencode({"gemeente": text}) if text and not error else "",
        },
        status=400 if error else 200,
    )
