"""Writing files safely: atomic replacement and refusal of dangerous targets.

With ``root`` (the content folder, for commands that write content files), a target must lie
inside it on its text, and no folder from ``root`` itself down to the target may be a symbolic
link (:func:`generator.reading.containment.check_no_links`): a link in a repository must not lead a
write out of it.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

from .errors import CourseError
from .reading.containment import Uncontained, check_no_links, first_link


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


class UnsafeTarget(CourseError):
    """An output folder that a command must not write into."""


# The hidden file that says a folder is an earlier output of one command, which that command
# may replace (:func:`check_output_dir`, :func:`replace_folder`).
RENDER_MARKER = ".ciso-course-render"  # render --out
STANDALONE_MARKER = ".ciso-course-standalone"  # render --standalone
SITE_MARKER = ".ciso-course-site"  # build, and the plugin in site_dir
SCHEMA_MARKER = ".ciso-course-schema"  # schema --out
LAYERS_MARKER = ".ciso-course-layers"  # export navigator
ANSWER_KEY_MARKER = ".ciso-course-answer-key"  # export answer-key
SITE_NOTE = "Built by ciso-course; the next build replaces this folder.\n"


def protected_dirs(content: Path | None, site: Mapping[str, Path] | None = None) -> dict[str, Path]:
    """Folders no command may write into, by the name a refusal gives them.

    ``content`` is the course's content folder; ``site`` the folders the site configuration names
    (as its reader found them: ``docs_dir``, and where named, ``content``, the folder the plugin
    reads, and the theme's ``custom_dir``; its ``site_dir`` is an output, never protected). When
    the configured content folder is another one than ``content``, both are protected.
    """
    site = site or {}
    configured = site.get("content")
    protected: dict[str, Path] = {}
    first = content if content is not None else configured
    if first is not None:
        protected["content"] = first
    if "docs_dir" in site:
        protected["docs_dir"] = site["docs_dir"]
    if content is not None and configured is not None:
        protected["configured content"] = configured
    if "custom_dir" in site:
        protected["custom_dir"] = site["custom_dir"]
    return protected


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


def check_not_linked(out: Path, base: Path | None = None) -> None:
    """Refuse ``out`` when it is a symbolic link, or is reached through one below the working
    folder (or below ``base``, the project folder).

    A build empties its target or renames a new folder over it: through a link, MkDocs would
    empty whatever folder the link names, and a rename would replace the link itself. Neither is
    what a link's maker meant, and a link committed to a repository may mean harm, so both are
    refused; the real folder can always be named instead.
    """
    full = Path(os.path.abspath(out))
    for start in {Path.cwd(), *(() if base is None else (base,))}:
        try:
            link = first_link(start, full)
        except Uncontained as exc:
            raise UnsafeTarget(f"refusing to write into {out}: {exc.reason}") from None
        if link is not None:
            where = "it is a symbolic link" if link == full else f"{link} is a symbolic link"
            raise UnsafeTarget(f"refusing to write into {out}: {where}; name the real folder instead")


def check_output_dir(
    out: Path, *, protected: dict[str, Path], marker: str, accept: tuple[str, ...] = (), only: str | None = None,
    base: Path | None = None, hidden_kept: bool = False,
) -> Path:
    """Refuse a target that would destroy someone's work; return it resolved.

    Refused: a symbolic link (:func:`check_not_linked`), the file-system root, the home folder,
    anything inside or containing a protected folder (``content/``, ``docs_dir``), a file, and a
    non-empty folder that carries neither this command's ``marker`` nor all of the ``accept``
    files (the signature of an earlier build), nor holds only files matching ``only``. With
    ``hidden_kept`` (MkDocs never deletes hidden files), hidden entries do not count.
    """
    check_not_linked(out, base)
    target = check_overlap(out, protected)
    if target.exists() and not target.is_dir():
        raise UnsafeTarget(f"{out} exists and is not a folder")
    entries = [p for p in target.iterdir() if not (hidden_kept and p.name.startswith("."))] if target.is_dir() else []
    if entries:
        ours = (
            (target / marker).is_file()
            or (accept and all((target / name).exists() for name in accept))
            or (only is not None and all(path.match(only) for path in entries))
        )
        if not ours:
            raise UnsafeTarget(f"refusing to write into {out}: the folder is not empty and was not made by ciso-course")
    return target


def check_new_dir(
    out: Path, *, protected: dict[str, Path] | None = None, allowed: frozenset[str] = frozenset(),
) -> Path:
    """Refuse a target that is not a new or empty folder; return it resolved.

    For commands that fill a folder once and never replace it (``init``): the target may not be
    a symbolic link itself (the folders above it may be), may not be the root,
    the home folder or overlap a ``protected`` folder (:func:`check_overlap`), and must not exist
    or be an empty folder, apart from the entries named in ``allowed`` (which the command never
    writes into, such as the ``.git`` of a freshly cloned empty repository).
    """
    if out.is_symlink():
        raise UnsafeTarget(f"{out} is a symbolic link; give the folder itself")
    # A link among the folders above is the owner's own layout (a home on another disk): a
    # command that only creates new files, never empties or renames, may go through it.
    target = check_overlap(out, protected or {})
    if target.exists():
        if not target.is_dir():
            raise UnsafeTarget(f"{out} is a file; give a new or empty folder")
        if any(entry.name not in allowed for entry in target.iterdir()):
            raise UnsafeTarget(f"{out} is not empty; give a new or empty folder (nothing was written)")
    return target


def check_site_dir(site_dir: Path, *, protected: dict[str, Path], project: Path) -> Path:
    """The rule of ``ciso-course build`` for the ``site_dir`` that a plain ``mkdocs build``
    empties and writes into: no link on the way to it or in it, no overlap with a protected
    folder, and a non-empty folder only when a build made it. Return it resolved."""
    target = check_output_dir(
        site_dir, protected=protected, marker=SITE_MARKER, accept=("index.html", "sitemap.xml"), base=project, hidden_kept=True,
    )
    # MkDocs cannot empty a linked folder in site_dir (it refuses to remove through a link) and
    # then writes pages through it; it never touches hidden entries.
    for folder, dirs, files in os.walk(target):
        dirs[:] = [name for name in dirs if not name.startswith(".")]
        for name in dirs + files:
            path = Path(folder) / name
            if not name.startswith(".") and path.is_symlink():
                raise UnsafeTarget(f"refusing to build into {site_dir}: {path} is a symbolic link, which MkDocs would write through")
    return target


def check_output_file(out: Path, *, protected: dict[str, Path], ours: Callable[[Path], bool]) -> Path:
    """Refuse a file target that would destroy someone's work; return it resolved.

    The same rule as for folders (:func:`check_output_dir`): no link, not the root or the home
    folder, nothing inside a protected folder; and not a folder, nor an existing file that
    ``ours`` does not recognise as an earlier output of the same command.
    """
    check_not_linked(out)
    target = check_overlap(out, protected)
    if target.is_dir():
        raise UnsafeTarget(f"{out} is a folder; give the path of the file to write")
    if target.exists() and not ours(target):
        raise UnsafeTarget(f"refusing to overwrite {out}: it exists and was not made by ciso-course")
    return target


def replace_folder(target: Path, fill: Callable[[Path], None], *, marker: str, note: str) -> None:
    """Make ``target`` anew: ``fill`` a fresh folder beside it, mark it, and swap it in by renames.

    Whatever fails (``fill`` raising, a full disk), ``target`` is left exactly as it was and the
    staging folder is removed. The folder gets the permissions ``target`` had, or the usual ones.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    mode = usual_mode(target, folder=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    try:
        fill(staging)
        write_text_atomic(staging / marker, note, root=staging)
        staging.chmod(mode)  # a temporary folder is private
        if target.exists():
            retired = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
            os.replace(target, retired / target.name)
            os.replace(staging, target)
            shutil.rmtree(retired, ignore_errors=True)
        else:
            os.replace(staging, target)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
