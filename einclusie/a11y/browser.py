"""Debian's Chromium, driven by Playwright in a thread of its own.

Playwright's synchronous API keeps an asyncio event loop running in the thread that starts it, and Django
refuses database work in a thread with a running loop (SynchronousOnlyOperation). So the browser lives in its
own thread and takes jobs (a function of the browser) from a queue; the caller's thread keeps the database.
Never a browser download: the executable is Debian's `chromium` (EINCLUSIE_CHROMIUM overrides the path).
"""

import os
import queue
import threading
from concurrent.futures import Future

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class BrowserUnavailable(RuntimeError):
    """Chromium could not be started: the scan cannot run."""


def chromium_path():
    return os.environ.get("EINCLUSIE_CHROMIUM", "/usr/bin/chromium")


class BrowserThread:
    """A headless Chromium in a worker thread: `run(job)` calls `job(browser)` there and returns its result."""

    def __init__(self):
        self._jobs = queue.Queue()
        self._ready = threading.Event()
        self._error = None
        self._thread = None

    def start(self):
        path = chromium_path()
        if not os.path.exists(path):
            raise BrowserUnavailable(f"Chromium is missing at {path} (apt-get install chromium)")
        self._thread = threading.Thread(target=self._main, name="a11y-browser", daemon=True)
        self._thread.start()
        self._ready.wait()
        if self._error is not None:
            raise BrowserUnavailable(f"Chromium did not start: {self._error}")
        return self

    def _main(self):
        try:
            from playwright.sync_api import sync_playwright

            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
                self._ready.set()
                while (job := self._jobs.get()) is not None:
                    function, future = job
                    if not future.set_running_or_notify_cancel():
                        continue
                    try:
                        future.set_result(function(browser))
                    except BaseException as error:  # noqa: BLE001 - handed to the caller's thread
                        future.set_exception(error)
                browser.close()
        except Exception as error:  # noqa: BLE001 - reported by start()
            self._error = error
            self._ready.set()

    def submit(self, function):
        future = Future()
        self._jobs.put((function, future))
        return future

    def run(self, function):
        return self.submit(function).result()

    def close(self):
        if self._thread is not None and self._thread.is_alive():
            self._jobs.put(None)
            self._thread.join(timeout=30)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.close()
