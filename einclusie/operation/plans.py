"""Writes and reads of the partner network and the local action plan.

Every link an action holds (partners, help points, courses, subsidy actions) must belong to the plan's own local
government: the forms offer only those, and `plan_action_save` checks again, so no other path can mix them.
"""

import datetime
import json
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from einclusie.core.concurrency import lock_unchanged
from einclusie.core.models import record_event
from einclusie.operation.models import ActionStatus, Colour, PlanAction, PlanStatus

# --- Partners ---------------------------------------------------------------------------------------------------


def partner_save(*, form, organisation, by):
    """Create or change a partner of the organisation."""
    with transaction.atomic():
        locked = lock_unchanged(form)  # two people editing the same partner: the second save is refused
        if locked is not None and locked.ended_on is not None:
            raise ValidationError(_("Deze samenwerking is beëindigd en verandert niet meer."), code="ended")
        partner = form.save(commit=False)
        if partner.organisation_id is None:
            partner.organisation = organisation
        elif partner.organisation_id != organisation.pk:
            raise ValidationError(_("Deze partner hoort bij een ander bestuur."))
        partner.save()
        record_event(verb="operation.partner_saved", actor=by, organisation=organisation, subject=partner.name)
    return partner


def partner_end(*, partner, by, today=None):
    """End a partnership: it stays in the plan's history, the contact person's data is erased."""
    if partner.ended_on is not None:
        raise ValidationError(_("Deze samenwerking is al beëindigd."))
    with transaction.atomic():
        partner.ended_on = today or timezone.localdate()
        partner.contact_name = partner.contact_email = partner.contact_phone = ""
        partner.save(update_fields=["ended_on", "contact_name", "contact_email", "contact_phone"])
        record_event(verb="operation.partner_ended", actor=by, organisation=partner.organisation, subject=partner.name)
    return partner


# --- Plans ------------------------------------------------------------------------------------------------------


def plan_save(*, form, organisation, by):
    """Create or change an action plan of the organisation (status and adoption date included)."""
    with transaction.atomic():
        lock_unchanged(form)  # two people editing the same plan: the second save is refused
        plan = form.save(commit=False)
        if plan.organisation_id is None:
            plan.organisation = organisation
        elif plan.organisation_id != organisation.pk:
            raise ValidationError(_("Dit actieplan hoort bij een ander bestuur."))
        if plan.status == PlanStatus.ADOPTED and plan.adopted_on is None:
            raise ValidationError(_("Vul de datum in waarop de gemeenteraad het plan goedkeurde."))
        if plan.status == PlanStatus.DRAFT:
            plan.adopted_on = None
        plan.save()
        record_event(
            verb="operation.plan_saved", actor=by, organisation=organisation, subject=plan.title, status=plan.status
        )
    return plan


LINKS = {
    # field: (the owner lookup from the linked object to its organisation, the refusal)
    "partners": ("organisation", "Kies alleen partners van uw eigen bestuur."),
    "help_points": ("service__organisation", "Kies alleen digipunten van uw eigen bestuur."),
    "courses": ("organisation", "Kies alleen cursussen van uw eigen bestuur."),
    "subsidy_actions": ("application__organisation", "Kies alleen subsidieacties van uw eigen bestuur."),
}


def foreign_links(organisation, links):
    """The refusals for linked objects ({field: objects}) that belong to another local government."""
    problems = {}
    for field, objects in links.items():
        owner, message = LINKS[field]
        for obj in objects:
            owner_id = obj
            for part in owner.split("__"):
                owner_id = getattr(owner_id, part)
            if owner_id.pk != organisation.pk:
                problems[field] = _(message)
                break
    return problems


def plan_action_save(*, plan, form, by):
    """Create or change an action of the plan; refuses links to another local government's data."""
    links = {field: list(form.cleaned_data.get(field) or []) for field in LINKS}
    problems = foreign_links(plan.organisation, links)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        lock_unchanged(form)  # two people editing the same action: the second save is refused
        action = form.save(commit=False)
        action.plan = plan
        action.save()
        form.save_m2m()
        record_event(verb="operation.plan_action_saved", actor=by, organisation=plan.organisation, subject=action.title)
    return action


def plan_actions_from_assessment(*, plan, assessment, by):
    """One plan action for each red or orange block of the self-assessment that has none yet. Returns how many."""
    from einclusie.operation.services import block_results

    if assessment.organisation_id != plan.organisation_id:
        raise ValidationError(_("Deze zelfevaluatie hoort bij een ander bestuur."))
    made = 0
    with transaction.atomic():
        existing = set(plan.actions.exclude(from_block=None).values_list("from_block_id", flat=True))
        for result in block_results(assessment):
            block = result["block"]
            if result["colour"] not in (Colour.RED, Colour.ORANGE) or block.pk in existing:
                continue
            PlanAction.objects.create(
                plan=plan,
                title=(result["action"] or block.name)[:200],
                description=_("Uit de zelfevaluatie %(year)s: %(block)s (%(colour)s).")
                % {"year": assessment.year, "block": block.name, "colour": Colour(result["colour"]).label},
                aspect=block.aspect,
                from_block=block,
            )
            made += 1
        if made:
            record_event(
                verb="operation.plan_actions_from_assessment",
                actor=by,
                organisation=plan.organisation,
                subject=plan.title,
                count=made,
            )
    return made


