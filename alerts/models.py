"""E-mail alerts: subscribers, their subscriptions, publications and the outbox.

An address is personal data: a subscriber is the address, when it was first confirmed, and its
subscriptions; nothing else. Deleting the last subscription deletes the address, and with it
every message queued or sent to it.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Subscriber(models.Model):
    email = models.EmailField(_("e-postadresse"), unique=True)
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("bekreftet"), null=True, blank=True)

    class Meta:
        verbose_name = _("abonnent")
        verbose_name_plural = _("abonnenter")

    def __str__(self):
        return self.email

    @staticmethod
    def normalize(email):
        return email.strip().lower()


class Kind(models.TextChoices):
    PAGE = "page", _("En side og alt under den (et organ eller en sak)")
    TAG = "tag", _("Et tema")
    TYPE = "type", _("En dokumenttype")
    SEARCH = "search", _("Et lagret søk")


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("Straks, én e-post per publisering")
    DAILY = "daily", _("Ett daglig sammendrag")


class Subscription(models.Model):
    """What one address follows: a page (a body, a case), a tag, a document type or a search."""

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="subscriptions"
    )
    kind = models.CharField(_("type"), max_length=8, choices=Kind.choices)
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    tag = models.ForeignKey(
        "taggit.Tag", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    query = models.CharField(_("søk"), max_length=200, blank=True)
    frequency = models.CharField(
        _("hyppighet"), max_length=10, choices=Frequency.choices, default=Frequency.IMMEDIATE
    )
    # "page:12", "tag:3", "type:40", "search:<query>": one subscription per target and address.
    key = models.CharField(max_length=220, editable=False)
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("bekreftet"), null=True, blank=True)

    class Meta:
        verbose_name = _("abonnement")
        verbose_name_plural = _("abonnementer")
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "key"], name="alerts_one_subscription_per_target"
            )
        ]

    def __str__(self):
        return f"{self.subscriber}: {self.key}"

    @staticmethod
    def make_key(kind, target):
        return f"{kind}:{target}"[:220]


class Publication(models.Model):
    """A published, substantive version of a document, waiting to be matched to subscriptions."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    revision = models.OneToOneField(
        "wagtailcore.Revision", on_delete=models.CASCADE, related_name="+"
    )
    published_at = models.DateTimeField()
    queued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("publisering")
        verbose_name_plural = _("publiseringer")

    def __str__(self):
        return f"{self.page_id}@{self.revision_id}"


class Delivery(models.Model):
    """One message in the outbox: a confirmation, or an alert about one publication."""

    class Kind(models.TextChoices):
        CONFIRM = "confirm", _("Bekreftelse")
        ALERT = "alert", _("Varsel")

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.ALERT)
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    digest = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("utsending")
        verbose_name_plural = _("utsendinger")
        constraints = [
            # Nothing is sent twice: one alert per subscription and published version.
            models.UniqueConstraint(
                fields=["subscription", "page", "revision"],
                name="alerts_one_delivery_per_publication",
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.subscription_id} {self.page_id}@{self.revision_id}"
