"""Fixture websites on 127.0.0.1 for the monitor's tests and benchmark: a small threaded http.server.

Serves the files of one folder (`sites/schoon`, `sites/drempels`, or a generated one), `{origin}` in .xml files
replaced by the server's own address, plus a few pages that misbehave on purpose:
    /weg              302 to another host (never followed: http://example.invalid/)
    /agenda?maand=N   a calendar trap: every month links to the next one, for ever
    /groot            a huge page (3 MB of HTML)
    /traag            answers after SLOW_SECONDS
"""

import contextlib
import functools
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

SITES = Path(__file__).with_name("sites")
SLOW_SECONDS = 3
HUGE_BYTES = 3 * 1024 * 1024


class FixtureHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - quiet in tests
        pass

    def send_html(self, html, status=200):
        body = html.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802 - http.server's name
        parts = urlsplit(self.path)
        if parts.path == "/weg":
            self.send_response(302)
            self.send_header("Location", "http://example.invalid/")
            self.end_headers()
            return
        if parts.path == "/agenda":
            month = int(parse_qs(parts.query).get("maand", ["1"])[0])
            self.send_html(
                f'<!doctype html><html lang="nl"><head><title>Agenda maand {month}</title></head><body><main>'
                f'<h1>Agenda maand {month}</h1><p><a href="/agenda?maand={month + 1}">Volgende maand</a></p>'
                f'<p><a href="/toegankelijkheid.html">Toegankelijkheid</a></p></main></body></html>'
            )
            return
        if parts.path == "/groot":
            row = "<p>Verslag van de gemeenteraad.</p>\n"
            self.send_html(
                '<!doctype html><html lang="nl"><head><title>Verslagen</title></head><body><main><h1>Verslagen</h1>'
                + row * (HUGE_BYTES // len(row))
                + "</main></body></html>"
            )
            return
        if parts.path == "/traag":
            time.sleep(SLOW_SECONDS)
            self.send_html('<!doctype html><html lang="nl"><head><title>Traag</title></head><body></body></html>')
            return
        if parts.path.endswith(".xml"):
            file = Path(self.directory) / parts.path.lstrip("/")
            if file.is_file():
                host, port = self.server.server_address[:2]
                body = file.read_text().replace("{origin}", f"http://{host}:{port}").encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
        super().do_GET()


class FixtureServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # the monitor hangs up on a huge page on purpose


@contextlib.contextmanager
def serving(folder):
    """Serve a folder on 127.0.0.1 (a free port); yields the base URL without a trailing slash."""
    handler = functools.partial(FixtureHandler, directory=str(folder))
    server = FixtureServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
