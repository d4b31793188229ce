import ArgumentParser
import EmbeddingServer
import Foundation

/// `evalbench serve`: the native encoder as an embedding server (OpenAI, TEI and Ollama routes).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve a model: POST /v1/embeddings (OpenAI), /embed (TEI), /api/embed (Ollama); GET /health, /info, /metrics.")

    @OptionGroup var model: ModelOptions

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0: any free port, printed when listening).")
    var port = 8080

    func validate() throws {
        if try model.weights.variants().count != 1 { throw ValidationError("serve takes one --weights format") }
        if !(0...65535).contains(port) { throw ValidationError("--port must be between 0 and 65535") }
    }

    func run() async throws {
        let encoder = try model.load(model.weights.variants()[0])
        let server = EmbeddingServer(encoder: encoder, host: host, port: port)
        let name = encoder.identity.name, weights = encoder.identity.weights, host = host
        try await server.run { port in
            print("evalbench serve: \(name) (\(weights), \(encoder.dimension) dimensions) listening on http://\(host):\(port)")
            fflush(stdout)
        }
    }
}
