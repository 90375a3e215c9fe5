import Foundation
import LessonServe
import Testing

/// `StreamEvent` is an enum; its JSON is byte for byte what the page read when it was a
/// struct of optionals (these lines were written by that struct).
@Suite struct StreamEventWireTests {
    @Test func everyEventEncodesAsBefore() throws {
        let diagnostic = try JSONDecoder().decode(
            ServeMessages.EditorDiagnostic.self,
            from: Data(#"{"line":2,"column":3,"severity":"error","message":"m","file":"f.md","fileLine":9}"#.utf8))
        var ran = ServeMessages.StreamEvent.Ran(
            status: "fail", checks: [], error: "boom", seconds: 1.5, cached: false, diagnostics: [diagnostic])
        ran.elapsed = 0.75
        ran.exitCode = 1
        ran.signal = 9
        ran.timedOut = true
        let cases: [(ServeMessages.StreamEvent, String)] = [
            (.queued(position: 2), #"{"position":2,"type":"queued"}"#),
            (.started, #"{"type":"started"}"#),
            (.compiled(cached: true), #"{"cached":true,"type":"compiled"}"#),
            (
                .line(t: 0.5, stream: "stdout", text: "a/b \"q\" é"),
                #"{"stream":"stdout","t":0.5,"text":"a/b \"q\" é","type":"line"}"#
            ),
            (.setAside(message: "held back"), #"{"message":"held back","type":"set-aside"}"#),
            (
                .check(name: "n", status: "pass", message: "m", hint: "h", seconds: 0.25),
                #"{"hint":"h","message":"m","name":"n","seconds":0.25,"status":"pass","type":"check"}"#
            ),
            (
                .ran(ran),
                #"{"cached":false,"checks":[],"diagnostics":[{"column":3,"file":"f.md","fileLine":9,"line":2,"#
                    + #""message":"m","severity":"error"}],"elapsed":0.75,"error":"boom","exitCode":1,"seconds":1.5,"#
                    + #""signal":9,"status":"fail","timedOut":true,"type":"done"}"#
            ),
            (
                .ran(.init(status: "pass", checks: [], error: nil, seconds: nil, cached: nil, diagnostics: [])),
                #"{"checks":[],"diagnostics":[],"status":"pass","type":"done"}"#
            ),
            (
                .graded(.init(status: "pass", message: "ok", passed: 3, total: 4, diagnostics: [])),
                #"{"diagnostics":[],"message":"ok","passed":3,"status":"pass","total":4,"type":"done"}"#
            ),
            (
                .graded(.init(status: "error", message: nil, passed: 0, total: 0, diagnostics: [])),
                #"{"diagnostics":[],"passed":0,"status":"error","total":0,"type":"done"}"#
            ),
            (.failed(error: "x"), #"{"error":"x","status":"error","type":"done"}"#),
            (.error("no"), #"{"error":"no","type":"error"}"#),
        ]
        for (event, line) in cases {
            #expect(ServeMessages.line(event) == line + "\n")
        }
    }
}
