"""Pages of the programme team: every organisation of the region and who works for it."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from einclusie.organisations import services
from einclusie.organisations.access import require
from einclusie.organisations.forms import (
    AddMemberForm,
    ChangeRoleForm,
    OrganisationFilterForm,
    OrganisationForm,
)
from einclusie.organisations.models import Invitation, Membership, Organisation

MANAGE = "programme.organisations.manage"


@login_required
def organisation_list(request):
    require(request, MANAGE)
    form = OrganisationFilterForm(request.GET or None)
    organisations = (
        Organisation.objects.select_related("municipality").annotate(member_count=Count("memberships")).order_by("name")
    )
    if form.is_valid():
        if query := form.cleaned_data["q"]:
            organisations = organisations.filter(Q(name__icontains=query) | Q(municipality__name_nl__icontains=query))
        if kind := form.cleaned_data["kind"]:
            organisations = organisations.filter(kind=kind)
    page = Paginator(organisations, 50).get_page(request.GET.get("pagina"))
    query_string = request.GET.copy()
    query_string.pop("pagina", None)
    return render(
        request,
        "organisations/manage/list.html",
        {"form": form, "page": page, "query_string": query_string.urlencode()},
    )


@login_required
def organisation_create(request):
    membership = require(request, MANAGE)
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = form.save(commit=False)
        try:
            services.organisation_save(
                organisation=organisation, partners=form.cleaned_data["partners"], by=membership.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(organisation)s is aangemaakt.") % {"organisation": organisation})
            return redirect("organisations:manage_detail", organisation_id=organisation.pk)
    return render(request, "organisations/manage/form.html", {"form": form, "organisation": None})


@login_required
def organisation_edit(request, organisation_id):
    membership = require(request, MANAGE)
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_save(
                organisation=form.save(commit=False),
                partners=form.cleaned_data["partners"],
                by=membership.user,
                form=form,
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "edit_conflict":  # changed by someone else: show what is stored now
                form.show_current(error)
            else:
                form.add_error(None, error)
        else:
            messages.success(
                request, _("De gegevens van %(organisation)s zijn bewaard.") % {"organisation": organisation}
            )
            return redirect("organisations:manage_detail", organisation_id=organisation.pk)
    return render(request, "organisations/manage/form.html", {"form": form, "organisation": form.instance})


@login_required
def organisation_detail(request, organisation_id):
    membership = require(request, MANAGE)
    organisation = get_object_or_404(Organisation.objects.select_related("municipality", "lead"), pk=organisation_id)
    roles = services.invitable_roles(membership=membership, organisation=organisation)
    form = AddMemberForm(request.POST or None, roles=roles)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].lower()
        role = form.cleaned_data["role"]
        user = get_user_model().objects.filter(email__iexact=email).first()
        try:
            if user:
                services.membership_add(organisation=organisation, user=user, role=role, by=membership.user)
                messages.success(request, _("%(person)s is toegevoegd.") % {"person": user})
            else:
                services.invitation_create(organisation=organisation, email=email, role=role, by_membership=membership)
                messages.success(request, _("De uitnodiging is verstuurd naar %(email)s.") % {"email": email})
        except ValidationError as error:
            form.add_error("email", error.messages[0] if hasattr(error, "messages") else error)
        except PermissionDenied as error:
            form.add_error("role", str(error))
        else:
            return redirect("organisations:manage_detail", organisation_id=organisation.pk)
    return render(
        request,
        "organisations/manage/detail.html",
        {
            "organisation": organisation,
            "members": Membership.objects.for_organisation(organisation).select_related("user"),
            "invitations": Invitation.objects.pending().filter(organisation=organisation),
            "partners": organisation.partners.all(),
            "form": form,
        },
    )


@login_required
def membership_change_role(request, membership_id):
    membership = require(request, MANAGE)
    target = get_object_or_404(Membership.objects.select_related("user", "organisation"), pk=membership_id)
    roles = services.invitable_roles(membership=membership, organisation=target.organisation)
    form = ChangeRoleForm(request.POST or None, roles=roles, initial={"role": target.role})
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_change_role(membership=target, role=form.cleaned_data["role"], by=membership.user)
        except ValidationError as error:
            form.add_error("role", error.messages[0])
        else:
            messages.success(request, _("De rol van %(person)s is gewijzigd.") % {"person": target.user})
            return redirect("organisations:manage_detail", organisation_id=target.organisation_id)
    return render(request, "organisations/manage/change_role.html", {"form": form, "target": target})


@login_required
def membership_remove(request, membership_id):
    membership = require(request, MANAGE)
    target = get_object_or_404(Membership.objects.select_related("user", "organisation"), pk=membership_id)
    error = None
    if request.method == "POST":
        try:
            services.membership_remove(membership=target, by=membership.user)
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            messages.success(
                request,
                _("%(person)s is geen lid meer van %(organisation)s.")
                % {"person": target.user, "organisation": target.organisation},
            )
            return redirect("organisations:manage_detail", organisation_id=target.organisation_id)
    return render(request, "organisations/member_remove.html", {"target": target, "error": error, "manage": True})
