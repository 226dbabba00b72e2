"""A number's source as a patient or prescriber reads it: what kind of source, how strong,
and the citation without the library's internal bookkeeping.

The library keeps its markers ("not in label_facts.csv; to verify", "NOT FOUND"): they
tell maintainers which facts are still to be checked against a label copy. A reader is
told the same thing in words: "not yet checked against the label".
"""

from __future__ import annotations

import re

from rebound_tracker.domain.medication import Source

KIND_WORDS = {
    "LABEL": ("Drug label", "strong: the official prescribing information"),
    "PAPER": ("Published study", "strong: a peer-reviewed paper"),
    "SECONDARY": ("Secondary source", "weaker: a text quoting a label or a study"),
    "FIT": ("Our fit", "derived: our own arithmetic from the published numbers named"),
    "ASSUMPTION": ("Assumption", "weakest: a modelling choice where nothing is published"),
    "DEFINITION": ("Definition", "exact: true by construction"),
    "USER": ("Entered by you", "yours: a number you typed for your own medication"),
}


_MARKERS = re.compile(r"not in label_facts\.csv|to verify|NOT FOUND")


def is_unchecked(source: Source) -> bool:
    """True when the library marks the fact as not yet checked against a label copy."""
    return bool(_MARKERS.search(source.citation))


def citation_words(source: Source) -> str:
    """The citation without internal markers (and without the empty brackets they leave)."""
    text = source.citation
    text = re.sub(r"\((?:[^()]*;\s*)?not in label_facts\.csv(?:;\s*to verify)?\)", "", text)
    text = re.sub(r"\(([^()]*?);\s*not in label_facts\.csv(?:;\s*to verify)?\)", r"(\1)", text)
    text = re.sub(r"[;,]?\s*to verify\b", "", text)
    text = re.sub(r"[;,]?\s*label_facts\.csv\s*'?NOT FOUND'?", "", text)
    text = re.sub(r"\(?\s*'?NOT FOUND'?\s*\)?", "", text)
    text = re.sub(r"[;,]?\s*not in label_facts\.csv", "", text)
    text = re.sub(r"\s*\(label_facts\.csv\)|[,;]\s*label_facts\.csv", "", text)
    text = text.replace("label_facts.csv", "our copy of the label")
    text = re.sub(r"\(\s*\)", "", text)
    text = re.sub(r"\s+([):;,])", r"\1", text)
    text = re.sub(r"\s{2,}", " ", text).strip(" ;,")
    return text


def source_words(source: Source) -> str:
    """One line: kind and strength in words, the citation, and whether it is still to be
    checked ('Drug label (strong: …): Concerta PI Table 6')."""
    kind, strength = KIND_WORDS.get(source.kind, (source.kind.capitalize(), ""))
    line = f"{kind} ({strength}): {citation_words(source)}" if strength else (
        f"{kind}: {citation_words(source)}")
    if is_unchecked(source):
        line += " — still to be checked against the published source"
    return line
