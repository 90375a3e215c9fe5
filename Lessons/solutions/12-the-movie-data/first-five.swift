import MovieSupport

let path = try MovieDataset.ensure(rows: 2000)
var movies: [String] = []
let summary = try TitleReader(path: path).forEach { title in
    if title.titleType == "movie" { movies.append(title.tconst) }
    return movies.count < 5
}
print("movies: \(movies.count)")
print("stopped early: \(summary.rows < 2000)")
