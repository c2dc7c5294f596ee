from django.conf import settings


def platform(request):
    """What every page needs: the demo flag and the person's current organisation."""
    return {
        "demo_mode": settings.DEMO,
        "current_membership": getattr(request, "current_membership", None),
    }
