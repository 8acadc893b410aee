"""The search queries of issue 24's closing note: serve a built site and print each query's
status and first results as a Markdown table (Chromium at 390 px).

    python docs/img/search-queries.py dist/site
"""

import functools
import http.server
import sys
import threading
from urllib.parse import quote

from playwright.sync_api import sync_playwright

site = sys.argv[1]
handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=site)
handler.log_message = lambda *a: None
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
base = f"http://127.0.0.1:{server.server_port}/"
queries = [
    "医保",
    "低保",
    "最低生活保障",
    "个体工商户设立",
    "营业执照",
    "开办餐馆",
    "社保",
    "登记",
    "消防",
    "饭店",
    "身份证",
    "火星移民",
    "证",
    "00013112800001",
]
with sync_playwright() as p:
    b = p.chromium.launch(executable_path="/usr/bin/chromium")
    page = b.new_page(viewport={"width": 390, "height": 844})
    for q in queries:
        page.goto(base + "search/?q=" + quote(q))
        page.wait_for_function(
            "() => /找到|没有找到|请输入/"
            ".test(document.getElementById('banshi-search-status').textContent)",
            timeout=20000,
        )
        status = page.inner_text("#banshi-search-status")
        titles = page.eval_on_selector_all(
            "#banshi-search-results a", "l => l.map(a => a.textContent)"
        )
        print(f"| {q} | {status} | {'；'.join(titles[:3]) or '—'} |")
    b.close()
server.shutdown()
