"""From a publication to messages in the outbox, and from the outbox to the mail server.

Publishing only records a `Publication` (one row, in the publishing transaction). The
`send_alerts` command then matches publications to confirmed subscriptions, which makes one
`Delivery` per subscription and published version (a unique constraint, so nothing is queued
twice), and sends what is due. A failed send stays in the outbox with its attempt count and the
time of the next try, which backs off exponentially; nothing is ever dropped for failing.
"""

import logging
from collections import defaultdict
from datetime import timedelta
from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import Page, PageLogEntry, Site

from cms.feeds import clean_query, entry_label, is_exempt, public_summary, with_parent_titles
from cms.models import PageTag, SiteSettings
from cms.versions import PUBLISH_ACTIONS, ChangeKind, change_kind_of

from . import tokens
from .models import Delivery, Frequency, Kind, Publication, Subscriber, Subscription

logger = logging.getLogger(__name__)

FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=6)
# A claimed message is left alone by other senders for this long (a crashed sender's rows
# come back after it).
LEASE = timedelta(minutes=10)
BATCH = 200


# Publishing ---------------------------------------------------------------------------------


def record_publication(sender, instance, revision, **kwargs):
    """`page_published` receiver: remember a substantive publication (never a correction)."""
    if revision is None or not instance.live or instance.live_revision_id != revision.pk:
        return  # scheduled for later: recorded when it goes live
    if change_kind_of(revision) == ChangeKind.CORRECTION:
        earlier = (
            PageLogEntry.objects.filter(page_id=instance.pk, action__in=PUBLISH_ACTIONS)
            .exclude(revision_id=revision.pk)
            .exists()
        )
        if earlier:
            return  # a correction of a published document alerts no one
    Publication.objects.get_or_create(
        revision=revision, defaults={"page_id": instance.pk, "published_at": timezone.now()}
    )


# Matching -----------------------------------------------------------------------------------


def is_public(page):
    return Page.objects.live().public().filter(pk=page.pk).exists()


def page_matches_search(page, query):
    """Whether Wagtail's search backend finds `page` for the saved search `query`."""
    query = clean_query(query)
    if not query:
        return False
    results = Page.objects.live().public().filter(pk=page.pk).search(query, operator="and")
    return bool(list(results[:1]))


def matching_subscriptions(page, published_at):
    """Confirmed subscriptions (confirmed before `published_at`) that `page` belongs to."""
    confirmed = Subscription.objects.filter(confirmed_at__lte=published_at)
    ancestors = page.get_ancestors(inclusive=True).values("pk")
    tags = PageTag.objects.filter(content_object_id=page.pk).values("tag_id")
    direct = confirmed.filter(
        Q(kind=Kind.PAGE, page__in=ancestors)
        | Q(kind=Kind.TAG, tag__in=tags)
        | Q(kind=Kind.TYPE, content_type_id=page.content_type_id)
    )
    matched = list(direct)
    searches = confirmed.filter(kind=Kind.SEARCH)
    for query in searches.values_list("query", flat=True).distinct():
        if page_matches_search(page, query):
            matched.extend(searches.filter(query=query))
    return matched


def queue_publications(now=None):
    """Turn recorded publications into queued deliveries; returns how many were queued."""
    now = now or timezone.now()
    queued = 0
    pending = Publication.objects.filter(queued_at__isnull=True).select_related("page")
    for publication in pending.order_by("pk"):
        page = publication.page.specific
        subscriptions = matching_subscriptions(page, publication.published_at)
        if subscriptions and is_public(page):
            rows = [
                Delivery(
                    subscription=subscription,
                    kind=Delivery.Kind.ALERT,
                    page_id=page.pk,
                    revision_id=publication.revision_id,
                    digest=subscription.frequency == Frequency.DAILY,
                    next_attempt_at=now,
                )
                for subscription in subscriptions
            ]
            Delivery.objects.bulk_create(rows, ignore_conflicts=True)
            queued += len(rows)
        publication.queued_at = now
        publication.save(update_fields=["queued_at"])
    return queued


# Messages -----------------------------------------------------------------------------------


