(function () {
  "use strict";
  // The instructor's view of a `lesson serve --class` room: polls GET /api/class every two
  // seconds and shows who works on what, each learner's lessons and quiz grades, the room's
  // pass rate per check, the gradebook to export, and a button to stop a learner's runs.
  // Learner names are shown with textContent only: a name is text, never markup.
  var d = document;
  var room = d.getElementById("room");
  if (!room) { return; }

  function el(tag, cls, text) {
    var node = d.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function ago(iso) {
    if (!iso) { return "not yet"; }
    var seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
    if (seconds < 60) { return seconds + " s ago"; }
    if (seconds < 3600) { return Math.round(seconds / 60) + " min ago"; }
    return Math.round(seconds / 3600) + " h ago";
  }
  function percent(rate) { return Math.round(rate * 100) + "%"; }

  function stop(slot, button) {
    button.disabled = true;
    fetch("/api/class/learners/" + encodeURIComponent(slot) + "/stop", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json" }, body: "{}"
    }).then(function (r) { return r.json(); }).then(function (r) {
      button.textContent = "stopped " + r.stopped;
    }, function () { button.textContent = "could not stop"; });
  }

  function learnersTable(view) {
    var quizzes = view.gradebook.quizzes;
    var rows = {};
    view.gradebook.rows.forEach(function (row) { rows[row.learner + "\u0000" + row.quiz] = row; });
    var table = el("table", "room-learners");
    var head = el("tr");
    ["Learner", "Last activity", "Working on", "Runs now", "Runs passed", "Lessons"].forEach(function (h) {
      head.appendChild(el("th", null, h));
    });
    quizzes.forEach(function (q) {
      var th = el("th", null, q.id.slice(0, 2));
      th.title = q.title;
      head.appendChild(th);
    });
    head.appendChild(el("th", null, ""));
    var thead = el("thead");
    thead.appendChild(head);
    table.appendChild(thead);
    var body = el("tbody");
    view.learners.forEach(function (learner) {
      var tr = el("tr");
      tr.appendChild(el("th", "name", learner.name));
      tr.appendChild(el("td", null, ago(learner.lastActivity)));
      tr.appendChild(el("td", "what", learner.lastWhat || ""));
      tr.appendChild(el("td", learner.active ? "busy" : null, learner.active));
      tr.appendChild(el("td", null, learner.runsPassed + " of " + learner.runs));
      tr.appendChild(el("td", "lessons", learner.lessons.map(function (l) {
        return l.lesson.slice(0, 2) + " " + l.passed + "/" + l.snippets;
      }).join(", ")));
      quizzes.forEach(function (q) {
        var row = rows[learner.name + "\u0000" + q.id];
        var status = row ? row.status : "missing";
        var cell = el("td", "grade " + status, status === "missing" ? "–" : row.passed + "/" + row.total);
        cell.title = status + (row && row.reason ? ": " + row.reason : "") +
          (learner.hints[q.id] ? " (" + learner.hints[q.id] + " hints)" : "");
        tr.appendChild(cell);
      });
      var cell = el("td");
      var button = el("button", "stop", "Stop runs");
      button.type = "button";
      button.disabled = !learner.active;
      button.addEventListener("click", function () { stop(learner.slot, button); });
      cell.appendChild(button);
      tr.appendChild(cell);
      body.appendChild(tr);
    });
    table.appendChild(body);
    return table;
  }

  function checksTable(view) {
    var table = el("table", "room-checks");
    var head = el("tr");
    ["Quiz", "Check", "Passed", "Pass rate"].forEach(function (h) { head.appendChild(el("th", null, h)); });
    var thead = el("thead");
    thead.appendChild(head);
    table.appendChild(thead);
    var body = el("tbody");
    view.gradebook.checkRates.forEach(function (rate) {
      var tr = el("tr");
      tr.appendChild(el("td", null, rate.quiz));
      var name = el("td", null, rate.check);
      name.title = rate.lesson;
      tr.appendChild(name);
      tr.appendChild(el("td", null, rate.passed + " of " + rate.ran));
      var cell = el("td");
      var meter = el("meter");
      meter.min = 0; meter.max = 1; meter.value = rate.passRate;
      cell.appendChild(meter);
      cell.appendChild(d.createTextNode(" " + percent(rate.passRate)));
      tr.appendChild(cell);
      body.appendChild(tr);
    });
    table.appendChild(body);
    return table;
  }

  function render(view) {
    room.textContent = "";
    room.appendChild(el("h1", null, "The room"));
    var exports = el("p", "exports");
    exports.appendChild(d.createTextNode("Export the gradebook: "));
    [["gradebook.csv", "CSV"], ["gradebook.json", "JSON"]].forEach(function (pair, i) {
      var a = el("a", null, pair[1]);
      a.href = "/api/class/" + pair[0];
      a.setAttribute("download", pair[0]);
      if (i > 0) { exports.appendChild(d.createTextNode(" · ")); }
      exports.appendChild(a);
    });
    room.appendChild(exports);
    var rates = view.gradebook.quizRates.map(function (r) {
      return r.quiz.slice(0, 2) + ": " + r.passed + " of " + r.learners + " pass";
    }).join(" · ");
    room.appendChild(el("p", "rates", rates));
    room.appendChild(el("h2", null, "Learners"));
    var wrap = el("div", "scroll");
    wrap.appendChild(learnersTable(view));
    room.appendChild(wrap);
    room.appendChild(el("h2", null, "Pass rate per check"));
    if (view.gradebook.checkRates.length) {
      var checks = el("div", "scroll");
      checks.appendChild(checksTable(view));
      room.appendChild(checks);
    } else {
      room.appendChild(el("p", null, "No quiz graded yet."));
    }
  }

  function poll() {
    fetch("/api/class", { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) { throw new Error("HTTP " + r.status); }
      return r.json();
    }).then(function (view) {
      render(view);
      setTimeout(poll, 2000);
    }, function (e) {
      var note = room.querySelector(".error") || room.appendChild(el("p", "error"));
      note.textContent = "cannot reach the server (" + e.message + "); trying again";
      setTimeout(poll, 5000);
    });
  }
  poll();
})();
