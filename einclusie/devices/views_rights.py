"""A person's rights: everything stored about them (JSON and PDF) and erasure. Both are recorded in the log."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from einclusie.core.pdf import pdf_response
from einclusie.devices import privacy
from einclusie.devices.views_loans import beneficiary_for
from einclusie.organisations.access import require

CONFIGURE = "devices.configure"


@login_required
def export_json(request, beneficiary_id):
    require(request, CONFIGURE)
    beneficiary = beneficiary_for(request, beneficiary_id, CONFIGURE)
    data = privacy.beneficiary_export(beneficiary=beneficiary, by=request.user, file_format="json")
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="gegevens-{beneficiary.reference}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def export_pdf(request, beneficiary_id):
    require(request, CONFIGURE)
    beneficiary = beneficiary_for(request, beneficiary_id, CONFIGURE)
    data = privacy.beneficiary_export(beneficiary=beneficiary, by=request.user, file_format="pdf")
    return pdf_response(
        "devices/pdf/export.html",
        {"beneficiary": beneficiary, "data": data},
        filename=f"gegevens-{beneficiary.reference}.pdf",
        request=request,
    )


@login_required
def erase(request, beneficiary_id):
    require(request, CONFIGURE)
    beneficiary = beneficiary_for(request, beneficiary_id, CONFIGURE)
    if request.method == "POST":
        try:
            privacy.beneficiary_erase(beneficiary=beneficiary, by=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request, _("De persoonsgegevens zijn gewist. De leningen blijven anoniem bewaard voor de cijfers.")
            )
        return redirect("devices:beneficiary", beneficiary_id=beneficiary.pk)
    return render(request, "devices/erase_confirm.html", {"beneficiary": beneficiary})
