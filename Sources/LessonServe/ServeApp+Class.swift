import Foundation
import LessonCore
import LessonRunner
import LessonSupport
import Synchronization

/// The instructor's view of a class: who is working on what, each learner's lessons and quiz
/// grades, the room's pass rate per check (the class gradebook, as `lesson class grade`
/// computes it from its rows), the gradebook to export, and a way to stop a learner's runs.
/// Only the instructor's session reaches any of it; anyone else gets 404, so a learner
/// learns nothing of the roster, not even that the page exists.
extension ServeApp {
    /// One learner as the instructor's page shows them.
    struct LearnerView: Encodable, Sendable {
        var slot: Int
        var name: String
        /// When the learner last did something (ISO 8601), and what; nil before anything.
        var lastActivity: String?
        var lastWhat: String?
        /// Runs and gradings of theirs going on or waiting now.
        var active: Int
        /// Runs recorded (the last `LearnerRecord.keptRuns`), and how many passed.
        var runs: Int
        var runsPassed: Int
        /// Per lesson: snippets run, and how many of those passed on their last run.
        var lessons: [LessonView]
        /// Per quiz: hints opened.
        var hints: [String: Int]
    }

    /// One lesson of one learner.
    struct LessonView: Encodable, Sendable {
        var lesson: String
        var snippets: Int
        var passed: Int
    }

    /// What `GET /api/class` answers.
    struct RoomView: Encodable, Sendable {
        var learners: [LearnerView]
        /// The gradebook of every learner's last grade of each quiz (`missing` where none).
        var gradebook: Gradebook
    }

    /// Whether `desk` may see the room.
    private func isInstructor(_ desk: Desk) -> Bool {
        configuration.classRoom != nil && desk.holder == .instructor
    }

    /// The instructor's page: a shell whose script (`ServeFront/class.js`) fills it from
    /// `GET /api/class`.
    func instructorPage(_ call: ServeRoute.Call) {
        guard isInstructor(call.desk) else { return call.stream.respond(Self.notFound) }
        let html = """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>The room: lesson serve --class</title>
            <link rel="stylesheet" href="class.css">
            </head>
            <body>
            <main id="room" aria-live="polite"><h1>The room</h1><p>Loading…</p></main>
            <script>\(ServeScript.classSource)</script>
            </body>
            </html>

            """
        call.stream.respond(
            Self.secured(Self.file(html, type: "text/html; charset=utf-8"), policy: ServeScript.classPolicy))
    }

    /// The quizzes of the workshop that load, with their gradebook versions.
    private func gradebookQuizzes() -> [(quiz: Quiz, entry: Gradebook.Quiz)] {
        let catalog = configuration.workshop.catalog
        let quizzes = catalog.quizDirectories().compactMap { try? catalog.load($0) }
        let versions = ClassGrader(grader: grader, quizzes: quizzes)
        return quizzes.map { ($0, Gradebook.Quiz(id: $0.id, title: $0.title, version: versions.version(of: $0))) }
    }

    /// The room's gradebook: each learner's last grade of each quiz, `missing` where none.
    func roomGradebook() -> Gradebook {
        guard let room = configuration.classRoom else { return Gradebook(quizzes: [], rows: []) }
        let quizzes = gradebookQuizzes()
        var rows: [GradebookRow] = []
        for learner in room.learners {
            guard let desk = desk(for: .learner(learner.slot)) else { continue }
            let record = record(of: desk)
            for (quiz, _) in quizzes {
                rows.append(
                    record.grades[quiz.id] ?? GradebookRow(learner: learner.name, quiz: quiz.id, status: .missing))
            }
        }
        return Gradebook(quizzes: quizzes.map(\.entry), rows: rows)
    }

    /// `GET /api/class`.
    func roomState(_ desk: Desk) -> HTTPResponse {
        guard isInstructor(desk), let room = configuration.classRoom else { return Self.notFound }
        let active = work.withLock { state in
            state.tasks.values.reduce(into: [String: Int]()) { $0[$1.owner, default: 0] += 1 }
        }
        let learners = room.learners.compactMap { learner -> LearnerView? in
            guard let desk = self.desk(for: .learner(learner.slot)) else { return nil }
            let record = record(of: desk)
            let lessons = record.lessons.keys.sorted().map { stem in
                let snippets = record.lessons[stem] ?? [:]
                return LessonView(
                    lesson: stem, snippets: snippets.count, passed: snippets.values.filter { $0 == "pass" }.count)
            }
            return LearnerView(
                slot: learner.slot, name: learner.name, lastActivity: record.lastActivity, lastWhat: record.lastWhat,
                active: active[desk.queueOwner] ?? 0, runs: record.runs.count,
                runsPassed: record.runs.filter { $0.status == "pass" }.count, lessons: lessons, hints: record.hints)
        }
        return Self.json(RoomView(learners: learners, gradebook: roomGradebook()))
    }

    /// `GET /api/class/gradebook.json|csv`: the same files `lesson class grade` writes.
    func gradebookExport(_ desk: Desk, csv: Bool) -> HTTPResponse {
        guard isInstructor(desk) else { return Self.notFound }
        let book = roomGradebook()
        var response: HTTPResponse
        if csv {
            response = Self.file(GradebookCSV.render(book), type: "text/csv; charset=utf-8")
            response.headers.append(HTTPHeader("Content-Disposition", "attachment; filename=\"gradebook.csv\""))
        } else {
            response = Self.file((try? JSONText.document(book)) ?? "", type: "application/json")
            response.headers.append(HTTPHeader("Content-Disposition", "attachment; filename=\"gradebook.json\""))
        }
        return Self.secured(response)
    }

    /// `POST /api/class/learners/SLOT/stop`: stops every run and grading of that learner.
    func stopRuns(_ slot: String, _ desk: Desk) -> HTTPResponse {
        guard isInstructor(desk) else { return Self.notFound }
        guard let number = Int(slot), let learner = self.desk(for: .learner(number)) else { return Self.notFound }
        let stopped = stopRuns(owner: learner.queueOwner)
        return Self.json(["stopped": stopped])
    }
}
