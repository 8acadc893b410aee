"""The MkDocs configuration and assets of the published site."""
