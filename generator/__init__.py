"""ciso-course: CISO training modules with quiz self-checks, generated from structured YAML.

Read the package top-down, in the order the data flows:

- ``errors``: what a trainer sees when something is wrong (located problems, the one error
  family, values quoted safely in messages); every layer uses it.
- ``reading``: ``containment`` (no read or write leaves its root, no link followed, regular
  files only), ``read`` (safe YAML with positions and budgets) and its ``messages``,
  ``neutralise`` (trainer Markdown made safe text as it is validated).
- ``output``: the other way, what may be written, replaced or swapped, and where: the folders no
  command may write into, the markers of earlier outputs, atomic writes and staged folder swaps;
  every command that writes, the plugin and ``standalone`` go through it.
- ``models``: the content model (fields, course, people, attack, modules), the registry of
  content ``kinds``, the table of ``frameworks`` (ATT&CK and ATLAS: id patterns, addresses,
  sections, Navigator domains) and the messages of ``validation`` errors; ``schema`` writes a JSON
  Schema per kind from them, and the editor's mapping of them.
- ``catalog``: the whole course loaded (``load``, ``cache``), cross-checked (``checks``, with
  prerequisite ``cycles`` and the ``tactics`` of both frameworks), held (``entries``), and what it
  teaches and tests (``coverage``), which pages, layers and lint share.
- ``render``: the pages as Markdown, pure (no MkDocs, no file system): ``course_pages`` (home,
  paths, modules, glossary, progress, about), ``people`` (roles, reporting models), ``attack``
  and ``atlas`` (tactic pages and coverage matrices, sharing ``tactic_lists``), ``quiz`` (a
  module's self-check as HTML), ``orgchart`` laying out the reporting lines and ``chart_svg``
  drawing them, ``abbr`` (glossary abbreviations), ``nav``, ``urls`` (where each page lives),
  ``context`` (what every renderer needs), ``text`` (escaping and links), ``page`` (a page, and
  the Markdown extensions and search separator pages need) and ``sanitize``, the one allowlist
  for every piece of HTML made from content.
- ``exports``: Navigator layers, GIFT, Moodle XML, QTI, SCORM packages (from a site build made
  for them by the plugin, keeping the files its pages reach: ``package_files``), answer keys.
- Tools for trainers: ``lint`` (a module's own checks in ``quiz``, the course-wide ones in
  ``checks``, accessibility of trainer text), ``authoring`` (``new``, ``init`` of
  a course repository from its ``skeleton``, and in-place YAML edits), ``attack`` (ATT&CK bundles
  read, compared and imported), ``atlas`` (MITRE's ATLAS.yaml read, compared and imported, with
  the plan and writing of ``attack``).
- ``assets``: the scripts and stylesheets every site (and every export with pages) serves.
- ``csp``: the Content-Security-Policy of the pages, allowing only the theme's own inline scripts
  (the plugin adds it to each built page, ``standalone`` writes it into the project's template).
- ``standalone``: a complete site project that Zensical, ProperDocs or MkDocs builds without the
  plugin (``render --standalone``).
- The adapters: ``plugin`` (MkDocs: what it adds to a course's configuration, ``setup``, with its
  own ``templates``; the compacting of the theme's templates, ``compact``; the in-process
  ``builds`` of the site and of a SCORM package's pages) and ``cli`` (click: a module per area of
  commands). Only they import MkDocs and click (``tests/test_layering.py`` holds it, and that
  ``render`` imports nothing from ``exports``).
"""

__version__ = "0.1.0"
