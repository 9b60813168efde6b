"""The secrets in alert links, never stored in clear.

- Confirmation link: a random token mailed once; only its sha256 is stored on the
  subscription (as the receipt links do).
- Unsubscribe link: it must be in every alert the worker writes, long after the subscription
  was made, so it cannot be a random value whose only trace is a hash. It is derived instead,
  like Django's password-reset tokens: an HMAC under SECRET_KEY of the subscription's id and a
  random nonce stored with it. The database alone yields no working link; a link keeps working
  across a rotation of SECRET_KEY (SECRET_KEY_FALLBACKS); deleting the row kills it.
"""

import hashlib
import secrets

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.http import base36_to_int, int_to_base36

_SALT = "advisories.alerts.unsubscribe"


def new_token() -> str:
    """A random token for a confirmation link (256 bits)."""
    return secrets.token_urlsafe(32)


def hash_token(raw: str) -> str:
    """Only this digest of a confirmation token is stored."""
    return hashlib.sha256(raw.encode()).hexdigest()


def new_nonce() -> str:
    return secrets.token_hex(16)


def _mac(pk: int, nonce: str, secret: str) -> str:
    return salted_hmac(_SALT, f"{pk}:{nonce}", secret=secret, algorithm="sha256").hexdigest()[:40]


def unsubscribe_token(*, pk: int, nonce: str) -> str:
    """`<id in base 36>-<mac>`: the token of the subscription's unsubscribe link."""
    return f"{int_to_base36(pk)}-{_mac(pk, nonce, settings.SECRET_KEY)}"


def unsubscribe_pk(token: str) -> int | None:
    """The subscription id a well-formed unsubscribe token names (not yet checked)."""
    head, _, mac = token.partition("-")
    if not mac or len(head) > 13:
        return None
    try:
        pk = base36_to_int(head)
    except ValueError:
        return None
    return pk if 0 < pk < 2**63 else None  # a database's bigint; beyond, no such row


def unsubscribe_token_matches(token: str, *, pk: int, nonce: str) -> bool:
    """Whether `token` is the unsubscribe token of this subscription, under the current key or
    one of its fallbacks."""
    mac = token.partition("-")[2]
    return any(
        constant_time_compare(mac, _mac(pk, nonce, secret))
        for secret in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    )
