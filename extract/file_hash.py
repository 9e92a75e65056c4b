"""The hash of a local file's bytes, for the unchanged re-run's check (flows/batches.py all_unchanged).

Kept out of extract/files.py on purpose: that module's bytes are part of the extractor code version
(flows/batches.py versioned_sources), since it decodes the text every row comes from; this one only
reads bytes, and a change here must not make every warehouse read its documents again.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from extract.files import InputError, _read_regular  # the same guarded read as read_file's


def file_sha256(path: Path) -> str:
    """The sha256 of a file's bytes, as `read_file` records it in LocalInput.sha256, without decoding
    the text (a re-run's check that nothing changed: ~5x less CPU than reading each file).
    Raises InputError as `read_file` does for what cannot be read.

    file_sha256(Path('data/samples/000_0c407894616695cd.txt')) -> '3f0c…' (64 hex digits)
    """
    name = str(path)  # errors name the path as given (the caller has it resolved already)
    try:
        data, _info = _read_regular(path, name)
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from exc
    return hashlib.sha256(data).hexdigest()
