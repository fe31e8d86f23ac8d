import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

django_application = get_wsgi_application()

from cms.cache import PageCacheWSGI  # noqa: E402 - needs the settings configured above

# Anonymous pages stored in the page cache are answered before Django (cms/cache.py).
application = PageCacheWSGI(django_application)
