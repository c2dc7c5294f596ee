"""Every URL pattern of the site, for tests and browser checks that must not forget a page."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name" or "" when unnamed
    route: str  # the pattern as written, e.g. "werk/leden/<int:membership_id>/verwijderen/"
    kwargs: tuple  # the URL's parameter names

    def build(self, values):
        """The concrete path for the given parameter values."""
        from django.urls import reverse

        return reverse(self.name, kwargs={key: values[key] for key in self.kwargs})


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner_namespace = namespace
            if pattern.namespace:
                inner_namespace = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner_namespace)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or ""
            if name and namespace:
                name = f"{namespace}:{name}"
            yield Route(name=name, route=prefix + str(pattern.pattern), kwargs=tuple(pattern.pattern.converters))


def all_routes(exclude_namespaces=("admin",)):
    """All named routes of the site, without the technical admin."""
    routes = []
    for route in _walk(get_resolver().url_patterns):
        if not route.name or route.name.split(":")[0] in exclude_namespaces:
            continue
        routes.append(route)
    return routes
