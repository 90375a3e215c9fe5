window.LESSON_SEARCH = [
{"t":"Swift concurrency workshop","p":"Swift concurrency workshop","u":"index.html","x":""},
{"t":"Lessons","p":"Swift concurrency workshop","u":"index.html#lessons","x":""},
{"t":"Quizzes","p":"Swift concurrency workshop","u":"index.html#quizzes","x":""},
{"t":"Running it yourself","p":"Swift concurrency workshop","u":"index.html#running","x":"The commands run in a terminal, in the workshop's folder. Put lesson on your PATH once per shell: swift build \u0026\u0026 export PATH=\"$(swift build --show-bin-path):$PATH\". lesson run 04 runs a lesson's snippets and checks them; lesson quiz 01 hands you a starter file and lesson grade 01 grades it; lesson site rebuilds these pages from the last recorded runs and grades. Press / to search, ← and → to turn pages."},
{"t":"Lesson 01: Fixture \"quotes\" \u0026 \u003ctags\u003e","p":"Lesson 01: Fixture \"quotes\" \u0026 \u003ctags\u003e","u":"01-fixture.html","x":"A tiny lesson that exercises every part of a lesson page. Some prose with a reference link and inline \u003ccode\u003e. func wait(_ ms: Int) async throws { try await Task.sleep(for: .milliseconds(ms)) }"},
{"t":"One after another","p":"Lesson 01: Fixture \"quotes\" \u0026 \u003ctags\u003e","u":"01-fixture.html#one-after-another","x":"for n in 1...3 { try await wait(500) print(\"step \\(n)\") }"},
{"t":"All at once","p":"Lesson 01: Fixture \"quotes\" \u0026 \u003ctags\u003e","u":"01-fixture.html#all-at-once","x":"@MainActor func report() { print(\"\u003cscript\u003ealert(1)\u003c/script\u003e\") } async let a: Void = wait(500) async let b: Void = wait(500) _ = try await (a, b) await report() print(\"done\")"},
{"t":"Mistakes","p":"Lesson 01: Fixture \"quotes\" \u0026 \u003ctags\u003e","u":"01-fixture.html#mistakes","x":"func f() async {} f() Try this in a list: let text = \"\"\" multi-line \\(1 + 2) \"\"\""},
{"t":"Lesson 02: Second","p":"Lesson 02: Second","u":"02-second.html","x":"No front matter, one snippet. print(\"hi\")"},
{"t":"Quiz 01: Run many at once","p":"Quiz 01: Run many at once","u":"quiz-01-fixture-quiz.html","x":"Fetch every URL at the same time. Write fetchAll(_:) so it takes as long as the slowest fetch."},
{"t":"Starter","p":"Quiz 01: Run many at once","u":"quiz-01-fixture-quiz.html#starter","x":"func fetchAll(_ urls: [String]) async throws -\u003e [String] { [] // TODO }"},
{"t":"Quiz 02: First answer wins","p":"Quiz 02: First answer wins","u":"quiz-02-graded.html","x":"Return the first server's answer."},
{"t":"Starter","p":"Quiz 02: First answer wins","u":"quiz-02-graded.html#starter","x":""}
];
