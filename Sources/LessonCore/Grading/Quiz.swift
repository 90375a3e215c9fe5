/// A quiz as read from `Quizzes/NN-slug/`: the question, the starter the learner copies, the
/// judge (the hidden checks), the adapter that connects an answer to the judge, and the
/// reference solution.
package struct Quiz: Sendable, Hashable {
    /// The directory name, e.g. `04-lazy-connection`.
    package var id: String
    /// The number in front of the name, e.g. 4; nil when the name has none.
    package var number: Int?
    /// The name without its number, e.g. `lazy-connection`.
    package var slug: String
    /// Path of the quiz directory.
    package var directory: String
    /// The title from the README's front matter or first heading.
    package var title: String
    /// The README's `summary:`, if it has one.
    package var summary: String?
    /// The README's text (the question).
    package var readme: String
    /// `Starter.swift`: what the learner starts from.
    package var starter: String
    /// `Judge.swift`: the hidden checks and the instrumented world they serve.
    package var judge: String
    /// `Adapter.swift`: the answer's side of the pipes; calls the learner's functions.
    package var adapter: String
    /// `Solution.swift`, when the quiz has one.
    package var solution: String?
    /// The README's `timeout:`: how long each check may run, in seconds.
    package var timeout: Double?
    /// The README's `hints:`, in order.
    package var hints: [String] = []

    package init(
        id: String, directory: String, title: String, readme: String, starter: String,
        judge: String, adapter: String
    ) {
        self.id = id
        self.number = Int(WorkshopLayout.number(of: id))
        self.slug = WorkshopLayout.slug(of: id)
        self.directory = directory
        self.title = title
        self.readme = readme
        self.starter = starter
        self.judge = judge
        self.adapter = adapter
    }

    /// True when `argument` names this quiz: its number (`4`, `04`), slug or directory name.
    package func matches(_ argument: String) -> Bool {
        Self.matches(id: id, argument)
    }

    /// True when `argument` names the quiz directory `id` by number, slug or full name.
    package static func matches(id: String, _ argument: String) -> Bool {
        WorkshopLayout.matches(stem: id, argument)
    }

    /// The `hints:` of a README's front matter: one line (`hints: …`) or the `- item` lines
    /// below it, as `FrontMatter` reads them.
    package static func hints(in readme: String) -> [String] {
        FrontMatter.parse(LessonParser.normalizeLineEndings(readme)).0.hints
    }
}
