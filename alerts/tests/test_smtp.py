"""E-mail alerts end to end against a real SMTP server on loopback (aiosmtpd)."""

import email
import re
import socket
from datetime import timedelta
from email import policy

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from alerts.models import Delivery, Subscriber
from meetings.factories import CasePageFactory

BASE_URL = "http://127.0.0.1:8000"


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"

    def pop(self):
        messages, self.messages = self.messages, []
        return messages


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SmtpServer:
    def __init__(self):
        self.port = free_port()
        self.inbox = Inbox()
        self.controller = None

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp(settings):
    server = SmtpServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_TIMEOUT = 5
    settings.WAGTAILADMIN_BASE_URL = BASE_URL
    yield server
    server.stop()


def text_of(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def local_link(message, path):
    match = re.search(re.escape(BASE_URL) + r"(" + re.escape(path) + r"[^\s>]+/)", text_of(message))
    assert match, text_of(message)
    return match.group(1)


def send_alerts():
    call_command("send_alerts", stdout=open("/dev/null", "w"))  # noqa: SIM115


def subscribe_and_confirm(client, smtp, body, address="innbygger@example.no"):
    response = client.post(
        "/varsler/",
        {"email": address, "frequency": "immediate", "kind": "page", "target": body.pk},
    )
    assert response.status_code == 302
    assert not smtp.inbox.messages  # nothing is sent inside the request
    send_alerts()
    [confirmation] = smtp.inbox.pop()
    assert confirmation["To"] == address
    link = local_link(confirmation, "/varsler/bekreft/")
    assert client.get(link).status_code == 200
    assert client.post(link).status_code == 302


def test_confirmed_subscription_gets_one_message_per_publication(site_tree, publish, smtp):
    client = Client(enforce_csrf_checks=False)
    body = site_tree["body"]
    subscribe_and_confirm(client, smtp, body)

    case = CasePageFactory(parent=body, title="Ny gang- og sykkelvei")
    publish(case, search_description="Forslag om gang- og sykkelvei langs fylkesveien.")
    send_alerts()
    send_alerts()  # a second run sends nothing again
    [alert] = smtp.inbox.pop()
    assert "Ny gang- og sykkelvei" in alert["Subject"]
    text = text_of(alert)
    assert "Forslag om gang- og sykkelvei" in text
    assert f"{BASE_URL}/politikk/driftskomiteen/saker/" in text
    assert alert["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html = alert.get_body(preferencelist=("html",)).get_content()
    assert "<a href=" in html

    publish(case, facts="<p>Rettet en skrivefeil.</p>", change_kind="correction")
    send_alerts()
    assert smtp.inbox.pop() == []

    unsubscribe_url = alert["List-Unsubscribe"].strip().strip("<>")
    assert unsubscribe_url.startswith(BASE_URL)
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        unsubscribe_url.removeprefix(BASE_URL),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not Subscriber.objects.exists()  # the last subscription took the address with it

    publish(case, facts="<p>Nytt vedtak.</p>", change_kind="substantive")
    send_alerts()
    assert smtp.inbox.pop() == []


def test_manage_link_in_every_message_cancels(site_tree, publish, smtp):
    client = Client()
    subscribe_and_confirm(client, smtp, site_tree["body"])
    publish(CasePageFactory(parent=site_tree["body"], title="Budsjett 2025"))
    send_alerts()
    [alert] = smtp.inbox.pop()
    manage = local_link(alert, "/varsler/abonnement/")
    page = client.get(manage).content.decode()
    assert "Driftskomiteen" in page
    subscription = Subscriber.objects.get().subscriptions.get()
    response = client.post(manage, {"action": f"cancel:{subscription.pk}"})
    assert response.status_code == 200
    assert not Subscriber.objects.exists()
    assert client.get(manage).status_code == 404


def test_queue_survives_a_failing_smtp_server(site_tree, publish, smtp):
    client = Client()
    subscribe_and_confirm(client, smtp, site_tree["body"])
    smtp.stop()

    publish(CasePageFactory(parent=site_tree["body"], title="Reguleringsplan for sentrum"))
    send_alerts()
    delivery = Delivery.objects.get(kind=Delivery.Kind.ALERT)
    assert delivery.sent_at is None
    assert delivery.attempts == 1
    assert delivery.next_attempt_at > timezone.now()
    assert delivery.last_error

    send_alerts()  # not due yet: nothing is tried
    delivery.refresh_from_db()
    assert delivery.attempts == 1

    smtp.start()
    Delivery.objects.filter(pk=delivery.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )
    send_alerts()
    send_alerts()
    [alert] = smtp.inbox.pop()
    assert "Reguleringsplan for sentrum" in alert["Subject"]
    delivery.refresh_from_db()
    assert delivery.sent_at is not None
    assert delivery.attempts == 2
