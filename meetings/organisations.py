"""Organisation names as the quota counts them: one key for every way of writing a name."""

import re
import unicodedata
from functools import lru_cache

from confusable_homoglyphs import confusables

# «X kommune» is the municipality X; «X fylkeskommune» is the county, a different organisation
# (Oslo is both), so it keeps its suffix in one spelling.
COUNTY_SUFFIX = re.compile(r"\s+fylkes\s?kommun[ea]$")
MUNICIPALITY_SUFFIX = re.compile(r"\s+kommun[ea]$")


@lru_cache(maxsize=1024)
def latin_lookalike(character):
    """The Latin letter a non-Latin look-alike (Cyrillic о, Greek Ο ...) stands for, or itself."""
    if character.isascii() or "LATIN" in unicodedata.name(character, "LATIN"):
        return character
    found = confusables.is_confusable(character, preferred_aliases=["latin"], greedy=True)
    for entry in found or ():
        for homoglyph in entry["homoglyphs"]:
            if homoglyph["n"].startswith("LATIN") and len(homoglyph["c"]) == 1:
                return homoglyph["c"]
    return character


def normalise_organisation(name):
    """The key an organisation is counted by for the quota.

    NFKC (full-width and compatibility forms), Latin letters for look-alikes, case and spacing
    folded, and «kommune»/«kommuna» at the end dropped: «Molde», «molde », «Molde kommune» and
    «Mоlde» (Cyrillic о) give one key; «Møre og Romsdal fylkeskommune» and «… fylkeskommuna»
    give another.
    """
    text = unicodedata.normalize("NFKC", str(name or ""))
    text = "".join(latin_lookalike(character) for character in text)
    text = " ".join(text.split()).casefold()
    if COUNTY_SUFFIX.search(text):
        return COUNTY_SUFFIX.sub(" fylkeskommune", text)
    return MUNICIPALITY_SUFFIX.sub("", text)
