"""Uploaded files, written to a private temporary folder under safe names and a size cap."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi import UploadFile

from ..model import Failure
from .jobs import upload_folder

CHUNK = 1 << 16


def safe_name(name: str | None, index: int) -> str:
    base = Path(name or "").name
    base = re.sub(r"[^\w.\-]+", "_", base).lstrip(".")[:120]
    return f"{index:04d}_{base or 'upload.txt'}"


async def save_uploads(files: list[UploadFile], max_bytes: int) -> tuple[Path, list[Failure]]:
    """Write the uploads into a new folder; one over ``max_bytes`` is a failure, not a file."""
    folder = upload_folder()
    failures: list[Failure] = []
    for i, upload in enumerate(files):
        target = folder / safe_name(upload.filename, i)
        size = 0
        with target.open("wb") as out:
            while chunk := await upload.read(CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    break
                out.write(chunk)
        if size > max_bytes:
            target.unlink()
            failures.append(
                Failure(upload.filename or target.name, f"too large: over {max_bytes} bytes")
            )
    return folder, failures
