/// Where everything of a workshop is, and what its names mean: the one place that spells
/// `Lessons/`, `Quizzes/`, every path under the local state folder (`.lesson/`), the
/// `NN-slug` naming rule and the site's page names. Pure: it computes paths and reads names;
/// it never touches the disk (the runner's `Workspace` does, asking it).
package struct WorkshopLayout: Sendable, Hashable {
    /// The folder of lessons, below the root.
    package static let lessonsFolder = "Lessons"
    /// The folder of quizzes, below the root.
    package static let quizzesFolder = "Quizzes"
    /// The local state folder's name, below the root (and in a learner's submitted folder).
    package static let stateFolder = ".lesson"
    /// The exercises' reference solutions, beside the lesson files (`Lessons/solutions/STEM/ID.swift`).
    package static let solutionsFolder = "solutions"
    /// A learner's working copies of exercises, below the root (`exercises/NN-ID.swift`).
    package static let exercisesFolder = "exercises"
    /// The static site's default folder, below the root (`lesson site` writes it).
    package static let siteFolder = "site"
    /// The answers folder's name, below a state folder.
    package static let answersFolder = "answers"
    /// The capstone's dataset folder's name, below a state folder (MovieSupport, which
    /// learners' snippets compile and which cannot import this module, spells it too).
    package static let moviesFolder = "movies"

    /// The workshop's root directory.
    package var root: String
    /// The local state folder: `ROOT/.lesson` unless one was chosen (`$LESSON_STATE_DIR`, or
    /// a server's folder per learner).
    package var state: String

    package init(root: String, state: String? = nil) {
        self.root = root
        self.state = state ?? "\(root)/\(Self.stateFolder)"
    }

    /// `ROOT/Lessons`.
    package var lessons: String { "\(root)/\(Self.lessonsFolder)" }
    /// `ROOT/Quizzes`.
    package var quizzes: String { "\(root)/\(Self.quizzesFolder)" }
    /// Where `lesson site` writes by default: `ROOT/site`.
    package var site: String { "\(root)/\(Self.siteFolder)" }
    /// The build cache: `STATE/cache`.
    package var cache: String { "\(state)/cache" }
    /// Recorded runs: `STATE/runs`.
    package var runs: String { "\(state)/runs" }
    /// Last grades: `STATE/grades`.
    package var grades: String { "\(state)/grades" }
    /// Answers and hint progress: `STATE/answers`.
    package var answers: String { "\(state)/\(Self.answersFolder)" }
    /// The capstone's generated dataset: `STATE/movies`.
    package var movies: String { "\(state)/\(Self.moviesFolder)" }
    /// The page `lesson serve --open` hands the browser, which sends it on to the tokened
    /// address: `STATE/serve-PORT-open.html`.
    package func serveOpenPage(port: Int) -> String { "\(state)/serve-\(port)-open.html" }

    /// The `.gitignore` of the learner edition: build products, the site and local state, but
    /// not `.lesson/answers/`, which a learner commits for grading where they push.
    package static let learnerGitignore = """
        .build/
        .swiftpm/
        \(siteFolder)/
        \(stateFolder)/*
        !\(stateFolder)/\(answersFolder)/

        """

    /// The learner's answer file for quiz `id`: `STATE/answers/ID/Answer.swift`.
    package func answerFile(quiz id: String) -> String { "\(answers)/\(id)/Answer.swift" }
    /// How many hints of quiz `id` were revealed: `STATE/answers/ID/hints-revealed`.
    package func hintsRevealed(quiz id: String) -> String { Self.hintsRevealed(quiz: id, state: state) }
    /// How many hints of quiz `id` were revealed, under the state folder `state` (one per
    /// learner, for a server that keeps them apart).
    package static func hintsRevealed(quiz id: String, state: String) -> String {
        "\(state)/\(answersFolder)/\(id)/hints-revealed"
    }
    /// The last grade of quiz `id`: `STATE/grades/ID.json`.
    package func grade(quiz id: String) -> String { "\(grades)/\(id).json" }
    /// The recorded run of the lesson whose identity is `identity` (`Lessons/NN-slug.md`):
    /// `STATE/runs/Lessons/NN-slug.md.json`.
    package func record(of identity: String) -> String { "\(runs)/\(identity).json" }

    // MARK: Names

    /// True for a name of a lesson or quiz entry: it starts with a digit (`04-gather.md`,
    /// `04-lazy-connection`).
    package static func isNumbered(_ name: String) -> Bool { name.first?.isNumber == true }

    /// True for a lesson file's name in `Lessons/`: numbered, ending in `.md`.
    package static func isLessonFile(_ name: String) -> Bool { isNumbered(name) && name.hasSuffix(".md") }

    /// The identity of a lesson file named `name` in `Lessons/`: `Lessons/NAME`.
    package static func lessonIdentity(fileName name: String) -> String { "\(lessonsFolder)/\(name)" }

    /// The stem of a lesson path: its last component without `.md` (`04-gather`).
    package static func stem(ofLessonPath path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return name.hasSuffix(".md") ? String(name.dropLast(3)) : name
    }

    /// A lesson's short name, as `lesson run` takes it and its page shows it: the number of
    /// the lesson at `path` as written (`04`), or its stem when it has none.
    package static func shortName(ofLessonPath path: String) -> String { number(of: stem(ofLessonPath: path)) }

    /// The number of an `NN-slug` stem as written (`04`), or the stem itself when it has none.
    package static func number(of stem: String) -> String {
        let digits = stem.prefix { $0.isNumber }
        return digits.isEmpty ? stem : String(digits)
    }

    /// The slug of an `NN-slug` stem (`gather`).
    package static func slug(of stem: String) -> String {
        let digits = stem.prefix { $0.isNumber }
        return String(stem.dropFirst(digits.count).drop { $0 == "-" })
    }

    /// True when `argument` names the `NN-slug` entry `stem` by number (`4`, `04`), slug or
    /// full name: the rule of `lesson run 04`, `lesson quiz gather` and the rest.
    package static func matches(stem: String, _ argument: String) -> Bool {
        let digits = stem.prefix { $0.isNumber }
        if let wanted = Int(argument) { return Int(digits) == wanted }
        return argument == stem || argument == slug(of: stem)
    }

    /// A name reduced to letters, digits, `-`, `_` and `.`, safe as a file name and in a URL.
    package static func safeFileName(_ name: String) -> String {
        String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) ? $0 : "-" })
    }

    /// The site's page of the lesson `stem`: `04-gather.html`.
    package static func lessonPage(stem: String) -> String { "\(safeFileName(stem)).html" }
    /// The site's page of the quiz `stem`: `quiz-04-lazy-connection.html`.
    package static func quizPage(stem: String) -> String { "quiz-\(safeFileName(stem)).html" }
}
