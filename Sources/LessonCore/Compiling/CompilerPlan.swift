/// The jobs `swiftc` runs for one compile (the frontend, then `swift-autolink-extract`, then
/// the link), learnt once from `swiftc -###` with placeholder paths, so that later compiles
/// with the same flags start those jobs directly instead of the driver: the driver itself
/// costs a cold snippet's compile about a fifth of its CPU time (BENCHMARKS.md).
///
/// A plan is only made when the driver's jobs have exactly the shape below; anything else
/// (another toolchain's driver, an extra job, an unknown use of a placeholder) gives no plan,
/// and the compile goes through `swiftc` as before.
package struct CompilerPlan: Sendable, Hashable, Codable {
    /// The jobs, in order; each is a program and its arguments, with the placeholders below.
    package var jobs: [[String]]

    /// What stands for the compile's input files in the jobs (expanded to every input).
    package static let inputs = "/lesson-compiler-plan/INPUTS.swift"
    /// What stands for the executable written by the link.
    package static let output = "/lesson-compiler-plan/OUTPUT"
    /// What stands for the driver's temporary directory (the object and autolink files).
    package static let temporary = "/lesson-compiler-plan/TMP"

    package init(jobs: [[String]]) {
        self.jobs = jobs
    }

    /// The plan in `swiftc -###`'s output for a compile of `inputs` alone into `output`, or
    /// nil when the output is not the three jobs of a plain compile. The driver's temporary
    /// directory is found as the folder of the frontend's `-o`.
    package static func parse(_ text: String) -> CompilerPlan? {
        let lines = text.split(whereSeparator: \.isNewline).filter { !$0.allSatisfy(\.isWhitespace) }
        var jobs = lines.compactMap { ShellWords.split(String($0)) }
        guard jobs.count == 3, lines.count == 3, jobs.allSatisfy({ !$0.isEmpty }) else { return nil }
        let (frontend, autolink, link) = (jobs[0], jobs[1], jobs[2])
        guard frontend[0].hasSuffix("/swift-frontend"), frontend.count > 3, frontend[1] == "-frontend",
            frontend[2] == "-c", frontend.filter({ $0 == inputs }).count == 1,
            let object = value(after: "-o", in: frontend), object.hasSuffix(".o"),
            let slash = object.lastIndex(of: "/"), autolink[0].hasSuffix("/swift-autolink-extract"),
            value(after: "-o", in: link) == output, link.filter({ $0 == output }).count == 1
        else { return nil }
        let directory = String(object[..<slash])
        guard directory.count > 1 else { return nil }
        jobs = jobs.map { job in
            job.map { argument in argument.replacing(directory + "/", with: temporary + "/") }
        }
        // Nothing else may name a placeholder, and the temporary directory may appear only
        // where it was replaced: anything else is a plan this parser does not understand.
        for job in jobs {
            for argument in job where argument.contains("/lesson-compiler-plan/") {
                guard argument == inputs || argument == output || argument.contains(temporary + "/") else {
                    return nil
                }
            }
            guard !job.contains(where: { $0.contains(directory) }) else { return nil }
        }
        return CompilerPlan(jobs: jobs)
    }

    /// The jobs for a compile of `inputs` into `output`, with the driver's temporary files
    /// in `temporary`.
    package func jobs(inputs: [String], output: String, temporary: String) -> [[String]] {
        jobs.map { job in
            job.flatMap { argument -> [String] in
                if argument == Self.inputs { return inputs }
                if argument == Self.output { return [output] }
                return [argument.replacing(Self.temporary + "/", with: temporary + "/")]
            }
        }
    }

    private static func value(after flag: String, in job: [String]) -> String? {
        guard let index = job.lastIndex(of: flag), index + 1 < job.count else { return nil }
        return job[index + 1]
    }
}

/// Words of a command line as a POSIX shell splits them (what `swiftc -###` prints): blanks
/// separate words; `'…'` is literal; `"…"` is literal but for `\"`, `\\`, `\$` and `` \` ``;
/// a backslash outside quotes keeps the next character. Nil for an unterminated quote or
/// anything a shell would expand (`$`, `` ` `` outside single quotes, globs are kept literal).
package enum ShellWords {
    package static func split(_ line: String) -> [String]? {
        var words: [String] = []
        var word = ""
        var inWord = false
        var characters = line.makeIterator()
        while let character = characters.next() {
            switch character {
            case " ", "\t":
                if inWord { words.append(word) }
                word = ""
                inWord = false
            case "'":
                inWord = true
                var closed = false
                while let next = characters.next() {
                    if next == "'" {
                        closed = true
                        break
                    }
                    word.append(next)
                }
                guard closed else { return nil }
            case "\"":
                inWord = true
                var closed = false
                while let next = characters.next() {
                    if next == "\"" {
                        closed = true
                        break
                    }
                    if next == "$" || next == "`" { return nil }
                    if next == "\\" {
                        guard let escaped = characters.next() else { return nil }
                        if !["\"", "\\", "$", "`"].contains(escaped) { word.append("\\") }
                        word.append(escaped)
                    } else {
                        word.append(next)
                    }
                }
                guard closed else { return nil }
            case "\\":
                guard let escaped = characters.next() else { return nil }
                inWord = true
                word.append(escaped)
            case "$", "`":
                return nil
            default:
                inWord = true
                word.append(character)
            }
        }
        if inWord { words.append(word) }
        return words
    }
}
