import LessonConsole
import LessonCore
import LessonRunner
import LessonSite

/// `lesson site [--out DIR] [--run | --no-run]`: renders every lesson and quiz into a static
/// site. Reads each lesson's last recorded run; runs (and records) a lesson only when it has no
/// recording or `--run` is given. `--no-run` never runs anything: unrecorded lessons show as
/// "not run yet". `--class DIR` adds the instructor's page of the gradebook in DIR (`class.html`,
/// linked from no other page).
enum SiteCommand {
    static func run(_ words: [String]) async -> Int32 {
        do {
            let arguments = try Arguments(words, flags: ["run", "no-run"], options: ["out", "class"])
            guard arguments.positional.isEmpty else {
                throw UsageError("'lesson site' takes no lesson names; it renders them all")
            }
            guard !(arguments.has("run") && arguments.has("no-run")) else {
                throw UsageError("pass either --run or --no-run, not both")
            }
            let gradebook = try arguments.value("class").map { directory throws(UsageError) in
                try ClassGrader.read(directory)
            }
            try await SiteBuilding.build(
                out: arguments.value("out"), run: arguments.has("run"), neverRun: arguments.has("no-run"),
                gradebook: gradebook)
            return CLI.Exit.passed
        } catch {
            return CLI.exitCode(for: error)
        }
    }
}
