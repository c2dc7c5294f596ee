"""`einclusie a11y scan <url>`: findings on standard output, exit code 0 with findings, non-zero when it cannot run."""

import json

import pytest
from django.core.management import CommandError, call_command


def test_it_prints_the_findings_as_json(barrier_site, capsys):
    call_command(
        "a11y",
        "scan",
        barrier_site + "/foto.html",
        "--max-pages",
        "1",
        "--depth",
        "0",
        "--format",
        "json",
        "--delay",
        "0",
    )
    output = json.loads(capsys.readouterr().out)
    (finding,) = [f for f in output["findings"] if f["check"] == "image-alt"]
    assert finding["page"].endswith("/foto.html")
    assert finding["wcag"] == ["1.1.1"]
    assert finding["impact"] == "critical"
    assert finding["selector"] == "img"
    assert finding["message"]


def test_it_prints_one_line_per_finding_as_text(barrier_site, capsys):
    call_command("a11y", "scan", barrier_site + "/breed.html", "--max-pages", "1", "--depth", "0", "--delay", "0")
    output = capsys.readouterr().out
    assert "reflow-320\tWCAG 1.4.10\tserious\thtml > body > main > div" in output
    assert "1 pages scanned" in output


def test_it_fails_when_the_site_cannot_be_reached(capsys):
    with pytest.raises(CommandError, match="could not run"):
        call_command("a11y", "scan", "http://127.0.0.1:9/", "--delay", "0", "--timeout", "1")
