import Foundation
import Hummingbird
import Logging
import NIOCore
public import AlboPublication

/// The C2SP tlog-witness HTTP server: `POST /add-checkpoint`, answered by a `WitnessKeeper`.
public enum WitnessServer {
    /// The largest request body accepted (a checkpoint, its signatures and a proof need a few KiB); larger is 413.
    public static let maxRequestBytes = 64 * 1024

    /// Serves until SIGTERM or SIGINT, then stops gracefully (answers in flight are finished).
    /// `started` is called with the bound port once the server listens.
    public static func run(keeper: WitnessKeeper, host: String, port: Int, started: @escaping @Sendable (Int) -> Void) async throws {
        let router = Router()
        router.post("add-checkpoint") { request, _ -> Response in
            let body = try await request.body.collect(upTo: maxRequestBytes)
            return response(for: await keeper.add(Array(body.readableBytesView)))
        }
        var logger = Logger(label: "albo-witness")
        logger.logLevel = .warning
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "albo-witness"),
            onServerRunning: { channel in started(channel.localAddress?.port ?? port) },
            logger: logger
        )
        try await app.runService()
    }

    static func response(for answer: WitnessAnswer) -> Response {
        switch answer {
        case .cosigned(let lines): text(.ok, lines)
        case .badRequest(let why): text(.badRequest, why + "\n")
        case .forbidden(let why): text(.forbidden, why + "\n")
        case .unknownLog(let why): text(.notFound, why + "\n")
        case .conflict(let size): text(.conflict, "\(size)\n", contentType: "text/x.tlog.size")
        case .badProof(let why): text(.unprocessableContent, why + "\n")
        case .failed(let why): text(.internalServerError, why + "\n")
        }
    }

    static func text(_ status: HTTPResponse.Status, _ body: String, contentType: String = "text/plain; charset=utf-8") -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
