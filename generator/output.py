"""Writing files safely: atomic replacement and refusal of dangerous targets.

With ``root`` (the content folder, for commands that write content files), a target must lie
inside it on its text, and no folder from ``root`` itself down to the target may be a symbolic
link (:func:`generator.containment.check_no_links`): a link in a repository must not lead a
write out of it.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from .containment import check_no_links


def write_text_atomic(path: Path, text: str, *, root: Path | None = None) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder, then rename."""
    write_bytes_atomic(path, text.encode("utf-8"), root=root)


def usual_mode(path: Path, *, folder: bool = False) -> int:
    """The permissions ``path`` has, or those a new file (folder) gets under the umask.

    Temporary files and folders are created private (0600, 0700); what replaces a file must keep
    the file's permissions, and what is new must get the usual ones.
    """
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return (0o777 if folder else 0o666) & ~mask


def write_bytes_atomic(path: Path, data: bytes, *, root: Path | None = None) -> None:
    if root is not None:
        path = check_no_links(root, path)
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = usual_mode(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def create_text(path: Path, text: str, *, root: Path | None = None) -> None:
    """Write a new file atomically, never over an existing one: raise FileExistsError instead.

    The text goes to a temporary file first and is then hard-linked into place, which fails if
    anything is at ``path`` by then, however late it appeared.
    """
    if root is not None:
        path = check_no_links(root, path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, usual_mode(path))
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links: exclusive creation instead
            with path.open("x", encoding="utf-8", newline="") as handle:
                handle.write(text)
    finally:
        Path(tmp).unlink(missing_ok=True)


class UnsafeTarget(Exception):
    """An output folder that a command must not write into."""


RENDER_MARKER = ".ciso-course-render"
SITE_MARKER = ".ciso-course-site"


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_overlap(out: Path, protected: dict[str, Path]) -> Path:
    """Refuse the file-system root, the home folder and anything inside or containing a protected
    folder (a build empties its output folder first); return ``out`` resolved."""
    target = out.resolve()
    if target == Path(target.anchor):
        raise UnsafeTarget(f"refusing to write into the root folder {target}")
    if target == Path.home().resolve():
        raise UnsafeTarget(f"refusing to write into the home folder {target}")
    for name, folder in protected.items():
        folder = folder.resolve()
        if _inside(target, folder) or _inside(folder, target):
            raise UnsafeTarget(f"refusing to write into {out}: it overlaps the {name} folder {folder}")
    return target


def check_output_dir(
    out: Path, *, protected: dict[str, Path], marker: str, accept: tuple[str, ...] = (), only: str | None = None
) -> Path:
    """Refuse a target that would destroy someone's work; return it resolved.

    Refused: the file-system root, the home folder, anything inside or containing a protected
    folder (``content/``, ``docs_dir``), a file, and a non-empty folder that carries neither this
    command's ``marker`` nor all of the ``accept`` files (the signature of an earlier build), nor
    holds only files matching ``only``.
    """
    target = check_overlap(out, protected)
    if target.exists() and not target.is_dir():
        raise UnsafeTarget(f"{out} exists and is not a folder")
    if target.is_dir() and any(target.iterdir()):
        ours = (
            (target / marker).is_file()
            or (accept and all((target / name).exists() for name in accept))
            or (only is not None and all(path.match(only) for path in target.iterdir()))
        )
        if not ours:
            raise UnsafeTarget(f"refusing to write into {out}: the folder is not empty and was not made by ciso-course")
    return target
