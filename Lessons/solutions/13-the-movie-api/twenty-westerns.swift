import LessonSupport
import MovieSupport

let path = try MovieDataset.ensure(rows: 2000)
let server = HTTPServer(routes: MovieAPI(source: .blockingScan(path: path), log: .none).routes)
let base = "http://127.0.0.1:\(try await server.start())"
let answer = try await HTTPClient.get(base + "/titles?genre=Western&limit=20")
print(answer.status, answer.body, terminator: "")
server.stop()
