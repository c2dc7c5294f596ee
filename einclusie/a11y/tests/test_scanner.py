"""The monitor on two fixture sites served on 127.0.0.1: every check finds what it should, and stays quiet on a
clean site. Bad input (robots.txt, redirects away, traps, huge pages, non-HTML, timeouts) is recorded per page."""

import pytest

from einclusie.a11y.pagechecks import language_barriers, pdf_is_tagged
from einclusie.a11y.tests.server import SITES


def page(result, path):
    return next(p for p in result.pages if p.url.split("/", 3)[3] == path.lstrip("/"))


def checks(result, path):
    return {barrier.check_id for barrier in page(result, path).barriers}


def test_a_clean_site_has_no_findings_on_any_page(clean_result):
    assert len(clean_result.scanned) == 5
    found = [(p.url, b.check_id, b.selector) for p in clean_result.pages for b in p.barriers]
    assert found == []
    assert {p.outcome for p in clean_result.pages} == {"scanned"}


def test_pages_from_the_sitemap_are_scanned_even_when_no_link_leads_there(clean_result):
    assert page(clean_result, "/nieuws.html").outcome == "scanned"


def test_axe_finds_a_missing_alt_text_with_its_criterion_clause_and_element(barrier_result):
    (missing_alt,) = [b for b in page(barrier_result, "/foto.html").barriers if b.check_id == "image-alt"]
    assert missing_alt.criteria == ["1.1.1"]
    assert missing_alt.en_clauses == ["9.1.1.1"]
    assert missing_alt.impact == "critical"
    assert missing_alt.selector == "img"
    assert "alt-tekst" in missing_alt.message


def test_a_page_without_language_is_found_by_axe_and_by_the_monitor(barrier_result):
    assert {"html-has-lang", "page-language"} <= checks(barrier_result, "/geen-taal.html")
    assert "page-language" not in checks(barrier_result, "/foto.html")


@pytest.mark.parametrize(
    ("lang", "problem"),
    [("nl", False), ("nl-BE", False), ("fr", True), ("xx", True), ("nl_BE!", True), ("", True), (None, True)],
)
def test_the_page_language_is_a_real_language_and_dutch(lang, problem):
    assert bool(language_barriers(lang, "nl")) is problem


def test_a_french_page_is_fine_when_dutch_is_not_required():
    assert language_barriers("fr", None) == []


def test_klik_hier_and_meer_are_meaningless_link_texts(barrier_result):
    (vague,) = [b for b in page(barrier_result, "/").barriers if b.check_id == "link-text"]
    assert "klik hier" in vague.message
    assert vague.criteria == ["2.4.4"]
    assert vague.selector.endswith("p:nth-of-type(1) > a")
    assert "link-text" in checks(barrier_result, "/afval.html")  # "Meer"


def test_an_untagged_pdf_is_found_and_a_tagged_one_is_not(barrier_result, clean_result):
    (untagged,) = [b for b in page(barrier_result, "/").barriers if b.check_id == "pdf-untagged"]
    assert "folder.pdf" in untagged.message
    assert untagged.en_clauses == ["10.1.3.1"]
    assert "pdf-untagged" not in checks(clean_result, "/")


def test_pdf_tags_are_found_in_compressed_object_streams_too():
    assert pdf_is_tagged((SITES / "schoon" / "brochure.pdf").read_bytes())
    assert not pdf_is_tagged((SITES / "drempels" / "folder.pdf").read_bytes())
    assert not pdf_is_tagged(b"<html>not a pdf</html>")


def test_a_page_that_scrolls_sideways_at_320_pixels_is_found_with_the_wide_element(barrier_result):
    (reflow,) = [b for b in page(barrier_result, "/breed.html").barriers if b.check_id == "reflow-320"]
    assert reflow.selector == "html > body > main > div"
    assert reflow.criteria == ["1.4.10"]
    assert "reflow-320" not in checks(barrier_result, "/foto.html")


def test_links_without_a_visible_focus_are_found(barrier_result):
    found = [b for b in page(barrier_result, "/focus.html").barriers if b.check_id == "focus-visible"]
    assert [b.selector for b in found] == [
        "html > body > main > p > a:nth-of-type(1)",
        "html > body > main > p > a:nth-of-type(2)",
    ]
    assert "focus-visible" not in checks(barrier_result, "/afval.html")


def test_every_page_must_link_to_the_accessibility_statement(barrier_result):
    assert "statement-link" in checks(barrier_result, "/foto.html")
    assert "statement-link" not in checks(barrier_result, "/")


def test_robots_txt_is_respected(barrier_result):
    intern = page(barrier_result, "/geheim/intern.html")
    assert (intern.outcome, intern.note) == ("skipped", "robots.txt verbiedt deze pagina")


def test_a_redirect_to_another_host_is_recorded_and_not_followed(barrier_result):
    away = page(barrier_result, "/weg")
    assert away.outcome == "skipped"
    assert "example.invalid" in away.note
    assert not any("example.invalid" in p.url for p in barrier_result.pages)


def test_a_calendar_trap_stops_at_the_depth_limit(barrier_result):
    months = [p.url for p in barrier_result.pages if "/agenda" in p.url]
    assert [url.rsplit("=", 1)[1] for url in months] == ["1", "2", "3"]


def test_a_calendar_trap_stops_at_the_variant_limit_when_depth_allows_more(scan, barrier_site):
    result = scan(barrier_site + "/agenda?maand=1", max_depth=50, max_pages=20)
    months = [p for p in result.pages if "/agenda" in p.url]
    assert [p.outcome for p in months] == ["scanned"] * 5 + ["skipped"]
    assert "val" in months[-1].note


def test_huge_non_html_and_slow_pages_are_recorded_and_the_scan_goes_on(barrier_result):
    assert page(barrier_result, "/groot").note.startswith("te groot")
    assert page(barrier_result, "/gegevens.json").note == "geen webpagina (application/json)"
    slow = page(barrier_result, "/traag")
    assert (slow.outcome, slow.note) == ("error", "time-out: de server antwoordde niet op tijd")
    assert page(barrier_result, "/toegankelijkheid.html").outcome == "scanned"


def test_the_page_and_depth_limits_hold(scan, barrier_site):
    result = scan(barrier_site + "/", max_pages=2, max_depth=1)
    assert len(result.scanned) == 2
    assert max(p.depth for p in result.pages) <= 1


def test_an_unreachable_host_gives_a_scan_that_could_not_run(scan):
    result = scan("http://127.0.0.1:9/")
    assert not result.could_run
    assert result.problem == "niet bereikbaar"
