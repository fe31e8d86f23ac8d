"""Backup and restore as docs/operations.md describes them, restored into an empty database.

The live site (the `live_gunicorn` server, running) is backed up with `manage.py backup`,
restored with `manage.py restore` into a new empty database (PostgreSQL: pg_dump/pg_restore;
SQLite: the online backup API) and an empty media folder, and both must serve the same public
pages and the same document bytes.
"""

import json

import pytest
from django.db import connection

# Renders every public page, a few public listings and every document with Django's test
# client inside `manage.py shell`, and prints {url: [status, sha256 of the body]}. A form's
# CSRF token and signed start time differ on every request and are blanked first.
CRAWL = r"""
import hashlib, json, re
from django.test import Client
from wagtail.documents import get_document_model
from wagtail.models import Page

client = Client(HTTP_HOST="localhost")
urls = [page.url for page in Page.objects.live().public().specific() if page.url]
urls += ["/sok/?q=kompetanse", "/tema/", "/kalender/", "/sitemap.xml", "/rss/", "/kalender.ics"]
urls += [document.url for document in get_document_model().objects.all()]
result = {}
for url in urls:
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    body = re.sub(rb'(name="(?:csrfmiddlewaretoken|rh_started)" value=")[^"]*', rb"\1", body)
    result[url] = [response.status_code, hashlib.sha256(body).hexdigest()]
    response.close()
print(json.dumps(result))
"""


def crawl(site):
    return json.loads(site.shell(CRAWL).strip().splitlines()[-1])


def test_a_restored_backup_serves_the_same_pages_and_documents(live_gunicorn, live_tools, tmp_path):
    backup_dir = tmp_path / "backup"
    out = live_gunicorn.manage("backup", str(backup_dir))
    assert "media.tar.gz" in out
    manifest = json.loads((backup_dir / "backup.json").read_text())
    assert manifest["database"] == connection.vendor

    with live_tools.database(tmp_path, "_restored") as database_url:
        restored = live_tools.commands(
            {**live_gunicorn.env, "DATABASE_URL": database_url, "MEDIA_ROOT": str(tmp_path / "m")}
        )
        restored.manage("restore", str(backup_dir))

        before, after = crawl(live_gunicorn), crawl(restored)
        assert after == before
        pages = [url for url, (status, _hash) in before.items() if status == 200]
        documents = [url for url in pages if url.startswith("/dokumenter/")]
        assert len(pages) >= 35 and len(documents) >= 4, before

        # A second restore would overwrite a site: refused.
        with pytest.raises(AssertionError, match="restore only into an empty one"):
            restored.manage("restore", str(backup_dir))
