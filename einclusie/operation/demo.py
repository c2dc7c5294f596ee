"""Demo data of the local operation: the framework, toolkit items, self-assessments in Oost-Vlaanderen."""

from django.utils import timezone

from einclusie.core.codelists import ACTION_TYPES, TARGET_GROUPS, codes
from einclusie.operation import services
from einclusie.operation.models import Aspect, Assessment, ItemKind, Score, ToolkitItem, ToolkitUse

ITEMS = [
    (
        "Draaiboek digipunt in de bibliotheek",
        "Stap voor stap een digipunt opstarten: openingsuren, digihelpers zoeken en begeleiden, afspraken met de "
        "bibliotheek, registratie van hulpvragen. Fictief voorbeeld.",
        ItemKind.GUIDE,
        Aspect.SUPPORT,
        "ondersteuningsnetwerk",
        ["alle-inwoners", "ouderen"],
    ),
    (
        "Sjabloon uitleenovereenkomst laptop",
        "Een overeenkomst in eenvoudige taal voor het uitlenen van een laptop, met checklist voor de overhandiging. "
        "Fictief voorbeeld.",
        ItemKind.TEMPLATE,
        Aspect.ACCESS,
        "hardware-software-internet",
        ["kansarmoede", "clienten-ocmw"],
    ),
    (
        "Checklist toegankelijke website voor lokale besturen",
        "Twintig controles die u zelf kunt doen: alternatieve tekst, toetsenbord, contrast, formulieren, "
        "toegankelijkheidsverklaring. Fictief voorbeeld.",
        ItemKind.CHECKLIST,
        Aspect.SERVICES,
        "e-inclusion-by-design",
        ["beperking", "ouderen"],
    ),
    (
        "Vormingspakket digihelpers: eerste hulp bij itsme",
        "Presentatie en oefenkaarten om vrijwilligers op te leiden die inwoners helpen met itsme en Mijn "
        "Burgerprofiel. Fictief voorbeeld.",
        ItemKind.TRAINING,
        Aspect.SKILLS,
        "vaardigheden",
        ["volwassenen", "ouderen"],
    ),
    (
        "Campagne 'Vraag het aan de digipunt'",
        "Affiches, flyers in eenvoudige taal en berichten voor het infoblad om het digipunt bekend te maken. "
        "Fictief voorbeeld.",
        ItemKind.CAMPAIGN,
        Aspect.REACH,
        "ondersteuningsnetwerk",
        ["laaggeschoolden", "anderstaligen"],
    ),
    (
        "Gids lokaal netwerk e-inclusie",
        "Hoe breng je bibliotheek, OCMW, CAW, scholen en verenigingen samen rond digitale inclusie? Met een "
        "sjabloon voor een samenwerkingsakkoord. Fictief voorbeeld.",
        ItemKind.GUIDE,
        Aspect.GOVERNANCE,
        "e-inclusiebeleid",
        ["alle-inwoners"],
    ),
    (
        "Connectiviteitsscan bij mensen thuis",
        "Vragenlijst en werkwijze om samen met een gezin te bekijken welke internetverbinding thuis kan, en of het "
        "sociaal internetaanbod past. Fictief voorbeeld.",
        ItemKind.CHECKLIST,
        Aspect.ACCESS,
        "internet-thuis",
        ["kansarmoede", "alleenstaanden"],
    ),
]

# Scores per question code for the demo assessments (0–4).
GENT_LAST_YEAR = [1, 1, 2, 1, 2, 1, 2, 1, 3, 2, 1, 1, 1, 0]
GENT_THIS_YEAR = [2, 2, 3, 2, 3, 2, 2, 2, 3, 3]  # the first five blocks; the rest still open
PEERS = {"aalst": [2, 1, 2, 2, 1, 1, 3, 2, 3, 2, 1, 2, 1, 1], "ronse": [1, 1, 2, 2, 3, 2, 2, 1, 2, 2, 1, 1, 2, 1]}
PEERS["oudenaarde"] = [1, 2, 1, 1, 2, 2, 2, 2, 2, 3, 2, 1, 1, 1]
ACTION_TEXT = "Fictief voorbeeld: we bespreken dit bouwblok op het volgende overleg van het lokale netwerk."


