from cms.diff import compare_fields, tokenize, word_diff
from cms.text import html_to_text


def test_inserted_and_deleted_words_are_marked():
    diff = word_diff("Tiltaket gjelder fra 2024.", "Tiltaket gjelder fra 2025 i hele kommunen.")
    assert diff.changed
    assert "<del>2024.</del>" in diff.html
    assert "<ins>2025 i hele kommunen.</ins>" in diff.html
    assert diff.html.startswith("Tiltaket gjelder fra ")
    assert (diff.inserted, diff.deleted) == (4, 1)


def test_identical_texts_have_no_marks():
    diff = word_diff("Uendret tekst.\nAndre avsnitt.", "Uendret  tekst.\n\nAndre avsnitt.")
    assert not diff.changed
    assert "<ins>" not in diff.html and "<del>" not in diff.html
    assert diff.html == "Uendret tekst.\nAndre avsnitt."


def test_text_is_escaped():
    diff = word_diff("a <b>", 'a <script>alert("x")</script>')
    assert "<script>" not in diff.html
    assert "&lt;script&gt;" in diff.html


def test_paragraph_breaks_are_kept_outside_the_marks():
    diff = word_diff("Første avsnitt.", "Første avsnitt.\nNytt avsnitt.")
    assert diff.html == "Første avsnitt.\n<ins>Nytt avsnitt.</ins>"


def test_tokenize_counts_blank_lines_as_one_break():
    assert tokenize("a b\n\n\nc") == ["a", "b", "\n", "c"]


def test_compare_fields_marks_changed_added_and_removed_fields():
    fields = compare_fields(
        [("Tittel", "Plan"), ("Status", "Utkast"), ("Gammelt felt", "Borte")],
        [("Tittel", "Plan"), ("Status", "Vedtatt"), ("Nytt felt", "Her")],
    )
    by_label = {field.label: field for field in fields}
    assert not by_label["Tittel"].changed
    assert by_label["Status"].changed
    assert "<del>Utkast</del>" in by_label["Status"].diff.html
    assert by_label["Nytt felt"].added
    assert by_label["Gammelt felt"].removed
    assert [field.label for field in fields][-1] == "Gammelt felt"


def test_rich_text_becomes_one_line_per_paragraph():
    html = "<p>Første <b>avsnitt</b>.</p><ul><li>Punkt&nbsp;1</li><li>Punkt 2</li></ul>"
    assert html_to_text(html) == "Første avsnitt.\nPunkt 1\nPunkt 2"
