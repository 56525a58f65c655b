"""An index update hard-links the unchanged files of the previous version: opening the new
version shares their bytes with the version still open instead of reading them again."""

from __future__ import annotations

import os
from pathlib import Path

from glossary.search.engine.memory import MemoryStorage


def test_a_hard_linked_file_is_read_once_while_a_version_holds_it(tmp_path: Path) -> None:
    (tmp_path / "old").mkdir()
    (tmp_path / "new").mkdir()
    (tmp_path / "old" / "segment").write_bytes(b"postings" * 100)
    os.link(tmp_path / "old" / "segment", tmp_path / "new" / "segment")

    held = MemoryStorage(tmp_path / "old").open_file("segment")
    again = MemoryStorage(tmp_path / "new").open_file("segment")

    assert again.read() == b"postings" * 100
    assert again._buf.obj is held._buf.obj  # noqa: SLF001 - the same bytes, not a copy


def test_a_file_written_anew_is_read_anew(tmp_path: Path) -> None:
    (tmp_path / "old").mkdir()
    (tmp_path / "new").mkdir()
    (tmp_path / "old" / "segment").write_bytes(b"old postings")
    (tmp_path / "new" / "segment").write_bytes(b"new postings")

    held = MemoryStorage(tmp_path / "old").open_file("segment")
    fresh = MemoryStorage(tmp_path / "new").open_file("segment")

    assert (held.read(), fresh.read()) == (b"old postings", b"new postings")


def test_a_shared_file_cut_short_on_disk_is_read_as_it_is_now(tmp_path: Path) -> None:
    path = tmp_path / "segment"
    path.write_bytes(b"0123456789")
    held = MemoryStorage(tmp_path).open_file("segment")
    path.write_bytes(b"01234")

    assert MemoryStorage(tmp_path).open_file("segment").read() == b"01234"
    assert held.read() == b"0123456789"  # the open version keeps what it read
