"""MkDocs hook: write search/search_index.json as UTF-8 rather than \\uXXXX escapes.

Chinese text takes about half the bytes. Zensical ignores hooks and needs none.
"""

import json
import os


def on_post_build(config, **kwargs):
    path = os.path.join(config.site_dir, "search", "search_index.json")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        with open(path, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, separators=(",", ":"))
