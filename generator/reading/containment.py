"""Containment: what a command reads or writes stays inside its root folder, and no link is followed.

The files under ``content/`` may come from someone the build machine does not trust (a pull
request), and a repository can hold symbolic links. A link named ``glossary.yml`` would publish
whatever file it points at, one to a named pipe or a device would hang the build, and a linked
folder would let a command write outside the checkout. So, below a root folder (the content, an
output folder, a temporary copy):

- a path is judged on its text first: one that climbs out of the root (``..``, an absolute path
  elsewhere) or holds a NUL is refused;
- no part of it that exists, from the root itself down, may be a symbolic link;
- only regular files are read: they are looked at with ``lstat`` before they are opened (opening
  a device can act on it), opened without following links (``O_NOFOLLOW``) and without waiting
  for a writer (``O_NONBLOCK``), checked again on the open file, and read up to a size limit.

Links are refused rather than followed or skipped: a link in the content is either a mistake or
an attempt to reach outside, and both deserve a message. Pure standard library.
"""

from __future__ import annotations

import errno
import itertools
import os
import stat
from collections.abc import Iterator
from pathlib import Path

# Why a path was refused (Uncontained.kind).
LINK = "link"  # a symbolic link, the path itself or a folder on the way to it
SPECIAL = "special"  # not a regular file: a folder, named pipe, socket or device
OUTSIDE = "outside"  # leaves the root on its text, or cannot name a file at all
LARGE = "large"  # a regular file over the size limit

_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # missing on Windows: the lstat checks still hold
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_O_FLAGS = os.O_RDONLY | _O_NOFOLLOW | _O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


class Uncontained(OSError):
    """A path that leaves its root, passes through a symbolic link, or is not a regular file.

    ``path`` is the part at fault (the link, which may be a folder above the file asked for);
    ``kind`` is one of LINK, SPECIAL, OUTSIDE, LARGE; ``reason`` says what is wrong without
    naming anything the link points to. An OSError, so that code that handles an unreadable
    file handles this one too.
    """

    def __init__(self, path: Path, kind: str, reason: str) -> None:
        super().__init__(errno.EPERM, reason)
        self.path = path
        self.kind = kind
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def describe(mode: int) -> str:
    """What a file-system entry is, from its ``lstat`` mode: ``a named pipe (FIFO)``..."""
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a regular file" if stat.S_ISREG(mode) else "not a regular file"


def within(root: Path, path: Path | str) -> Path:
    """``path`` as an absolute path inside ``root``, judged on its text alone; :class:`Uncontained`
    when it leaves ``root`` or holds a NUL. A relative ``path`` is read from the working folder,
    like ``root`` itself and every path the program spells as ``root / ...``."""
    base, full = _absolute(root, path)
    if not _inside(base, full):
        raise Uncontained(Path(full), OUTSIDE, "outside the folder it must stay in")
    return Path(full)


def first_link(base: Path, path: Path | str) -> Path | None:
    """The first part of ``path`` below ``base`` (``base`` itself is not looked at), down to
    ``path`` itself, that is a symbolic link; ``None`` when there is none. The search ends at the
    first part that does not exist. A ``path`` outside ``base`` on its text is looked at alone.
    """
    start, full = _absolute(base, path)
    if _inside(start, full):
        parts = list(itertools.accumulate(Path(full).relative_to(start).parts, os.path.join, initial=start))[1:]
    else:
        parts = [full]
    for part in map(Path, parts):
        mode = _lmode(part)
        if mode is None:
            return None
        if stat.S_ISLNK(mode):
            return part
    return None


def check_no_links(root: Path, path: Path | str) -> Path:
    """``path`` as an absolute path inside ``root``, with no symbolic link from ``root`` itself
    down to ``path`` itself; :class:`Uncontained` otherwise. Parts that do not exist yet pass."""
    full = within(root, path)
    base = Path(os.path.abspath(root))
    mode = _lmode(base)
    link = base if mode is not None and stat.S_ISLNK(mode) else first_link(base, full)
    if link is not None:
        raise Uncontained(link, LINK, "a symbolic link")
    return full


def _absolute(root: Path, path: Path | str) -> tuple[str, str]:
    text = os.fspath(path)
    if "\0" in text or "\0" in os.fspath(root):
        raise Uncontained(Path(text.replace("\0", "\\0")), OUTSIDE, "a name with a NUL character")
    return os.path.abspath(root), os.path.abspath(text)


def _inside(base: str, full: str) -> bool:
    return full == base or full.startswith(base.rstrip(os.sep) + os.sep)


def _lmode(path: Path) -> int | None:
    """The ``lstat`` mode of ``path``, or ``None`` when nothing is there."""
    try:
        return os.lstat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:  # a name too long, a folder that cannot be searched
        raise Uncontained(path, OUTSIDE, f"not usable ({exc.strerror})") from None


def read_regular(path: Path, limit: int, *, root: Path | None = None) -> bytes:
    """The bytes of the regular file ``path``, never following a link, never blocking, never
    more than ``limit`` bytes; with ``root``, also no link on the way from ``root`` down.

    :class:`Uncontained` for a link, a folder, a pipe, a socket, a device or a file that is too
    large; other OSErrors (a missing file, no permission) as they come.
    """
    if root is not None:
        path = check_no_links(root, path)
    mode = os.lstat(path).st_mode
    if not stat.S_ISREG(mode):  # refused before it is opened: opening a device can act on it
        raise Uncontained(path, LINK if stat.S_ISLNK(mode) else SPECIAL, describe(mode))
    try:
        fd = os.open(path, _O_FLAGS)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EMLINK):  # became a link since it was looked at
            raise Uncontained(path, LINK, "a symbolic link") from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Uncontained(path, SPECIAL, describe(info.st_mode))
        if info.st_size > limit:
            raise Uncontained(path, LARGE, f"file is {info.st_size:,} bytes; the limit is {limit:,}")
        chunks: list[bytes] = []
        size = 0
        while size <= limit and (chunk := os.read(fd, min(1 << 20, limit + 1 - size))):
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # grew while it was read
            raise Uncontained(path, LARGE, f"file is over {limit:,} bytes; the limit is {limit:,}")
        return b"".join(chunks)
    finally:
        os.close(fd)


def walk(root: Path) -> Iterator[tuple[Path, int]]:
    """Every entry under ``root`` with its ``lstat`` mode, in the order of ``sorted(rglob("*"))``
    (a folder's entries right after it), without following links or entering linked folders.

    ``root`` itself must not be a link. Folders that cannot be listed are passed over.
    """
    mode = _lmode(Path(root))
    if mode is not None and stat.S_ISLNK(mode):
        raise Uncontained(Path(root), LINK, "a symbolic link")
    stack = [_entries(Path(root))]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        try:
            mode = entry.stat(follow_symlinks=False).st_mode
        except OSError:  # gone since the folder was listed
            continue
        path = Path(entry.path)
        yield path, mode
        if stat.S_ISDIR(mode):
            stack.append(_entries(path))


def _entries(folder: Path) -> Iterator[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as listing:
            return iter(sorted(listing, key=lambda entry: entry.name))
    except OSError:
        return iter(())
