"""PDF documents (receipts, letters, reports) rendered from a Django template by WeasyPrint, tagged for PDF/UA."""

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import get_language


def render_pdf(template_name, context, *, request=None):
    """The bytes of a tagged PDF (PDF/UA-1) made from an HTML template."""
    import weasyprint  # Imported here: Pango is only needed by the pages that make PDFs.

    html = render_to_string(template_name, {"language": get_language(), **context}, request=request)
    return weasyprint.HTML(string=html, base_url=None).write_pdf(pdf_variant="pdf/ua-1")


def pdf_response(template_name, context, *, filename, request=None):
    response = HttpResponse(render_pdf(template_name, context, request=request), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
