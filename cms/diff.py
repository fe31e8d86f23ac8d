"""Word-by-word comparison of readable text, marked up with <ins> and <del>.

Used by the public version history (a version against the one before it) and by
"what the committee changed" (the chief executive's proposal against the decision).
"""

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# A token is a word (with its punctuation) or a line break; other whitespace only separates.
TOKEN_RE = re.compile(r"\n|[^\s]+")


def tokenize(text):
    """Split text into words and line breaks (runs of blank lines count as one break)."""
    text = re.sub(r"\n\s*\n+", "\n", (text or "").replace("\r\n", "\n").strip())
    return TOKEN_RE.findall(text)


def _join(tokens):
    out = []
    for token in tokens:
        if token == "\n":
            out.append("\n")
        else:
            if out and out[-1] != "\n":
                out.append(" ")
            out.append(escape(token))
    return "".join(out)


@dataclass(frozen=True)
class WordDiff:
    """The HTML of a word diff and whether the two texts differ at all."""

    html: SafeString
    changed: bool
    inserted: int
    deleted: int

    def __str__(self):
        return self.html

    def __html__(self):
        return self.html


def word_diff(old, new):
    """Compare `old` and `new` word by word.

    Returns a WordDiff whose `html` is the new text with deleted words in <del> and inserted
    words in <ins> (escaped; line breaks kept as "\\n", so show it with `white-space: pre-line`).
    """
    old_tokens, new_tokens = tokenize(old), tokenize(new)
    matcher = difflib.SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False)
    parts = []
    inserted = deleted = 0

    def add(fragment):
        if not fragment:
            return
        if parts and not parts[-1].endswith("\n") and not fragment.startswith("\n"):
            parts.append(" ")
        parts.append(fragment)

    for opcode, a1, a2, b1, b2 in matcher.get_opcodes():
        if opcode == "equal":
            add(_join(old_tokens[a1:a2]))
            continue
        if opcode in ("delete", "replace"):
            removed = [t for t in old_tokens[a1:a2] if t != "\n"]
            if removed:
                deleted += len(removed)
                add(f"<del>{_join(removed)}</del>")
        if opcode in ("insert", "replace"):
            added = new_tokens[b1:b2]
            words = [t for t in added if t != "\n"]
            inserted += len(words)
            if words:
                # Keep line breaks outside <ins>, so paragraphs stay where the new text has them.
                segments, current = [], []
                for token in added:
                    if token == "\n":
                        if current:
                            segments.append(f"<ins>{_join(current)}</ins>")
                            current = []
                        segments.append("\n")
                    else:
                        current.append(token)
                if current:
                    segments.append(f"<ins>{_join(current)}</ins>")
                for segment in segments:
                    add(segment)
            elif "\n" in added:
                add("\n")
    html = "".join(parts).replace(" \n", "\n")
    return WordDiff(
        html=mark_safe(html),  # every token is escaped in _join
        changed=bool(inserted or deleted),
        inserted=inserted,
        deleted=deleted,
    )


@dataclass(frozen=True)
class FieldDiff:
    """One field of a document compared between two versions."""

    label: str
    old: str
    new: str
    diff: WordDiff

    @property
    def changed(self):
        return self.diff.changed or self.old.strip() != self.new.strip()

    @property
    def added(self):
        return not self.old.strip() and bool(self.new.strip())

    @property
    def removed(self):
        return bool(self.old.strip()) and not self.new.strip()


def compare_fields(old_fields, new_fields):
    """Compare two lists of (label, text) pairs, field by field, in the order of the new one.

    Fields only present in the old version are listed at the end (as removed).
    """
    old_map = {str(label): text or "" for label, text in old_fields}
    result = []
    seen = set()
    for label, text in new_fields:
        label = str(label)
        seen.add(label)
        old_text = old_map.get(label, "")
        result.append(FieldDiff(label, old_text, text or "", word_diff(old_text, text or "")))
    for label, text in old_fields:
        label = str(label)
        if label not in seen:
            result.append(FieldDiff(label, text or "", "", word_diff(text or "", "")))
    return result
