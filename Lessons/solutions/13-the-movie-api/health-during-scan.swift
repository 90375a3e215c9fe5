import LessonSupport
import MovieSupport

let path = try MovieDataset.ensure(rows: 50_000)
try await scansAndHealth(.offloadedScan(path: path, pool: ThreadPool(width: 3)))