def demo_operation(organisations):
    """Load the framework and the demo toolkit; self-assessments for Gent and three peers. Returns items made."""
    framework = services.framework_load()
    made = 0
    action_types = {code.code: code for code in codes(ACTION_TYPES)}
    groups = {code.code: code for code in codes(TARGET_GROUPS)}
    for title, summary, kind, aspect, action_type, target_groups in ITEMS:
        item, created = ToolkitItem.objects.get_or_create(
            title=title,
            defaults={"summary": summary, "kind": kind, "aspect": aspect, "action_type": action_types.get(action_type)},
        )
        if created:
            item.target_groups.set([groups[code] for code in target_groups if code in groups])
            item.search_text = services.item_search_text(item)
            item.save(update_fields=["search_text"])
            made += 1
    items = list(ToolkitItem.objects.order_by("pk"))
    for key, rating in (("aalst", 4), ("ronse", 5)):
        ToolkitUse.objects.get_or_create(item=items[0], organisation=organisations[key], defaults={"rating": rating})
    year = timezone.localdate().year
    questions = [question for block in framework.blocks.all() for question in block.questions.all()]
    _assessment(organisations["gent"], framework, year - 1, questions, GENT_LAST_YEAR, completed=True)
    _assessment(organisations["gent"], framework, year, questions, GENT_THIS_YEAR, completed=False)
    for key, values in PEERS.items():
        _assessment(organisations[key], framework, year, questions, values, completed=True)
    return made


def _assessment(organisation, framework, year, questions, values, *, completed):
    assessment, created = Assessment.objects.get_or_create(
        organisation=organisation, year=year, defaults={"framework": framework}
    )
    if not created:
        return
    Score.objects.bulk_create(
        Score(assessment=assessment, question=question, value=value)
        for question, value in zip(questions, values, strict=False)
    )
    for result in services.block_results(assessment):
        if result["colour"] in ("red", "orange"):
            assessment.actions.create(block=result["block"], text=ACTION_TEXT)
    if completed:
        assessment.completed_at = timezone.now()
        assessment.save(update_fields=["completed_at"])


# --- The partner network and the action plans (after the subsidies' demo, so a plan can link a subsidy action) ---

PARTNERS = [
    # name, partner category code, role, contact name
    ("Bibliotheek De Krook (fictief)", "lokale-besturen", "Digipunt in de hoofdbibliotheek, cursussen.", "Demo Bib"),
    ("Sociaal Huis Gent (fictief)", "lokale-besturen", "Verwijst door naar digipunten en de Digibank.", "Demo OCMW"),
    ("CAW Oost-Vlaanderen (fictief)", "sociale-organisaties", "Zoekt mensen op die de weg niet vinden.", "Demo CAW"),
    ("Digibank Gent (fictief)", "sociale-organisaties", "Herstelt en wist laptops, leent ze uit.", "Demo Digibank"),
    ("Basisschool De Vlieger (fictief)", "andere", "Ouderavonden over digitale school-apps.", ""),
    ("Seniorenvereniging S-Plus Gent (fictief)", "burgers", "Vrijwillige digihelpers voor ouderen.", ""),
]
PLAN_CONTEXT = (
    "Fictief voorbeeld. Een op de drie Gentenaars loopt het risico digitaal uit de boot te vallen. Ouderen en "
    "mensen met een laag inkomen vinden vooral de weg naar itsme en Mijn Burgerprofiel niet."
)


