"""The search index on disk: versioned folders, an atomic pointer and a builders' lock.

    GLOSSARY_INDEX_DIR/
      CURRENT                  name of the version in use ("r000042-1763856000123-4711")
      .build.lock              flock held by whoever builds
      r000042-.../             one complete version: Whoosh files + extra files + MANIFEST
      build-.../               a build in progress (removed by the next builder if abandoned)

A version is written in a `build-` folder, stamped with a manifest (data revision, sizes and
CRC-32 of every file), renamed into place, and only then does `CURRENT` change — by writing a
temporary file and renaming it over the old pointer, which is atomic on POSIX. A reader
therefore finds either the old or the new version, never a half one; a builder killed at any
moment leaves at most a `build-` folder behind.

Opening a version checks the manifest, so a truncated, deleted or altered file is noticed and
the version is treated as missing. This module knows nothing of concepts: what goes into a
version is the caller's `write` function.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
import uuid
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

POINTER = "CURRENT"
MANIFEST = "MANIFEST.json"
LOCK = ".build.lock"
BUILD_PREFIX = "build-"
VERSION_PREFIX = "r"
# Bump when the layout of a version changes: older versions are then rebuilt, not opened.
FORMAT = 7
# Versions other processes may still read are kept this long after they stop being current.
KEEP_OLD_SECONDS = 120.0


class VersionDamaged(Exception):
    """A version folder that is incomplete, altered or of another format."""


@dataclass(frozen=True)
class Version:
    """A complete index version on disk, as its manifest describes it."""

    path: Path
    revision: int
    built_at: float
    details: dict[str, Any]

    @property
    def name(self) -> str:
        return self.path.name


# CRC-32 of files already read, by device, inode, size and modification time: a version
# updated from the previous one holds that version's files as hard links (index_update.py),
# and reading hundreds of megabytes again to check them would cost more than the update.
# A file truncated, rewritten, replaced or deleted has another key and is read again.
_known_checksums: dict[tuple[int, int, int, int], int] = {}
MAX_KNOWN_CHECKSUMS = 10_000


def _checksum(path: Path) -> int:
    status = path.stat()
    key = (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)
    known = _known_checksums.get(key)
    if known is None:
        if len(_known_checksums) >= MAX_KNOWN_CHECKSUMS:
            _known_checksums.clear()
        known = _known_checksums[key] = _read_checksum(path)
    return known


def _read_checksum(path: Path) -> int:
    crc = 0
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            crc = zlib.crc32(chunk, crc)
    return crc


def _file_table(folder: Path) -> dict[str, list[int]]:
    return {
        path.name: [path.stat().st_size, _checksum(path)]
        for path in sorted(folder.iterdir())
        if path.is_file() and path.name != MANIFEST and not path.name.endswith(".lock")
    }


def _fsync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


class IndexStore:
    """The versions of one index folder."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    # --- reading --------------------------------------------------------------------------

    def current_name(self) -> str | None:
        """The name the pointer holds, or None when there is no usable pointer."""
        try:
            name = (self.root / POINTER).read_text(encoding="utf-8").strip()
        except (FileNotFoundError, NotADirectoryError, UnicodeDecodeError):
            return None
        if not name.startswith(VERSION_PREFIX) or "/" in name or name.startswith(".."):
            return None
        return name

    def open_version(self, name: str) -> Version:
        """The version called `name` after checking every file against its manifest."""
        folder = self.root / name
        try:
            manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise VersionDamaged(f"{name}: unreadable manifest ({error})") from None
        if manifest.get("format") != FORMAT:
            raise VersionDamaged(f"{name}: index format {manifest.get('format')} != {FORMAT}")
        try:
            found = _file_table(folder)
        except OSError as error:
            raise VersionDamaged(f"{name}: {error}") from None
        expected = manifest.get("files", {})
        if found != expected:
            changed = {(k, tuple(v)) for k, v in found.items()} ^ {
                (k, tuple(v)) for k, v in expected.items()
            }
            names = sorted({item[0] for item in changed} | (set(found) ^ set(expected)))
            raise VersionDamaged(f"{name}: files missing or altered: {', '.join(names)}")
        return Version(folder, int(manifest["revision"]), float(manifest["built_at"]), manifest)

    def current(self) -> Version | None:
        """The current version, or None when it is missing or damaged."""
        name = self.current_name()
        if name is None:
            return None
        try:
            return self.open_version(name)
        except VersionDamaged:
            return None

    # --- writing --------------------------------------------------------------------------

    @contextmanager
    def build_lock(self, wait: bool = True) -> Iterator[bool]:
        """Hold the builders' lock; yields False at once when `wait` is off and it is taken."""
        self.root.mkdir(parents=True, exist_ok=True)
        with (self.root / LOCK).open("a") as handle:
            flags = fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB)
            try:
                fcntl.flock(handle, flags)
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def publish(self, revision: int, write: Callable[[Path], dict[str, Any]]) -> Version:
        """Build a version with `write(folder) -> details` aside, then make it current.

        Call with the build lock held. `details` (JSON-serialisable) go into the manifest.
        """
        self._remove_abandoned_builds()
        stamp = f"{VERSION_PREFIX}{revision:06d}-{int(time.time() * 1000)}-{os.getpid()}"
        building = self.root / f"{BUILD_PREFIX}{uuid.uuid4().hex}"
        building.mkdir(parents=True)
        try:
            details = write(building)
            manifest = {
                "format": FORMAT,
                "revision": revision,
                "built_at": time.time(),
                "files": _file_table(building),
                **details,
            }
            (building / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
            for path in building.iterdir():
                with path.open("rb") as stream:
                    os.fsync(stream.fileno())
            previous = self.current_name()
            building.rename(self.root / stamp)
            self._point_to(stamp)
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            raise
        self._remove_old_versions(keep={stamp, previous})
        return self.open_version(stamp)

    def _point_to(self, name: str) -> None:
        temporary = self.root / f".{POINTER}.{uuid.uuid4().hex}"
        temporary.write_text(name + "\n", encoding="utf-8")
        with temporary.open("rb") as stream:
            os.fsync(stream.fileno())
        os.replace(temporary, self.root / POINTER)
        _fsync_folder(self.root)

    def _remove_abandoned_builds(self) -> None:
        """Folders of builds that died (we hold the lock, so nobody else is building)."""
        for path in self.root.glob(f"{BUILD_PREFIX}*"):
            shutil.rmtree(path, ignore_errors=True)
        for path in self.root.glob(f".{POINTER}.*"):
            path.unlink(missing_ok=True)

    def _remove_old_versions(self, keep: set[str | None]) -> None:
        """Versions older than the previous one, unless built recently.

        The previous version and recent ones may still be open in other workers; they go at a
        later publication.
        """
        now = time.time()
        for path in self.root.glob(f"{VERSION_PREFIX}*"):
            if path.name in keep or not path.is_dir():
                continue
            try:
                age = now - path.stat().st_mtime
            except FileNotFoundError:
                continue
            if age > KEEP_OLD_SECONDS:
                shutil.rmtree(path, ignore_errors=True)
