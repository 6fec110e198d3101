"""MITRE ATLAS: ``ATLAS.yaml`` read (``data``), compared with the course's ATLAS tactic files and
brought up to date from it (``compare``, ``importer``)."""
