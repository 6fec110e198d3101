"""Tools for the people who write the course: scaffolding new content (``scaffold``, with the
texts in ``templates``) and in-place edits of their YAML (``yaml_edit``)."""
