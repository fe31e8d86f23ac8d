from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Politikk og møter")

    def ready(self):
        from . import roles  # noqa: F401 - connects the per-body role signals
