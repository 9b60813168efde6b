"""A privacy-first proof-of-work challenge (the ALTCHA scheme): no cookie, no third party, no
tracking. The server signs a challenge; the browser finds the number that hashes to it (a
fraction of a second for a person, a real cost for a flood), and the form carries the answer.

    challenge = SHA-256(salt + str(number)), number < maxnumber, salt ending in "?expires=<ts>"
    signature = HMAC-SHA-256(key, challenge)

An answer is accepted once (the challenge is remembered in the cache until it expires)."""

import base64
import binascii
import hashlib
import hmac
import json
import secrets
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

ALGORITHM = "SHA-256"


def _signature(challenge: str) -> str:
    return salted_hmac("advisories.reports.challenge", challenge, algorithm="sha256").hexdigest()


def _digest(salt: str, number: int) -> str:
    return hashlib.sha256(f"{salt}{number}".encode()).hexdigest()


def new_challenge(*, now: float | None = None) -> dict:
    """A challenge for the form (JSON for the browser's solver)."""
    now = now if now is not None else time.time()
    expires = int(now) + settings.REPORT_CHALLENGE_SECONDS
    salt = f"{secrets.token_hex(12)}?expires={expires}"
    maxnumber = settings.REPORT_CHALLENGE_MAXNUMBER
    number = secrets.randbelow(maxnumber)
    challenge = _digest(salt, number)
    return {
        "algorithm": ALGORITHM,
        "challenge": challenge,
        "maxnumber": maxnumber,
        "salt": salt,
        "signature": _signature(challenge),
    }


def verify(payload: str, *, now: float | None = None) -> bool:
    """True for a base64 JSON answer to a challenge we signed, unexpired, never used before."""
    now = now if now is not None else time.time()
    try:
        answer = json.loads(base64.b64decode(payload, validate=True))
        salt, challenge = str(answer["salt"]), str(answer["challenge"])
        number, signature = int(answer["number"]), str(answer["signature"])
    except (ValueError, KeyError, TypeError, binascii.Error):
        return False
    if answer.get("algorithm") != ALGORITHM or not 0 <= number <= 10**9:
        return False
    if not hmac.compare_digest(signature, _signature(challenge)):
        return False
    try:
        expires = int(salt.rsplit("?expires=", 1)[1])
    except (IndexError, ValueError):
        return False
    if expires < now or not hmac.compare_digest(_digest(salt, number), challenge):
        return False
    # once only: a replayed answer finds its challenge already recorded
    return cache.add(f"report-challenge:{challenge}", 1, timeout=max(1, int(expires - now) + 1))


def solve(challenge: dict) -> str:
    """The answer a browser would send (what static/js/report-challenge.js computes); used by
    the tests and the benchmark."""
    for number in range(challenge["maxnumber"] + 1):
        if _digest(challenge["salt"], number) == challenge["challenge"]:
            answer = {k: challenge[k] for k in ("algorithm", "challenge", "salt", "signature")}
            return base64.b64encode(json.dumps(answer | {"number": number}).encode()).decode()
    raise ValueError("no solution")