def demo_operation_plans(organisations):
    """Gent: partners and an adopted plan whose actions are linked to its help points, courses and subsidy action.
    Ronse: a draft plan, so the demo shows a municipality that misses the programme goal and why. Safe to run twice.
    Returns the plans made."""
    from einclusie.core.codelists import PARTNERS as PARTNER_LIST
    from einclusie.core.models import Code
    from einclusie.courses.models import Course
    from einclusie.helppoints.models import HelpPoint
    from einclusie.operation.models import ActionPlan, Partner, PlanAction, PlanStatus
    from einclusie.subsidies.models import ApplicationAction

    gent = organisations.get("gent")
    if gent is None:
        return 0
    today = timezone.localdate()
    categories = {code.code: code for code in Code.objects.of(PARTNER_LIST)}
    partners = {}
    for name, category, role, contact in PARTNERS:
        if category not in categories:
            continue
        partners[name], _created = Partner.objects.get_or_create(
            organisation=gent,
            name=name,
            defaults={
                "category": categories[category],
                "role": role,
                "contact_name": contact,
                "contact_email": f"{contact.lower().replace(' ', '.')}@example.org" if contact else "",
                "started_on": today.replace(month=1, day=1),
            },
        )
    made = 0
    plan, created = ActionPlan.objects.get_or_create(
        organisation=gent,
        title="Actieplan digitale inclusie Gent (fictief)",
        defaults={
            "start_year": today.year,
            "end_year": today.year + 2,
            "status": PlanStatus.ADOPTED,
            "adopted_on": min(today, today.replace(month=1, day=15)),
            "context": PLAN_CONTEXT,
            "goals": "Fictief voorbeeld: elke Gentenaar vindt binnen 15 minuten een digipunt.",
        },
    )
    if created:
        made += 1
        actions = [
            ("Laptops uitlenen via de Digibank", Aspect.ACCESS, "hardware-software-internet", 15000, "toestellen", 120),
            ("Cursussen smartphone en itsme", Aspect.SKILLS, "vaardigheden", 8000, "cursisten", 150),
            (
                "Digipunten in bibliotheek en sociaal huis",
                Aspect.SUPPORT,
                "ondersteuningsnetwerk",
                40000,
                "hulpcontacten",
                2000,
            ),
            ("Outreach met het CAW", Aspect.REACH, "ondersteuningsnetwerk", 5000, "mensen bereikt", 300),
        ]
        action_types = {code.code: code for code in codes(ACTION_TYPES)}
        for title, aspect, action_type, budget, indicator, target in actions:
            PlanAction.objects.create(
                plan=plan,
                title=title,
                aspect=aspect,
                action_type=action_types.get(action_type),
                budget=budget,
                indicator=indicator,
                target=target,
                status="running" if aspect != Aspect.REACH else "planned",
            )
        links = {
            "Laptops uitlenen via de Digibank": ["Digibank Gent (fictief)", "Sociaal Huis Gent (fictief)"],
            "Cursussen smartphone en itsme": [
                "Bibliotheek De Krook (fictief)",
                "Seniorenvereniging S-Plus Gent (fictief)",
            ],
            "Digipunten in bibliotheek en sociaal huis": [
                "Bibliotheek De Krook (fictief)",
                "Sociaal Huis Gent (fictief)",
            ],
            "Outreach met het CAW": ["CAW Oost-Vlaanderen (fictief)"],
        }
        for action in plan.actions.all():
            action.partners.set([partners[name] for name in links[action.title] if name in partners])
            if action.aspect == Aspect.SUPPORT:
                action.help_points.set(HelpPoint.objects.for_organisation(gent)[:3])
            if action.aspect == Aspect.SKILLS:
                action.courses.set(Course.objects.for_organisation(gent).order_by("pk")[:3])
    access = plan.actions.filter(aspect=Aspect.ACCESS).first()
    subsidy = ApplicationAction.objects.filter(application__organisation=gent).order_by("pk").first()
    if access is not None and subsidy is not None and not access.subsidy_actions.exists():
        access.subsidy_actions.add(subsidy)
    ronse = organisations.get("ronse")
    if ronse is not None:
        draft, created = ActionPlan.objects.get_or_create(
            organisation=ronse,
            title="Actieplan digitale inclusie Ronse (fictief, ontwerp)",
            defaults={"start_year": today.year, "end_year": today.year + 1, "status": PlanStatus.DRAFT},
        )
        if created:
            made += 1
            PlanAction.objects.create(plan=draft, title="Digipunt in de bibliotheek", aspect=Aspect.SUPPORT)
    return made
