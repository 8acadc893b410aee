/* 去哪里办 on an item's page: find one's own place among the regions that do the item, and
 * have it remembered for the next item (localStorage "banshi-place"). Groups a county lists
 * on demand (li[data-more], banshi.emit.where) come from a JSON file beside the page, loaded
 * when the group is opened or a place in it is looked for. Catalog text is only ever set as
 * textContent. Without script, the groups still open and every place has its link. */
(function () {
  "use strict";
  var KEY = "banshi-place";
  var list, item, status, loads = {};

  function entry(code, name, where) {
    var li = document.createElement("li");
    li.setAttribute("data-region", code);
    li.setAttribute("data-name", name);
    var link = document.createElement("a");
    link.href = "../../guides/" + encodeURIComponent(code) + "/" + encodeURIComponent(item) + "/";
    link.textContent = name;
    li.appendChild(link);
    li.appendChild(document.createTextNode("：" + where));
    return li;
  }

  function count(place) {
    return place.where.length + (place.places || []).reduce(function (n, p) { return n + count(p); }, 0);
  }

  // A place of a JSON file, drawn as the page draws its own groups; ``path``: the codes of
  // the groups it is in.
  function draw(place, path) {
    if (!place.places) return place.where.map(function (w) { return entry(place.code, place.name, w); });
    var li = document.createElement("li");
    li.className = "banshi-place-group";
    var details = document.createElement("details");
    var own = path.concat([place.code]);
    details.setAttribute("data-region", place.code);
    details.setAttribute("data-path", own.join(" "));
    details.setAttribute("data-name", place.name);
    var summary = document.createElement("summary");
    summary.textContent = place.name + "（" + count(place) + " 处）";
    var inner = document.createElement("ul");
    place.where.forEach(function (w) { inner.appendChild(entry(place.code, place.name, w)); });
    place.places.forEach(function (p) { draw(p, own).forEach(function (node) { inner.appendChild(node); }); });
    details.appendChild(summary);
    details.appendChild(inner);
    li.appendChild(details);
    return [li];
  }

  function groupPath(element) {
    var group = element.closest("details[data-path]");
    return group ? group.getAttribute("data-path").split(" ") : [];
  }

  // The places behind li[data-more], fetched once and put in its place.
  function load(more) {
    var file = more.getAttribute("data-more");
    if (!loads[file]) {
      loads[file] = fetch(new URL(file, location.href)).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      }).then(function (data) {
        var nodes = [];
        var path = groupPath(more);
        data.places.forEach(function (p) { nodes = nodes.concat(draw(p, path)); });
        nodes.forEach(function (node) { more.parentNode.insertBefore(node, more); });
        more.remove();
      });
    }
    return loads[file];
  }

  // What an open group lists on demand (not what the groups inside it do).
  function loadWithin(list) {
    return Promise.all(Array.prototype.map.call(list.querySelectorAll(":scope > li[data-more]"), load));
  }

  function names(element) {
    var own = (element.getAttribute("data-name") || "").split(" › ");
    var more = element.getAttribute("data-places");
    return more ? own.concat(more.split("|")) : own;
  }

  // Show only the places whose name holds the words, with the groups they are in, opened.
  function filter(words) {
    var matched = 0;
    var marked = list.querySelectorAll("[data-name], li[data-more]");
    marked.forEach(function (element) {
      var li = element.closest("li");
      if (li) li.hidden = Boolean(words);
    });
    if (!words) { status.textContent = ""; return Promise.resolve(); }
    var waiting = [];
    marked.forEach(function (element) {
      if (!names(element).some(function (name) { return name.indexOf(words) >= 0; })) return;
      if (element.matches("li[data-more]")) { waiting.push(load(element)); return; }
      matched += 1;
      var li = element.closest("li");
      li.hidden = false;
      li.querySelectorAll("li").forEach(function (inner) { inner.hidden = false; });
      if (element.tagName === "DETAILS") element.open = true;
      for (var up = li.parentElement.closest("li"); up; up = up.parentElement.closest("li")) {
        up.hidden = false;
        var group = up.querySelector(":scope > details");
        if (group) group.open = true;
      }
    });
    if (waiting.length) return Promise.all(waiting).then(function () { return filter(words); });
    status.textContent = matched ? "" : "没有找到“" + words + "”，请换一个县（区）或乡镇（街道）的名称。";
    return Promise.resolve();
  }

  // The place a link leads to, with every region it is in: what is remembered.
  function remember(li) {
    var codes = groupPath(li);
    var own = li.getAttribute("data-region");
    if (codes[codes.length - 1] !== own) codes.push(own);
    var place = { codes: codes, name: li.getAttribute("data-name") };
    try { localStorage.setItem(KEY, JSON.stringify(place)); } catch (error) { /* private mode */ }
  }

  function remembered() {
    try {
      var place = JSON.parse(localStorage.getItem(KEY) || "null");
      return place && Array.isArray(place.codes) && typeof place.name === "string" ? place : null;
    } catch (error) {
      return null;
    }
  }

  // Where one can go from the remembered place: its own entries and those of the groups it
  // is in (a village's station, its township's centre, the county's department).
  function showMine(place) {
    var box = document.getElementById("banshi-mine");
    var codes = place.codes;
    var groups = list.querySelectorAll("details[data-region]");
    var waiting = [];
    groups.forEach(function (group) {
      if (codes.indexOf(group.getAttribute("data-region")) >= 0) {
        group.querySelectorAll(":scope > ul > li[data-more]").forEach(function (more) { waiting.push(load(more)); });
      }
    });
    return Promise.all(waiting).then(function () {
      var found = Array.prototype.filter.call(list.querySelectorAll("li[data-region]"), function (li) {
        return codes.indexOf(li.getAttribute("data-region")) >= 0;
      }).reverse();
      if (!found.length) return;
      box.textContent = "";
      var heading = document.createElement("p");
      heading.className = "banshi-mine-heading";
      heading.textContent = "在您上次选的地方（" + place.name + "）可以这样办：";
      var mine = document.createElement("ul");
      found.forEach(function (li) { mine.appendChild(li.cloneNode(true)); });
      var change = document.createElement("button");
      change.type = "button";
      change.textContent = "换一个地方";
      change.addEventListener("click", function () {
        try { localStorage.removeItem(KEY); } catch (error) { /* private mode */ }
        box.hidden = true;
        document.getElementById("banshi-where-filter").focus();
      });
      box.appendChild(heading);
      box.appendChild(mine);
      box.appendChild(change);
      box.hidden = false;
    });
  }

  function start() {
    list = document.getElementById("banshi-where");
    if (!list) return;
    item = list.getAttribute("data-item");
    status = document.querySelector(".banshi-where-status");
    var box = document.getElementById("banshi-where-filter");
    box.closest("p").hidden = false;
    var timer;
    box.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { filter(box.value.trim()); }, 150);
    });
    list.addEventListener("toggle", function (event) {
      if (event.target.open) loadWithin(event.target.querySelector(":scope > ul"));
    }, true);
    list.querySelectorAll("details[open] > ul").forEach(loadWithin);
    document.addEventListener("click", function (event) {
      var link = event.target.closest("#banshi-where li[data-region] > a");
      if (link) remember(link.parentElement);
    });
    var place = remembered();
    if (place) showMine(place).catch(function () { /* the list below still has every place */ });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
