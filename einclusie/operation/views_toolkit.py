"""The toolkit: a catalogue anyone can search; local governments say what they used; the programme team curates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Avg, Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from einclusie.operation import services
from einclusie.operation.forms import ToolkitFileForm, ToolkitItemForm, ToolkitSearchForm, ToolkitUseForm
from einclusie.operation.models import ToolkitFile, ToolkitItem, ToolkitUse
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
            "can_programme": bool(membership and membership.allows("operation.programme")),
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
            "files": item.files.all(),
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
        try:
            saved = services.toolkit_item_save(form=form, by=request.user)
        except ValidationError as error:
            form.show_current(error)
        else:
            messages.success(request, _("Het item is bewaard."))
            return redirect("operation:toolkit_item", toolkit_item_id=saved.pk)
    return render(request, "operation/toolkit_item_form.html", {"form": form, "item": form.instance if item else None})


@login_required
def toolkit_file_add(request, toolkit_item_id):
    require(request, MANAGE)
    item = get_object_or_404(ToolkitItem, pk=toolkit_item_id)
    form = ToolkitFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.toolkit_file_add(
            item=item, title=form.cleaned_data["title"], upload=form.cleaned_data["file"], by=request.user
        )
        messages.success(request, _("Het bestand is toegevoegd."))
        return redirect("operation:toolkit_item", toolkit_item_id=item.pk)
    return render(request, "operation/toolkit_file_form.html", {"form": form, "item": item})


@login_required
@require_POST
def toolkit_file_remove(request, toolkit_file_id):
    require(request, MANAGE)
    toolkit_file = get_object_or_404(ToolkitFile.objects.select_related("item"), pk=toolkit_file_id)
    item = toolkit_file.item
    services.toolkit_file_remove(toolkit_file=toolkit_file, by=request.user)
    messages.success(request, _("Het bestand is verwijderd."))
    return redirect("operation:toolkit_item", toolkit_item_id=item.pk)


def toolkit_file(request, toolkit_file_id):
    """A file of a published toolkit item, served through this view (the upload folder has no URL)."""
    toolkit_file = get_object_or_404(
        ToolkitFile.objects.filter(item__in=ToolkitItem.objects.published()), pk=toolkit_file_id
    )
    _label, content_type, extension = services.TOOLKIT_FILE_KINDS[toolkit_file.kind]
    try:
        with toolkit_file.file.open("rb") as handle:
            content = handle.read()  # at most TOOLKIT_FILE_BYTES
    except FileNotFoundError:
        raise Http404 from None
    inline = toolkit_file.kind in ("pdf", "png", "jpeg")
    response = HttpResponse(content, content_type=content_type)
    name = f"{slugify(toolkit_file.title) or 'bestand'}.{extension}"
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
