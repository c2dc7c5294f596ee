"""The monitoring in the demo: the indicators, then every fact recounted from the demo data."""


def demo_monitoring():
    """Load the indicators and refresh the facts fully; returns lines saying what was done."""
    from einclusie.monitoring.services import indicators_load, monitoring_refresh

    counts = indicators_load()
    result = monitoring_refresh(full=True)
    lines = []
    if counts["created"]:
        lines.append(f"{counts['created']} monitoring indicators")
    lines.append(f"{result['facts']} monitoring facts, {result['rollups']} rows of province and region rollups")
    return lines
