/// The one small script every page inlines: copy buttons on code, `←`/`→` to turn pages, `/`
/// to focus search, and search over the prebuilt `window.LESSON_SEARCH` index. Pages read
/// fine without it: the search box stays hidden and no button is missing its purpose.
enum SiteScript {
    /// The script's source.
    static let source = #"""
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

          var box = d.querySelector(".search");
          var input = d.getElementById("search");
          var list = d.getElementById("search-results");
          var entries = window.LESSON_SEARCH || [];
          function excerpt(text, word) {
            var at = text.toLowerCase().indexOf(word);
            if (at < 0) { return text.slice(0, 120); }
            var start = Math.max(0, at - 50);
            return (start > 0 ? "…" : "") + text.slice(start, at + 90) + "…";
          }
          function search(query) {
            var words = query.toLowerCase().split(/\s+/).filter(Boolean);
            if (!words.length) { return []; }
            var found = [];
            entries.forEach(function (entry) {
              var title = entry.t.toLowerCase(), page = entry.p.toLowerCase(), text = entry.x.toLowerCase();
              var score = 0;
              for (var i = 0; i < words.length; i++) {
                var w = words[i];
                var inTitle = title.indexOf(w) >= 0, inPage = page.indexOf(w) >= 0, inText = text.indexOf(w) >= 0;
                if (!inTitle && !inPage && !inText) { return; }
                score += (inTitle ? 10 : 0) + (inPage ? 3 : 0) + (inText ? 1 : 0);
              }
              found.push({ entry: entry, score: score });
            });
            found.sort(function (a, b) { return b.score - a.score; });
            return found.slice(0, 12).map(function (f) { return f.entry; }).map(function (entry) {
              return { entry: entry, excerpt: excerpt(entry.x, words[0]) };
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
              text.textContent = result.excerpt;
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
        """#
}
