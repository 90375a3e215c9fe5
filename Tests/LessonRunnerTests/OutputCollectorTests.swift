import LessonCore
import LessonRunner
import Testing

/// The collector alone: bytes in, stamped and capped lines out, no process involved.
@Suite struct OutputCollectorTests {
    private func bytes(_ text: String) -> ArraySlice<UInt8> { Array(text.utf8)[...] }

    @Test func aLineSplitAcrossReadsIsStampedWhenItsFirstByteCame() {
        var collector = OutputCollector(start: 10, limit: 1000)
        collector.append(bytes("hel"), stream: .stdout, at: 11)
        collector.append(bytes("lo\nwor"), stream: .stdout, at: 12)
        collector.append(bytes("ld\n"), stream: .stdout, at: 13)
        collector.finish()
        #expect(
            collector.lines == [
                OutputLine(t: 1, stream: .stdout, text: "hello"), OutputLine(t: 2, stream: .stdout, text: "world"),
            ])
    }

    @Test func anUnterminatedLastLineIsKeptAtTheEnd() {
        var collector = OutputCollector(start: 0, limit: 1000)
        collector.append(bytes("done\npartial"), stream: .stderr, at: 1)
        #expect(collector.lines.map(\.text) == ["done"])
        collector.finish()
        #expect(collector.lines.map(\.text) == ["done", "partial"])
        #expect(collector.dropped.isEmpty)
    }

    @Test func linesOfBothStreamsAreOrderedByTimeAndTiesKeepTheirOrder() {
        var collector = OutputCollector(start: 0, limit: 1000)
        collector.append(bytes("late out\n"), stream: .stdout, at: 2)
        collector.append(bytes("early err\n"), stream: .stderr, at: 1)
        collector.append(bytes("a\nb\n"), stream: .stdout, at: 3)
        collector.append(bytes("c\n"), stream: .stderr, at: 3)
        collector.finish()
        #expect(collector.lines.map(\.text) == ["early err", "late out", "a", "b", "c"])
        #expect(collector.lines.map(\.stream) == [.stderr, .stdout, .stdout, .stdout, .stderr])
    }

    @Test func bytesPastTheCapAreCountedNotKept() {
        var collector = OutputCollector(start: 0, limit: 10)
        collector.append(bytes("0123456789abc\n"), stream: .stdout, at: 1)
        collector.append(bytes("more\n"), stream: .stdout, at: 2)
        collector.append(bytes("err\n"), stream: .stderr, at: 2)
        collector.finish()
        #expect(collector.lines(of: .stdout).map(\.text) == ["0123456789"])
        // "abc" and the whole next line with its newline.
        #expect(collector.dropped[.stdout] == 3 + 5)
        // The cap is per stream: stderr still has its room.
        #expect(collector.lines(of: .stderr).map(\.text) == ["err"])
        #expect(collector.dropped[.stderr] == nil)
    }

    @Test func emptyLinesCostTheirNewline() {
        var collector = OutputCollector(start: 0, limit: 5)
        collector.append(bytes(String(repeating: "\n", count: 12)), stream: .stdout, at: 1)
        collector.finish()
        #expect(collector.lines.count == 5)
        #expect(collector.dropped[.stdout] == 7)
    }

    @Test func linesPastTheLineLimitAreDroppedWhole() {
        var collector = OutputCollector(start: 0, limit: 1000, lineLimit: 3)
        collector.append(bytes("1\n2\n3\nfour\nfive\n"), stream: .stdout, at: 1)
        collector.finish()
        #expect(collector.lines.map(\.text) == ["1", "2", "3"])
        #expect(collector.dropped[.stdout] == "four\n".utf8.count + "five\n".utf8.count)
    }

    @Test func invalidUTF8BecomesReplacementCharactersAndSplitCharactersSurvive() {
        var collector = OutputCollector(start: 0, limit: 1000)
        collector.append([0xff, 0x41, 0x0a][...], stream: .stdout, at: 1)
        // "é" is C3 A9: its two bytes arrive in two reads.
        collector.append([0x63, 0x61, 0x66, 0xc3][...], stream: .stdout, at: 2)
        collector.append([0xa9, 0x0a][...], stream: .stdout, at: 3)
        collector.finish()
        #expect(collector.lines.map(\.text) == ["\u{FFFD}A", "café"])
    }

    @Test func theReportChannelIsCappedToo() {
        var collector = OutputCollector(start: 0, limit: 4)
        collector.appendReport(bytes("ab"))
        collector.appendReport(bytes("cdef"))
        #expect(collector.report == Array("abcd".utf8))
    }
}

extension OutputCollector {
    /// The kept lines of one stream.
    fileprivate func lines(of stream: StreamName) -> [OutputLine] { lines.filter { $0.stream == stream } }
}
