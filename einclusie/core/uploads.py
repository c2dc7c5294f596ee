"""Checks of uploaded files: the type is read from the content, not from the name, and the size is limited.

Uploads are stored under EINCLUSIE_DATA_DIR/uploads (outside the web root: no URL serves that folder) and
reach a browser only through a view that checks the person's permission first.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The first bytes of each accepted kind of file.
SIGNATURES = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpeg": (b"\xff\xd8\xff",),
    "xlsx": (b"PK\x03\x04",),
}
KIND_LABELS = {"pdf": "PDF", "png": "PNG", "jpeg": "JPEG", "xlsx": "Excel (xlsx)"}


def detected_kind(upload):
    """The kind of file the content shows, or None."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for kind, signatures in SIGNATURES.items():
        if head.startswith(signatures):
            return kind
    return None


def check_upload(upload, *, kinds, max_bytes):
    """Raise a specific ValidationError unless the file is one of `kinds` and at most `max_bytes` big."""
    if upload.size > max_bytes:
        raise ValidationError(
            _("Het bestand is te groot: ten hoogste %(size)s MB.") % {"size": max_bytes // (1024 * 1024)},
            code="too_big",
        )
    if upload.size == 0:
        raise ValidationError(_("Het bestand is leeg."), code="empty")
    if detected_kind(upload) not in kinds:
        allowed = ", ".join(KIND_LABELS[kind] for kind in SIGNATURES if kind in kinds)
        raise ValidationError(
            _("Dit bestand is geen %(kinds)s. Kies een ander bestand.") % {"kinds": allowed}, code="wrong_type"
        )
    return upload
