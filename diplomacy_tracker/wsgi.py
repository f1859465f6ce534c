"""WSGI entry point: ``gunicorn diplomacy_tracker.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diplomacy_tracker.settings")

application = get_wsgi_application()