def absolute(url):
    return urljoin(settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/", url)


def municipality():
    site = Site.objects.filter(is_default_site=True).first()
    return SiteSettings.for_site(site).municipality_name if site else ""


def subscription_label(subscription):
    """What the subscription follows, in words (never a search query: that is free text)."""
    if subscription.kind == Kind.PAGE and subscription.page_id:
        page = subscription.page.specific
        return f"{str(page.specific_class._meta.verbose_name).capitalize()}: {page.title}"
    if subscription.kind == Kind.TAG and subscription.tag_id:
        return _("Tema: %(tag)s") % {"tag": subscription.tag.name}
    if subscription.kind == Kind.TYPE and subscription.content_type_id:
        model = subscription.content_type.model_class()
        if model is not None:
            return _("Alle %(type)s") % {"type": model._meta.verbose_name_plural}
    return _("Lagret søk")


def page_entry(page):
    """Title, type, summary and link of a published page, public text only."""
    with_parent_titles([page])
    return {
        "title": page.title,
        "type": entry_label(page),
        "summary": "" if is_exempt(page) else public_summary(page),
        "exempt_label": page.EXEMPT_LABEL if is_exempt(page) else "",
        "url": absolute(page.get_url() or "/"),
    }


def build_message(subscriber, subject, template, context, unsubscribe_ids=()):
    context = {
        "municipality": municipality(),
        "manage_url": absolute(
            reverse("alerts_manage", kwargs={"token": tokens.manage_token(subscriber)})
        ),
        "privacy_url": absolute(reverse("alerts_privacy")),
        **context,
    }
    text = render_to_string(f"alerts/email/{template}.txt", context)
    html = render_to_string(f"alerts/email/{template}.html", context)
    headers = {}
    if unsubscribe_ids:
        token = tokens.unsubscribe_token(subscriber, unsubscribe_ids)
        unsubscribe_url = absolute(reverse("alerts_unsubscribe", kwargs={"token": token}))
        headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        to=[subscriber.email],
        headers=headers,
    )
    message.attach_alternative(html, "text/html")
    return message


def confirmation(deliveries):
    subscription = deliveries[0].subscription
    url = reverse("alerts_confirm", kwargs={"token": tokens.confirm_token(subscription)})
    return build_message(
        subscription.subscriber,
        _("Bekreft e-postvarsel fra %(name)s") % {"name": municipality()},
        "confirm",
        {"label": subscription_label(subscription), "confirm_url": absolute(url)},
    )


def alert_message(deliveries):
    """One message about one or more publications for one subscriber (immediate or digest)."""
    subscriber = deliveries[0].subscription.subscriber
    entries, seen = [], set()
    for delivery in deliveries:
        page = delivery.page.specific
        if page.pk in seen:
            continue  # one page followed through two subscriptions: mention it once
        seen.add(page.pk)
        entries.append({**page_entry(page), "label": subscription_label(delivery.subscription)})
    if len(entries) == 1 and not deliveries[0].digest:
        subject = _("Nytt fra %(name)s: %(title)s") % {
            "name": municipality(),
            "title": entries[0]["title"],
        }
    else:
        subject = _("Dagens nye dokumenter fra %(name)s (%(count)s)") % {
            "name": municipality(),
            "count": len(entries),
        }
    return build_message(
        subscriber,
        subject,
        "alert",
        {"entries": entries, "digest": deliveries[0].digest},
        unsubscribe_ids={d.subscription_id for d in deliveries},
    )


# Sending ------------------------------------------------------------------------------------


