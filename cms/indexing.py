"""Search indexing after the transaction commits.

Wagtail indexes a page in its `post_save` signal, before modelcluster has saved the page's
child rows and before the transaction commits: the index would hold the rows of the save
before (an agenda item just made exempt stays findable, a newly published agenda is not).
Page types set `search_auto_update = False`; `BasePage.save()` calls `index_after_commit`
once the page and its child rows are saved, and the index is written when the transaction
has committed, from the rows as committed.
"""

from django.db import transaction
from django.db.models.signals import post_delete
from modelsearch import index
from modelsearch.tasks import insert_or_update_object_task
from wagtail.tasks import update_reference_index_task


def after_commit(callback, using=None):
    """Run `callback` once the current transaction commits (at once outside a transaction).

    Marked, so that the tests can run it when the outermost block of the code under test
    ends, as a commit would (see `commit_hooks_at_block_end` in the root conftest.py).
    """
    connection = transaction.get_connection(using)
    if all(getattr(block, "_from_testcase", False) for block in connection.atomic_blocks):
        callback()  # autocommit: what was saved is committed (in tests: the test's own block)
        return
    callback.run_when_test_block_ends = True
    transaction.on_commit(callback, using=using, robust=True)


def index_after_commit(instance, using=None):
    """Index `instance` (its row as committed, with its child rows) after the commit.

    Wagtail's reference index (which documents a page links, see meetings.permissions) is
    written in the same `post_save` moment, before the child rows; it is updated again here.
    """
    label, model_name, pk = instance._meta.app_label, instance._meta.model_name, str(instance.pk)
    key = (label, model_name, pk)
    # Saved again in the same transaction (a publish saves a page twice, a loader more often):
    # the update already waiting reads the committed rows, so one is enough.
    pending = transaction.get_connection(using).run_on_commit
    if any(getattr(hook[1], "index_key", None) == key for hook in pending):
        return

    def update():
        insert_or_update_object_task.enqueue(label, model_name, pk)
        update_reference_index_task.enqueue(label, model_name, pk)

    update.index_key = key
    after_commit(update, using=using)


def page_deleted(sender, instance, **kwargs):
    index.remove_object(instance)


def connect(models):
    """Remove deleted pages of `models` (types with `search_auto_update = False`) at once."""
    for model in models:
        uid = f"remove_from_index_{model._meta.label_lower}"
        post_delete.connect(page_deleted, sender=model, dispatch_uid=uid)
