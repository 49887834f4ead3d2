"""mdpo's own API over a whole archive in one process (run with the bench's mdpo venv).

Per file it does what ``md2po`` and ``po2md`` do from the command line, without starting
Python once per file.  mdpo has no completeness threshold: every page is written.

    python mdpo_driver.py extract   LIST   # lines: master <TAB> pot
    python mdpo_driver.py update    LIST   # lines: master <TAB> po <TAB> po ...
    python mdpo_driver.py translate LIST   # lines: master <TAB> po <TAB> output
"""

import sys

from mdpo.md2po import markdown_to_pofile
from mdpo.po2md import pofile_to_markdown


def main() -> None:
    mode, listing = sys.argv[1], sys.argv[2]
    with open(listing, encoding="utf-8") as handle:
        rows = [line.rstrip("\n").split("\t") for line in handle if line.strip()]
    for master, *rest in rows:
        if mode == "extract":
            markdown_to_pofile(master, po_filepath=rest[0], save=True)
        elif mode == "update":
            for po in rest:
                markdown_to_pofile(master, po_filepath=po, save=True)
        elif mode == "translate":
            po, out = rest
            pofile_to_markdown(master, po, save=out)
        else:
            raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
