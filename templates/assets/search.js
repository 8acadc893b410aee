/* 搜索: the search page asks Pagefind's index (built by banshi build, fetched in small chunks,
 * never whole) for the words in ?q= and lists the items and bundles it finds. Titles and
 * excerpts are only ever set as textContent. */
(function () {
  "use strict";
  var root = new URL("../", document.currentScript.src);
  var SHOWN = 20;

  function text(html) {  // Pagefind's excerpt marks words with <mark>: keep the words only
    return new DOMParser().parseFromString(html, "text/html").body.textContent;
  }

  function row(data) {
    var item = document.createElement("li");
    var link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.meta.title;
    item.appendChild(link);
    var excerpt = document.createElement("p");
    excerpt.textContent = text(data.excerpt);
    item.appendChild(excerpt);
    return item;
  }

  async function run(query, list, status) {
    list.textContent = "";
    if (!query.trim()) { status.textContent = "请输入要查找的事项名称或关键词。"; return; }
    status.textContent = "正在查找……";
    var pagefind = await import(new URL("pagefind/pagefind.js", root).href);
    // Rank by where the words are (name and keywords weigh most), not how often they recur.
    await pagefind.options({ baseUrl: root.pathname, ranking: { termFrequency: 0.2, pageLength: 0.1 } });
    var found = await pagefind.search(query);
    var results = await Promise.all(found.results.slice(0, SHOWN).map(function (r) { return r.data(); }));
    results.forEach(function (data) { list.appendChild(row(data)); });
    status.textContent = results.length
      ? "找到 " + found.results.length + " 个结果" + (found.results.length > SHOWN ? "，显示前 " + SHOWN + " 个" : "") + "。"
      : "没有找到与“" + query + "”有关的事项，请换个说法试试。";
  }

  function start() {
    var form = document.getElementById("banshi-search");
    if (!form) return;
    var box = form.querySelector("input[name=q]");
    var list = document.getElementById("banshi-search-results");
    var status = document.getElementById("banshi-search-status");
    var query = new URLSearchParams(location.search).get("q") || "";
    box.value = query;
    document.getElementById("site-search-box").value = query;
    run(query, list, status).catch(function () { status.textContent = "搜索暂时不可用，请按区划或部门查找。"; });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
