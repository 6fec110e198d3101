"""Reading content: no read leaves its root or follows a link (``containment``), YAML is parsed
safely with positions and budgets (``read``), and trainer Markdown is made safe text as it is
validated (``neutralise``)."""
