"""The page cache on one machine without Redis, as `make run` serves the site: gunicorn with two
workers, each with its own memory, and a publish from a third process (`publish_scheduled`,
a script) or from either worker. Every worker shows the new version at once.
"""

import json
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

CASE = "/saker/2019-27/"
NEW_TITLE = "Reglement for godtgjøring, vedtatt på nytt"
REQUESTS = 24  # over two workers of four threads: both answer some


@pytest.fixture(scope="module")
def site(serve_live, tmp_path_factory):
    with serve_live(
        tmp_path_factory.mktemp("page_cache_live"),
        None,
        suffix="_page_cache_live",
        PAGE_CACHE_SECONDS="300",
    ) as server:
        yield server


def fetch_all(site, path):
    """REQUESTS anonymous GETs at once: (status, X-Cache, body) each."""

    def fetch(_):
        response = requests.get(site.url + path, timeout=30)
        return response.status_code, response.headers.get("X-Cache"), response.text

    with ThreadPoolExecutor(8) as pool:
        return list(pool.map(fetch, range(REQUESTS)))


def case_url(site):
    out = site.shell(
        "import json\n"
        "from meetings.models import CasePage\n"
        f"print(json.dumps(CasePage.objects.live().get(url_path__endswith={CASE!r}).url))"
    )
    return json.loads(out.strip().splitlines()[-1])


def test_a_publish_in_another_process_reaches_every_worker_at_once(site):
    url = case_url(site)
    pages = ["/", url]
    for path in pages:
        fetch_all(site, path)
        answers = fetch_all(site, path)
        assert {status for status, _, _ in answers} == {200}
        assert {cache for _, cache, _ in answers} == {"HIT"}, path
        assert NEW_TITLE not in answers[0][2]

    site.shell(
        "from meetings.models import CasePage\n"
        f"case = CasePage.objects.get(url_path__endswith={CASE!r})\n"
        f"case.title = {NEW_TITLE!r}\n"
        "case.save_revision().publish()\n"
    )

    for path in pages:  # the case and home, which lists the newest cases
        answers = fetch_all(site, path)
        assert all(NEW_TITLE in body for _, _, body in answers), path

    site.shell(
        "from meetings.models import CasePage\n"
        f"CasePage.objects.get(url_path__endswith={CASE!r}).unpublish()\n"
    )
    assert {status for status, _, _ in fetch_all(site, url)} == {404}
