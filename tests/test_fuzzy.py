"""``update``'s fuzzy matches: the memory's indexed lookup, with msgmerge's choices kept.

The old matcher compared every new msgid with every old one that lost its match, with
difflib (kept below as :func:`old_choice`, the reference): on a 100,000-entry page with 1 %
of its paragraphs edited, 196 s.  The index (:mod:`i18n_pipeline.fuzzy`) must make the
same choices on the corpus, bar a few that the exact measure (Indel) ranks differently, in
two situations: paragraphs edited by a word or a few (what ``update`` meets every month),
and a whole issue merged into the previous issue's catalog (what it meets when a source is
replaced by a different text, the harder case: long lists of "Version x of XEP-n" lines).
"""

from __future__ import annotations

import random
from difflib import SequenceMatcher
from functools import cache

import polib
import pytest

from conftest import english_issues, read
from i18n_pipeline.fuzzy import TextIndex
from i18n_pipeline.parse import parse
from i18n_pipeline.update import merge

THRESHOLD = 0.6  # msgmerge's, update's default


def old_similarity(first: str, second: str, threshold: float) -> float:
    """update.py's similarity before the index: difflib's ratio with its cheap bounds."""
    if not first or not second:
        return 0.0
    shorter, longer = sorted((len(first), len(second)))
    if 2.0 * shorter / (shorter + longer) < threshold:
        return 0.0
    matcher = SequenceMatcher(None, first, second, autojunk=False)
    if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
        return 0.0
    return matcher.ratio()


def old_choice(query: str, candidates: list[str]) -> tuple[int | None, float]:
    """The old matcher: every candidate, the first best one at or above the threshold."""
    best, best_score = None, THRESHOLD
    for number, candidate in enumerate(candidates):
        score = old_similarity(query, candidate, best_score)
        if score >= best_score and (best is None or score > best_score):
            best, best_score = number, score
    return best, best_score


def new_choice(query: str, index: TextIndex) -> int | None:
    found = index.closest(query, THRESHOLD, latest=False, thorough=True)
    return None if found is None else found[0]


@cache
def msgids(number: int) -> list[str]:
    issue = english_issues()[number]
    return list(dict.fromkeys(s.msgid for s in parse(read(issue), str(issue)).segments))


def compare(pairs: list[tuple[list[str], list[str]]]) -> dict[str, int]:
    """Both matchers over (queries, candidates) pairs: how often they agree."""
    counts = dict.fromkeys(["queries", "old", "same", "found", "new only", "worse"], 0)
    for queries, candidates in pairs:
        index = TextIndex(normalised=False)
        for candidate in candidates:
            index.add(candidate)
        for query in queries:
            counts["queries"] += 1
            old, old_score = old_choice(query, candidates)
            new = new_choice(query, index)
            if old is None:
                counts["new only"] += new is not None
                continue
            counts["old"] += 1
            if new is None:
                continue
            counts["found"] += 1
            if candidates[new] == candidates[old]:
                counts["same"] += 1
            elif old_similarity(query, candidates[new], 0.0) < old_score - 0.05:
                counts["worse"] += 1  # a choice clearly worse by the old matcher's own measure
    return counts


def edit(text: str, randomness: random.Random) -> str:
    """A paragraph as an editor changes it: a word in ten deleted, replaced or added."""
    words = text.split(" ")
    for _ in range(max(1, len(words) // 10)):
        at = randomness.randrange(len(words))
        action = randomness.choice("dri")
        if action == "d" and len(words) > 1:
            del words[at]
        elif action == "r":
            words[at] = randomness.choice(["new", "changed", "XMPP", "release", "today"])
        else:
            words.insert(at, randomness.choice(["also", "now", "very", "the"]))
    return " ".join(words)


def test_edited_paragraphs_get_the_old_matchers_choice() -> None:
    randomness = random.Random(5)
    pairs = []
    for number in range(0, len(english_issues()), 3):
        chosen = [m for m in msgids(number) if len(m) > 20 and randomness.random() < 0.1]
        queries = [edit(m, randomness) for m in chosen]
        pairs.append(([q for q in queries if q not in msgids(number)], chosen))
    counts = compare(pairs)
    assert counts["old"] >= 100, counts
    assert counts["found"] >= counts["old"] - 1, counts
    assert counts["same"] >= 0.99 * counts["old"], counts
    assert counts["worse"] == 0, counts


def test_a_replaced_issue_gets_the_old_matchers_choices() -> None:
    pairs = []
    for number in range(3, len(english_issues()), 16):  # 4 of the 62 pairs: the old is slow
        old, new = msgids(number - 1), msgids(number)
        pairs.append(([m for m in new if m not in old], [m for m in old if m not in new]))
    counts = compare(pairs)
    assert counts["old"] >= 40, counts
    assert counts["found"] >= 0.95 * counts["old"], counts
    assert counts["same"] >= 0.9 * counts["old"], counts
    assert counts["worse"] <= 0.02 * counts["old"], counts


def test_lookups_stay_indexed_on_a_big_page() -> None:
    """1,674 edited paragraphs against their old versions: every one finds its own, and a
    lookup compares about a tenth of them, not all (173 measured: the newsletter repeats
    its boilerplate paragraphs, which share their rare words)."""
    randomness = random.Random(7)
    paragraphs = [m for n in range(len(english_issues())) for m in msgids(n) if len(m) > 80]
    vocabulary = sorted({w for p in paragraphs for w in p.split() if w.isalpha()})
    old = [f"{p} ({' '.join(randomness.sample(vocabulary, 3))} {n})"
           for n, p in enumerate(paragraphs[:2000])]  # fmt: skip
    index = TextIndex(normalised=False)
    for text in old:
        index.add(text)
    for number, text in enumerate(old):
        words = text.split(" ")
        words[randomness.randrange(len(words) - 4)] = "edited"
        assert new_choice(" ".join(words), index) == number
    assert index.compared <= 200 * len(old), index.compared  # all pairs: 1,674 per lookup


@pytest.mark.parametrize("threshold", [0.6, 0.8])
def test_merge_uses_the_index(threshold: float) -> None:
    """The merge itself: an edited paragraph comes in fuzzy with the old translation."""
    template = polib.POFile()
    existing = polib.POFile()
    texts = msgids(10)[:40]
    for text in texts:
        existing.append(polib.POEntry(msgid=text, msgstr=f"DE {text}"))
    changed = texts[7] + " Edited."
    for text in texts:
        template.append(polib.POEntry(msgid=changed if text == texts[7] else text))
    merged, stats = merge(template, existing, "de", fuzzy_threshold=threshold)
    entry = merged.find(changed)
    assert entry is not None and "fuzzy" in entry.flags
    assert entry.msgstr == f"DE {texts[7]}" and entry.previous_msgid == texts[7]
    assert stats.fuzzy == 1 and stats.kept == len(texts) - 1
