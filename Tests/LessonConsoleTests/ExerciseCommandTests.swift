import Foundation
import LessonCore
import LessonRunner
import Testing

/// `lesson exercise` writes an exercise's starter to `exercises/NN-ID.swift`, `lesson run NN
/// --exercise ID` checks that file, and `lesson run NN --solutions` runs the references: a
/// starter is `unsolved` (exit 0), a learner's failing file is `fail` (exit 1), and the
/// reference and a solved file pass.
extension RealProcesses.CommandLineTests {
    @Test func anExerciseIsWrittenToAFileCheckedThereAndItsReferencePasses() async throws {
        let state = stateDirectory()
        let workshop = stateDirectory()
        let lessons = "\(workshop)/Lessons"
        try FileManager.default.createDirectory(
            atPath: "\(lessons)/solutions/01-tiny", withIntermediateDirectories: true)
        try """
        # Tiny

        ```swift exercise id=two
        print("one")
        ```

        ```output
        two
        ```

        ```hint
        Print the other word.
        ```
        """.write(toFile: "\(lessons)/01-tiny.md", atomically: true, encoding: .utf8)
        try "print(\"two\")\n".write(
            toFile: "\(lessons)/solutions/01-tiny/two.swift", atomically: true, encoding: .utf8)

        let starter = try await lesson(["run", "01", "--json"], state: state, in: workshop)
        #expect(starter.status == 0, "an unsolved starter is not a failure: \(starter.stderr)")
        #expect(starter.stdout.contains("\"mode\" : \"exercise\""))
        #expect(starter.stdout.contains("\"status\" : \"unsolved\""))

        let reference = try await lesson(["run", "01", "--solutions"], state: state, in: workshop)
        #expect(reference.status == 0, "\(reference.stdout)\(reference.stderr)")
        #expect(reference.stdout.contains("1 passed"))

        let written = try await lesson(["exercise", "01", "two"], state: state, in: workshop)
        #expect(written.status == 0, "\(written.stderr)")
        let file = "\(workshop)/exercises/01-two.swift"
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "print(\"one\")\n")
        #expect(written.stdout.contains("lesson run 01 --exercise two"))

        let unsolved = try await lesson(["run", "01", "--exercise", "two"], state: state, in: workshop)
        #expect(unsolved.status == 1, "the learner's own file fails until it passes: \(unsolved.stdout)")

        try "print(\"two\")\n".write(toFile: file, atomically: true, encoding: .utf8)
        let again = try await lesson(["exercise", "01", "two"], state: state, in: workshop)
        #expect(again.stdout.contains("already there, left as it is"))
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "print(\"two\")\n")
        let solved = try await lesson(["run", "01", "--exercise", "two"], state: state, in: workshop)
        #expect(solved.status == 0, "\(solved.stdout)\(solved.stderr)")

        let hint = try await lesson(["exercise", "01", "two", "--hint", "1"], state: state, in: workshop)
        #expect(hint.stdout == "Hint 1 of 1:\nPrint the other word.")

        try FileManager.default.removeItem(atPath: "\(lessons)/solutions/01-tiny/two.swift")
        let missing = try await lesson(["run", "01", "--solutions"], state: state, in: workshop)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("01-tiny.md:3:1: error: exercise 'two' has no reference solution"))
    }
}
