"""ciso-course: CISO training modules with quiz self-checks, generated from structured YAML.

Read the package top-down, in the order the data flows:

- ``errors``: what a trainer sees when something is wrong (located problems, the one error
  family, values quoted safely in messages); every layer uses it.
- ``reading``: ``containment`` (no read or write leaves its root, no link followed, regular
  files only), ``read`` (safe YAML with positions and budgets) and its ``messages``,
  ``neutralise`` (trainer Markdown made safe text as it is validated).
- ``models``: the content model (fields, course, people, attack, modules), the registry of
  content ``kinds``, the table of ``frameworks`` (ATT&CK and ATLAS: id patterns, addresses,
  sections, Navigator domains) and the messages of validation errors.
- ``catalog``: the whole course loaded (``load``, ``cache``), cross-checked (``checks``), held
  (``entries``), and what it teaches and tests (``coverage``), which pages, layers and lint share.
- ``render``: the pages as Markdown (pure; ``attack`` and ``atlas`` pages per framework, ending
  alike (``tactic_lists``); ``orgchart`` lays out the reporting lines and ``chart_svg`` draws them
  as SVG; ``page`` also names the Markdown extensions and search separator the pages need; and
  ``sanitize`` is the one allowlist for every piece of HTML made from content).
- ``exports``: Navigator layers, GIFT, Moodle XML, QTI, SCORM packages (from a site build made
  for them by the plugin, keeping the files its pages reach: ``package_files``), answer keys; ``schema`` writes the JSON Schemas and the editor's
  mapping of them.
- Tools for trainers: ``lint`` (a module's own checks in ``quiz``, the course-wide ones in
  ``checks``, accessibility of trainer text), ``authoring`` (``new``, ``init`` of
  a course repository from its ``skeleton``, and in-place YAML edits), ``attack`` (ATT&CK bundles
  read, compared and imported), ``atlas`` (MITRE's ATLAS.yaml read, compared and imported, with
  the plan and writing of ``attack``).
- ``standalone``: a complete site project that Zensical, ProperDocs or MkDocs builds without the
  plugin (``render --standalone``).
- ``output``: what may be written, replaced or swapped, and where.
- ``assets``: the scripts and stylesheets every site (and every export with pages) serves.
- ``csp``: the Content-Security-Policy of the pages, allowing only the theme's own inline scripts
  (the plugin adds it to each built page, ``standalone`` writes it into the project's template).
- The adapters: ``plugin`` (MkDocs: what it adds to a course's configuration, ``setup``, with its
  own ``templates``; the compacting of the theme's templates, ``compact``; the
  in-process ``builds`` of the site and of a SCORM package's pages) and ``cli`` (click: a
  module per area of commands). Only they import MkDocs and click.
"""

__version__ = "0.1.0"
