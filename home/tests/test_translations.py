"""The nynorsk catalogue covers every text citizens see, and the compiled file matches it."""

from pathlib import Path

import polib
from django.conf import settings

PO_FILE = Path(settings.BASE_DIR) / "locale" / "nn" / "LC_MESSAGES" / "django.po"


def public_entries(po):
    """Entries used by templates or by code that renders public pages (not admin labels)."""
    return [
        entry
        for entry in po
        if not entry.obsolete
        and any(path.startswith("templates/") for path, _line in entry.occurrences)
    ]


def test_every_public_text_has_a_nynorsk_translation():
    po = polib.pofile(str(PO_FILE))
    missing = [e.msgid for e in public_entries(po) if not e.translated() or "fuzzy" in e.flags]
    assert not missing, "Untranslated or fuzzy in nn/django.po:\n" + "\n".join(missing)


def test_compiled_catalogue_matches_the_po_file():
    po = polib.pofile(str(PO_FILE))
    mo = {
        (e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural)
        for e in polib.mofile(str(PO_FILE.with_suffix(".mo")))
    }
    stale = [
        e.msgid
        for e in po.translated_entries()
        if mo.get((e.msgctxt, e.msgid)) != (e.msgstr, e.msgstr_plural)
    ]
    assert not stale, "Run `manage.py compilemessages`: django.mo is out of date for\n" + "\n".join(
        stale
    )
