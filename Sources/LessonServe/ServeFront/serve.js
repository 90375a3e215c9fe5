(function () {
  "use strict";
  var d = document;
  var me = d.currentScript;
  var author = me && me.getAttribute("data-author") === "1";
  var page = decodeURIComponent(location.pathname.split("/").pop() || "index.html");
  var stem = page.replace(/\.html$/, "");
  var isQuiz = stem.indexOf("quiz-") === 0;

  function el(tag, cls, text) {
    var node = d.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function api(method, path, body) {
    var init = { method: method, credentials: "same-origin", headers: {} };
    if (method !== "GET") {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body || {});
    }
    return fetch(path, init);
  }
  function json(response) {
    return response.text().then(function (text) {
      var value = {};
      try { value = JSON.parse(text); } catch (e) { value = { error: text }; }
      if (!response.ok) { throw new Error(value.error || ("HTTP " + response.status)); }
      return value;
    });
  }
  // Reads a JSON-lines stream, calling onEvent for each object as it arrives.
  function stream(response, onEvent) {
    if (!response.ok) { return json(response); }
    var reader = response.body.getReader();
    var decoder = new TextDecoder();
    var pending = "";
    function pump() {
      return reader.read().then(function (chunk) {
        if (chunk.done) { return; }
        pending += decoder.decode(chunk.value, { stream: true });
        var lines = pending.split("\n");
        pending = lines.pop();
        lines.forEach(function (line) { if (line) { onEvent(JSON.parse(line)); } });
        return pump();
      });
    }
    return pump();
  }
  function seconds(t) { return t.toFixed(3) + "s"; }

  // Expected against actual, as lesson run prints it: the rows that differ with three
  // matching rows around each, longer matching runs folded, at most 80 rows.
  function diffTable(diff) {
    var keep = {};
    var differing = 0;
    diff.forEach(function (row, i) {
      if (row.kind === "same") { return; }
      differing += 1;
      for (var j = Math.max(0, i - 3); j <= Math.min(diff.length - 1, i + 3); j++) { keep[j] = true; }
    });
    if (!differing) { for (var k = 0; k < Math.min(20, diff.length); k++) { keep[k] = true; } }
    var shown = Object.keys(keep).map(Number).sort(function (a, b) { return a - b; }).slice(0, 80);
    var table = el("table", "live-diff");
    var head = el("tr", "");
    ["", "expected", "actual"].forEach(function (h) {
      var th = el("th", "", h);
      th.scope = "col";
      head.appendChild(th);
    });
    table.appendChild(el("thead", "")).appendChild(head);
    var body = table.appendChild(el("tbody", ""));
    var marks = { same: "", missing: "-", unexpected: "+", late: "!" };
    var next = 0;
    function fold(count, words) {
      var tr = el("tr", "fold");
      var td = el("td", "", "… " + count + " " + words);
      td.colSpan = 3;
      tr.appendChild(td);
      body.appendChild(tr);
    }
    shown.forEach(function (i) {
      if (i > next) { fold(i - next, "matching lines"); }
      next = i + 1;
      var row = diff[i];
      var tr = el("tr", row.kind);
      tr.appendChild(el("td", "mark", marks[row.kind] || ""));
      tr.appendChild(el("td", "", row.expected || ""));
      var actual = row.actual === undefined ? "" : (row.t !== undefined ? "[" + seconds(row.t) + "] " : "") + row.actual;
      tr.appendChild(el("td", "", actual));
      body.appendChild(tr);
    });
    if (next < diff.length) { fold(diff.length - next, "more rows"); }
    return table;
  }

  // One check of a grade, with what lesson grade prints for it: its message, the hint, the
  // lesson section (a link here), runs set aside, and what the answer printed.
  function gradeCheck(c) {
    var li = el("li", "live-check " + c.status);
    var mark = c.status === "pass" ? "✓ " : (c.status === "error" ? "not judged: " : "✗ ");
    li.appendChild(el("span", "live-check-name", mark + c.name));
    (c.setAside || []).forEach(function (text) { li.appendChild(el("p", "live-note", text)); });
    if (c.lingered) { li.appendChild(el("p", "live-note", c.lingered)); }
    if (c.status === "pass") { return li; }
    if (c.message) { li.appendChild(el("p", "live-message", c.message)); }
    if (c.hint) {
      var hint = el("p", "live-hint-text");
      hint.appendChild(el("strong", "", "hint: "));
      hint.appendChild(d.createTextNode(c.hint));
      li.appendChild(hint);
    }
    if (c.link) {
      var read = el("p", "live-read");
      read.appendChild(el("strong", "", "read: "));
      var a = el("a", "", c.link.replace(/\.html/, "").replace("#", " § "));
      a.setAttribute("href", c.link);
      read.appendChild(a);
      li.appendChild(read);
    }
    if (c.output && c.output.length) {
      li.appendChild(el("pre", "live-check-output", c.output.join("\n")));
    }
    return li;
  }

  // An editable code box: a textarea over the highlighted text, same font and size.
  function makeEditor(wrap, code, onChange) {
    var box = el("div", "live-editor");
    var pre = el("pre", "code live-highlight");
    pre.setAttribute("aria-hidden", "true");
    var shown = el("code", "language-swift");
    pre.appendChild(shown);
    var input = el("textarea", "live-input");
    input.spellcheck = false;
    input.setAttribute("autocapitalize", "off");
    input.setAttribute("aria-label", "Code (editable)");
    input.value = code;
    box.appendChild(pre);
    box.appendChild(input);
    var markers = el("div", "live-markers");
    box.appendChild(markers);
    wrap.parentNode.replaceChild(box, wrap);
    var timer = null, saver = null;
    function paint() {
      api("POST", "/api/highlight", { code: input.value }).then(json).then(function (r) {
        shown.innerHTML = r.html + "\n";
      }, function () { shown.textContent = input.value + "\n"; });
    }
    function size() {
      input.style.height = "auto";
      input.style.height = Math.max(pre.scrollHeight, input.scrollHeight) + "px";
    }
    shown.textContent = code + "\n";
    paint();
    input.addEventListener("input", function () {
      shown.textContent = input.value + "\n";
      size();
      clearTimeout(timer);
      timer = setTimeout(paint, 120);
      clearTimeout(saver);
      saver = setTimeout(function () { saver = null; onChange(input.value); }, 300);
    });
    input.addEventListener("scroll", function () { pre.scrollLeft = input.scrollLeft; });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Tab" && !event.shiftKey) {
        event.preventDefault();
        var s = input.selectionStart;
        input.setRangeText("    ", s, input.selectionEnd, "end");
        input.dispatchEvent(new Event("input"));
      }
    });
    setTimeout(size, 0);
    return {
      input: input,
      set: function (text) { input.value = text; shown.textContent = text + "\n"; paint(); size(); },
      // Saves a pending edit now (before a run), or drops it (before a reset).
      flush: function () {
        if (saver !== null) { clearTimeout(saver); saver = null; onChange(input.value); }
      },
      cancel: function () { clearTimeout(saver); saver = null; },
      mark: function (diagnostics) {
        markers.textContent = "";
        var lineHeight = parseFloat(getComputedStyle(input).lineHeight) || 20;
        var top = parseFloat(getComputedStyle(input).paddingTop) || 0;
        diagnostics.forEach(function (dg) {
          if (!dg.line) { return; }
          var m = el("div", "live-marker " + dg.severity);
          m.style.top = (top + (dg.line - 1) * lineHeight) + "px";
          m.style.height = lineHeight + "px";
          m.title = dg.severity + ": " + dg.message;
          markers.appendChild(m);
        });
      }
    };
  }

  // The timeline is drawn by the server with the static site's renderer (the same figure,
  // key and table as the static page): the page only puts each drawing it is sent in place
  // of the last one. The markup is the server's own; every text in it is escaped there.
  function showTimeline(container, html) {
    container.innerHTML = html || "";
  }

  // What the page says of each snippet: the last `lesson run`'s recording until the snippet is
  // edited or run here; then what is true of the code in the editor: the live run's verdict
  // (in the terminal's words), "running…", or "edited, not run". The lesson's badge, the
  // sidebar's dot and the comparisons in the prose count and say the same.
  var WORDS = { pass: "pass", fail: "fail", unsolved: "not yet solved", error: "not judged" };
  var COUNTED = { pass: "passed", fail: "failed", error: "errors", skipped: "skipped", unsolved: "unsolved" };
  var shownNow = {};  // snippet id -> {recorded, now}; now is null while the recording stands
  var lessonBadge = d.querySelector("article.lesson .kicker .badge:not(.stale)");
  var recordingNote = d.querySelector("article.lesson p.recording");
  var recordedAt = recordingNote ? recordingNote.getAttribute("data-recorded-at") : null;
  var lessonTally = null;

  function nowWord(now) {
    return now === "edited" ? "edited, not run" : now === "running" ? "running…" : (WORDS[now] || now);
  }
  function nowKind(now) { return WORDS[now] ? now : "none"; }
  function codeText(parent, text) { parent.appendChild(el("code", "", text)); }

  // The counts as `Summary.progress` words them (`7 snippets: 5 passed, 1 skipped`), with the
  // snippets edited and not run, or running, named after them.
  function progress(c) {
    var parts = [c.passed + " passed"];
    if (c.failed > 0) { parts.push(c.failed + " failed"); }
    if (c.errors > 0) { parts.push(c.errors + " errors"); }
    if (c.skipped > 0) { parts.push(c.skipped + " skipped"); }
    if (c.unsolved > 0) { parts.push(c.unsolved + " exercise" + (c.unsolved === 1 ? "" : "s") + " not yet solved"); }
    if (c.edited > 0) { parts.push(c.edited + " edited, not run"); }
    if (c.running > 0) { parts.push(c.running + " running"); }
    var total = c.passed + c.failed + c.errors + c.skipped + c.unsolved + c.edited + c.running;
    return total + " snippet" + (total === 1 ? "" : "s") + ": " + parts.join(", ");
  }

  // The lesson's badge and sidebar dot, counted again with what each snippet shows now, a
  // sentence under the recording's that names the snippets run or edited here, and a note on
  // each comparison drawn from a recording that a snippet of it no longer shows.
  function tally() {
    var changed = Object.keys(shownNow).filter(function (id) { return shownNow[id].now !== null; });
    if (lessonBadge && lessonBadge.hasAttribute("data-passed")) {
      var c = { edited: 0, running: 0 };
      ["passed", "failed", "errors", "skipped", "unsolved"].forEach(function (k) {
        c[k] = parseInt(lessonBadge.getAttribute("data-" + k), 10) || 0;
      });
      changed.forEach(function (id) {
        var was = COUNTED[shownNow[id].recorded], now = shownNow[id].now;
        if (was) { c[was] -= 1; }
        c[COUNTED[now] || now] += 1;
      });
      var kind = c.failed + c.errors > 0 ? "fail" : (c.edited + c.running > 0 ? "none" : "pass");
      lessonBadge.className = "badge " + kind;
      lessonBadge.textContent = progress(c);
      var dot = d.querySelector(".sidebar a[aria-current=page] .dot");
      if (dot) {
        dot.className = "dot " + kind;
        dot.title = lessonBadge.textContent;
        var hidden = dot.querySelector(".visually-hidden");
        if (hidden) { hidden.textContent = "(" + lessonBadge.textContent + ")"; }
      }
    }
    if (recordingNote) {
      if (!lessonTally) {
        lessonTally = el("p", "live-tally");
        lessonTally.setAttribute("role", "status");
        recordingNote.parentNode.insertBefore(lessonTally, recordingNote.nextSibling);
      }
      lessonTally.textContent = "";
      lessonTally.hidden = !changed.length;
      if (changed.length) {
        lessonTally.appendChild(d.createTextNode(recordedAt ? "Since that recording, on this page: " : "On this page: "));
        changed.forEach(function (id, i) {
          if (i) { lessonTally.appendChild(d.createTextNode("; ")); }
          codeText(lessonTally, id);
          lessonTally.appendChild(d.createTextNode(" " + nowWord(shownNow[id].now)));
        });
        lessonTally.appendChild(d.createTextNode(". The badge above counts them."));
      }
    }
    d.querySelectorAll(".comparison").forEach(function (box) {
      var ids = [].slice.call(box.querySelectorAll(".comparison-title code")).map(function (c) { return c.textContent; });
      var moved = ids.filter(function (id) { return shownNow[id] && shownNow[id].now !== null; });
      var note = box.querySelector(".live-comparison-note");
      if (!moved.length) { if (note) { note.remove(); } return; }
      if (!note) { note = el("p", "live-comparison-note"); box.insertBefore(note, box.firstChild.nextSibling); }
      note.textContent = "Drawn from the runs recorded by ";
      codeText(note, "lesson run");
      note.appendChild(d.createTextNode((recordedAt ? " at " + recordedAt : "") + "; since then, on this page: " +
        moved.map(function (id) { return id + " " + nowWord(shownNow[id].now); }).join("; ") + "."));
    });
  }

  // The parts of a snippet's section that the recording wrote (its checks, failure, timeline
  // and when it ran), gathered under a label that says so: open while the recording is what
  // the section says, folded once the editor's code is another (edited, running or run here).
  // The recorded output beside the expected one is copied in too, and hidden beside it then.
  function recordedPart(section, word, older) {
    var parts = [].slice.call(section.children).filter(function (n) {
      return n.matches("p.run-error, ul.checks, table.diff, figure.timeline-figure, p.snippet-meta");
    });
    var columns = [].slice.call(section.querySelectorAll(":scope > .io > .io-col.recorded"));
    if (!parts.length && !columns.length) { return null; }
    var box = el("details", "recorded-run");
    box.open = true;
    var label = el("summary", "recorded-label");
    box.appendChild(label);
    if (columns.length) {
      var copy = el("div", "io recorded-io");
      columns.forEach(function (col) { copy.appendChild(col.cloneNode(true)); });
      box.appendChild(copy);
    }
    section.insertBefore(box, parts[0] || null);
    parts.forEach(function (n) { box.appendChild(n); });
    return {
      box: box,
      say: function (when) {
        label.textContent = "Recorded by ";
        codeText(label, "lesson run");
        label.appendChild(d.createTextNode((recordedAt ? " at " + recordedAt : "") + (when ? ", " + when : "") + ": "));
        label.appendChild(el("strong", "", word));
        if (older) { label.appendChild(d.createTextNode(" (from an older text of the lesson)")); }
      }
    };
  }

  function setupSnippet(section) {
    var id = section.id.slice("snippet-".length);
    var wrap = section.querySelector(".code-wrap");
    if (!wrap) { return; }
    var base = "/api/lessons/" + encodeURIComponent(stem) + "/snippets/" + encodeURIComponent(id);
    api("GET", base).then(json).then(function (state) {
      if (!state.runnable && state.mode !== "run") { return; }
      section.classList.add("live");
      var editor = makeEditor(wrap, state.code, function (code) {
        api("PUT", base, { code: code }).then(json).then(mark, showError);
      });
      var bar = el("div", "live-controls");
      var run = el("button", "live-run", "Run");
      var reset = el("button", "live-reset", "Reset");
      run.type = reset.type = "button";
      bar.appendChild(run); bar.appendChild(reset);
      var save = null;
      if (state.author) {
        save = el("button", "live-save", "Save to lesson");
        save.type = "button";
        bar.appendChild(save);
      }
      var edited = el("span", "live-edited", "edited");
      var status = el("span", "live-status");
      status.setAttribute("role", "status");
      bar.appendChild(edited); bar.appendChild(status);
      editor.input.parentNode.parentNode.insertBefore(bar, editor.input.parentNode.nextSibling);
      var out = el("div", "live-output");
      out.hidden = true;
      var list = el("ol", "live-lines");
      var timeline = el("div", "live-timeline-wrap");
      var checks = el("ul", "live-checks");
      var diags = el("ul", "live-diagnostics");
      out.appendChild(list); out.appendChild(timeline); out.appendChild(diags); out.appendChild(checks);
      bar.parentNode.insertBefore(out, bar.nextSibling);
      function mark(s) { edited.hidden = !s.edited; section.classList.toggle("edited", !!s.edited); }
      function showError(error) { status.textContent = String(error.message || error); }
      mark(state);

      // The section says one verdict, of the code in the editor (see recordedPart and tally).
      var badge = section.querySelector(".snippet-head .badge:not(.stale)");
      var staleBadge = section.querySelector(".snippet-head .badge.stale");
      var recordedStatus = (section.className.match(/(?:^|\s)status-(\w+)/) || [])[1] || "none";
      var recordedBadge = badge ? { cls: badge.className, text: badge.textContent } : null;
      var recorded = recordedStatus === "none" ? null : recordedPart(section, badge ? badge.textContent : recordedStatus, !!staleBadge);
      var original = state.original;
      var live = null, running = false, folded = false;
      var oldRun = el("p", "live-old-run", "This run was of the code before your last change: run it again to judge the code as it is.");
      oldRun.hidden = true;
      out.insertBefore(oldRun, out.firstChild);
      function refresh() {
        var code = editor.input.value;
        var now = running ? "running" : (live && code === live.code ? live.status : (code !== original ? "edited" : null));
        section.classList.toggle("superseded", now !== null);
        section.classList.remove("status-" + recordedStatus, "live-pass", "live-fail", "live-unsolved");
        if (now === null) {
          section.classList.add("status-" + recordedStatus);
        } else if (WORDS[now]) {
          section.classList.add(now === "pass" ? "live-pass" : now === "unsolved" ? "live-unsolved" : "live-fail");
        }
        if (badge) {
          badge.className = now === null ? recordedBadge.cls : "badge " + nowKind(now);
          badge.textContent = now === null ? recordedBadge.text : nowWord(now);
        }
        if (staleBadge) { staleBadge.hidden = now !== null; }
        if (recorded) {
          recorded.say(now === null ? "" : (code !== original ? "before this edit" : "before this run"));
          if (folded !== (now !== null)) { folded = now !== null; recorded.box.open = !folded; }
        }
        oldRun.hidden = !(live && !running && code !== live.code);
        shownNow[id] = { recorded: recordedStatus === "none" ? null : recordedStatus, now: now };
        tally();
      }
      editor.input.addEventListener("input", refresh);
      refresh();
      reset.addEventListener("click", function () {
        editor.cancel();
        api("DELETE", base).then(json).then(function (s) {
          editor.set(s.code); mark(s); editor.mark([]); refresh();
        }, showError);
      });
      if (save) {
        save.addEventListener("click", function () {
          editor.cancel();
          api("POST", base + "/save", { code: editor.input.value }).then(json).then(function (s) {
            mark(s); status.textContent = "saved to the lesson";
            original = s.original; refresh();
          }, showError);
        });
      }
      run.addEventListener("click", function () {
        editor.flush();
        var sent = editor.input.value;
        run.disabled = true;
        running = true;
        refresh();
        out.hidden = false;
        list.textContent = ""; checks.textContent = ""; diags.textContent = ""; timeline.textContent = "";
        editor.mark([]);
        status.textContent = "sending…";
        api("POST", base + "/run", { code: sent }).then(function (response) {
          return stream(response, function (event) {
            if (event.type === "queued") {
              status.textContent = "waiting: number " + event.position + " in the queue";
            } else if (event.type === "started") {
              status.textContent = "compiling…";
            } else if (event.type === "compiled") {
              status.textContent = "running…" + (event.cached ? " (compiled earlier)" : "");
            } else if (event.type === "timeline") {
              showTimeline(timeline, event.html);
            } else if (event.type === "line") {
              var li = el("li", "live-line " + event.stream);
              li.appendChild(el("span", "t", "[" + seconds(event.t) + "] "));
              li.appendChild(d.createTextNode(event.text));
              li.setAttribute("data-t", String(event.t));
              list.appendChild(li);
            } else if (event.type === "set-aside") {
              list.textContent = "";
              timeline.textContent = "";
              status.textContent = "running again…";
              diags.appendChild(el("li", "live-diagnostic note", event.message));
            } else if (event.type === "lingered") {
              diags.appendChild(el("li", "live-diagnostic note", event.message));
            } else if (event.type === "done") {
              showTimeline(timeline, event.timeline);
              var all = event.checks || [];
              var failed = all.filter(function (c) { return !c.pass; }).length;
              // An exercise whose code does not pass yet is not a failure: it is not solved yet.
              var unsolved = event.status === "unsolved";
              var took = event.elapsed !== undefined ? " in " + seconds(event.elapsed) : "";
              status.textContent = unsolved
                ? "not yet solved: " + (all.length - failed) + " of " + all.length + " checks pass" + took +
                  "; change the code until they all do"
                : (WORDS[event.status] || event.status) + took + (failed ? " (" + failed + " check" + (failed === 1 ? "" : "s") + " failed)" : "");
              live = { status: event.status, code: sent };
              all.forEach(function (c) {
                var state = c.pass ? "pass" : unsolved ? "open" : "fail";
                var li = el("li", "live-check " + state);
                li.setAttribute("data-kind", c.kind);
                li.appendChild(el("span", "icon", c.pass ? "✓" : unsolved ? "○" : "✗"));
                li.appendChild(d.createTextNode(" " + (c.pass ? "" : unsolved ? "not yet " : "") + c.kind + ": " + c.message));
                if (!c.pass && c.place) { li.appendChild(el("span", "live-place", " — in " + c.place)); }
                if (!c.pass && c.diff && c.diff.length) { li.appendChild(diffTable(c.diff)); }
                checks.appendChild(li);
              });
              (event.diagnostics || []).forEach(function (dg) {
                var where = dg.place || (dg.line ? "line " + dg.line + ":" + dg.column : dg.file + ":" + dg.fileLine);
                diags.appendChild(el("li", "live-diagnostic " + dg.severity, where + ": " + dg.severity + ": " + dg.message));
              });
              editor.mark(event.diagnostics || []);
              if (event.error) { diags.appendChild(el("li", "live-diagnostic error", event.error)); }
            }
          });
        }).catch(showError).then(function () { run.disabled = false; running = false; refresh(); });
      });
    }, function () { /* not served live: leave the static page as it is */ });
  }

  function setupQuiz(article) {
    var quiz = stem.slice("quiz-".length);
    var base = "/api/quizzes/" + encodeURIComponent(quiz);
    var heading = d.getElementById("starter");
    var wrap = heading;
    while (wrap && !(wrap.classList && wrap.classList.contains("code-wrap"))) { wrap = wrap.nextElementSibling; }
    api("GET", base).then(json).then(function (state) {
      if (wrap) {
        heading.textContent = "Your answer";
        var onClass = state.answerFile === "your answer on the class server";
        var note = el("p", "muted", onClass
          ? "Saved as you type, on the class server."
          : "Saved as you type to " + state.answerFile + " (the file lesson grade reads).");
        heading.parentNode.insertBefore(note, heading.nextSibling);
        var editor = makeEditor(wrap, state.code, function (code) {
          api("PUT", base + "/answer", { code: code }).then(json).then(mark);
        });
        var bar = el("div", "live-controls");
        var grade = el("button", "live-grade", "Grade");
        var reset = el("button", "live-reset", "Reset to starter");
        grade.type = reset.type = "button";
        var edited = el("span", "live-edited", "edited");
        var status = el("span", "live-status");
        status.setAttribute("role", "status");
        bar.appendChild(grade); bar.appendChild(reset); bar.appendChild(edited); bar.appendChild(status);
        editor.input.parentNode.parentNode.insertBefore(bar, editor.input.parentNode.nextSibling);
        var results = el("ul", "live-checks");
        var diags = el("ul", "live-diagnostics");
        bar.parentNode.insertBefore(diags, bar.nextSibling);
        bar.parentNode.insertBefore(results, bar.nextSibling);
        function mark(s) { edited.hidden = !s.edited; }
        mark(state);
        reset.addEventListener("click", function () {
          editor.cancel();
          api("DELETE", base + "/answer").then(json).then(function (s) { editor.set(s.code); mark(s); });
        });
        grade.addEventListener("click", function () {
          editor.cancel();
          grade.disabled = true;
          results.textContent = ""; diags.textContent = "";
          status.textContent = "saving…";
          api("PUT", base + "/answer", { code: editor.input.value }).then(json).then(function (s) {
            mark(s);
            status.textContent = "compiling with the hidden checks…";
            return api("POST", base + "/grade", {});
          }).then(function (response) {
            return stream(response, function (event) {
              if (event.type === "queued") {
                status.textContent = "waiting: " + event.position + " ahead in the queue";
              } else if (event.type === "check") {
                status.textContent = "checking…";
                var li = el("li", "live-check " + event.status);
                li.textContent = event.status + " " + event.name + (event.message ? ": " + event.message : "");
                results.appendChild(li);
              } else if (event.type === "done") {
                var total = event.total || 0;
                status.textContent = event.status === "pass"
                  ? "All " + total + " check" + (total === 1 ? "" : "s") + " pass."
                  : (total ? event.passed + " of " + total + " checks pass." : event.status);
                if (event.results) {
                  results.textContent = "";
                  event.results.forEach(function (c) { results.appendChild(gradeCheck(c)); });
                }
                (event.warnings || []).forEach(function (w) {
                  diags.appendChild(el("li", "live-diagnostic warning", "warning: " + w));
                });
                if (event.message) { diags.appendChild(el("li", "live-diagnostic", event.message)); }
                (event.diagnostics || []).forEach(function (dg) {
                  if (dg.severity === "error" && !event.message) {
                    diags.appendChild(el("li", "live-diagnostic error", dg.place + ": error: " + dg.message));
                  }
                });
                if (event.replay) {
                  diags.appendChild(el("li", "live-seed", "Inputs drawn from seed " + event.seed + "; '" +
                    event.replay + "' replays them."));
                }
                editor.mark(event.diagnostics || []);
              }
            });
          }).catch(function (e) { status.textContent = String(e.message || e); })
            .then(function () { grade.disabled = false; });
        });
      }
      var hints = d.getElementById("hints");
      if (hints && state.hints > 0) {
        var box = el("div", "live-hints");
        var listed = el("ol", "");
        var next = el("button", "live-hint", "Show a hint (1 of " + state.hints + ")");
        next.type = "button";
        box.appendChild(el("h3", "", "Hints"));
        box.appendChild(listed);
        box.appendChild(next);
        hints.parentNode.replaceChild(box, hints);
        var shown = 0;
        function showNext() {
          return api("GET", base + "/hints/" + (shown + 1)).then(json).then(function (h) {
            shown = h.number;
            listed.appendChild(el("li", "", h.text));
            next.textContent = "Show a hint (" + (shown + 1) + " of " + h.count + ")";
            next.hidden = shown >= h.count;
          });
        }
        next.addEventListener("click", showNext);
        // In a class the server remembers the hints this learner opened: show them again.
        var again = Promise.resolve();
        for (var i = 0; i < (state.hintsSeen || 0); i++) { again = again.then(showNext); }
      }
    }, function () { /* not served live */ });
  }

  // Reload when this page's lesson or quiz changes on disk. A short poll, answered at once:
  // no page holds a connection open, so any number of tabs load.
  var version = null;
  function watch() {
    var path = "/api/changes" + (version === null ? "" : "?since=" + version);
    api("GET", path).then(json).then(function (changes) {
      var pages = changes.pages || [];
      if (version !== null && (pages.indexOf(page) >= 0 || pages.indexOf("*") >= 0)) { location.reload(); return; }
      version = changes.version;
      setTimeout(watch, 1000);
    }, function () { setTimeout(watch, 3000); });
  }

  if (isQuiz) {
    var article = d.querySelector("article.quiz");
    if (article) { setupQuiz(article); }
  } else {
    d.querySelectorAll("section.snippet[id^='snippet-']").forEach(setupSnippet);
  }
  watch();
})();
