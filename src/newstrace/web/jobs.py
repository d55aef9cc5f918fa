"""Ingest jobs of the workbench: pasted text, URLs and uploaded files are read into the store
and analysed in a background thread, one job at a time (the store has one writer). A job's
progress and failures are polled by the ingest page and by ``GET /api/jobs/{id}``."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..model import Failure, RawDocument
from ..settings import Settings


@dataclass(frozen=True, slots=True)
class Pasted:
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None  # where the analyst copied it from (kept as metadata, not fetched)


@dataclass(slots=True)
class Job:
    id: str
    label: str
    state: str = "queued"  # queued, ingesting, analysing, done, failed
    created: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    read: int = 0
    analysed: int = 0
    to_analyse: int = 0
    ok: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    error: str | None = None

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "state": self.state,
            "created": self.created,
            "read": self.read,
            "analysed": self.analysed,
            "to_analyse": self.to_analyse,
            "ok": self.ok,
            "duplicates": self.duplicates,
            "failures": [{"source": f.source, "reason": f.reason} for f in self.failures],
            "error": self.error,
        }


def check_urls(urls: list[str]) -> tuple[list[str], list[Failure]]:
    """Only http(s) URLs are fetched: anything else given as a URL (a path, file://, ftp://)
    is a failure, never read from the server's disk."""
    from urllib.parse import urlsplit

    ok: list[str] = []
    bad: list[Failure] = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.netloc:
            ok.append(url)
        else:
            bad.append(Failure(url, "not a URL: only http:// and https:// URLs are fetched", url))
    return ok, bad


def pasted_document(p: Pasted) -> RawDocument:
    digest = hashlib.sha256(p.text.encode("utf-8", "replace")).hexdigest()[:12]
    return RawDocument(
        source=f"paste:{digest}",
        content=p.text,
        kind="text",
        url=p.url,
        title=p.title,
        outlet=p.outlet,
    )


class Jobs:
    """The server's ingest jobs, run one after another on a worker thread."""

    def __init__(self, settings: Settings, keep: int = 200) -> None:
        self.settings = settings
        self.keep = keep
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newstrace-ingest")

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def recent(self) -> list[Job]:
        with self._lock:
            return sorted(self._jobs.values(), key=lambda j: j.created, reverse=True)

    def submit(
        self,
        label: str,
        *,
        pasted: list[Pasted] | None = None,
        urls: list[str] | None = None,
        folder: Path | None = None,
        failures: list[Failure] | None = None,
    ) -> Job:
        """Queue a job. ``folder`` (uploaded files) is deleted when the job ends."""
        urls, refused = check_urls(urls or [])
        job = Job(uuid.uuid4().hex[:16], label)
        job.failures.extend([*(failures or []), *refused])
        with self._lock:
            self._jobs[job.id] = job
            for old in sorted(self._jobs.values(), key=lambda j: j.created)[: -self.keep]:
                if old.finished:
                    del self._jobs[old.id]
        self._pool.submit(self._run, job, pasted or [], urls, folder)
        return job

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _run(self, job: Job, pasted: list[Pasted], urls: list[str], folder: Path | None) -> None:
        from ..ingest import IngestTally, ingest, prepare
        from ..pipeline import analyze
        from ..store import open_store

        def read(_source: str) -> None:
            job.read += 1

        def analysed(done: int, total: int) -> None:
            job.analysed += done
            job.to_analyse = total

        try:
            with open_store(self.settings.db) as store:
                job.state = "ingesting"
                tally = IngestTally()
                refused, job.failures = job.failures, []
                for failure in refused:  # refused before reading: stored as failed all the same
                    tally.record(store, failure)
                for p in pasted:
                    tally.record(
                        store, prepare(pasted_document(p), self.settings.ingest, outlet=p.outlet)
                    )
                    read(p.title or "pasted text")
                inputs = [*urls, *([str(folder)] if folder else [])]
                if inputs:
                    tally.merge(ingest(inputs, store, self.settings, on_document=read))
                result = tally.summary()
                job.ok = list(result.ok)
                job.duplicates = list(result.duplicates)
                job.failures.extend(result.failures)
                job.state = "analysing"
                analyze(store, self.settings, progress=analysed)
            job.state = "done"
        except Exception as e:  # a job must end with a reason, whatever went wrong
            job.error = f"{type(e).__name__}: {e}"
            job.state = "failed"
        finally:
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)


def upload_folder() -> Path:
    return Path(tempfile.mkdtemp(prefix="newstrace-upload-"))
