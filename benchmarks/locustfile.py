"""The load of benchmarks/load.py: citizens searching the public finder and digihelpers logging contacts.

Run by locust in its own process (locust patches the standard library with gevent): never import this module
from the site, the tests or benchmarks/load.py.

- Citizen (3 in 4 users): opens the finder, then searches by postal code, by topic, or by both; every page
  must be a 200 that lists help points or says there are none nearby.
- Digihelper (1 in 4 users): logs in with one of the benchmark's helper accounts (its own session and CSRF
  token), then opens the contact form and posts a valid contact with the form's token; the redirect must come
  back to the form with its confirmation.
Any other answer counts as a failure.
"""

import itertools
import os
import random
import re

from locust import HttpUser, between, task

PASSWORD = os.environ["EINCLUSIE_LOAD_PASSWORD"]
HELPERS = int(os.environ.get("EINCLUSIE_LOAD_HELPERS", "20"))
# Postal codes of towns with and without help points in the demo data.
POSTAL_CODES = ["9000", "9050", "9300", "2000", "2600", "3000", "8000", "8500", "1000", "3500", "9100", "8400"]
TOPIC = re.compile(r'<option value="([a-z0-9-]+)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
HELP_POINT = re.compile(r'<option value="(\d+)"(?: selected)?>')
TOPICS = re.compile(r'name="topics" value="(\d+)"')
DATE_PART = re.compile(r'name="date_(day|month|year)" value="(\d+)"')
ACCOUNTS = itertools.count()


class Citizen(HttpUser):
    weight = 3
    wait_time = between(0.5, 2)

    def on_start(self):
        with self.client.get("/hulp/", name="/hulp/", catch_response=True) as response:
            topics = TOPIC.findall(response.text)
            if response.status_code != 200 or not topics:
                response.failure("the finder shows no topics")
            self.topics = topics or ["itsme"]

    @task(2)
    def by_postal_code(self):
        self._search({"waar": random.choice(POSTAL_CODES)}, "/hulp/?waar=[postcode]")  # noqa: S311 - load, not crypto

    @task(1)
    def by_topic(self):
        self._search({"onderwerp": random.choice(self.topics)}, "/hulp/?onderwerp=[onderwerp]")  # noqa: S311

    @task(2)
    def by_both(self):
        params = {"waar": random.choice(POSTAL_CODES), "onderwerp": random.choice(self.topics)}  # noqa: S311
        self._search(params, "/hulp/?waar=[postcode]&onderwerp=[onderwerp]")

    def _search(self, params, name):
        with self.client.get("/hulp/", params=params, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
            elif 'class="error-summary"' in response.text:
                response.failure("the finder refused a valid search")


class Digihelper(HttpUser):
    weight = 1
    wait_time = between(1, 3)

    def on_start(self):
        email = f"helper{next(ACCOUNTS) % HELPERS}.bench@example.org"
        page = self.client.get("/aanmelden/", name="/aanmelden/").text
        data = {"csrfmiddlewaretoken": CSRF.search(page).group(1), "username": email, "password": PASSWORD}
        with self.client.post("/aanmelden/", data, name="/aanmelden/ (POST)", catch_response=True) as response:
            if not response.url.endswith("/werk/"):
                response.failure(f"{email} could not log in")

    @task
    def log_contact(self):
        with self.client.get("/werk/contacten/", name="/werk/contacten/", catch_response=True) as response:
            page = response.text
            token, help_point = CSRF.search(page), HELP_POINT.search(page)
            if response.status_code != 200 or not token or not help_point:
                response.failure("the contact form did not open")
                return
        date = dict(DATE_PART.findall(page))
        data = {
            "csrfmiddlewaretoken": token.group(1),
            "help_point": help_point.group(1),
            "channel": random.choice(["walk_in", "phone"]),  # noqa: S311
            "topics": TOPICS.findall(page)[:2],
            "outcome": "solved",
            "duration": "0-15",
            "date_day": date["day"],
            "date_month": date["month"],
            "date_year": date["year"],
        }
        with self.client.post(
            "/werk/contacten/", data, name="/werk/contacten/ (POST)", catch_response=True
        ) as response:
            if not response.url.endswith("/werk/contacten/") or "Het contact is genoteerd" not in response.text:
                response.failure("the contact was not logged")
