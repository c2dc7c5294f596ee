"""Workspace pages for people and loans: register a person, reserve, hand over with the checklist and the
agreement, follow up overdue loans, take a device back or give it for good."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from einclusie.devices import services
from einclusie.devices.agreement import agreement_response
from einclusie.devices.forms import (
    BeneficiaryForm,
    DueSoonFilterForm,
    ExtendReservationForm,
    HandoverForm,
    ReserveForm,
    ReturnForm,
)
from einclusie.devices.models import SOCIAL_INTERNET, Beneficiary, DeviceStatus, Loan, LoanStatus
from einclusie.devices.views_inventory import MANAGE, VIEW, device_for
from einclusie.organisations.access import get_for_organisation_or_404, require

PEOPLE_PER_PAGE = 50
LOANS_PER_PAGE = 50


def beneficiary_for(request, beneficiary_id, action=MANAGE):
    """A person of the current organisation's device bank (404 for anyone else)."""
    return get_for_organisation_or_404(
        request, Beneficiary.objects.select_related("municipality"), action=action, pk=beneficiary_id
    )


def loan_for(request, loan_id, action=VIEW):
    """A loan of the current organisation (404 for anyone else)."""
    return get_for_organisation_or_404(
        request,
        Loan.objects.select_related("device", "beneficiary", "course", "organisation", "handed_over_by"),
        action=action,
        pk=loan_id,
    )


@login_required
def beneficiary_list(request):
    membership = require(request, MANAGE)
    people = (
        Beneficiary.objects.for_organisation(membership.organisation)
        .select_related("municipality")
        .prefetch_related("grounds")
        .order_by(F("erased_at").asc(nulls_first=True), "-created_at", "-pk")
    )
    query = request.GET.get("zoek", "").strip()[:60]
    if query:
        people = people.filter(reference__icontains=query) | people.filter(full_name__icontains=query)
    page = Paginator(people, PEOPLE_PER_PAGE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "devices/beneficiary_list.html",
        {"page": page, "query": query, "query_string": f"zoek={query}" if query else "", "today": timezone.localdate()},
    )


