"""Word lists kept as data, one file per language: transform/data/<kind>/<language>.txt -> phrases.

A file holds sections opened by a "[name]" line, then one phrase per line; "#" starts a comment line.
Phrases are compared lowercased with single spaces. Pure reading of the package's own data files
(no network, no user input); a missing file or a phrase outside a known section is a ValueError
naming the file and the line.

    [heads]
    leder
    # union representatives: "hovedtillitsvalgt for Fagforbundet"
    tillitsvalgt
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
# The languages of the press pages read: bokmål, nynorsk, Swedish, Danish.
LANGUAGES = ("nb", "nn", "sv", "da")


def load_sections(directory: Path, sections: Sequence[str], languages: Sequence[str] = LANGUAGES
                  ) -> dict[str, tuple[str, ...]]:
    """The phrases of every language file in `directory`, by section, in file order without repeats.

    load_sections(DATA_DIR / "roles", ("heads", "modifiers"))
    -> {"heads": ("leder", "direktør", …), "modifiers": ("administrerende", …)}
    """
    found: dict[str, list[str]] = {name: [] for name in sections}
    for language in languages:
        path = directory / f"{language}.txt"
        if not path.is_file():
            raise ValueError(f"{path}: the word list of language {language!r} is missing")
        current: list[str] | None = None
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("[") and line.endswith("]"):
                if line[1:-1] not in found:
                    raise ValueError(f"{path}:{number}: unknown section {line!r} (known: {', '.join(found)})")
                current = found[line[1:-1]]
                continue
            if current is None:
                raise ValueError(f"{path}:{number}: {line!r} stands before any section heading such as "
                                 f"[{sections[0]}]")
            phrase = " ".join(line.split()).casefold()
            if phrase not in current:
                current.append(phrase)
    return {name: tuple(phrases) for name, phrases in found.items()}
