"""Signed links in alert e-mails (django.core.signing): confirm, manage, unsubscribe.

Each token names the subscriber by id and by a keyed hash of the address, so a link stops
working when the address is deleted, even if the id is later reused.
"""

from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

from .models import Subscriber

CONFIRM_SALT = "alerts.confirm"
MANAGE_SALT = "alerts.manage"
UNSUBSCRIBE_SALT = "alerts.unsubscribe"
CONFIRM_MAX_AGE = 7 * 24 * 3600


def address_hash(email):
    return salted_hmac("alerts.address", email).hexdigest()[:20]


def _dump(subscriber, salt, **extra):
    return signing.dumps(
        {"s": subscriber.pk, "h": address_hash(subscriber.email), **extra}, salt=salt
    )


def _load(token, salt, max_age=None):
    """The payload of a valid token, or None."""
    try:
        data = signing.loads(str(token)[:2000], salt=salt, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("s"), int):
        return None
    return data


def _subscriber(data):
    if data is None:
        return None
    subscriber = Subscriber.objects.filter(pk=data["s"]).first()
    if subscriber is None or not constant_time_compare(
        address_hash(subscriber.email), str(data.get("h", ""))
    ):
        return None
    return subscriber


def confirm_token(subscription):
    return _dump(subscription.subscriber, CONFIRM_SALT, c=subscription.pk)


def manage_token(subscriber):
    return _dump(subscriber, MANAGE_SALT)


def unsubscribe_token(subscriber, subscription_ids):
    return _dump(subscriber, UNSUBSCRIBE_SALT, u=sorted(subscription_ids))


def read_confirm_token(token):
    """(subscriber, subscription id) of a confirmation link younger than a week, or None."""
    data = _load(token, CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    subscriber = _subscriber(data)
    if subscriber is None or not isinstance(data.get("c"), int):
        return None
    return subscriber, data["c"]


def read_manage_token(token):
    return _subscriber(_load(token, MANAGE_SALT))


def read_unsubscribe_token(token):
    """(subscriber, [subscription ids]) of a one-click unsubscribe link, or None."""
    data = _load(token, UNSUBSCRIBE_SALT)
    subscriber = _subscriber(data)
    ids = data.get("u") if data else None
    if subscriber is None or not isinstance(ids, list):
        return None
    return subscriber, [i for i in ids if isinstance(i, int)]
