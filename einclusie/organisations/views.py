"""Pages of a person's own organisations: choose one, see its members, invite a colleague."""

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from einclusie.organisations import services
from einclusie.organisations.access import get_for_organisation_or_404, require, switch_organisation
from einclusie.organisations.forms import AcceptInvitationForm, InvitationForm, SwitchOrganisationForm
from einclusie.organisations.models import Invitation, Membership


@login_required
def home(request):
    memberships = list(Membership.objects.active().filter(user=request.user).select_related("organisation"))
    form = SwitchOrganisationForm(memberships=memberships, current=request.current_membership)
    return render(request, "organisations/home.html", {"memberships": memberships, "switch_form": form})


@login_required
@require_POST
def switch(request):
    memberships = list(Membership.objects.active().filter(user=request.user).select_related("organisation"))
    form = SwitchOrganisationForm(request.POST, memberships=memberships)
    if not form.is_valid():
        return render(request, "organisations/home.html", {"memberships": memberships, "switch_form": form}, status=400)
    membership = switch_organisation(request, form.cleaned_data["organisation"])
    messages.success(request, _("U werkt nu voor %(organisation)s.") % {"organisation": membership.organisation})
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "organisations:home"
    return redirect(next_url)


@login_required
def members(request):
    membership = require(request, "organisation.members.view")
    organisation = membership.organisation
    return render(
        request,
        "organisations/members.html",
        {
            "organisation": organisation,
            "members": Membership.objects.for_organisation(organisation).select_related("user"),
            "invitations": Invitation.objects.pending().filter(organisation=organisation),
            "can_invite": membership.allows("organisation.members.invite"),
            "can_remove": membership.allows("organisation.members.remove"),
        },
    )


@login_required
def invite(request):
    membership = require(request, "organisation.members.invite")
    organisation = membership.organisation
    roles = services.invitable_roles(membership=membership, organisation=organisation)
    form = InvitationForm(request.POST or None, roles=roles)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(
                organisation=organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                by_membership=membership,
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(
                request,
                _("De uitnodiging is verstuurd naar %(email)s.") % {"email": form.cleaned_data["email"]},
            )
            return redirect("organisations:members")
    return render(request, "organisations/invite.html", {"form": form, "organisation": organisation})


@login_required
@require_POST
def invitation_withdraw(request, invitation_id):
    invitation = get_for_organisation_or_404(
        request, Invitation.objects.pending(), action="organisation.members.invite", pk=invitation_id
    )
    services.invitation_withdraw(invitation=invitation, by=request.user)
    messages.success(request, _("De uitnodiging voor %(email)s is ingetrokken.") % {"email": invitation.email})
    return redirect("organisations:members")


@login_required
def member_remove(request, membership_id):
    target = get_for_organisation_or_404(
        request,
        Membership.objects.select_related("user", "organisation"),
        action="organisation.members.remove",
        pk=membership_id,
    )
    error = None
    if request.method == "POST":
        try:
            services.membership_remove(membership=target, by=request.user)
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            messages.success(
                request,
                _("%(person)s is geen lid meer van %(organisation)s.")
                % {"person": target.user, "organisation": target.organisation},
            )
            if target.user_id == request.user.id:
                return redirect("organisations:home")
            return redirect("organisations:members")
    return render(request, "organisations/member_remove.html", {"target": target, "error": error})


def invitation_accept(request, token):
    invitation = Invitation.objects.select_related("organisation").filter(token=token).first()
    if invitation is None:
        raise Http404
    if not invitation.is_pending:
        return render(request, "organisations/invitation_invalid.html", {"invitation": invitation}, status=410)
    User = get_user_model()  # noqa: N806
    existing = User.objects.filter(email__iexact=invitation.email).first()
    if existing and not (request.user.is_authenticated and request.user.pk == existing.pk):
        return render(request, "organisations/invitation_login.html", {"invitation": invitation})
    if request.user.is_authenticated and request.user.email.lower() != invitation.email.lower():
        return render(request, "organisations/invitation_other_account.html", {"invitation": invitation}, status=403)

    if existing:
        if request.method == "POST":
            services.invitation_accept(invitation=invitation, user=existing)
            switch_organisation(request, invitation.organisation_id)
            messages.success(request, _("Welkom bij %(organisation)s.") % {"organisation": invitation.organisation})
            return redirect("organisations:home")
        return render(request, "organisations/invitation_accept.html", {"invitation": invitation, "form": None})

    form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        user = User.objects.create_user(
            email=invitation.email,
            password=form.cleaned_data["password"],
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
        )
        try:
            services.invitation_accept(invitation=invitation, user=user)
        except (ValidationError, PermissionDenied):
            user.delete()
            raise
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        switch_organisation(request, invitation.organisation_id)
        messages.success(request, _("Welkom bij %(organisation)s.") % {"organisation": invitation.organisation})
        return redirect("organisations:home")
    return render(request, "organisations/invitation_accept.html", {"invitation": invitation, "form": form})
