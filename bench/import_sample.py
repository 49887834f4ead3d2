"""Print a random sample of imported pairs for a person to judge (alignment precision).

``import_coverage.py`` measures coverage and round-trip fidelity; whether the aligner paired
the *right* paragraphs can only be judged by reading.  This prints, for a fixed seed, a
sample of translated (or fuzzy) entries from all corpus pairs: the English segment and the
human text it was paired with.

Run: ``.venv/bin/python bench/import_sample.py [--fuzzy] [--count N] [--seed S]``
"""

from __future__ import annotations

import argparse
import random
import textwrap

from import_coverage import CORPUS, TRANSLATION

from i18n_pipeline.align_import import import_translation, lenient_text
from i18n_pipeline.parse import parse


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fuzzy", action="store_true", help="sample fuzzy entries instead")
    parser.add_argument("--count", type=int, default=80)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    population = []
    for path in sorted(CORPUS.iterdir()):
        found = TRANSLATION.fullmatch(path.name)
        if not found:
            continue
        source_path = path.with_name(f"{found.group(1)}.md")
        source = parse(source_path.read_text(encoding="utf-8"), str(source_path))
        translation = parse(lenient_text(path.read_text(encoding="utf-8")), str(path))
        for proposal in import_translation(source, translation):
            if proposal.fuzzy == options.fuzzy:
                human = " ⏎ ".join(translation.segments[i].msgid for i in proposal.targets)
                population.append((path.name, source.segments[proposal.segment].msgid, human))
    sample = random.Random(options.seed).sample(population, min(options.count, len(population)))
    for number, (name, english, human) in enumerate(sample, start=1):
        print(f"#{number} {name}")
        print(textwrap.indent(textwrap.shorten(english, 300), "  EN  "))
        print(textwrap.indent(textwrap.shorten(human, 300), "  TR  "))
    print(f"{len(sample)} of {len(population)} {'fuzzy' if options.fuzzy else 'translated'}")


if __name__ == "__main__":
    main()
