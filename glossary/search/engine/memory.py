"""Whoosh's storage for an opened index version: every file read whole into memory.

Part of the engine adapter (the only package that imports Whoosh); `Engine.open` uses it.
"""

from __future__ import annotations

import io
import threading
import weakref
from pathlib import Path
from typing import Any

from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import BufferFile


class MemoryStorage(FileStorage):  # type: ignore[misc]  # Whoosh has no type information
    """A version's files, each read whole into memory when Whoosh first opens it.

    Not mapped: Whoosh maps a segment with mmap by default, and a page read past the end of
    a mapped file that was cut short is a SIGBUS that kills the worker. Not read through a
    file handle either, as it was: every term lookup then cost a few seek-and-read system
    calls, a fifth of a search's time on the bundled data. Read whole, a file cut short
    fails at open (IndexDamaged, and the version is rebuilt), and one damaged or removed
    after open cannot hurt the process that holds it (docs/production.md, worker crashes).
    The memory is the version's size on disk, once per process.
    """

    def __init__(self, folder: Path) -> None:
        super().__init__(str(folder), supports_mmap=False, readonly=True)

    def open_file(self, name: str, **kwargs: Any) -> BufferFile:
        held = _file_bytes(Path(self._fpath(name)))
        return MemoryFile(memoryview(held.data), name, held)


class _Held:
    """The bytes of one file on disk, shared by every open version that links to it."""

    __slots__ = ("__weakref__", "data")

    def __init__(self, data: bytes) -> None:
        self.data = data


# The files read and still held by an open version, by identity on disk. An index update
# writes a version whose unchanged segments are hard links to the previous version's (one
# inode): opening it takes their bytes from the version still open instead of reading the
# whole index again (at 100 000 concepts, most of the time a published concept waited
# before it was searchable). Held weakly: bytes no open version uses are let go.
_held: weakref.WeakValueDictionary[tuple[int, int, int, int], _Held] = weakref.WeakValueDictionary()
_held_guard = threading.Lock()


def _file_bytes(path: Path) -> _Held:
    """The file's bytes, shared when another open version holds the same file. The identity
    includes size and modification time, so a new file that reuses a freed inode number is
    read afresh, and a file cut short is read (and refused) as before."""
    status = path.stat()
    identity = (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)
    with _held_guard:
        found = _held.get(identity)
    if found is not None:
        return found
    read = _Held(path.read_bytes())
    with _held_guard:
        return _held.setdefault(identity, read)


# What `MemoryFile.peek` shows at most: more than a posting block's pickled header.
PEEK_BYTES = 256


class MemoryFile(BufferFile):  # type: ignore[misc]  # Whoosh has no type information
    """Whoosh's in-memory file over a memoryview, its own stream: a part (`subset`, each
    file of a compound segment) shares the bytes instead of copying them, and sequential
    reads move a position instead of going through a BytesIO (a copy of the whole file
    for each reader that opens it: 80 MB a worker at 10 000 concepts)."""

    def __init__(self, buf: memoryview, name: str | None = None, held: Any = None) -> None:
        self._buf = buf
        self._name = name
        # What keeps the shared bytes in `_held` while this file (or a part of it) is open.
        self._held = held
        self._pos = 0
        self.onclose = None
        self.is_real = False
        self.is_closed = False

    @property
    def file(self) -> MemoryFile:
        # Whoosh hands `self.file` to pickle.load and array.fromfile: they read through us.
        return self

    def subset(self, position: int, length: int, name: str | None = None) -> MemoryFile:
        return MemoryFile(self._buf[position : position + length], name or self._name, self._held)

    def get(self, position: int, length: int) -> bytes:
        return bytes(self._buf[position : position + length])

    def read(self, size: int | None = -1) -> bytes:
        end = len(self._buf) if size is None or size < 0 else min(self._pos + size, len(self._buf))
        data = bytes(self._buf[self._pos : end])
        self._pos = max(self._pos, end)
        return data

    def peek(self, size: int = 0) -> bytes:
        # With `peek`, pickle.load takes what it needs in one read instead of a read per
        # opcode (a block's header of postings cost twenty calls into Python). It asks for
        # 128 KB; the pickles it reads here (block headers) are a few dozen bytes.
        return bytes(self._buf[self._pos : self._pos + min(max(size, 1), PEEK_BYTES)])

    def readline(self, size: int | None = -1) -> bytes:
        rest = bytes(self._buf[self._pos :])
        cut = rest.find(b"\n") + 1 or len(rest)
        if size is not None and size >= 0:
            cut = min(cut, size)
        self._pos += cut
        return rest[:cut]

    def seek(self, position: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: len(self._buf)}[whence]
        self._pos = base + position
        return self._pos

    def tell(self) -> int:
        return self._pos

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self.is_closed = True
