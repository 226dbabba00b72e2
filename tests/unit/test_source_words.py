"""Sources in words: kind and strength a reader understands, no internal markers."""

from __future__ import annotations

import pytest

from rebound_tracker.domain.medication import Source
from rebound_tracker.domain.source_words import citation_words, is_unchecked, source_words
from rebound_tracker.pk.library import load_library

MARKERS = ("label_facts.csv", "NOT FOUND", "to verify")


def _every_source():
    lib = load_library()
    seen = {}
    for f in lib.formulations:
        for value in f.numbers().values():
            seen[str(value.source)] = value.source
        seen[str(f.strengths_source)] = f.strengths_source
    for analyte in lib.analytes.values():
        for value in analyte.numbers().values():
            seen[str(value.source)] = value.source
    return list(seen.values())


def test_no_library_source_shows_an_internal_marker():
    sources = _every_source()
    assert any(any(m in s.citation for m in MARKERS) for s in sources)  # the data keeps them
    for source in sources:
        words = source_words(source)
        assert not any(m in words for m in MARKERS), words
        assert "()" not in words and " )" not in words


@pytest.mark.parametrize(("text", "starts", "unchecked"), [
    ("LABEL: Concerta PI Table 6", "Drug label (strong", False),
    ("PAPER: Teuscher 2015", "Published study (strong", False),
    ("SECONDARY: LabCE quoting the label", "Secondary source (weaker", False),
    ("FIT: Ritalin PI sec 2 (not in label_facts.csv; to verify): 60/2 = 30", "Our fit", True),
    ("ASSUMPTION: equal thirds (proportions not retrieved, to verify)", "Assumption (weakest",
     True),
    ("USER: typed by me", "Entered by you", False),
])
def test_kind_and_strength_in_words(text, starts, unchecked):
    source = Source.parse(text)
    words = source_words(source)
    assert words.startswith(starts)
    assert is_unchecked(source) is unchecked
    assert words.endswith("still to be checked against the published source") is unchecked


def test_a_fact_that_is_in_the_label_copy_is_not_called_unchecked():
    source = Source.parse("LABEL: Intuniv PI sec 12.3: relative F 58% (label_facts.csv), so")
    assert not is_unchecked(source)
    assert citation_words(source) == "Intuniv PI sec 12.3: relative F 58%, so"
