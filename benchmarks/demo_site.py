"""Set-up shared by the single-process benchmark scripts (page_speed, version_speed,
dump_pages): Django with the test settings, the page cache off, and the demo site in a
throw-away SQLite database (or the one DATABASE_URL names)."""

import os
import tempfile


def set_up_demo(prefix="radhus-bench-"):
    """Configure Django, migrate and load the demo; every request then renders its page."""
    tmp = tempfile.mkdtemp(prefix=prefix)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    os.environ.setdefault("MEDIA_ROOT", f"{tmp}/media")
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    # Every counted request renders its page (the anonymous page cache is off).
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
