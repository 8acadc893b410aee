"""Default Jinja2 templates of the outputs; a catalog root's own templates/ overrides them
file by file."""
