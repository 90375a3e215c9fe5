(function () {
  "use strict";
  var d = document;
  function copyText(pre, button) {
    var text = pre.innerText;
    function done() {
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = "Copy"; }, 1500);
    }
    function fallback() {
      var range = d.createRange();
      range.selectNodeContents(pre);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      try { if (d.execCommand("copy")) { done(); } } catch (e) { /* copying is optional */ }
      selection.removeAllRanges();
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, fallback);
    } else {
      fallback();
    }
  }
  d.querySelectorAll(".code-wrap").forEach(function (wrap) {
    var pre = wrap.querySelector("pre");
    if (!pre) { return; }
    var button = d.createElement("button");
    button.type = "button";
    button.className = "copy";
    button.textContent = "Copy";
    button.setAttribute("aria-label", "Copy code");
    button.addEventListener("click", function () { copyText(pre, button); });
    wrap.insertBefore(button, pre);
  });

  // An exercise's hints, one at a time: each shows once the one before it has been opened.
  d.querySelectorAll(".hints").forEach(function (group) {
    var hints = group.querySelectorAll("details.hint");
    hints.forEach(function (hint, i) {
      if (i > 0) { hint.hidden = true; }
      hint.addEventListener("toggle", function () {
        if (hint.open && hints[i + 1]) { hints[i + 1].hidden = false; }
      });
    });
  });

  var box = d.querySelector(".search");
  var input = d.getElementById("search");
  var list = d.getElementById("search-results");
  // This script loads the index itself, rather than a script element of the page: the
  // page's policy then allows this one script by its hash, and 'strict-dynamic' lets it load.
  var entries = [];
  var index = d.createElement("script");
  index.src = "search-index.js";
  index.addEventListener("load", function () {
    entries = window.LESSON_SEARCH || [];
    if (input && list && input.value.trim()) { show(search(input.value)); }
  });
  d.head.appendChild(index);
  function escapeRegExp(word) { return word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }
  function count(haystack, needle) {
    var n = 0, at = haystack.indexOf(needle);
    while (at >= 0 && n < 20) { n += 1; at = haystack.indexOf(needle, at + needle.length); }
    return n;
  }
  function wholeWords(haystack, word) {
    var found = haystack.match(new RegExp("(^|[^a-z0-9_])" + escapeRegExp(word) + "(?![a-z0-9_])", "g"));
    return found ? found.length : 0;
  }
  // About 160 characters around the first match, cut at spaces so no word is split.
  function excerpt(text, phrase, words) {
    var lower = text.toLowerCase();
    var at = lower.indexOf(phrase);
    var length = phrase.length;
    if (at < 0) {
      at = -1;
      words.forEach(function (w) {
        var i = lower.indexOf(w);
        if (i >= 0 && (at < 0 || i < at)) { at = i; length = w.length; }
      });
    }
    if (at < 0) { at = 0; length = 0; }
    var start = Math.max(0, at - 60), end = Math.min(text.length, at + length + 100);
    if (start > 0) {
      var space = text.indexOf(" ", start);
      start = space >= 0 && space < at ? space + 1 : at;
    }
    if (end < text.length) {
      var back = text.lastIndexOf(" ", end);
      end = back > at + length ? back : at + length;
    }
    return {
      before: (start > 0 ? "…" : "") + text.slice(start, at), match: text.slice(at, at + length),
      after: text.slice(at + length, end) + (end < text.length ? "…" : "")
    };
  }
  // Every word must occur; words in a section's heading count most, then in the page's
  // title, then how often they occur in the text as whole words; the whole query as a
  // phrase counts extra. A page never outranks the best of its sections that hold the query.
  function search(query) {
    var phrase = query.toLowerCase().replace(/\s+/g, " ").trim();
    var words = phrase.split(" ").filter(Boolean);
    if (!words.length) { return []; }
    var found = [];
    entries.forEach(function (entry, order) {
      var title = entry.t.toLowerCase(), page = entry.p.toLowerCase(), text = entry.x.toLowerCase();
      var score = 0;
      for (var i = 0; i < words.length; i++) {
        var w = words[i];
        var inTitle = title.indexOf(w) >= 0, inPage = page.indexOf(w) >= 0, inText = count(text, w);
        if (!inTitle && !inPage && !inText) { return; }
        score += (inTitle ? 10 + (wholeWords(title, w) ? 5 : 0) : 0) + (inPage ? 3 : 0);
        score += Math.min(inText, 6) + Math.min(wholeWords(text, w), 6);
      }
      if (words.length > 1) {
        if (title.indexOf(phrase) >= 0) { score += 30; }
        var phrases = count(text, phrase);
        if (phrases) { score += 8 + 3 * Math.min(phrases, 5); }
      }
      var section = entry.u.indexOf("#") >= 0;
      var own = section && (title.indexOf(phrase) >= 0 || text.indexOf(phrase) >= 0);
      found.push({ entry: entry, score: score, order: order, page: entry.u.split("#")[0], section: section, own: own });
    });
    // A page's own entry stands for its title and summary. When one of its sections holds
    // the whole query in its heading or text, that section is the better link: it takes
    // the page's place and the page entry follows right after it.
    var best = {};
    found.forEach(function (f) {
      var b = best[f.page];
      if (f.own && (!b || f.score > b.score)) { best[f.page] = f; }
    });
    found.forEach(function (f) {
      var b = best[f.page];
      if (!f.section && b && b.score < f.score) { b.score = f.score; b.order = f.order - 0.5; }
    });
    found.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    return found.slice(0, 12).map(function (f) {
      return { entry: f.entry, excerpt: excerpt(f.entry.x, phrase, words) };
    });
  }
  function show(results) {
    list.textContent = "";
    results.forEach(function (result) {
      var li = d.createElement("li");
      var a = d.createElement("a");
      a.href = result.entry.u;
      var title = d.createElement("strong");
      title.textContent = result.entry.t;
      var page = d.createElement("span");
      page.className = "result-page";
      page.textContent = result.entry.p;
      var text = d.createElement("span");
      text.className = "result-text";
      text.appendChild(d.createTextNode(result.excerpt.before));
      if (result.excerpt.match) {
        var mark = d.createElement("mark");
        mark.textContent = result.excerpt.match;
        text.appendChild(mark);
      }
      text.appendChild(d.createTextNode(result.excerpt.after));
      a.appendChild(title);
      a.appendChild(page);
      a.appendChild(text);
      li.appendChild(a);
      list.appendChild(li);
    });
    if (!results.length && input.value.trim()) {
      var none = d.createElement("li");
      none.className = "result-none";
      none.textContent = "Nothing found";
      list.appendChild(none);
    }
    list.hidden = !input.value.trim();
  }
  if (box && input && list) {
    box.hidden = false;
    input.addEventListener("input", function () { show(search(input.value)); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        input.value = "";
        show([]);
        input.blur();
      } else if (event.key === "Enter") {
        var first = list.querySelector("a");
        if (first) { window.location.href = first.href; }
      } else if (event.key === "ArrowDown") {
        var link = list.querySelector("a");
        if (link) { event.preventDefault(); link.focus(); }
      }
    });
  }
  d.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    var target = event.target;
    var tag = target && target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable)) { return; }
    if (event.key === "/" && input && box && !box.hidden) {
      event.preventDefault();
      input.focus();
    } else if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
      var link = d.querySelector(event.key === "ArrowLeft" ? "a[rel=prev]" : "a[rel=next]");
      if (link) { window.location.href = link.href; }
    }
  });
})();
