"""The digihelper's page: log a help contact in seconds, see today's, undo the last one."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from einclusie.contacts import services
from einclusie.contacts.forms import HelpContactForm
from einclusie.contacts.models import HelpContact
from einclusie.organisations.access import require

LOG = "contacts.log"
VIEW = "contacts.view"
SESSION_HELP_POINT = "contacts_help_point"


@login_required
def log(request):
    membership = require(request, LOG)
    organisation = membership.organisation
    initial = {"date": timezone.localdate(), "help_point": request.session.get(SESSION_HELP_POINT)}
    form = HelpContactForm(request.POST or None, organisation=organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.contact_log(form=form, organisation=organisation, by=request.user)
        except ValidationError as error:
            form.add_error("help_point", error)
        else:
            if request.session.get(SESSION_HELP_POINT) != contact.help_point_id:
                request.session[SESSION_HELP_POINT] = contact.help_point_id  # saved only when it changes
            messages.success(request, _("Het contact is genoteerd. U kunt meteen het volgende noteren."))
            return redirect("contacts:log")
    today = (
        HelpContact.objects.for_organisation(organisation)
        .filter(logged_by=request.user, date=timezone.localdate())
        .select_related("help_point__service")
        .prefetch_related("topics")
        .order_by("-logged_at", "-pk")
    )
    return render(
        request,
        "contacts/log.html",
        {
            "form": form,
            "today": today,
            "has_help_points": form.has_help_points(),
            "previous": services.last_contact(organisation=organisation, by=request.user),
        },
    )


@login_required
@require_POST
def repeat(request):
    membership = require(request, LOG)
    try:
        services.contact_repeat(organisation=membership.organisation, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Nog een contact zoals het vorige is genoteerd."))
    return redirect("contacts:log")


@login_required
@require_POST
def undo(request):
    membership = require(request, LOG)
    try:
        services.contact_undo(organisation=membership.organisation, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Het laatste contact is ongedaan gemaakt."))
    return redirect("contacts:log")


@login_required
def summary(request):
    membership = require(request, VIEW)
    organisation = membership.organisation
    since = timezone.localdate().replace(day=1) - datetime.timedelta(days=365)
    contacts = HelpContact.objects.for_organisation(organisation).filter(date__gte=since)
    months = {}
    for row in contacts.per_month():
        months[row["month"]] = months.get(row["month"], 0) + row["contacts"]
    return render(
        request,
        "contacts/summary.html",
        {
            "organisation": organisation,
            "months": sorted(months.items(), reverse=True),
            "topics": _labelled(contacts.per_topic(), "topics__code", "help-topics"),
            "total": contacts.count(),
            "can_log": membership.allows(LOG),
        },
    )


def _labelled(rows, key, list_slug):
    from einclusie.core.models import Code

    labels = {code.code: code.label for code in Code.objects.filter(code_list__slug=list_slug)}
    return [(labels.get(row[key], row[key]), row["contacts"]) for row in rows if row[key]]
