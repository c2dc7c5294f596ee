"""The browser tests' fixtures (a running demo site, one Chromium per test process, fresh pages) live in the
root conftest.py, so that every app's browser tests share them: Playwright's synchronous API allows one instance
per thread."""
