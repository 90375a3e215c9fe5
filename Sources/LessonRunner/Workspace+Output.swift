import Foundation

extension Workspace {
    /// Writes rendered files (the site's pages, scripts and styles; paths relative to
    /// `directory`) into `directory`, creating it, each file by atomic replacement. Returns
    /// the number of bytes written.
    @discardableResult
    package func write(_ files: [(path: String, contents: String)], into directory: String) throws -> Int {
        try createDirectory(directory)
        var bytes = 0
        for file in files {
            let data = Data(file.contents.utf8)
            bytes += data.count
            let url = URL(fileURLWithPath: directory).appendingPathComponent(file.path)
            do {
                try data.write(to: url, options: .atomic)
            } catch {
                throw ToolError.io("cannot write \(url.path): \(error.localizedDescription)")
            }
        }
        return bytes
    }
}
