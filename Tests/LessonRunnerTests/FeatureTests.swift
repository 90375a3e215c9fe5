import LessonCore
import LessonRunner
import TestSupport
import Testing

/// `feature=` compiles one snippet with an upcoming feature: the same code behaves
/// differently with and without it, and a name the compiler does not know is a compile
/// error at the snippet's fence.
extension RealProcesses {
    @Suite struct FeatureTests {
        @Test func aFeatureChangesOneSnippetOnly() async throws {
            let (_, report) = try await Fixtures.run("features.md")
            #expect(report["default-mode"]?.status == .pass)
            #expect(report["default-mode"]?.run?.lines.map(\.text) == ["runs on: nonisolated"])
            #expect(report["nonsending"]?.status == .pass)
            #expect(report["nonsending"]?.run?.lines.map(\.text) == ["runs on: MainActor"])
        }

        @Test func mainActorDefaultIsolationIsolatesAnUnmarkedFunction() async throws {
            let (_, report) = try await Fixtures.run("features.md")
            #expect(report["main-actor-default"]?.status == .pass)
            #expect(report["main-actor-default"]?.run?.lines.map(\.text) == ["runs on: MainActor"])
        }

        @Test func anUnknownFeatureIsALocatedCompileError() async throws {
            let (_, report) = try await Fixtures.run("features.md")
            let unknown = try #require(report["unknown"])
            #expect(unknown.failedKinds == ["compile"])
            #expect(unknown.run == nil)
            let diagnostic = try #require(unknown.compile?.diagnostics.first)
            #expect(diagnostic.file.hasSuffix("Fixtures/features.md"))
            #expect(diagnostic.line == 36)
            #expect(diagnostic.severity == .error)
            #expect(diagnostic.message == "upcoming feature 'NoSuchFeatureEver' is not known to this compiler")
        }

        @Test func theFeatureIsPartOfTheCacheKey() {
            let lesson = Lesson(path: "x.md", source: "", title: "x")
            var plain = Snippet(id: "a", line: 1, column: 1, code: "print(1)\n", codeLine: 2)
            let before = LessonRun.buildRequest(for: plain, in: lesson)
            plain.features = ["NonisolatedNonsendingByDefault"]
            let after = LessonRun.buildRequest(for: plain, in: lesson)
            #expect(before.extraFlags.isEmpty)
            #expect(after.extraFlags == ["-enable-upcoming-feature", "NonisolatedNonsendingByDefault"])
            #expect(before != after)
            var isolated = plain
            isolated.defaultIsolation = .mainActor
            let mainActor = LessonRun.buildRequest(for: isolated, in: lesson)
            #expect(
                mainActor.extraFlags == [
                    "-enable-upcoming-feature", "NonisolatedNonsendingByDefault", "-default-isolation", "MainActor",
                ])
            plain.features = []
            plain.defaultIsolation = .mainActor
            #expect(LessonRun.buildRequest(for: plain, in: lesson).extraFlags == ["-default-isolation", "MainActor"])
        }
    }
}
