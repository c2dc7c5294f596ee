"""Links to the published accessibility statements of a municipality's local governments, for public pages."""

from django import template

from einclusie.a11y.models import Statement

register = template.Library()


@register.inclusion_tag("a11y/_statement_links.html")
def statement_links(municipality):
    """{% statement_links municipality %}: a short list of links, nothing when no statement is published."""
    statements = (
        Statement.objects.published()
        .filter(service__organisation__municipality=municipality)
        .select_related("service__organisation")
        .order_by("service__organisation__name", "service__name")
    )
    return {"statements": list(statements)}
