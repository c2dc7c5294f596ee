"""Workspace pages of the device bank's stock: overview, intake (one by one or a batch), wipe, lifecycle steps."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from einclusie.core.spreadsheets import SpreadsheetError
from einclusie.devices import intake, services
from einclusie.devices.forms import BatchForm, DeviceFilterForm, DeviceForm, StepForm, WipeForm
from einclusie.devices.lifecycle import TRANSITIONS, available_steps
from einclusie.devices.models import (
    Beneficiary,
    DataWipe,
    Device,
    DeviceStatus,
    IntakeBatch,
    Loan,
    LoanStatus,
)
from einclusie.organisations.access import get_for_organisation_or_404, require

VIEW = "devices.view"
MANAGE = "devices.manage"
CONFIGURE = "devices.configure"
DEVICES_PER_PAGE = 50


def device_for(request, device_id, action=VIEW):
    """A device of the current organisation (404 for anyone else)."""
    return get_for_organisation_or_404(request, Device.objects.select_related("batch"), action=action, pk=device_id)


@login_required
def home(request):
    membership = require(request, VIEW)
    organisation = membership.organisation
    bank = services.bank_settings(organisation)
    devices = Device.objects.for_organisation(organisation)
    per_status = devices.per_status()
    loans = Loan.objects.for_organisation(organisation)
    today = timezone.localdate()
    loan_counts = loans.aggregate(
        overdue=Count("pk", filter=Q(pk__in=loans.overdue(today).values("pk"))),
        due_soon=Count("pk", filter=Q(pk__in=loans.due_soon(today=today).values("pk"))),
        reserved=Count("pk", filter=Q(status=LoanStatus.RESERVED)),
        out=Count("pk", filter=Q(pk__in=loans.out().values("pk"))),
    )
    return render(
        request,
        "devices/home.html",
        {
            "organisation": organisation,
            "bank": bank,
            "statuses": [(value, label, per_status.get(value, 0)) for value, label in DeviceStatus.choices],
            "total": sum(per_status.values()),
            **loan_counts,
            "batches": IntakeBatch.objects.filter(organisation=organisation)[:5],
            # The work to do today: devices waiting for their wipe, reservations to hand over, devices ready.
            "to_wipe": devices.filter(data_wiped=False, status__in=TRANSITIONS["wipe"].sources).order_by("pk")[:5],
            "reservations": loans.filter(status=LoanStatus.RESERVED)
            .select_related("device", "beneficiary")
            .order_by("reserved_until", "pk")[:5],
            "ready": devices.lendable().order_by("pk")[:5],
            "can_manage": membership.allows(MANAGE),
            "can_configure": membership.allows(CONFIGURE),
            "today": today,
        },
    )


@login_required
def device_list(request):
    membership = require(request, VIEW)
    organisation = membership.organisation
    form = DeviceFilterForm(request.GET or None)
    devices = Device.objects.for_organisation(organisation).in_lifecycle_order()
    if form.is_valid():
        data = form.cleaned_data
        if data["status"]:
            devices = devices.filter(status=data["status"])
        if data["soort"]:
            devices = devices.filter(device_type=data["soort"])
        if data["zoek"]:
            text = data["zoek"].strip()
            devices = devices.filter(
                Q(serial_number__icontains=text.replace(" ", "")) | Q(brand__icontains=text) | Q(model__icontains=text)
            )
    # Coming from a person's page to lend them a device: the rows link to the hand-over for that person.
    person = None
    if request.GET.get("persoon", "").isdigit() and membership.allows(MANAGE):
        person = (
            Beneficiary.objects.for_organisation(organisation).not_erased().filter(pk=request.GET["persoon"]).first()
        )
    page = Paginator(devices, DEVICES_PER_PAGE).get_page(request.GET.get("pagina"))
    query_string = request.GET.copy()
    query_string.pop("pagina", None)
    return render(
        request,
        "devices/device_list.html",
        {
            "form": form,
            "page": page,
            "query_string": query_string.urlencode(),
            "person": person,
            "can_manage": membership.allows(MANAGE),
        },
    )


@login_required
def device_create(request):
    membership = require(request, MANAGE)
    form = DeviceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        try:
            device = services.device_register(organisation=membership.organisation, by=request.user, **fields)
        except ValidationError as error:
            form.add_error("serial_number", error)
        else:
            messages.success(
                request,
                _("%(device)s is geregistreerd. Registreer nu het wissen van de gegevens.") % {"device": device.name},
            )
            return redirect("devices:detail", device_id=device.pk)
    return render(request, "devices/device_form.html", {"form": form, "device": None})


@login_required
def device_edit(request, device_id):
    require(request, MANAGE)
    device = device_for(request, device_id, MANAGE)
    form = DeviceForm(request.POST if request.method == "POST" else None, instance=device)
    if request.method == "POST" and form.is_valid():
        try:
            services.device_update(form=form, by=request.user)
        except ValidationError as error:
            if error.code == "edit_conflict":  # changed by someone else: show what is stored now
                form.show_current(error)
            else:
                form.add_error("serial_number", error)
        else:
            messages.success(request, _("De gegevens van het toestel zijn bewaard."))
            return redirect("devices:detail", device_id=device.pk)
    return render(request, "devices/device_form.html", {"form": form, "device": form.instance})


@login_required
def batch_create(request):
    membership = require(request, MANAGE)
    form = BatchForm(request.POST, request.FILES) if request.method == "POST" else BatchForm()
    problems = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        defaults = {key: data[key] for key in ("device_type", "brand", "model", "condition")}
        try:
            rows = intake.rows_from_lines(data["lines"], defaults) if data["lines"].strip() else []
            if data["file"]:
                rows += intake.rows_from_file(data["file"], defaults)
            batch = services.batch_register(
                organisation=membership.organisation,
                received_on=data["received_on"],
                source=data["source"],
                donor=data["donor"],
                note=data["note"],
                rows=rows,
                by=request.user,
            )
        except SpreadsheetError as error:
            form.add_error("file", str(error))
        except services.BatchProblems as error:
            problems = error.problems
            form.add_error(
                None,
                _("Niets is geregistreerd: %(count)s regels hebben een probleem. Verbeter ze en probeer opnieuw.")
                % {"count": len({line for line, _message in problems})},
            )
        else:
            messages.success(request, _("%(count)s toestellen zijn geregistreerd.") % {"count": batch.devices.count()})
            return redirect("devices:batch", batch_id=batch.pk)
    return render(request, "devices/batch_form.html", {"form": form, "problems": problems})


@login_required
def batch_detail(request, batch_id):
    membership = require(request, VIEW)
    batch = get_for_organisation_or_404(request, IntakeBatch.objects.all(), action=VIEW, pk=batch_id)
    return render(
        request,
        "devices/batch_detail.html",
        {"batch": batch, "devices": batch.devices.order_by("pk"), "can_manage": membership.allows(MANAGE)},
    )


@login_required
def device_detail(request, device_id):
    membership = require(request, VIEW)
    device = device_for(request, device_id)
    loans = device.loans.select_related("beneficiary").order_by("-created_at", "-pk")
    active = next((loan for loan in loans if loan.status in (LoanStatus.RESERVED, LoanStatus.LENT)), None)
    return render(
        request,
        "devices/device_detail.html",
        {
            "device": device,
            "wipes": device.wipes.select_related("recorded_by"),
            "transitions": device.transitions.select_related("by", "loan__beneficiary"),
            "loans": loans,
            "active": active,
            "reservation_expired": active is not None and active.is_expired_reservation(),
            "steps": available_steps(device, membership),
            "can_manage": membership.allows(MANAGE),
            "can_wipe": membership.allows(MANAGE) and device.status in TRANSITIONS["wipe"].sources,
            "can_lend": membership.allows(MANAGE)
            and device.data_wiped
            and device.status in (DeviceStatus.AVAILABLE, DeviceStatus.RESERVED),
        },
    )


@login_required
def wipe(request, device_id):
    require(request, MANAGE)
    device = device_for(request, device_id, MANAGE)
    form = WipeForm(request.POST, request.FILES) if request.method == "POST" else WipeForm()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.wipe_record(
                device=device,
                method=data["method"],
                wiped_on=data["wiped_on"],
                wiped_by=data["wiped_by"],
                certificate_number=data["certificate_number"],
                certificate_file=data["certificate_file"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("De wissing is geregistreerd. Het toestel is gewist."))
            return redirect("devices:detail", device_id=device.pk)
    return render(request, "devices/wipe_form.html", {"form": form, "device": device})


@login_required
def step(request, device_id):
    membership = require(request, MANAGE)
    device = device_for(request, device_id, MANAGE)
    action = request.POST.get("stap") or request.GET.get("stap")
    transition = next((t for t in available_steps(device, membership) if t.name == action), None)
    if transition is None:
        messages.error(request, _("Deze stap kan nu niet voor dit toestel."))
        return redirect("devices:detail", device_id=device.pk)
    form = StepForm(request.POST if request.method == "POST" else None, needs_note=transition.needs_note)
    if request.method == "POST" and form.is_valid():
        try:
            services.device_transition(
                device=device,
                action=transition.name,
                by=request.user,
                note=form.cleaned_data["note"],
                condition=form.cleaned_data["condition"] or None,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Bewaard: %(step)s. Het toestel is nu %(status)s.")
                % {"step": transition.label, "status": DeviceStatus(transition.target).label},
            )
            return redirect("devices:detail", device_id=device.pk)
    return render(request, "devices/step_form.html", {"form": form, "device": device, "transition": transition})


@login_required
def certificate(request, wipe_id):
    wipe = get_for_organisation_or_404(
        request, DataWipe.objects.select_related("device"), action=VIEW, owner="device__organisation", pk=wipe_id
    )
    if not wipe.certificate_file:
        raise Http404
    extension = wipe.certificate_file.name.rsplit(".", 1)[-1]
    content_type = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg"}
    response = FileResponse(
        wipe.certificate_file.open("rb"), content_type=content_type.get(extension, "application/octet-stream")
    )
    response["Content-Disposition"] = f'inline; filename="wiscertificaat-{wipe.device.serial_number}.{extension}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
