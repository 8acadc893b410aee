"""JSON Schemas (draft 2020-12) of the catalog file kinds: ``<kind>.schema.json``, one per kind."""
