/* 情形选择: answer the questions, see exactly your list of materials.
 * Reads the compiled item from <script type="application/json" id="banshi-item"> and needs no
 * server. evaluate() is the browser twin of banshi.conditions.evaluate (three-valued: true,
 * false, or null while a question it needs is unanswered); both are tested against
 * tests/vectors/conditions.json. Catalog text is only ever set as textContent.
 * The answers travel to the printable notice in its link's query (?answers={"id": value}),
 * and a page opened with that query starts with them chosen. */
(function () {
  "use strict";

  function allOf(results) {
    if (results.indexOf(false) >= 0) return false;
    return results.indexOf(null) >= 0 ? null : true;
  }

  function anyOf(results) {
    if (results.indexOf(true) >= 0) return true;
    return results.indexOf(null) >= 0 ? null : false;
  }

  function evaluate(condition, answers) {
    if (condition === null || condition === undefined) return true;
    var has = Object.prototype.hasOwnProperty;
    if (has.call(condition, "all")) return allOf(condition.all.map(function (c) { return evaluate(c, answers); }));
    if (has.call(condition, "any")) return anyOf(condition.any.map(function (c) { return evaluate(c, answers); }));
    if (has.call(condition, "not")) {
      var inner = evaluate(condition.not, answers);
      return inner === null ? null : !inner;
    }
    return allOf(Object.keys(condition).map(function (question) {
      if (!has.call(answers, question)) return null;
      var expected = Array.isArray(condition[question]) ? condition[question] : [condition[question]];
      return expected.indexOf(answers[question]) >= 0;
    }));
  }

  function choices(question) {
    if (question.type === "boolean") return [[true, "是"], [false, "否"]];
    return question.options.map(function (option) { return [option, option]; });
  }

  function radio(name, label, checked, onChange) {
    var wrapper = document.createElement("label");
    var input = document.createElement("input");
    input.type = "radio";
    input.name = name;
    input.checked = checked;
    input.addEventListener("change", onChange);
    wrapper.appendChild(input);
    wrapper.appendChild(document.createTextNode(" " + label));
    return wrapper;
  }

  function isChoice(question, value) {
    return choices(question).some(function (choice) { return choice[0] === value; });
  }

  // The answers in this page's ?answers=, keeping only known questions and their choices.
  function answersInAddress(questions) {
    var given;
    try {
      given = JSON.parse(new URLSearchParams(location.search).get("answers") || "{}");
    } catch (error) {
      return {};
    }
    var answers = {};
    questions.forEach(function (question) {
      if (given && Object.prototype.hasOwnProperty.call(given, question.id) && isChoice(question, given[question.id])) {
        answers[question.id] = given[question.id];
      }
    });
    return answers;
  }

  function carryAnswers(answers) {
    document.querySelectorAll("a.banshi-notice-link").forEach(function (link) {
      var target = new URL(link.getAttribute("href"), location.href);
      if (Object.keys(answers).length) target.search = "?answers=" + encodeURIComponent(JSON.stringify(answers));
      else target.search = "";
      link.href = target.href;
    });
  }

  // The printable notice says which answers it was made for (申请人情形).
  function showAnswers(questions, answers) {
    var line = document.getElementById("banshi-answers-shown");
    if (!line) return;
    var parts = questions.filter(function (q) { return Object.prototype.hasOwnProperty.call(answers, q.id); })
      .map(function (q) {
        var label = choices(q).filter(function (c) { return c[0] === answers[q.id]; })[0][1];
        return q.text + " " + label;
      });
    line.textContent = parts.length ? "申请人情形：" + parts.join("；") : "";
    line.hidden = !parts.length;
  }

  function start() {
    // A guide's record fields are folded on a phone, where what to bring comes first; a desk
    // has room to show them.
    if (window.matchMedia("(min-width: 60em)").matches) {
      document.querySelectorAll("details.banshi-record").forEach(function (record) { record.open = true; });
    }
    document.querySelectorAll(".banshi-print-button button").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
    var source = document.getElementById("banshi-item");
    var box = document.getElementById("banshi-selector");
    if (!source || !box) return;
    var item = JSON.parse(source.textContent);
    if (!item.questions.length) return;
    var answers = answersInAddress(item.questions);
    var list = box.querySelector(".banshi-questions");
    var count = box.querySelector(".banshi-selector-count");

    function update() {
      var needed = 0, maybe = 0;
      document.querySelectorAll("tr[data-index]").forEach(function (row) {
        var material = item.materials[Number(row.getAttribute("data-index"))];
        var result = evaluate(material.when, answers);
        row.hidden = result === false;
        row.classList.toggle("banshi-maybe", result === null);
        if (result === true) needed += 1;
        else if (result === null) maybe += 1;
      });
      count.textContent = "您需要提交 " + needed + " 项材料" + (maybe ? "，另有 " + maybe + " 项视情形而定" : "") + "。";
      carryAnswers(answers);
      showAnswers(item.questions, answers);
    }

    item.questions.forEach(function (question) {
      var set = document.createElement("fieldset");
      set.className = "banshi-question";
      set.setAttribute("data-question", question.id);
      var legend = document.createElement("legend");
      legend.textContent = question.text;
      set.appendChild(legend);
      var name = "banshi-q-" + question.id;
      var answered = Object.prototype.hasOwnProperty.call(answers, question.id);
      set.appendChild(radio(name, "未选择", !answered, function () { delete answers[question.id]; update(); }));
      choices(question).forEach(function (choice) {
        var checked = answered && answers[question.id] === choice[0];
        set.appendChild(radio(name, choice[1], checked, function () { answers[question.id] = choice[0]; update(); }));
      });
      list.appendChild(set);
    });
    box.hidden = false;
    update();
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = { evaluate: evaluate };
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