@login_required
def beneficiary_form(request, beneficiary_id=None):
    membership = require(request, MANAGE)
    organisation = membership.organisation
    beneficiary = beneficiary_for(request, beneficiary_id) if beneficiary_id is not None else None
    if beneficiary is not None and beneficiary.is_erased:
        messages.error(request, _("De gegevens van deze persoon zijn gewist. Wijzigen kan niet meer."))
        return redirect("devices:beneficiary", beneficiary_id=beneficiary.pk)
    bank = services.bank_settings(organisation)
    form = BeneficiaryForm(
        request.POST if request.method == "POST" else None,
        instance=beneficiary,
        organisation=organisation,
        retention_months=bank.retention_months,
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.beneficiary_save(form=form, organisation=organisation, by=request.user)
        except ValidationError as error:
            if error.code == "erased":  # erased while the form was open
                messages.error(request, error.messages[0])
                return redirect("devices:beneficiary", beneficiary_id=beneficiary.pk)
            form.show_current(error)
        else:
            messages.success(request, _("%(reference)s is bewaard.") % {"reference": saved.reference})
            return redirect("devices:beneficiary", beneficiary_id=saved.pk)
    return render(
        request, "devices/beneficiary_form.html", {"form": form, "beneficiary": form.instance if beneficiary else None}
    )


@login_required
def beneficiary_detail(request, beneficiary_id):
    membership = require(request, MANAGE)
    beneficiary = beneficiary_for(request, beneficiary_id)
    grounds = list(beneficiary.grounds.all())
    return render(
        request,
        "devices/beneficiary_detail.html",
        {
            "beneficiary": beneficiary,
            "grounds": grounds,
            "social_internet": any(ground.kind in SOCIAL_INTERNET for ground in grounds),
            "loans": beneficiary.loans.select_related("device").order_by("-created_at", "-pk"),
            "items": beneficiary.connectivity_items.order_by("-handed_out_on", "-pk"),
            "today": timezone.localdate(),
            "can_configure": membership.allows("devices.configure"),
        },
    )


@login_required
def social_internet(request, beneficiary_id):
    """A note to take to an operator or the OCMW about the federal social internet offer."""
    membership = require(request, MANAGE)
    beneficiary = beneficiary_for(request, beneficiary_id)
    grounds = list(beneficiary.grounds.all())
    qualifying = [ground for ground in grounds if ground.kind in SOCIAL_INTERNET]
    return render(
        request,
        "devices/social_internet.html",
        {
            "beneficiary": beneficiary,
            "organisation": membership.organisation,
            "qualifying": qualifying,
            "only_increased_reimbursement": not qualifying
            and any(ground.kind == "verhoogde-tegemoetkoming" for ground in grounds),
            "today": timezone.localdate(),
        },
    )


@login_required
def reserve(request, device_id):
    membership = require(request, MANAGE)
    device = device_for(request, device_id, MANAGE)
    form = ReserveForm(request.POST if request.method == "POST" else None, organisation=membership.organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            loan = services.loan_reserve(
                device=device,
                beneficiary=data["beneficiary"],
                reserved_from=data["reserved_from"],
                reserved_until=data["reserved_until"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Het toestel is gereserveerd voor %(reference)s.") % {"reference": loan.beneficiary.reference},
            )
            return redirect("devices:loan", loan_id=loan.pk)
    return render(request, "devices/reserve_form.html", {"form": form, "device": device})


@login_required
def handover(request, device_id):
    membership = require(request, MANAGE)
    organisation = membership.organisation
    device = device_for(request, device_id, MANAGE)
    reservation = device.loans.filter(status=LoanStatus.RESERVED).select_related("beneficiary").first()
    beneficiary = reservation.beneficiary if reservation else None
    if beneficiary is None and request.GET.get("persoon", "").isdigit():
        beneficiary = (
            Beneficiary.objects.for_organisation(organisation).not_erased().filter(pk=request.GET["persoon"]).first()
        )
    bank = services.bank_settings(organisation)
    form = HandoverForm(
        request.POST if request.method == "POST" else None,
        organisation=organisation,
        beneficiary=beneficiary,
        loan_months=bank.loan_months,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            loan = services.loan_handover(
                device=device,
                beneficiary=beneficiary or data["beneficiary"],
                by=request.user,
                checklist=form.checklist_dict(),
                due_on=data["due_on"],
                as_gift=data["kind"] == "gift",
                course=data["course"],
                language=data["language"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if loan.status == LoanStatus.GIVEN:
                messages.success(
                    request,
                    _("Het toestel is geschonken aan %(reference)s.") % {"reference": loan.beneficiary.reference},
                )
            else:
                messages.success(
                    request,
                    _("Het toestel is uitgeleend aan %(reference)s tot %(date)s.")
                    % {"reference": loan.beneficiary.reference, "date": services._day(loan.due_on)},
                )
            return redirect("devices:loan", loan_id=loan.pk)
    return render(
        request,
        "devices/handover_form.html",
        {
            "form": form,
            "device": device,
            "beneficiary": beneficiary,
            "reservation": reservation,
            "reservation_expired": reservation is not None and reservation.is_expired_reservation(),
        },
    )


LOAN_LISTS = ("lopend", "verlopen", "binnenkort", "te-laat", "bellen", "alle")


@login_required
def loan_list(request):
    """Running loans and reservations, expired reservations, loans due soon, late, to call or write, or all."""
    membership = require(request, VIEW)
    organisation = membership.organisation
    today = timezone.localdate()
    loans = Loan.objects.for_organisation(organisation).select_related("device", "beneficiary")
    shown = request.GET.get("toon", "lopend")
    if shown not in LOAN_LISTS:
        shown = "lopend"
    days_form = DueSoonFilterForm(request.GET if "dagen" in request.GET else None)
    days = days_form.cleaned_data["dagen"] if days_form.is_valid() else DueSoonFilterForm.DEFAULT_DAYS
    if shown == "verlopen":
        loans = loans.expired_reservations(today).order_by("reserved_until", "pk")
    elif shown == "binnenkort":
        loans = loans.due_soon(days, today).order_by("due_on", "pk")
    elif shown == "te-laat":
        loans = loans.overdue(today).order_by("due_on", "pk")
    elif shown == "bellen":
        loans = loans.to_call().order_by("due_on", "pk")
    elif shown == "alle":
        loans = loans.order_by("-created_at", "-pk")
    else:
        loans = loans.active().order_by("status", "due_on", "reserved_until", "pk")
    if shown in ("binnenkort", "te-laat", "bellen"):
        loans = loans.prefetch_related("reminder_log")
    query_string = f"toon={shown}&dagen={days}" if shown == "binnenkort" else f"toon={shown}"
    page = Paginator(loans, LOANS_PER_PAGE).get_page(request.GET.get("pagina"))
    mine = Loan.objects.for_organisation(organisation)
    return render(
        request,
        "devices/loan_list.html",
        {
            "page": page,
            "shown": shown,
            "days": days,
            "days_form": days_form if shown == "binnenkort" else None,
            "query_string": query_string,
            "this_list": f"{reverse('devices:loans')}?{query_string}",
            "today": today,
            "counts": {
                "expired": mine.expired_reservations(today).count(),
                "due_soon": mine.due_soon(days, today).count(),
                "overdue": mine.overdue(today).count(),
                "to_call": mine.to_call().count(),
            },
            "can_manage": membership.allows(MANAGE),
        },
    )


def _back_to_list(request, default):
    """Where a button on a loan list leads back to: that list, or `default`."""
    target = request.POST.get("terug", "")
    if target.startswith(reverse("devices:loans")) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default)


@login_required
@require_POST
def loans_remind(request):
    """Remind, in one go, everyone of this bank whose device is due within N days or late (once per stage)."""
    membership = require(request, MANAGE)
    form = DueSoonFilterForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["dagen"][0])
        return redirect(f"{reverse('devices:loans')}?toon=binnenkort")
    days = form.cleaned_data["dagen"]
    outcome = services.loans_remind_due(organisation=membership.organisation, days=days, by=request.user)
    count = len(outcome.emailed)
    parts = [
        ngettext("%(count)s herinnering verstuurd per e-mail.", "%(count)s herinneringen verstuurd per e-mail.", count)
        % {"count": count}
    ]
    count = len(outcome.to_call)
    if count:
        parts.append(
            ngettext(
                "%(count)s persoon heeft geen e-mailadres: bel of schrijf (lijst 'Bellen of schrijven').",
                "%(count)s mensen hebben geen e-mailadres: bel of schrijf hen (lijst 'Bellen of schrijven').",
                count,
            )
            % {"count": count}
        )
    if outcome.already:
        parts.append(_("Al herinnerd voor dit moment: %(count)s.") % {"count": outcome.already})
    if outcome.failed:
        parts.append(_("Niet verstuurd (probeer later opnieuw): %(count)s.") % {"count": len(outcome.failed)})
    messages.success(request, " ".join(str(part) for part in parts))
    return _back_to_list(request, f"{reverse('devices:loans')}?toon=binnenkort&dagen={days}")


@login_required
def loan_detail(request, loan_id):
    membership = require(request, VIEW)
    loan = loan_for(request, loan_id)
    return render(
        request,
        "devices/loan_detail.html",
        {
            "loan": loan,
            "today": timezone.localdate(),
            "can_manage": membership.allows(MANAGE),
            "is_overdue": loan.is_overdue(),
            "is_expired_reservation": loan.is_expired_reservation(),
            "can_hand_over": loan.status == LoanStatus.RESERVED
            and loan.device.status == DeviceStatus.RESERVED
            and not loan.is_expired_reservation(),
            "reminder_log": loan.reminder_log.all()[:10],
        },
    )


@login_required
def loan_return(request, loan_id):
    require(request, MANAGE)
    loan = loan_for(request, loan_id, MANAGE)
    form = ReturnForm(request.POST if request.method == "POST" else None, instance=Loan(pk=loan.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.loan_return(
                loan=loan,
                condition=form.cleaned_data["return_condition"],
                note=form.cleaned_data["return_note"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Het toestel is teruggebracht. Wis nu de gegevens voor het opnieuw uitgaat."))
            return redirect("devices:detail", device_id=loan.device_id)
    return render(request, "devices/return_form.html", {"form": form, "loan": loan})


@login_required
def loan_gift(request, loan_id):
    require(request, MANAGE)
    loan = loan_for(request, loan_id, MANAGE)
    if request.method == "POST":
        try:
            services.loan_convert_to_gift(loan=loan, by=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("De lening is omgezet in een schenking. Het toestel blijft bij de persoon."))
        return redirect("devices:loan", loan_id=loan.pk)
    return render(request, "devices/gift_confirm.html", {"loan": loan})


@login_required
@require_POST
def loan_remind(request, loan_id):
    require(request, MANAGE)
    loan = loan_for(request, loan_id, MANAGE)
    try:
        emailed = services.loan_remind(loan=loan, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        if emailed:
            messages.success(request, _("De herinnering is verstuurd per e-mail."))
        else:
            messages.success(request, _("De herinnering is genoteerd. Bel de persoon of spreek hem of haar aan."))
    return _back_to_list(request, reverse("devices:loan", kwargs={"loan_id": loan.pk}))


@login_required
@require_POST
def loan_cancel(request, loan_id):
    require(request, MANAGE)
    loan = loan_for(request, loan_id, MANAGE)
    try:
        services.loan_cancel(loan=loan, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("De reservatie is geannuleerd. Het toestel is weer beschikbaar."))
    return _back_to_list(request, reverse("devices:detail", kwargs={"device_id": loan.device_id}))


@login_required
def loan_extend(request, loan_id):
    """Give a (possibly expired) reservation a new window that starts today at the latest."""
    require(request, MANAGE)
    loan = loan_for(request, loan_id, MANAGE)
    if loan.status != LoanStatus.RESERVED:
        messages.error(request, _("Dit is geen lopende reservatie."))
        return redirect("devices:loan", loan_id=loan.pk)
    form = ExtendReservationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.loan_extend_reservation(
                loan=loan, reserved_until=form.cleaned_data["reserved_until"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("De reservatie loopt nu tot %(date)s.")
                % {"date": services._day(form.cleaned_data["reserved_until"])},
            )
            return redirect("devices:loan", loan_id=loan.pk)
    return render(
        request,
        "devices/extend_form.html",
        {"form": form, "loan": loan, "is_expired": loan.is_expired_reservation()},
    )


@login_required
def agreement(request, loan_id):
    require(request, MANAGE)
    loan = loan_for(request, loan_id, MANAGE)
    language = request.GET.get("taal", loan.agreement_language)
    if language not in ("nl", "fr", "en"):
        language = "nl"
    return agreement_response(
        loan, language=language, settings=services.bank_settings(loan.organisation), request=request
    )


@login_required
def agreement_preview(request, device_id):
    """The agreement to print before the hand-over, for the chosen person, dated today."""
    membership = require(request, MANAGE)
    device = device_for(request, device_id, MANAGE)
    beneficiary = None
    if request.GET.get("persoon", "").isdigit():
        beneficiary = (
            Beneficiary.objects.for_organisation(membership.organisation)
            .not_erased()
            .filter(pk=request.GET["persoon"])
            .first()
        )
    if beneficiary is None:
        reservation = device.loans.filter(status=LoanStatus.RESERVED).select_related("beneficiary").first()
        if reservation is None:
            raise Http404
        beneficiary = reservation.beneficiary
    bank = services.bank_settings(membership.organisation)
    today = timezone.localdate()
    loan = Loan(
        organisation=membership.organisation,
        device=device,
        beneficiary=beneficiary,
        handed_over_on=today,
        due_on=services.add_months(today, bank.loan_months),
    )
    language = request.GET.get("taal", "nl")
    if language not in ("nl", "fr", "en"):
        language = "nl"
    return agreement_response(loan, language=language, settings=bank, request=request)
