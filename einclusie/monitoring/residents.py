"""The residents' survey: the same machinery as the quick scan (survey.py) with audience "residents".

Residents answer anonymously on /enquete/<year>/: no account, no name, no e-mail, no free text; the only
background questions are the age band and the postal code. Nothing about the client is stored: the form
carries a signed token with the time it was shown (a submission within MIN_FILL_SECONDS is refused, and each
token counts once), and a client may send at most RATE_LIMIT forms an hour — counted in the cache under an
HMAC of the client address that is forgotten after the hour.
"""

import hashlib
import hmac
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from einclusie.accounts.lockout import client_ip
from einclusie.monitoring.disclosure import is_small, suppress
from einclusie.monitoring.models import Audience, SurveyResponse
from einclusie.monitoring.survey import indicators, questions

SALT = "einclusie.monitoring.residents"
MIN_FILL_SECONDS = 5
MAX_TOKEN_AGE = 24 * 3600
RATE_LIMIT = 10
RATE_WINDOW = 3600
AGE_QUESTION = "res_age_band"
POSTAL_QUESTION = "res_postal_code"


def form_token(survey_round, issued_at=None):
    """A signed token naming the round and the time the form was shown."""
    issued_at = int(time.time() if issued_at is None else issued_at)
    return signing.dumps({"r": survey_round.pk, "t": issued_at, "n": get_random_string(12)}, salt=SALT)


def check_token(token, survey_round, now=None):
    """None when the token is valid for this round and old enough, else the reason (in Dutch)."""
    now = time.time() if now is None else now
    try:
        data = signing.loads(token or "", salt=SALT, max_age=MAX_TOKEN_AGE)
    except signing.SignatureExpired:
        return _("Het formulier stond te lang open. Vul het opnieuw in.")
    except signing.BadSignature:
        return _("Het formulier is niet geldig. Laad de pagina opnieuw en vul het opnieuw in.")
    if data.get("r") != survey_round.pk:
        return _("Het formulier hoort bij een andere bevraging. Laad de pagina opnieuw.")
    if now - data.get("t", now) < MIN_FILL_SECONDS:
        return _("U heeft het formulier erg snel verstuurd. Kijk uw antwoorden na en verstuur opnieuw.")
    return None


def _client_key(request):
    digest = hmac.new(settings.SECRET_KEY.encode(), (client_ip(request) or "").encode(), hashlib.sha256).hexdigest()
    return f"residents-survey:client:{digest[:32]}"


def over_limit(request):
    return (cache.get(_client_key(request)) or 0) >= RATE_LIMIT


def save(request, survey_round, token, answers):
    """Store one anonymous response; False if this token was already used (a form sent twice)."""
    token_key = "residents-survey:token:" + hashlib.sha256(token.encode()).hexdigest()[:32]
    if not cache.add(token_key, 1, MAX_TOKEN_AGE):
        return False
    client_key = _client_key(request)
    if not cache.add(client_key, 1, RATE_WINDOW):
        try:
            cache.incr(client_key)
        except ValueError:
            cache.set(client_key, 1, RATE_WINDOW)
    with transaction.atomic():
        # The day only: a time to the second would help link an answer to a visit.
        SurveyResponse.objects.create(
            round=survey_round, organisation=None, answers=answers, submitted_at=_start_of_day()
        )
    return True


def _start_of_day():
    now = timezone.localtime()
    return now.replace(hour=0, minute=0, second=0, microsecond=0)


def _suppressed(counts):
    """[(label, count)] → [(label, shown)] with 1–4 hidden and a partner hidden so the total gives nothing away."""
    cells = {index: count for index, (_label, count) in enumerate(counts)}
    cells["total"] = sum(cells.values())
    hidden = suppress(cells, [(list(range(len(counts))), "total")]) if counts else set()
    return [
        (label, ("<5" if is_small(count) else "x") if index in hidden else count)
        for index, (label, count) in enumerate(counts)
    ]


def breakdowns(survey_round):
    """Responses per age band and per postal code, and the indicators per age band — all suppressed."""
    submitted = list(SurveyResponse.objects.filter(round=survey_round, submitted_at__isnull=False))
    by_code = {q.code: q for q in questions(Audience.RESIDENTS)}
    age = by_code.get(AGE_QUESTION)
    bands = [(c["code"], age.choice_label(c["code"])) for c in age.choices] if age else []
    per_band = _suppressed(
        [(label, sum(1 for r in submitted if r.answers.get(AGE_QUESTION) == code)) for code, label in bands]
    )
    per_municipality = _suppressed(sorted(_per_municipality(submitted).items()))
    by_band = []
    for code, label in bands:
        group = [r for r in submitted if r.answers.get(AGE_QUESTION) == code]
        cells = []
        for indicator in indicators(survey_round, group):
            small = is_small(indicator["numerator"]) or is_small(indicator["denominator"] - indicator["numerator"])
            cells.append(None if small or not indicator["denominator"] else indicator["value"])
        by_band.append((label, cells))
    return {"per_band": per_band, "per_municipality": per_municipality, "indicators_by_band": by_band}


def _per_municipality(submitted):
    """{municipality name: responses}; a postal code that names no municipality counts as unknown."""
    from einclusie.territory.models import PostalCode

    codes = {str(r.answers.get(POSTAL_QUESTION)) for r in submitted if r.answers.get(POSTAL_QUESTION)}
    names = {}
    for code, name in PostalCode.objects.filter(code__in=codes).values_list("code", "municipality__name_nl"):
        names.setdefault(code, name)
    counts = {}
    for response in submitted:
        code = str(response.answers.get(POSTAL_QUESTION) or "")
        label = names.get(code) or _("onbekende postcode")
        counts[label] = counts.get(label, 0) + 1
    return counts
