"""The JSON Schema and the format description in records.formats describe the same fields."""

import json

import pytest

from records import formats
from records.importer import SCHEMA_PATH, validate

SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
SPECS = {
    "person": formats.PERSON,
    "body": formats.BODY,
    "meeting": formats.MEETING,
    "invitation": formats.INVITATION,
    "minutes": formats.MINUTES,
    "case": formats.CASE,
    "plan": formats.PLAN,
}


def names(spec):
    return {*spec.fields, *spec.refs, *spec.rows}


def check(spec, schema, where):
    properties = schema["properties"]
    assert names(spec) <= set(properties), (where, names(spec) - set(properties))
    for key, row_spec in spec.rows.items():
        row_schema = properties[key]["items"]
        assert set(row_schema["properties"]) == names(row_spec), (where, key)
        check(row_spec, row_schema, f"{where}.{key}")


@pytest.mark.parametrize("name", SPECS)
def test_every_field_of_the_format_is_in_the_schema(name):
    schema = SCHEMA["$defs"][name]
    check(SPECS[name], schema, name)
    extra = set(schema["properties"]) - names(SPECS[name])
    assert extra <= {
        "key",
        "body",
        "year",
        "number",
        "tags",
        "invitation",
        "minutes",
        *formats.META_KEYS,
    }


def test_the_schema_reports_record_and_field():
    per_record, general = validate(
        {
            "format": "radhus-records",
            "version": 1,
            "people": [{"name": "A"}, {"name": 3, "colour": "red"}],
            "meetings": [{"body": "x", "date": "2024-02-30", "agenda": [{"kind": "decision"}]}],
        }
    )
    assert not general
    assert sorted(per_record[("people", 1)]) == [
        ("colour", "ukjent felt"),
        ("name", "skal være av typen string, ikke 3"),
    ]
    assert ("date", 'har feil format: "2024-02-30"') in per_record[("meetings", 0)]
    assert ("agenda[0].title", "feltet mangler") in per_record[("meetings", 0)]
    assert ("people", 0) not in per_record
