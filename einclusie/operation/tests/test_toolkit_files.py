import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from einclusie.operation import services
from einclusie.operation.models import Aspect, ItemKind, ToolkitFile, ToolkitItem

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _uploads(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


FIXED_DATE = (2026, 1, 1, 0, 0, 0)


def office(names, mimetype=None):
    """A zip like an office document's, with a fixed date: the same bytes in every test process (pytest-xdist
    compares the collected test ids, which contain the bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if mimetype:
            archive.writestr(zipfile.ZipInfo("mimetype", date_time=FIXED_DATE), mimetype)
        for name in names:
            archive.writestr(zipfile.ZipInfo(name, date_time=FIXED_DATE), "<x/>")
    return buffer.getvalue()


def guide(**extra):
    return ToolkitItem.objects.create(title="Gids", summary="x", kind=ItemKind.GUIDE, aspect=Aspect.ACCESS, **extra)


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("gids.pdf", b"%PDF-1.7\n...", "pdf"),
        ("sjabloon.docx", office(["[Content_Types].xml", "word/document.xml"]), "docx"),
        ("tabel.xlsx", office(["[Content_Types].xml", "xl/workbook.xml"]), "xlsx"),
        ("tekst.odt", office(["content.xml"], mimetype="application/vnd.oasis.opendocument.text"), "odt"),
        ("affiche.png", b"\x89PNG\r\n\x1a\n....", "png"),
        ("foto.jpg", b"\xff\xd8\xff\xe0....", "jpeg"),
    ],
    ids=["pdf", "docx", "xlsx", "odt", "png", "jpeg"],
)
def test_the_programme_team_attaches_files_that_anyone_can_download(client, paula, name, content, kind):
    item = guide()
    client.force_login(paula)
    upload = SimpleUploadedFile(name, content)
    response = client.post(reverse("operation:toolkit_file_add", args=[item.pk]), {"title": "Sjabloon", "file": upload})
    assert response.status_code == 302
    saved = ToolkitFile.objects.get()
    assert (saved.kind, saved.size) == (kind, len(content))
    client.logout()
    download = client.get(reverse("operation:toolkit_file", args=[saved.pk]))
    assert download.content == content
    assert download["Content-Type"] == services.TOOLKIT_FILE_KINDS[kind][1]
    assert "Sjabloon" in client.get(reverse("operation:toolkit_item", args=[item.pk])).content.decode()


@pytest.mark.parametrize(
    "content",
    [b"MZ\x90\x00 not a document", office(["evil.exe"]), b"<html><script>alert(1)</script></html>"],
    ids=["exe", "zip", "html"],
)
def test_a_file_of_the_wrong_type_is_refused_whatever_its_name(client, paula, content):
    item = guide()
    client.force_login(paula)
    upload = SimpleUploadedFile("gids.pdf", content)
    page = client.post(
        reverse("operation:toolkit_file_add", args=[item.pk]), {"title": "Gids", "file": upload}
    ).content.decode()
    assert "Dit bestand is geen PDF, Word (docx), Excel (xlsx), OpenDocument-tekst (odt), PNG of JPEG." in page
    assert not ToolkitFile.objects.exists()


def test_an_oversized_file_is_refused(client, paula, monkeypatch):
    monkeypatch.setattr(services, "TOOLKIT_FILE_BYTES", 1024 * 1024)
    item = guide()
    client.force_login(paula)
    upload = SimpleUploadedFile("groot.pdf", b"%PDF-" + b"0" * (1024 * 1024 + 1))
    page = client.post(
        reverse("operation:toolkit_file_add", args=[item.pk]), {"title": "Groot", "file": upload}
    ).content.decode()
    assert "Het bestand is te groot: ten hoogste 1 MB." in page
    assert not ToolkitFile.objects.exists()


def test_local_governments_cannot_upload_and_files_of_unpublished_items_stay_hidden(client, alice, paula):
    item = guide(is_published=False)
    client.force_login(alice)
    upload = SimpleUploadedFile("gids.pdf", b"%PDF-1.7")
    assert (
        client.post(reverse("operation:toolkit_file_add", args=[item.pk]), {"title": "x", "file": upload}).status_code
        == 404
    )
    client.force_login(paula)
    client.post(
        reverse("operation:toolkit_file_add", args=[item.pk]),
        {"title": "x", "file": SimpleUploadedFile("g.pdf", b"%PDF-1.7")},
    )
    saved = ToolkitFile.objects.get()
    client.logout()
    assert client.get(reverse("operation:toolkit_file", args=[saved.pk])).status_code == 404
