"""The address of the client a request came from: the one function the audit trail, the login
lockout and the rate limits ask, so that behind a reverse proxy they all agree."""


def client_address(request) -> str | None:
    """The client's IP address, or None when the request carries none."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR", "") or None
