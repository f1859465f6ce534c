"""The WSGI entry point freezes what it loaded out of the garbage collector's reach."""

import gc


def test_the_wsgi_application_freezes_what_it_loaded():
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    import importlib

    import diplomacy_tracker.wsgi

    importlib.reload(diplomacy_tracker.wsgi)
    assert gc.get_freeze_count() > 0
    assert callable(diplomacy_tracker.wsgi.application)
    gc.unfreeze()
