"""MITRE ATT&CK data: a STIX bundle read within limits (``stix``), compared with the course
(``compare``: ``attack check``) and imported into it (``importer``: ``attack import``)."""
