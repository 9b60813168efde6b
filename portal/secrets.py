"""The rule a SECRET_KEY must meet before the portal starts (Django's W009, enforced)."""

MIN_LENGTH = 50
MIN_UNIQUE_CHARACTERS = 5
INSECURE_PREFIX = "django-insecure-"


def secret_key_weakness(key: str) -> str:
    """Why `key` is too weak to sign sessions, or "" when it is strong enough."""
    if key.startswith(INSECURE_PREFIX):
        return f"it starts with {INSECURE_PREFIX!r} (a key made by startproject)"
    if len(key) < MIN_LENGTH:
        return f"it has {len(key)} characters, at least {MIN_LENGTH} are needed"
    if len(set(key)) < MIN_UNIQUE_CHARACTERS:
        return f"it has fewer than {MIN_UNIQUE_CHARACTERS} different characters"
    return ""
