// libFuzzer entry point for the site's Swift highlighter; built with its sources by
// scripts/fuzz.sh (`swiftc -sanitize=fuzzer,address`).

/// Tokenizes one input as Swift; a crash, a hang or a sanitizer report is the finding, and
/// so is a tokenization that loses or changes text, or HTML that lets a `<` through.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHighlighter(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let tokens = SwiftHighlighter.tokenize(text)
    precondition(tokens.map(\.text).joined() == text, "the tokens do not give back the source")
    precondition(zip(tokens, tokens.dropFirst()).allSatisfy { $0.kind != $1.kind }, "neighbours of one kind")
    let html = SwiftHighlighter.html(text)
    // Byte by byte: a combining mark after a tag's `>` would join it in one Character.
    let bytes = Array(html.utf8)
    let opening = Array("<span class=\"".utf8)
    let closing = Array("</span>".utf8)
    for index in bytes.indices where bytes[index] == UInt8(ascii: "<") {
        let rest = bytes[index...]
        let isTag =
            rest.starts(with: closing)
            || (rest.starts(with: opening)
                && rest.dropFirst(opening.count).prefix { $0 != UInt8(ascii: "\"") }.allSatisfy {
                    $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")
                })
        precondition(isTag, "an unescaped < in the highlighted HTML")
    }
    return 0
}
