"""The content generation as the site's processes share it (cms.generation): in a file on one
machine, in Redis with a subscription across app servers. Each process is played by an object
of its own, with its own connections, as a worker of gunicorn has.
"""

import multiprocessing
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis

from cms.generation import FileGeneration, RedisGeneration, generation_file, new_token


def read_in_a_new_process(path, results):
    results.put(FileGeneration(path).read())


def test_processes_that_start_at_once_agree_on_one_generation(tmp_path):
    path = tmp_path / "generation"
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    processes = [
        context.Process(target=read_in_a_new_process, args=(path, results)) for _ in range(8)
    ]
    for process in processes:
        process.start()
    values = {results.get(timeout=60) for _ in processes}
    for process in processes:
        process.join(timeout=60)
    assert values == {path.read_text()}
    assert len(path.read_text()) == 32
    assert [p.name for p in tmp_path.iterdir()] == ["generation"]  # no file left half-written


def test_a_replaced_file_generation_is_read_by_every_process(tmp_path):
    one, other = FileGeneration(tmp_path / "g"), FileGeneration(tmp_path / "g")
    first = one.read()
    assert other.read() == first
    second = other.replace()
    assert second != first
    assert one.read() == second
    assert (tmp_path / "g").stat().st_mode & 0o777 == 0o644  # commands may run as another user


def test_a_file_emptied_by_hand_gets_a_new_generation(tmp_path):
    path = tmp_path / "g"
    first = FileGeneration(path).read()
    path.write_text("")
    again = FileGeneration(path).read()
    assert len(again) == 32 and again != first
    assert path.read_text() == again


def test_where_no_file_can_be_written_each_request_gets_its_own(tmp_path, caplog):
    (tmp_path / "a-file").write_text("not a directory")
    nowhere = FileGeneration(tmp_path / "a-file" / "generation")
    assert len({nowhere.read() for _ in range(3)}) == 3  # nothing kept is ever served
    assert "cannot be read" in caplog.text


def test_the_file_is_beside_the_sqlite_database_by_default(settings, db):
    from django.db import connection

    settings.RADHUS_GENERATION_FILE = None
    path = generation_file()
    if connection.vendor == "sqlite":
        assert str(path) == connection.settings_dict["NAME"] + "-generation"
    else:
        assert path.name.startswith("radhus-generation-")


@pytest.fixture
def redis_key(redis_url):
    key = f"radhus-test:generation:{new_token()}"
    yield key
    redis.Redis.from_url(redis_url).delete(key)


def worker(redis_url, key, check_seconds=60):
    """One process's view of the generation."""
    return RedisGeneration(redis_url, key, check_seconds)


def counting_commands(patch, generation):
    """The commands `generation` sends on its (non-subscription) connection."""
    sent = []
    original = generation.client.execute_command

    def count(*args, **kwargs):
        sent.append(args[0])
        return original(*args, **kwargs)

    patch.setattr(generation.client, "execute_command", count)
    return sent


def test_a_replace_on_one_app_server_is_seen_by_another_at_once_without_asking(
    redis_url, redis_key
):
    a, b = worker(redis_url, redis_key), worker(redis_url, redis_key)
    first = a.read()
    assert b.read() == first
    with pytest.MonkeyPatch.context() as patch:
        sent = counting_commands(patch, a)
        for _ in range(3):
            assert a.read() == first
        new = b.replace()
        assert a.read() == new
        assert sent == []  # the subscription told it; nothing asked
    # Many replaces from both: every process ends with the last one, which Redis holds.
    for number in range(50):
        (a if number % 3 else b).replace()
    stored = redis.Redis.from_url(redis_url).get(redis_key).decode()
    assert a.read() == b.read() == stored


def test_a_lost_subscription_reads_redis_until_it_is_back(redis_url, redis_key):
    a, b = worker(redis_url, redis_key, check_seconds=0.5), worker(redis_url, redis_key)
    a.read()
    admin = redis.Redis.from_url(redis_url)
    admin.client_kill_filter(_type="pubsub")  # a's and b's subscriptions
    new = b.replace()  # no subscriber hears this
    assert a.read() == new
    with pytest.MonkeyPatch.context() as patch:
        sent = counting_commands(patch, a)
        assert a.read() == new
        assert sent  # without a subscription, it asks
    time.sleep(0.6)
    assert a.read() == new  # subscribed again
    newer = b.replace()
    with pytest.MonkeyPatch.context() as patch:
        sent = counting_commands(patch, a)
        assert a.read() == newer
        assert sent == []


def test_a_silent_fault_is_caught_by_the_regular_check(redis_url, redis_key):
    a = worker(redis_url, redis_key, check_seconds=0.5)
    first = a.read()
    # A change the subscription never carries (as if its messages were lost on the way).
    redis.Redis.from_url(redis_url).set(redis_key, "x" * 32)
    assert a.read() == first
    time.sleep(0.6)
    assert a.read() == "x" * 32


def test_a_forked_process_subscribes_on_its_own(redis_url, redis_key):
    a = worker(redis_url, redis_key)
    first = a.read()
    context = multiprocessing.get_context("fork")
    results = context.Queue()

    def child():
        results.put(a.read())
        results.put(a.pubsub is not None)

    process = context.Process(target=child)
    process.start()
    assert results.get(timeout=30) == first
    assert results.get(timeout=30) is True
    process.join(timeout=30)
    assert process.exitcode == 0


def test_without_redis_every_request_gets_a_generation_of_its_own(caplog, live_tools):
    port = live_tools.free_port()  # nothing listens there
    nowhere = worker(f"redis://127.0.0.1:{port}/0", "radhus-test:generation")
    values = {nowhere.read() for _ in range(3)}
    assert len(values) == 3  # nothing kept is ever served
    nowhere.replace()  # a publish goes on
    assert "cannot be read from Redis" in caplog.text


def test_two_sites_on_one_redis_keep_apart(redis_url, redis_key):
    """Channels are not per database: a site on another database is not told of this one."""
    other_db = redis_url.rsplit("/", 1)[0] + "/3"
    here, there = worker(redis_url, redis_key), worker(other_db, redis_key)
    there_first = there.read()
    here.replace()
    assert there.read() == there_first
    redis.Redis.from_url(other_db).delete(redis_key)


def test_a_publish_by_a_command_reaches_a_running_server(redis_url, redis_key):
    """A separate interpreter (as `publish_scheduled` is) replaces; this process sees it."""
    a = worker(redis_url, redis_key)
    first = a.read()
    code = (
        "from django.conf import settings; settings.configure(); "
        "from cms.generation import RedisGeneration; "
        f"print(RedisGeneration({redis_url!r}, {redis_key!r}, 60).replace())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    new = out.stdout.strip()
    assert new != first
    assert a.read() == new
