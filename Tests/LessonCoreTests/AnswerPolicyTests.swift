import LessonCore
import Testing

/// The answer policy judges the compiler's JSON dump of an answer (these dumps are cut down
/// to the fields the policy reads): places come from byte offsets, types from their mangled
/// names, so no spelling of a foreign type gets through.
struct AnswerPolicyTests {
    /// A dump of `items` (JSON objects, as text).
    static func dump(_ items: [String]) -> String {
        #"{"_kind":"source_file","filename":"Answer.swift","items":["# + items.joined(separator: ",") + "]}"
    }

    static let source = """
        struct Mine {}
        extension Mine {}
        extension Array {}
        @_cdecl("x") func g() {}
        infix operator ~~~
        """

    @Test func foreignExtensionsAttributesAndOperatorsAreRefusedWithTheirPlace() {
        let items = [
            #"{"_kind":"struct_decl","range":{"start":0,"end":13},"name":{"base_name":{"name":"Mine"}}}"#,
            #"{"_kind":"extension_decl","range":{"start":15,"end":31},"extended_type":"$s6Answer4MineVD"}"#,
            #"{"_kind":"extension_decl","range":{"start":33,"end":50},"extended_type":"$sSaD"}"#,
            #"{"_kind":"func_decl","range":{"start":65,"end":75},"name":{"base_name":{"name":"g"}},"attrs":[{"_kind":"cdecl_attr","range":{"start":53,"end":63}}]}"#,
            #"{"_kind":"infix_operator_decl","range":{"start":83,"end":94}}"#,
        ]
        let found = AnswerPolicy.violations(inDump: Self.dump(items), source: Self.source, path: "Answer.swift")
        #expect(found.map { "\($0.line):\($0.column)" } == ["3:1", "4:2", "5:7"])
        #expect(found[0].message.contains("extend a type they do not declare themselves (Array)"))
        #expect(found[1].message.hasPrefix("answers may not use '@_cdecl'"))
        #expect(found[2].message.contains("declare operators"))
    }

    @Test func operatorFunctionsAreTheirsOnlyInsideTheirOwnTypes() {
        let equals =
            #"{"_kind":"func_decl","range":{"start":0,"end":1},"name":{"base_name":{"name":"==","is_operator":true}}}"#
        let own = #"{"_kind":"struct_decl","range":{"start":0,"end":1},"members":[\#(equals)]}"#
        #expect(AnswerPolicy.violations(inDump: Self.dump([own]), source: "x", path: "A.swift").isEmpty)
        let loose = AnswerPolicy.violations(inDump: Self.dump([equals]), source: "x", path: "A.swift")
        #expect(loose.count == 1 && loose[0].message.contains("operator function '=='"))
        let bool =
            #"{"_kind":"extension_decl","range":{"start":0,"end":1},"extended_type":"$sSbD","members":[\#(equals)]}"#
        #expect(AnswerPolicy.violations(inDump: Self.dump([bool]), source: "x", path: "A.swift").count == 2)
    }

    @Test func implicitAttributesAndOwnNestedTypesAreFine() {
        let items = [
            #"{"_kind":"var_decl","range":{"start":0,"end":1},"attrs":[{"_kind":"used_attr","implicit":true}]}"#,
            #"{"_kind":"extension_decl","range":{"start":0,"end":1},"extended_type":"$s6Answer4MineV5InnerVD"}"#,
        ]
        #expect(AnswerPolicy.violations(inDump: Self.dump(items), source: "x", path: "A.swift").isEmpty)
    }

    @Test func shadowingNamesAreRefusedAndStarterNamesAllowed() {
        let items = [
            #"{"_kind":"func_decl","range":{"start":0,"end":1},"name":{"base_name":{"name":"fetchAll"}}}"#,
            #"{"_kind":"func_decl","range":{"start":2,"end":3},"name":{"base_name":{"name":"write"}}}"#,
            #"{"_kind":"func_decl","range":{"start":4,"end":5},"name":{"base_name":{"name":"helper"}}}"#,
        ]
        let found = AnswerPolicy.violations(
            inDump: Self.dump(items), source: "a\nb\nc", path: "A.swift", starter: "func fetchAll() {}",
            trusted: ["Wire.write(bytes, to: 4)\nfetchAll()"])
        #expect(found.map { "\($0.line):\($0.column)" } == ["2:1"])
        #expect(found.first?.message.contains("declare 'write'") == true)
    }

    @Test func anUnreadableDumpIsRefusedNotPassed() {
        let found = AnswerPolicy.violations(inDump: "{not json", source: "", path: "A.swift")
        #expect(found.count == 1)
    }

    @Test func judgeReportsRoundTrip() {
        let records: [JudgeReport] = [
            .check(index: 2, task: 1, name: "a\tb", hint: "line\nbreak", lesson: "Lessons/x.md#y"), .pass,
            .fail(message: "back\\slash"),
        ]
        #expect(JudgeReport.parse(records.map(\.line).joined() + "noise\n") == records)
    }

    @Test func jsonValuesParse() {
        let value = JSONValue.parse(#"{"a":[1,true,null,"x\"\u00e9"],"b":{"c":-2.5e1}}"#)
        #expect(value?["a"]?.array?.count == 4)
        #expect(value?["a"]?.array?[3].string == "x\"é")
        #expect(value?["b"]?["c"] == .number(-25))
        #expect(JSONValue.parse("[1,]") == nil)
    }
}
