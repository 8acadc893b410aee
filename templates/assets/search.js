/* 搜索: the search page asks Pagefind's index (built by banshi build, fetched in small chunks,
 * never whole) for the characters of the words in ?q= (the index holds the characters of each
 * page's words: banshi.emit.search_words), and lists only the items and bundles one of whose words
 * (name, keywords, results, the catalog's synonyms: meta "words") holds each word of the query
 * whole: a page that only shares a character with the query is never shown. Nothing found:
 * the ways to look instead. Titles and excerpts are only ever set as textContent. */
(function () {
  "use strict";
  var script = typeof document !== "undefined" ? document.currentScript : null;
  var SHOWN = 20;
  var BATCH = 40;  // Pagefind's results read at a time, until SHOWN hold the query
  var CANDIDATES = 320;  // and never more than these
  var TOKEN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[0-9A-Za-z]+/g;
  // Words around what is asked for ("我要办低保", "低保怎么办理"), dropped when the query as
  // typed names nothing; longest first.
  var BEFORE = ["我想要", "我想", "我要", "想要", "怎么", "怎样", "如何", "哪里", "办理", "申请", "申领", "想", "要", "办"];
  var AFTER = ["需要什么材料", "需要哪些材料", "要什么材料", "要哪些材料", "怎么办理", "怎么申请", "如何办理",
    "在哪里办", "在哪办", "去哪办", "怎么办", "怎么弄", "材料", "流程", "手续", "办理", "申请", "的"];
  var APART = /[\s,，。.、;；:：!！?？“”"'‘’()（）《》【】\[\]|]+/;

  function trim(term) {
    var changed = true;
    while (changed && term) {
      changed = false;
      BEFORE.forEach(function (w) {
        if (term.indexOf(w) === 0) { term = term.slice(w.length); changed = true; }
      });
      AFTER.forEach(function (w) {
        if (term && term.slice(-w.length) === w) { term = term.slice(0, -w.length); changed = true; }
      });
    }
    return term;
  }

  // Each word of the query, as typed and without the words around it; a word that is only
  // such words ("怎么办理") is left out, and a form of one character finds nothing (it would
  // match every name that has that character).
  function terms(query) {
    return query.split(APART).filter(function (term) { return trim(term); }).map(function (term) {
      return [term, trim(term)].filter(function (form, i, all) {
        return form.length >= 2 && all.indexOf(form) === i;
      });
    }).filter(function (forms) { return forms.length; });
  }

  // How well a result's words hold one term: 0 its name, 1 a keyword, 2 part of its name,
  // 3 part of another word; null when none holds it. Within each, the query as typed fits
  // better than what is left of it, and more of the result's words holding it (a keyword that
  // is also its result: 营业执照) fit better.
  function fit(forms, name, words) {
    var best = null;
    forms.forEach(function (form, i) {
      var rank = form === name ? 0 : words.indexOf(form) >= 0 ? 1 : name.indexOf(form) >= 0 ? 2 :
        words.some(function (w) { return w.indexOf(form) >= 0; }) ? 3 : null;
      if (rank === null) return;
      var holding = words.filter(function (w) { return w.indexOf(form) >= 0; }).length;
      rank += i / 2 - Math.min(Math.max(holding - 1, 0), 4) / 10;
      if (best === null || rank < best) best = rank;
    });
    return best;
  }

  function score(query, asked, data) {
    var name = data.meta.title || "";
    if (name === query.trim()) return -1;  // the name itself, whatever it holds
    var words = (data.meta.words || "").split("|");
    var total = 0;
    for (var i = 0; i < asked.length; i += 1) {
      var rank = fit(asked[i], name, words);
      if (rank === null) return null;
      total += rank;
    }
    return total;
  }

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
    excerpt.textContent = data.meta.summary || text(data.excerpt);
    item.appendChild(excerpt);
    return item;
  }

  function quoted(query) {  // “…” around the query, its own quotation marks made single
    return "“" + query.replace(/[“"]/g, "‘").replace(/[”]/g, "’") + "”";
  }

  // Search and show the answer; ``page``: the list, status and browse elements, and whether
  // this search is still the latest (an answer to an earlier query is dropped).
  async function run(query, page) {
    var root = new URL("../", script.src);
    if (!query.trim()) return { status: "请输入要查找的事项名称或关键词。" };
    var asked = terms(query);
    if (!asked.length) return { status: "请输入至少两个字的事项名称或关键词，例如“营业执照”。", browse: true };
    page.status.textContent = "正在查找……";
    var pagefind = await import(new URL("pagefind/pagefind.js", root).href);
    await pagefind.options({ baseUrl: root.pathname });
    // Every character of the shortest form of each word: the pages that hold them all.
    var sent = asked.map(function (forms) { return (forms[forms.length - 1].match(TOKEN) || []).join(" "); }).join(" ");
    var found = await pagefind.search(sent);
    var kept = [], start;
    for (start = 0; start < Math.min(found.results.length, CANDIDATES) && kept.length < SHOWN; start += BATCH) {
      var read = await Promise.all(found.results.slice(start, start + BATCH).map(function (r) { return r.data(); }));
      read.forEach(function (data, i) {
        var rank = score(query, asked, data);
        if (rank !== null) kept.push({ data: data, order: start + i, score: rank });
      });
    }
    kept.sort(function (a, b) { return a.score - b.score || a.order - b.order; });
    if (!kept.length) {
      return { status: "没有找到与" + quoted(query) + "有关的事项。可以换个说法，或按下面的方式查找。", browse: true };
    }
    var more = start < found.results.length ? " 个以上" : " 个";  // candidates left unread
    return {
      status: "找到 " + kept.length + more + "结果" + (kept.length > SHOWN ? "，显示前 " + SHOWN + " 个" : "") + "。",
      rows: kept.slice(0, SHOWN).map(function (r) { return row(r.data); })
    };
  }

  function start() {
    var form = document.getElementById("banshi-search");
    if (!form) return;
    var box = form.querySelector("input[name=q]");
    var header = document.getElementById("site-search-box");
    var list = document.getElementById("banshi-search-results");
    var status = document.getElementById("banshi-search-status");
    var browse = document.getElementById("banshi-search-browse");
    var latest = 0;

    function show(query, answer) {
      list.textContent = "";
      (answer.rows || []).forEach(function (item) { list.appendChild(item); });
      status.textContent = answer.status;
      browse.hidden = !answer.browse;
      status.setAttribute("data-answered", query);
    }

    function search(query) {
      var mine = ++latest;
      box.value = query;
      header.value = query;
      status.removeAttribute("data-answered");
      run(query, { status: status }).catch(function () {
        return { status: "搜索暂时不可用，请按下面的方式查找。", browse: true };
      }).then(function (answer) { if (mine === latest) show(query, answer); });
    }

    // On this page, a search (from its box or the header's) answers here, and the address
    // keeps the query (?q=), for the back button and for sharing.
    [form, header.form].forEach(function (each) {
      each.addEventListener("submit", function (event) {
        event.preventDefault();
        var query = each.querySelector("input[name=q]").value;
        history.pushState(null, "", "?q=" + encodeURIComponent(query));
        search(query);
      });
    });
    window.addEventListener("popstate", function () {
      search(new URLSearchParams(location.search).get("q") || "");
    });
    search(new URLSearchParams(location.search).get("q") || "");
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = { terms: terms, score: score };
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
