import LessonCore
import LessonRunner
import LessonSite

/// `lesson site`'s work: reads every lesson's last recorded run, runs (and records) a lesson
/// only when it has no recording or `run` is asked (never with `neverRun`: unrecorded lessons
/// show as "not run yet"), renders every lesson and quiz, and the instructor's page of
/// `gradebook` when given, writes the site into `out` (default: the layout's site folder) and
/// prints what it wrote and how long each step took.
package enum SiteBuilding {
    package static func build(out: String?, run: Bool, neverRun: Bool, gradebook: Gradebook?) async throws {
        let started = MonotonicClock.now()
        let workspace = try Workspace.chosen()
        try workspace.requireWorkshop()
        let output = out ?? workspace.layout.site
        let workshop = try Workshop.load(workspace)
        var session: Session?
        let items = workshop.lessons.map {
            SiteLesson(stem: $0.stem, document: $0.document, recorded: $0.recorded)
        }
        func runs(_ item: SiteLesson) -> Bool {
            item.diagnostics.isEmpty && !neverRun && (run || item.recorded == nil)
        }
        // The lessons to run first: on a terminal a status line counts them down (on
        // standard error, beside the plain "running …" lines it replaces there).
        let status = StatusLine(total: items.filter(runs).count, descriptor: 2)
        var lessons: [SiteLesson] = []
        for var item in items {
            if runs(item) {
                if session == nil { session = try Session.open() }
                if let session {
                    item.recorded = try await runAndRecord(item.lesson, session: session, status: status)
                }
            }
            lessons.append(item)
        }
        status.clear()
        let quizzes = readQuizzes(workshop)
        let read = MonotonicClock.now()
        var files = LessonSite.render(lessons: lessons, quizzes: quizzes)
        if let gradebook { files.append(ClassPage(gradebook: gradebook, lessons: lessons).render()) }
        let rendered = MonotonicClock.now()
        let bytes = try workspace.write(files.map { ($0.path, $0.contents) }, into: output)
        let finished = MonotonicClock.now()
        let pages = files.filter { $0.path.hasSuffix(".html") }.count
        writeStandardOutput(
            "wrote \(pages) pages (\(files.count) files, \(bytes / 1024) KiB) to \(workspace.displayPath(output))/; "
                + "open \(workspace.displayPath(output))/index.html\n"
                + "site timing: read+run \(formatSeconds(read - started)), render "
                + "\(formatSeconds(rendered - read)), write \(formatSeconds(finished - rendered))\n")
    }

    /// Runs a lesson, records the run and returns the recording.
    private static func runAndRecord(_ lesson: Lesson, session: Session, status: StatusLine) async throws
        -> RecordedRun?
    {
        if status.drawn {
            status.now("running \(lesson.path)")
        } else {
            writeStandardError("running \(lesson.path) (no recorded run yet, or --run)\n")
        }
        _ = try await session.runAndRecord(lesson)
        status.finished()
        return session.workspace.lastRun(of: lesson.path)
    }

    /// Every quiz of the workshop that loaded: the question, the starter and the learner's
    /// last grade. The checks and the reference solution never reach the site.
    private static func readQuizzes(_ workshop: Workshop) -> [SiteQuiz] {
        workshop.quizzes.compactMap { entry in
            guard let quiz = entry.quiz else {
                writeStandardError(
                    "skipping quiz \(entry.id): \(entry.problems.count) problem(s); see 'lesson quiz \(entry.id)'\n")
                return nil
            }
            return SiteQuiz(stem: entry.id, readme: quiz.readme, starter: quiz.starter, grade: entry.grade)
        }
    }
}
