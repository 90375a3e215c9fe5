import LessonCore
import Testing

/// `swiftc -###` read into a plan: the three jobs of a plain compile, or no plan at all.
struct CompilerPlanTests {
    static let temporary = "/tmp/lesson tmp/TemporaryDirectory.AbC123"
    static let printed = """
        /opt/swift/usr/bin/swift-frontend -frontend -c /lesson-compiler-plan/INPUTS.swift -target x86_64-unknown-linux-gnu -I '/cache/support it'\\''s' -module-name Snippet -o '\(temporary)/Snippet-1.o'
        /opt/swift/usr/bin/swift-autolink-extract '\(temporary)/Snippet-1.o' -o '\(temporary)/Snippet-2.autolink'
        /opt/swift/usr/bin/clang -fuse-ld=lld '\(temporary)/Snippet-1.o' '@\(temporary)/Snippet-2.autolink' -L /opt/swift/usr/lib/swift/linux -lswiftCore -o /lesson-compiler-plan/OUTPUT

        """

    @Test func theDriversThreeJobsBecomeAPlanThatTakesAnyInputsAndOutput() throws {
        let plan = try #require(CompilerPlan.parse(Self.printed))
        let jobs = plan.jobs(inputs: ["/b/main.swift", "/b/Answer.swift"], output: "/b/main", temporary: "/b/.driver")
        #expect(jobs.count == 3)
        #expect(
            jobs[0] == [
                "/opt/swift/usr/bin/swift-frontend", "-frontend", "-c", "/b/main.swift", "/b/Answer.swift", "-target",
                "x86_64-unknown-linux-gnu", "-I", "/cache/support it's", "-module-name", "Snippet", "-o",
                "/b/.driver/Snippet-1.o",
            ])
        #expect(
            jobs[1] == [
                "/opt/swift/usr/bin/swift-autolink-extract", "/b/.driver/Snippet-1.o", "-o",
                "/b/.driver/Snippet-2.autolink",
            ])
        #expect(jobs[2].contains("@/b/.driver/Snippet-2.autolink"))
        #expect(jobs[2].suffix(2) == ["-o", "/b/main"])
        #expect(!jobs.joined().contains { $0.contains("lesson-compiler-plan") || $0.contains("TemporaryDirectory") })
    }

    @Test func anythingButAPlainCompileGivesNoPlan() {
        let lines = Self.printed.split(separator: "\n").map(String.init)
        let cases: [(String, String)] = [
            ("no jobs", ""),
            ("a fourth job", Self.printed + "/usr/bin/strip /lesson-compiler-plan/OUTPUT\n"),
            ("two jobs", lines[0] + "\n" + lines[2]),
            ("no frontend first", [lines[1], lines[0], lines[2]].joined(separator: "\n")),
            ("inputs twice", Self.printed.replacing("-target", with: "/lesson-compiler-plan/INPUTS.swift -target")),
            ("output elsewhere", Self.printed.replacing("-o /lesson-compiler-plan/OUTPUT", with: "-o /x/out")),
            ("another placeholder", Self.printed.replacing("-lswiftCore", with: "-L /lesson-compiler-plan/lib")),
            ("the temporary folder named bare", Self.printed.replacing("-lswiftCore", with: "-L '\(Self.temporary)'")),
            ("an unterminated quote", Self.printed.replacing("-lswiftCore", with: "'-lswiftCore")),
            ("a shell expansion", Self.printed.replacing("-lswiftCore", with: "$HOME")),
        ]
        for (name, text) in cases {
            #expect(CompilerPlan.parse(text) == nil, "\(name)")
        }
    }

    @Test func wordsSplitAsAShellSplitsThem() {
        #expect(
            ShellWords.split(#"a 'b c' "d \"e\" \\f" g\ h '' x'y'z"#) == ["a", "b c", #"d "e" \f"#, "g h", "", "xyz"])
        #expect(ShellWords.split("  spaced\tout  ") == ["spaced", "out"])
        #expect(ShellWords.split(#""a\nb""#) == [#"a\nb"#])
        #expect(ShellWords.split("'open") == nil)
        #expect(ShellWords.split("\"open") == nil)
        #expect(ShellWords.split("trailing\\") == nil)
        #expect(ShellWords.split("`cmd`") == nil)
    }
}
