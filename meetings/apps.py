from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Politikk og møter")

    def ready(self):
        from cms.cache import invalidate_on_change

        from . import roles  # noqa: F401 - connects the per-body role signals
        from .models import Person

        # A person's name, title and phone show on bodies, cases and plans: cached pages go.
        invalidate_on_change(Person)
