from einclusie.territory.tests.conftest import territory  # noqa: F401 - the real reference data
