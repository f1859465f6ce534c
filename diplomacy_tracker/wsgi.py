"""WSGI entry point: ``gunicorn diplomacy_tracker.wsgi``."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diplomacy_tracker.settings")

application = get_wsgi_application()

# Everything loaded so far (Django, the apps, their modules and translations) lives as long
# as the process: moved out of the garbage collector's generations, a full collection no
# longer walks it, and a request that triggers one is not held up for 50–150 ms.
gc.freeze()
