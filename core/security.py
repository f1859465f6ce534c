"""Where a request comes from, for login throttling."""

from django.conf import settings


def client_ip(request):
    """The client's address: ``REMOTE_ADDR``, or, when ``CLIENT_IP_HEADER`` is configured
    (behind a reverse proxy), that header's last address, the one our own proxy wrote.

    Only the configured header is read, never a client-chosen one, and only its last value:
    a client can send its own ``X-Forwarded-For``, but the proxy appends (or overwrites with)
    the real address after it.
    """
    header = settings.CLIENT_IP_HEADER
    if header:
        value = request.META.get(header, "")
        addresses = [part.strip() for part in value.split(",") if part.strip()]
        if addresses:
            return addresses[-1]
    return request.META.get("REMOTE_ADDR", "")
