"""ciso-course: CISO training modules with quiz self-checks, generated from structured YAML.

Read the package top-down in the order the data flows: ``read`` (YAML with positions),
``models`` (typed entities), ``catalog`` (the whole course, cross-references checked),
``render`` (pages as Markdown), ``exports``, then the adapters ``plugin`` (MkDocs) and ``cli``.
"""

__version__ = "0.1.0"
