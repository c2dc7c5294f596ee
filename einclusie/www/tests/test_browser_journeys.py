"""Journeys a person makes with the keyboard alone, and with JavaScript switched off."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from einclusie.core import demo
from einclusie.core.tests.keyboard import tab_until
from einclusie.www.tests.test_browser_accessibility import AXE_OPTIONS

pytestmark = pytest.mark.browser

PERSON = "coordinator.ronse@example.org"  # works for three organisations


def test_log_in_and_switch_organisation_with_the_keyboard_only(live_site, new_page):
    page = new_page()
    page.goto(live_site + "/")
    skip = tab_until(page, lambda s: s["tag"] == "A")
    assert skip["text"] == "Naar de inhoud"
    tab_until(page, lambda s: s["text"] == "Aanmelden")
    page.keyboard.press("Enter")
    page.wait_for_url(live_site + "/aanmelden/")
    tab_until(page, lambda s: s["id"] == "id_username")
    page.keyboard.type(PERSON)
    page.keyboard.press("Tab")
    page.keyboard.type(demo.DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(live_site + "/werk/")
    assert "Stad Ronse" in page.inner_text(".org-bar")

    tab_until(page, lambda s: s["type"] == "radio")
    page.keyboard.press("ArrowDown")  # radio groups move with the arrow keys
    chosen = page.evaluate("document.activeElement.labels[0].innerText")
    tab_until(page, lambda s: s["text"] == "Deze organisatie kiezen")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    organisation = chosen.split(" – ")[0]
    assert organisation in page.inner_text(".org-bar")
    assert page.locator("[role=status]").inner_text().startswith("U werkt nu voor")


def test_log_in_and_switch_organisation_without_javascript(live_site, new_page):
    page = new_page(javascript=False)
    page.goto(live_site + "/aanmelden/")
    page.fill("#id_username", PERSON)
    page.fill("#id_password", "fout wachtwoord")
    page.click("main button[type=submit]")
    assert "Het e-mailadres of het wachtwoord klopt niet" in page.inner_text(".error-summary")
    page.fill("#id_password", demo.DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(live_site + "/werk/")
    page.check("text=Digipunt Bibliotheek Ronse (demo) – digihelper")
    page.click("text=Deze organisatie kiezen")
    assert "Digipunt Bibliotheek Ronse (demo)" in page.inner_text(".org-bar")
    # The helper role in the library sees no member list.
    response = page.goto(live_site + "/werk/leden/")
    assert response.status == 404


def test_the_language_switch_works_without_javascript(live_site, new_page):
    page = new_page(javascript=False)
    page.goto(live_site + "/gemeenten/")
    page.click("button[name=language][value=fr]")
    assert page.evaluate("document.documentElement.lang") == "fr"
    assert page.url == live_site + "/gemeenten/"


def test_a_citizen_finds_help_without_javascript(live_site, new_page):
    page = new_page(javascript=False, width=360)
    page.goto(live_site + "/")
    page.click("text=Hulp zoeken")
    page.fill("#id_waar", "9000")
    page.select_option("#id_onderwerp", "itsme")
    page.click("main button[type=submit]")
    assert "dichtbij 9000 Gent" in page.inner_text("#resultaten h2")
    first = page.locator(".result h3 a").first
    name = first.inner_text()
    first.click()
    assert page.locator("h1").inner_text() == name
    assert "Openingsuren" in page.inner_text("main")


def test_a_misspelt_place_gets_suggestions(live_site, new_page):
    page = new_page(javascript=False)
    page.goto(live_site + "/hulp/?waar=Gnet")
    page.click("#resultaten a:text-is('Gent')")
    assert "dichtbij" in page.inner_text("#resultaten h2")


def test_the_finder_updates_as_you_type_with_javascript(live_site, new_page):
    page = new_page()
    page.goto(live_site + "/hulp/")
    assert page.locator(".result").count() == 0
    page.fill("#id_waar", "9300")  # no click: the results come while typing
    page.wait_for_selector(".result")
    assert "Aalst" in page.inner_text("#resultaten h2")
    assert "waar=9300" in page.url


def test_a_digihelper_logs_a_contact_with_the_keyboard_only(live_site, new_page):
    page = new_page(width=800)
    page.goto(live_site + "/aanmelden/")
    page.fill("#id_username", "helper.gent@example.org")
    page.fill("#id_password", demo.DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(live_site + "/werk/")
    page.goto(live_site + "/werk/contacten/")
    before = page.locator(".today-list li").count()
    for field in ("id_channel_0", "id_topics_0", "id_outcome_0", "id_duration_0"):
        tab_until(page, lambda s, field=field: s["id"] == field)
        page.keyboard.press("Space")
    tab_until(page, lambda s: s["tag"] == "BUTTON" and s["text"] == "Contact noteren")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("[role=status]").inner_text().startswith("Het contact is genoteerd")
    expect(page.locator(".today-list li")).to_have_count(before + 1)


def test_a_digihelper_logs_repeats_and_undoes_without_javascript(live_site, new_page):
    page = new_page(javascript=False, width=360)
    page.goto(live_site + "/aanmelden/")
    page.fill("#id_username", "coordinator.aalst@example.org")
    page.fill("#id_password", demo.DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.click("nav >> text=Contact noteren")
    before = page.locator(".today-list li").count()
    page.check("#id_channel_2")
    page.check("#id_topics_0")
    page.check("#id_outcome_2")
    page.click("main button:text-is('Contact noteren')")
    summary = page.inner_text(".error-summary").splitlines()[1:]
    assert summary == ["Kies naar wie u doorverwees.", "Kies hoe lang het duurde."]
    page.check("#id_referred_to_1")
    page.check("#id_duration_0")
    page.click("main button:text-is('Contact noteren')")
    page.click("text=Nog een contact zoals het vorige")
    expect(page.locator(".today-list li")).to_have_count(before + 2)
    page.click("text=Laatste contact ongedaan maken")
    expect(page.locator(".today-list li")).to_have_count(before + 1)


def _check_contacts_file(page, live_site):
    """Log in as a digihelper and check a CSV of three contacts, the second one with an unknown channel."""
    page.goto(live_site + "/aanmelden/")
    page.fill("#id_username", "helper.gent@example.org")
    page.fill("#id_password", demo.DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.goto(live_site + "/werk/contacten/overzicht/")
    page.click("text=Inlezen uit CSV of Excel")
    number = page.locator("table:has(caption:text('Nummers en namen')) tbody td").first.inner_text()
    day = (datetime.date.today() - datetime.timedelta(days=2)).strftime("%d/%m/%Y")
    lines = [
        "Datum;Digipunt;Kanaal;Onderwerpen;Resultaat;Doorverwezen naar;Duur",
        f"{day};{number};binnengelopen;itsme|eBox;opgelost;;tot 15 minuten",
        f"{day};{number};brief;itsme;opgelost;;tot 15 minuten",
        f"{day};{number};telefoon;online bankieren;doorverwezen;bank of ziekenfonds;20",
    ]
    csv = ("\ufeff" + "\r\n".join(lines) + "\r\n").encode()
    page.set_input_files("#id_file", files=[{"name": "contacten.csv", "mimeType": "text/csv", "buffer": csv}])
    page.click("main button:text-is('Nakijken')")


def test_a_digihelper_imports_contacts_from_a_spreadsheet_without_javascript(live_site, new_page):
    page = new_page(javascript=False)
    _check_contacts_file(page, live_site)
    report = page.locator("section.panel")
    assert "Goed en nieuw\n2" in report.inner_text()
    assert report.locator("tbody tr").first.inner_text().startswith("3\tkanaal\tOnbekend kanaal “brief”")
    page.check("text=Lees de goede rijen in")
    page.click("main button:text-is('2 contacten inlezen')")
    assert page.locator("[role=status]").inner_text() == (
        "2 contacten ingelezen. 1 rij met een probleem is niet ingelezen."
    )


def test_the_report_of_a_checked_file_has_no_accessibility_violations(live_site, new_page):
    """The report is reached only through a form, so the crawler never sees it (axe needs JS on)."""
    page = new_page()
    _check_contacts_file(page, live_site)
    expect(page.locator("section.panel table")).to_be_visible()
    assert not Axe().run(page, options=AXE_OPTIONS).response["violations"]


def test_a_citizen_finds_a_course_in_the_finder_and_signs_up_without_javascript(live_site, new_page):
    page = new_page(javascript=False, width=360)
    page.goto(live_site + "/")
    page.click("text=Hulp zoeken")
    page.fill("#id_waar", "9000")
    page.click("main button[type=submit]")
    nearby = page.locator("section.nearby-courses")
    assert "Cursussen in de buurt" in nearby.inner_text()
    nearby.locator("a:text-is('Aan de slag met uw smartphone (demo)')").click()
    assert page.locator("h1").inner_text() == "Aan de slag met uw smartphone (demo)"
    page.fill("#id_first_name", "Mia")
    page.click("main form button[type=submit]")
    assert "Vul uw telefoonnummer of uw e-mailadres in" in page.inner_text(".error-summary")
    page.fill("#id_phone", "0470 98 76 54")
    page.click("main form button[type=submit]")
    assert page.locator("h1").inner_text() == "U bent ingeschreven"
    assert "Wat gebeurt er nu?" in page.inner_text("main")


def _answer_every_statement(page, choice):
    groups = page.locator("main fieldset")
    for group in range(groups.count()):
        radios = groups.nth(group).locator("input[type=radio]")
        (radios.first if choice == "first" else radios.last).check()


def test_a_learner_takes_the_skills_check_twice_linked_by_a_code_without_javascript(live_site, new_page):
    page = new_page(javascript=False, width=360)
    page.goto(live_site + "/vaardigheden/")
    _answer_every_statement(page, "first")
    page.click("main form button[type=submit]")
    code = page.inner_text(".code-display")
    assert len(code) == 7 and code[3] == "-"
    page.goto(live_site + "/vaardigheden/?moment=na")
    page.fill("#id_code", code.lower())
    _answer_every_statement(page, "last")
    page.click("main form button[type=submit]")
    assert "Uw antwoorden zijn bewaard" in page.inner_text("main")


def test_pages_after_the_course_forms_have_no_accessibility_violations(live_site, new_page):
    """The thank-you pages are reached only through a form, so the crawler never sees them (axe needs JS on)."""
    axe = Axe()
    page = new_page()
    problems = []
    page.goto(live_site + "/cursussen/?waar=9000")
    page.click(".result h3 a >> nth=0")
    page.click("main form button[type=submit]")
    expect(page.locator(".error-summary")).to_be_visible()
    problems += [v["id"] for v in axe.run(page, options=AXE_OPTIONS).response["violations"]]
    page.fill("#id_first_name", "Noor")
    page.fill("#id_email", "noor@example.org")
    page.click("main form button[type=submit]")
    assert "Wat gebeurt er nu?" in page.inner_text("main")
    problems += [v["id"] for v in axe.run(page, options=AXE_OPTIONS).response["violations"]]
    page.goto(live_site + "/vaardigheden/")
    _answer_every_statement(page, "first")
    page.click("main form button[type=submit]")
    expect(page.locator(".code-display")).to_be_visible()
    problems += [v["id"] for v in axe.run(page, options=AXE_OPTIONS).response["violations"]]
    assert not problems


def test_a_coordinator_applies_for_a_subsidy_with_the_keyboard_only(live_site, new_page):
    page = new_page()
    page.goto(live_site + "/aanmelden/")
    tab_until(page, lambda s: s["id"] == "id_username")
    page.keyboard.type("coordinator.pajottegem@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type(demo.DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(live_site + "/werk/")
    tab_until(page, lambda s: s["text"] == "Subsidies aanvragen en opvolgen")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_until(page, lambda s: s["text"] == "Een aanvraag beginnen")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_until(page, lambda s: s["text"] == "Contact, rekening en bedrag invullen")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    for field, text in (
        ("id_contact_phone", "054 00 00 00"),
        ("id_contact_job_title", "coördinator e-inclusie"),
        ("id_iban", "BE68 5390 0754 7034"),
        ("id_requested_amount", "999999999"),
    ):
        tab_until(page, lambda s, field=field: s["id"] == field)
        page.keyboard.press("Control+A")
        page.keyboard.type(text)
    tab_until(page, lambda s: s["id"] == "id_current_action_types_0")
    page.keyboard.press("Space")
    tab_until(page, lambda s: s["tag"] == "BUTTON" and s["text"] == "Bewaren")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    summary = page.locator(".error-summary")
    assert "Het aangevraagde bedrag overschrijdt de maximale waarde voor dit bestuur" in summary.inner_text()
    tab_until(page, lambda s: s["id"] == "id_requested_amount")
    page.keyboard.press("Control+A")
    page.keyboard.type("40000")
    tab_until(page, lambda s: s["tag"] == "BUTTON" and s["text"] == "Bewaren")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_until(page, lambda s: s["text"] == "De verplichte actie beschrijven")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_until(page, lambda s: s["id"] == "id_action_type_0")
    page.keyboard.press("Space")
    tab_until(page, lambda s: s["id"] == "id_objective")
    page.keyboard.type("Kwetsbare gezinnen hebben internet thuis.")
    tab_until(page, lambda s: s["id"] == "id_description")
    page.keyboard.type("Een connectiviteitsscan aan huis, samen met het OCMW.")
    tab_until(page, lambda s: s["id"] == "id_target_groups_4")
    page.keyboard.press("Space")
    tab_until(page, lambda s: s["tag"] == "BUTTON" and s["text"] == "Bewaren")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_until(page, lambda s: s["tag"] == "BUTTON" and s["text"] == "Aanvraag indienen", limit=120)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("[role=status]").inner_text().startswith("Uw aanvraag is ingediend")
    assert "Status: ingediend" in page.inner_text("main")
    assert page.locator("a", has_text="Ontvangstbewijs (PDF)").count() == 1


def _log_in(page, live_site, email):
    page.goto(live_site + "/aanmelden/")
    page.fill("#id_username", email)
    page.fill("#id_password", demo.DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(live_site + "/werk/")


def _press(page, text, tag="A"):
    tab_until(page, lambda s: s["tag"] == tag and s["text"] == text, limit=150)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_digihelper_takes_in_wipes_lends_and_takes_back_a_laptop_with_the_keyboard_only(live_site, new_page):
    page = new_page()
    _log_in(page, live_site, "helper.gent@example.org")
    serial = "KB" + datetime.datetime.now().strftime("%H%M%S%f")
    _press(page, "Toestellen")
    _press(page, "Eén toestel registreren")
    tab_until(page, lambda s: s["id"] == "id_device_type_0")
    page.keyboard.press("Space")
    for field, text in (("id_brand", "Dell"), ("id_model", "Latitude 7490"), ("id_serial_number", serial)):
        tab_until(page, lambda s, field=field: s["id"] == field)
        page.keyboard.type(text)
    tab_until(page, lambda s: s["id"] == "id_source_0")
    page.keyboard.press("ArrowDown")  # a radio group is one stop for Tab; the arrows choose in it
    _press(page, "Bewaren", "BUTTON")
    assert "is geregistreerd" in page.locator("[role=status]").inner_text()

    _press(page, "Wissing registreren")
    tab_until(page, lambda s: s["id"] == "id_method_0")
    page.keyboard.press("Space")
    for field, text in (("id_wiped_by", "Hanne"), ("id_certificate_number", "BL-" + serial)):
        tab_until(page, lambda s, field=field: s["id"] == field)
        page.keyboard.type(text)
    _press(page, "Wissing bewaren", "BUTTON")
    assert "De wissing is geregistreerd" in page.locator("[role=status]").inner_text()

    _press(page, "Beschikbaar maken")
    _press(page, "Bewaren", "BUTTON")
    _press(page, "Meegeven")
    tab_until(page, lambda s: s["id"] == "id_beneficiary")
    page.keyboard.press("ArrowDown")  # a closed select moves to the next option with the arrow keys
    for box in ("id_checklist_0", "id_checklist_1", "id_checklist_3", "id_checklist_4"):
        tab_until(page, lambda s, box=box: s["id"] == box)
        page.keyboard.press("Space")
    _press(page, "Bevestigen en meegeven", "BUTTON")
    assert page.locator("[role=status]").inner_text().startswith("Het toestel is uitgeleend aan")
    assert page.locator("a", has_text="Nederlands (PDF)").count() == 1

    _press(page, "Terugbrengen")
    tab_until(page, lambda s: s["id"] == "id_return_condition_0")
    page.keyboard.press("ArrowDown")
    _press(page, "Terugbrengen bevestigen", "BUTTON")
    assert page.locator("[role=status]").inner_text().startswith("Het toestel is teruggebracht")
    assert serial in page.inner_text("main")
    assert "nog niet gewist" in page.inner_text("main")


def _press_starting(page, text, tag="A"):
    tab_until(page, lambda s: s["tag"] == tag and s["text"].startswith(text), limit=150)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_digihelper_reserves_and_cannot_hand_over_an_expired_reservation_with_the_keyboard_only(live_site, new_page):
    page = new_page()
    _log_in(page, live_site, "helper.gent@example.org")
    _press(page, "Toestellen")
    _press_starting(page, "reserveren")  # "reserveren DEMO-PF0005": the serial is for screen readers
    tab_until(page, lambda s: s["id"] == "id_beneficiary")
    page.keyboard.press("ArrowDown")
    _press(page, "Reserveren", "BUTTON")
    assert page.locator("[role=status]").inner_text().startswith("Het toestel is gereserveerd voor")

    # OCMW Gent's demo reservation whose window passed: listed apart, and the hand-over is refused.
    _press(page, "Alle leningen")
    _press_starting(page, "Verlopen reservaties (1)")
    assert "reservatie verlopen" in page.inner_text("main")
    assert not Axe().run(page, options=AXE_OPTIONS).response["violations"]
    _press_starting(page, "TB-")
    assert "Deze reservatie liep af op" in page.inner_text("main")
    _press_starting(page, "smartphone Samsung")
    _press(page, "Meegeven aan wie reserveerde")
    assert "Deze reservatie liep af op" in page.inner_text("main")
    for box in ("id_checklist_0", "id_checklist_3", "id_checklist_4"):
        tab_until(page, lambda s, box=box: s["id"] == box)
        page.keyboard.press("Space")
    _press(page, "Bevestigen en meegeven", "BUTTON")
    assert "Verleng de reservatie of annuleer ze" in page.inner_text(".error-summary")
    _press(page, "Reservatie verlengen")
    _press(page, "Verlengen", "BUTTON")
    assert page.locator("[role=status]").inner_text().startswith("De reservatie loopt nu tot")
    _press(page, "Meegeven")
    assert "liep af op" not in page.inner_text("main")

    # Loans due soon, with the filter and the reminder button.
    page.goto(live_site + "/werk/toestellen/leningen/?toon=binnenkort&dagen=abc")
    assert "Vul een aantal dagen in, bijvoorbeeld 30." in page.inner_text(".error-summary")
    assert not Axe().run(page, options=AXE_OPTIONS).response["violations"]
    _press_starting(page, "Herinner wie binnen 30 dagen", "BUTTON")
    assert "1 herinnering verstuurd per e-mail." in page.locator("[role=status]").inner_text()


def _answer_the_laptop_check(page, live_site):
    page.goto(live_site + "/")
    page.click("text=Kan ik een laptop lenen?")
    page.click("main a:text-is('Gent')")
    page.click("main form button[type=submit]")
    assert "Kies ja of nee." in page.inner_text(".error-summary")
    page.check("#id_woont_hier_0")
    page.check("#id_situatie_0")
    page.check("#id_internet_1")
    page.click("main form button[type=submit]")


def test_a_citizen_checks_whether_she_can_borrow_a_laptop_without_javascript(live_site, new_page):
    page = new_page(javascript=False, width=360)
    _answer_the_laptop_check(page, live_site)
    result = page.inner_text("#result-title")
    assert result == "U kunt waarschijnlijk een toestel lenen"
    main = page.inner_text("main")
    assert "Sociaal Huis (demo)" in main
    assert "uw identiteitskaart" in main
    assert "sociaal internetaanbod" in main


def test_the_answer_of_the_laptop_check_has_no_accessibility_violations(live_site, new_page):
    """The answer is reached only through a form, so the crawler never sees it (axe needs JS on)."""
    page = new_page()
    _answer_the_laptop_check(page, live_site)
    expect(page.locator("#result-title")).to_be_visible()
    assert not Axe().run(page, options=AXE_OPTIONS).response["violations"]
