// libFuzzer entry point for the CommonMark parser and renderer; built with the module's
// sources by scripts/fuzz.sh (`swiftc -sanitize=fuzzer,address`).

/// Parses and renders one input as markdown; a crash, a hang or a sanitizer report is the
/// finding. Also checks that every block's lines lie inside the document.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCommonMark(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let document = CommonMark.parse(text)
    let lineCount = text.utf8.count + 1
    document.walk { block, _ in
        precondition(block.lines.lowerBound >= 1 && block.lines.upperBound <= lineCount, "block outside the text")
    }
    _ = CommonMark.renderHTML(document)
    return 0
}
