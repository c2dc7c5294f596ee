"""How the monitor moves over a site: same origin only, robots.txt, the sitemap, and careful fetching.

Pages are first fetched here (standard library, no redirects followed to another host, a time limit and a size
limit), so that a redirect to another domain, a PDF, a huge page or a slow server is recorded and never loaded
in the browser.
"""

import gzip
import re
import socket
import urllib.error
import urllib.request
import urllib.robotparser
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin, urlsplit

USER_AGENT = "e-inclusie-toegankelijkheidsmonitor/1.0"
MAX_REDIRECTS = 5
HTML_TYPES = ("text/html", "application/xhtml+xml")


def origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def normalise(url, base=None):
    """An absolute http(s) URL without its fragment, or None for mailto:, javascript: and the like."""
    absolute = urljoin(base, url.strip()) if base else url.strip()
    absolute, _fragment = urldefrag(absolute)
    parts = urlsplit(absolute)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    path = parts.path or "/"
    return f"{parts.scheme}://{parts.netloc.lower()}{path}" + (f"?{parts.query}" if parts.query else "")


def is_pdf(url):
    return urlsplit(url).path.lower().endswith(".pdf")


@dataclass
class Fetched:
    url: str
    status: int | None = None
    content_type: str = ""
    body: bytes = b""
    too_big: bool = False
    redirected_to: str = ""  # set when the last redirect leaves the origin
    error: str = ""  # "timeout", "unreachable", "too-many-redirects"

    @property
    def is_html(self):
        return self.content_type.split(";")[0].strip().lower() in HTML_TYPES


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def fetch(url, *, timeout, max_bytes):
    """GET a URL, following redirects within its origin; never raises for a network problem."""
    current = url
    for _hop in range(MAX_REDIRECTS + 1):
        request = urllib.request.Request(current, headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity"})  # noqa: S310
        try:
            with _opener.open(request, timeout=timeout) as response:  # noqa: S310 - http(s) only, see normalise()
                body = response.read(max_bytes + 1)
                return Fetched(
                    url=current,
                    status=response.status,
                    content_type=response.headers.get("Content-Type", ""),
                    body=body[:max_bytes],
                    too_big=len(body) > max_bytes,
                )
        except urllib.error.HTTPError as error:
            if error.code in (301, 302, 303, 307, 308) and error.headers.get("Location"):
                target = normalise(error.headers["Location"], current)
                error.close()
                if target is None or origin(target) != origin(url):
                    return Fetched(url=current, status=error.code, redirected_to=target or "")
                current = target
                continue
            content_type = error.headers.get("Content-Type", "") if error.headers else ""
            error.close()
            return Fetched(url=current, status=error.code, content_type=content_type)
        except TimeoutError:
            return Fetched(url=current, error="timeout")
        except urllib.error.URLError as error:
            reason = getattr(error, "reason", None)
            if isinstance(reason, (TimeoutError, socket.timeout)):
                return Fetched(url=current, error="timeout")
            return Fetched(url=current, error="unreachable")
        except (OSError, ValueError):
            return Fetched(url=current, error="unreachable")
    return Fetched(url=current, error="too-many-redirects")


class Robots:
    """robots.txt of the site (urllib.robotparser); everything is allowed when there is none."""

    def __init__(self, site_origin, *, timeout):
        self.parser = urllib.robotparser.RobotFileParser(site_origin + "/robots.txt")
        self.sitemaps = []
        fetched = fetch(site_origin + "/robots.txt", timeout=timeout, max_bytes=512 * 1024)
        if fetched.status == 200 and not fetched.error:
            lines = fetched.body.decode("utf-8", errors="replace").splitlines()
            self.parser.parse(lines)
            self.sitemaps = [line.split(":", 1)[1].strip() for line in lines if line.lower().startswith("sitemap:")]
        else:
            self.parser.parse([])

    def allows(self, url):
        return self.parser.can_fetch(USER_AGENT, url)


LOC = re.compile(rb"<loc>\s*([^<\s]+)\s*</loc>", re.IGNORECASE)


def sitemap_urls(site_origin, robots, *, timeout, limit):
    """Page URLs from /sitemap.xml (and sitemaps named in robots.txt), same origin only; one level of index."""
    found = []
    to_read = [site_origin + "/sitemap.xml", *robots.sitemaps]
    read = set()
    while to_read and len(read) < 10:
        address = normalise(to_read.pop(0))
        if address is None or address in read or origin(address) != site_origin:
            continue
        read.add(address)
        fetched = fetch(address, timeout=timeout, max_bytes=5 * 1024 * 1024)
        if fetched.status != 200 or fetched.error:
            continue
        body = fetched.body
        if body[:2] == b"\x1f\x8b":
            try:
                body = gzip.decompress(body)
            except OSError:
                continue
        for match in LOC.findall(body):
            url = normalise(match.decode("utf-8", errors="replace").replace("&amp;", "&"))
            if url is None or origin(url) != site_origin:
                continue
            if url.endswith(".xml") or b"<sitemapindex" in body[:500]:
                to_read.append(url)
            elif url not in found:
                found.append(url)
            if len(found) >= limit:
                return found
    return found