def backoff(attempts):
    """1, 2, 4, 8 ... minutes after the first, second, third ... failure, at most 6 hours."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)


def claim(deliveries, now):
    """Take rows for this sender; rows another sender took in the meantime are left out."""
    claimed = []
    for delivery in deliveries:
        taken = Delivery.objects.filter(
            pk=delivery.pk, sent_at__isnull=True, next_attempt_at=delivery.next_attempt_at
        ).update(next_attempt_at=now + LEASE)
        if taken:
            claimed.append(delivery)
    return claimed


def due(now, *, digest):
    return (
        Delivery.objects.filter(sent_at__isnull=True, digest=digest, next_attempt_at__lte=now)
        .select_related("subscription__subscriber", "subscription__tag", "page")
        .order_by("next_attempt_at", "pk")
    )


def deliver(connection, deliveries, make_message, now):
    """Send one message for `deliveries`; mark them sent, or schedule the next try."""
    live = [d for d in deliveries if d.page_id is None or is_public(d.page)]
    gone = [d for d in deliveries if d not in live]
    if gone:
        # Unpublished or restricted since: there is nothing public to tell about.
        Delivery.objects.filter(pk__in=[d.pk for d in gone]).delete()
    if not live:
        return False
    ids = [d.pk for d in live]
    try:
        with translation.override("nb"):
            message = make_message(live)
        message.connection = connection
        message.send()
    except Exception as error:  # noqa: BLE001 - any failure keeps the message queued
        attempts = live[0].attempts + 1
        retry_at = now + backoff(attempts)
        Delivery.objects.filter(pk__in=ids).update(
            attempts=attempts, next_attempt_at=retry_at, last_error=repr(error)[:1000]
        )
        logger.warning(
            "E-mail for deliveries %s to subscriber %s failed (attempt %s), next try %s: %r",
            ids,
            live[0].subscription.subscriber_id,
            attempts,
            retry_at.isoformat(),
            error,
        )
        return False
    Delivery.objects.filter(pk__in=ids).update(
        sent_at=timezone.now(), attempts=live[0].attempts + 1, last_error=""
    )
    logger.info(
        "E-mail for deliveries %s sent to subscriber %s", ids, live[0].subscription.subscriber_id
    )
    return True


def open_connection():
    """One connection for a whole run; when the server is down, each send tries (and fails)
    on its own, so every message records its attempt."""
    connection = get_connection()
    try:
        connection.open()
    except Exception as error:  # noqa: BLE001
        logger.warning("Mail server not reachable: %r", error)
    return connection


def send_due(now=None, batch=BATCH):
    """Send every due confirmation and immediate alert, one message each; returns
    (sent, failed). Works through the outbox `batch` rows at a time."""
    now = now or timezone.now()
    sent = failed = 0
    connection = open_connection()
    try:
        while rows := claim(list(due(now, digest=False)[:batch]), now):
            for delivery in rows:
                if delivery.kind == Delivery.Kind.CONFIRM:
                    ok = deliver(connection, [delivery], confirmation, now)
                else:
                    ok = deliver(connection, [delivery], alert_message, now)
                sent, failed = (sent + 1, failed) if ok else (sent, failed + 1)
    finally:
        connection.close()
    return sent, failed


def send_digests(now=None):
    """One message per subscriber with every due digest alert; returns (sent, failed)."""
    now = now or timezone.now()
    by_subscriber = defaultdict(list)
    for delivery in claim(list(due(now, digest=True)), now):
        by_subscriber[delivery.subscription.subscriber_id].append(delivery)
    sent = failed = 0
    connection = open_connection()
    try:
        for deliveries in by_subscriber.values():
            if deliver(connection, deliveries, alert_message, now):
                sent += 1
            else:
                failed += 1
    finally:
        connection.close()
    return sent, failed


# Confirmation -------------------------------------------------------------------------------

CONFIRMATION_INTERVAL = timedelta(minutes=15)


def queue_confirmation(subscription, now=None):
    """Queue a confirmation e-mail unless one was queued for it a short while ago."""
    now = now or timezone.now()
    with transaction.atomic():
        # Concurrent requests for one subscription queue one e-mail: the row lock serialises
        # them on PostgreSQL (SQLite's IMMEDIATE transactions already do).
        locked = Subscription.objects.select_for_update().values_list("pk", flat=True)
        locked.get(pk=subscription.pk)
        recent = subscription.deliveries.filter(
            kind=Delivery.Kind.CONFIRM, created_at__gte=now - CONFIRMATION_INTERVAL
        ).exists()
        if not recent:
            Delivery.objects.create(
                subscription=subscription, kind=Delivery.Kind.CONFIRM, next_attempt_at=now
            )


# Keeping no more than needed ------------------------------------------------------------------

# Sent messages and matched publications are kept this long (for support questions), then
# deleted; unconfirmed subscriptions as long as their confirmation link works.
KEEP_SENT = timedelta(days=30)


def purge(now=None):
    """Delete unconfirmed subscriptions whose link has expired, addresses left with no
    subscription, and sent messages and matched publications older than `KEEP_SENT`."""
    now = now or timezone.now()
    expired = now - timedelta(seconds=tokens.CONFIRM_MAX_AGE)
    Subscription.objects.filter(confirmed_at__isnull=True, created_at__lt=expired).delete()
    Subscriber.objects.filter(
        subscriptions__isnull=True, created_at__lt=now - CONFIRMATION_INTERVAL
    ).delete()
    Delivery.objects.filter(sent_at__lt=now - KEEP_SENT).delete()
    Publication.objects.filter(queued_at__lt=now - KEEP_SENT).delete()
