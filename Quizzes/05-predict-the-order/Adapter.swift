// Quiz 05, the answer's side: the judge asks for the prediction of one program.

/// Serves one request of the judge: the lines the answer predicts for program A, B, C, D or E.
func quizAdapter(_ kind: String, _ arguments: [String]) async throws -> [String] {
    switch arguments.first {
    case "A": snippetA
    case "B": snippetB
    case "C": snippetC
    case "D": snippetD
    case "E": snippetE
    default: []
    }
}