def latest_assessment(organisation):
    """The organisation's most recent self-assessment with scores (finished or not)."""
    from einclusie.operation.models import Assessment

    return Assessment.objects.for_organisation(organisation).filter(scores__isnull=False).order_by("-year").first()


# --- Reads: the context analysis and the progress of actions ---------------------------------------------------


def _barometer_share():
    from einclusie.monitoring.services import INDICATORS_JSON

    barometer = json.loads(INDICATORS_JSON.read_text(encoding="utf-8"))["barometer"]
    return Decimal(barometer["share_16_74"]), barometer


def context_figures(organisation, *, today=None):
    """The municipality's own figures for the context analysis, read from the other modules, never retyped."""
    from einclusie.contacts.models import HelpContact
    from einclusie.helppoints.models import HelpPoint
    from einclusie.territory.models import Statistic

    today = today or timezone.localdate()
    share, barometer = _barometer_share()
    figures = {
        "municipality": organisation.municipality,
        "inhabitants": None,
        "inhabitants_year": None,
        "inhabitants_65_plus": None,
        "share": share,
        "share_source": barometer["source"],
        "vulnerable": None,
        "help_points": HelpPoint.objects.for_organisation(organisation).public().count(),
        "help_contacts": HelpContact.objects.for_organisation(organisation)
        .in_period(datetime.date(today.year, 1, 1), today)
        .count(),
        "year": today.year,
    }
    if organisation.municipality is not None:
        latest = {row.indicator.code: row for row in Statistic.objects.latest_per_indicator(organisation.municipality)}
        if "inhabitants" in latest:
            figures["inhabitants"] = int(latest["inhabitants"].value)
            figures["inhabitants_year"] = latest["inhabitants"].year
        if "inhabitants_65_plus" in latest:
            figures["inhabitants_65_plus"] = int(latest["inhabitants_65_plus"].value)
        if "digitally_vulnerable_share" in latest:
            share = latest["digitally_vulnerable_share"].value.quantize(Decimal("0.1"))
            figures["share"] = share.to_integral_value() if share == share.to_integral_value() else share
            figures["share_source"] = latest["digitally_vulnerable_share"].source
        if figures["inhabitants"] is not None:
            figures["vulnerable"] = round(figures["inhabitants"] * figures["share"] / 100)
    return figures


def action_progress(actions, *, plan):
    """Per action id: the figures of what it is linked to, over the plan's period (counted, never typed in).

    {"help_contacts": n or None, "participants": n or None, "approved": euro or None, "spent": euro or None}
    """
    from einclusie.contacts.models import HelpContact
    from einclusie.courses.models import Enrolment
    from einclusie.subsidies.models import Application

    start, end = datetime.date(plan.start_year, 1, 1), datetime.date(plan.end_year, 12, 31)
    progress = {}
    for action in actions:
        help_points = [point.pk for point in action.help_points.all()]
        courses = [course.pk for course in action.courses.all()]
        applications = {subsidy.application_id for subsidy in action.subsidy_actions.all()}
        row = {"help_contacts": None, "participants": None, "approved": None, "spent": None}
        if help_points:
            row["help_contacts"] = (
                HelpContact.objects.for_organisation(plan.organisation)
                .in_period(start, end)
                .filter(help_point_id__in=help_points)
                .count()
            )
        if courses:
            row["participants"] = Enrolment.objects.filter(course_id__in=courses).participants().count()
        if applications:
            found = Application.objects.for_organisation(plan.organisation).filter(pk__in=applications)
            row["approved"] = found.aggregate(total=Sum("approved_amount"))["total"] or Decimal(0)
            row["spent"] = found.aggregate(total=Sum("justification__expenses__amount"))["total"] or Decimal(0)
        progress[action.pk] = row
    return progress


def with_links(queryset):
    return queryset.select_related("action_type").prefetch_related(
        "target_groups",
        "partners",
        "help_points__service",
        "help_points__location",
        "courses",
        "subsidy_actions__application",
    )


def plan_summary(plan):
    """Totals of the plan: budget, and actions per status."""
    actions = list(plan.actions.all())
    live = [action for action in actions if action.status != ActionStatus.DROPPED]
    return {
        "budget": sum((action.budget or Decimal(0) for action in live), Decimal(0)),
        "count": len(live),
        "aspects": sorted({action.aspect for action in live}),
    }
