"""The toolkit: a catalogue anyone can search; local governments say what they used; the programme team curates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Avg, Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from einclusie.operation import services
from einclusie.operation.forms import ToolkitItemForm, ToolkitSearchForm, ToolkitUseForm
from einclusie.operation.models import ToolkitItem, ToolkitUse
from einclusie.organisations.access import require

USE = "operation.toolkit.use"
MANAGE = "operation.toolkit.manage"
ITEMS_PER_PAGE = 20


def _with_use(queryset):
    return queryset.annotate(used=Count("uses", distinct=True), rating=Avg("uses__rating"))


def toolkit(request):
    form = ToolkitSearchForm(request.GET or None)
    items = _with_use(ToolkitItem.objects.published().select_related("action_type"))
    query = ""
    if form.is_valid():
        query = form.cleaned_data["q"]
        items = services.toolkit_search(items, query)
        if form.cleaned_data["aspect"]:
            items = items.filter(aspect=form.cleaned_data["aspect"])
        if form.cleaned_data["soort"]:
            items = items.filter(kind=form.cleaned_data["soort"])
    elif request.GET:
        form = ToolkitSearchForm()
    page = Paginator(items.order_by("-used", "title"), ITEMS_PER_PAGE).get_page(request.GET.get("pagina"))
    query_string = request.GET.copy()
    query_string.pop("pagina", None)
    membership = getattr(request, "current_membership", None)
    return render(
        request,
        "operation/toolkit.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "query_string": query_string.urlencode(),
            "can_manage": bool(membership and membership.allows(MANAGE)),
        },
    )


def toolkit_item(request, toolkit_item_id):
    item = get_object_or_404(
        _with_use(ToolkitItem.objects.published().select_related("action_type")).prefetch_related("target_groups"),
        pk=toolkit_item_id,
    )
    membership = getattr(request, "current_membership", None)
    own_use = None
    if membership and membership.allows(USE):
        own_use = ToolkitUse.objects.filter(item=item, organisation=membership.organisation).first()
    return render(
        request,
        "operation/toolkit_item.html",
        {
            "item": item,
            "own_use": own_use,
            "form": ToolkitUseForm(initial={"rating": own_use.rating if own_use and own_use.rating else ""}),
            "can_use": bool(membership and membership.allows(USE)),
            "can_manage": bool(membership and membership.allows(MANAGE)),
        },
    )


@login_required
@require_POST
def toolkit_use(request, toolkit_item_id):
    membership = require(request, USE)
    item = get_object_or_404(ToolkitItem.objects.published(), pk=toolkit_item_id)
    form = ToolkitUseForm(request.POST)
    if form.is_valid():
        services.toolkit_use(
            item=item, organisation=membership.organisation, rating=form.cleaned_data["rating"], by=request.user
        )
        messages.success(request, _("Bedankt. Andere lokale besturen zien dat u dit gebruikte."))
    else:
        messages.error(request, _("Geef een beoordeling van 1 tot 5 sterren."))
    return redirect("operation:toolkit_item", toolkit_item_id=item.pk)


@login_required
def toolkit_item_edit(request, toolkit_item_id=None):
    require(request, MANAGE)
    item = get_object_or_404(ToolkitItem, pk=toolkit_item_id) if toolkit_item_id else None
    form = ToolkitItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        saved = services.toolkit_item_save(form=form, by=request.user)
        messages.success(request, _("Het item is bewaard."))
        return redirect("operation:toolkit_item", toolkit_item_id=saved.pk)
    return render(request, "operation/toolkit_item_form.html", {"form": form, "item": item})
