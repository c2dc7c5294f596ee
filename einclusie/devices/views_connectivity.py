"""Workspace pages for internet access: the stock of SIM cards, data vouchers and modems, and handing one out."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from einclusie.devices import services
from einclusie.devices.forms import ConnectivityForm, HandOutForm
from einclusie.devices.models import ConnectivityItem, ConnectivityStatus
from einclusie.devices.views_inventory import MANAGE, VIEW
from einclusie.organisations.access import get_for_organisation_or_404, require

ITEMS_PER_PAGE = 50


@login_required
def item_list(request):
    membership = require(request, VIEW)
    organisation = membership.organisation
    today = timezone.localdate()
    items = ConnectivityItem.objects.for_organisation(organisation).select_related("beneficiary")
    shown = request.GET.get("toon", "voorraad")
    if shown == "meegegeven":
        items = items.filter(status=ConnectivityStatus.HANDED_OUT).order_by("-handed_out_on", "-pk")
    elif shown == "verlopen":
        items = items.expired(today).order_by("valid_until", "pk")
    else:
        shown = "voorraad"
        items = items.in_stock(today).order_by("valid_until", "kind", "pk")
    every = ConnectivityItem.objects.for_organisation(organisation)
    page = Paginator(items, ITEMS_PER_PAGE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "devices/connectivity_list.html",
        {
            "page": page,
            "shown": shown,
            "query_string": f"toon={shown}",
            "counts": {
                "voorraad": every.in_stock(today).count(),
                "meegegeven": every.filter(status=ConnectivityStatus.HANDED_OUT).count(),
                "verlopen": every.expired(today).count(),
            },
            "today": today,
            "can_manage": membership.allows(MANAGE),
        },
    )


@login_required
def item_add(request):
    membership = require(request, MANAGE)
    form = ConnectivityForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            items = services.connectivity_add(
                organisation=membership.organisation,
                kind=data["kind"],
                provider=data["provider"],
                codes=data["codes"],
                data=data["data"],
                valid_until=data["valid_until"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error("codes", error)
        else:
            messages.success(request, _("%(count)s stuks toegevoegd aan de voorraad.") % {"count": len(items)})
            return redirect("devices:connectivity")
    return render(request, "devices/connectivity_form.html", {"form": form})


@login_required
def item_hand_out(request, item_id):
    membership = require(request, MANAGE)
    item = get_for_organisation_or_404(request, ConnectivityItem.objects.all(), action=MANAGE, pk=item_id)
    form = HandOutForm(request.POST if request.method == "POST" else None, organisation=membership.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.connectivity_hand_out(item=item, beneficiary=form.cleaned_data["beneficiary"], by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Meegegeven aan %(reference)s.") % {"reference": form.cleaned_data["beneficiary"].reference},
            )
            return redirect("devices:beneficiary", beneficiary_id=form.cleaned_data["beneficiary"].pk)
    return render(request, "devices/hand_out_form.html", {"form": form, "item": item})
