/// What a Swift object file asks the linker for (`-lswiftCore`, `-lFoundation`, …): the bytes
/// of its `.swift1_autolink_entries` sections, NUL-separated flags. `swift-autolink-extract`
/// turns them into the file the link reads, in an order of its own (it moves the runtime's
/// libraries after the rest, in a list that changes between toolchains), so `lesson` does not
/// redo that: it keeps what the real tool wrote for each distinct section content, per
/// toolchain, and reuses it for the next object that asks for the same libraries, sparing a
/// process per compile (BENCHMARKS.md). Same bytes in, same file out.
///
/// Only a 64-bit little-endian ELF relocatable object is read (what `swift-frontend -c`
/// writes on Linux); anything else, or a file whose headers point outside it, gives nil and
/// the compile runs `swift-autolink-extract` as before.
package enum AutolinkEntries {
    /// The name of the sections that hold the entries.
    static let section = ".swift1_autolink_entries"

    /// The contents of `object`'s autolink sections, in file order, or nil when it is not an
    /// object this reader understands.
    package static func extract(_ object: [UInt8]) -> [UInt8]? {
        // e_ident: magic, ELFCLASS64 (2), ELFDATA2LSB (1); e_type ET_REL (1).
        guard object.count >= 64, object[0] == 0x7F, object[1] == 0x45, object[2] == 0x4C, object[3] == 0x46,
            object[4] == 2, object[5] == 1, integer(object, at: 16, size: 2) == 1,
            let tableOffset = integer(object, at: 0x28, size: 8),
            let entrySize = integer(object, at: 0x3A, size: 2), entrySize >= 64,
            let count = integer(object, at: 0x3C, size: 2),
            let namesIndex = integer(object, at: 0x3E, size: 2), namesIndex < count
        else { return nil }
        func header(_ index: Int) -> (name: Int, offset: Int, size: Int, type: Int)? {
            let (start, overflow) = tableOffset.addingReportingOverflow(index * entrySize)
            guard !overflow, let name = integer(object, at: start, size: 4),
                let type = integer(object, at: start + 4, size: 4),
                let offset = integer(object, at: start + 0x18, size: 8),
                let size = integer(object, at: start + 0x20, size: 8)
            else { return nil }
            return (name, offset, size, type)
        }
        guard let names = header(namesIndex), let nameSlice = bytes(object, names.offset, names.size) else {
            return nil
        }
        let nameBytes = Array(nameSlice)
        var entries: [UInt8] = []
        for index in 0..<count {
            guard let section = header(index), section.name < nameBytes.count else { return nil }
            let name = nameBytes[section.name...].prefix { $0 != 0 }
            guard name.elementsEqual(Self.section.utf8) else { continue }
            // SHT_NOBITS (8) holds no bytes in the file.
            guard section.type != 8, let contents = bytes(object, section.offset, section.size) else { return nil }
            entries += contents
            entries.append(0)
        }
        return entries
    }

    /// A little-endian unsigned integer of `size` bytes at `offset`, or nil past the end (or
    /// too large for an `Int`).
    private static func integer(_ bytes: [UInt8], at offset: Int, size: Int) -> Int? {
        guard offset >= 0, size <= 8, offset <= bytes.count - size else { return nil }
        var value: UInt64 = 0
        for index in (0..<size).reversed() {
            value = value << 8 | UInt64(bytes[offset + index])
        }
        return value <= UInt64(Int.max) ? Int(value) : nil
    }

    private static func bytes(_ bytes: [UInt8], _ offset: Int, _ size: Int) -> ArraySlice<UInt8>? {
        guard offset >= 0, size >= 0, offset <= bytes.count, size <= bytes.count - offset else { return nil }
        return bytes[offset..<(offset + size)]
    }
}
