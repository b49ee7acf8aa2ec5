import AsyncHTTPClient
import NIOCore
public import NIOHTTP1
public import AlboPublication

/// One HTTP exchange with a time limit and retries on network errors and 5xx answers.
public struct HTTPFetch: Sendable {
    /// Seconds to wait for one exchange.
    public var timeout: Int64
    /// Attempts before giving up (at least 1).
    public var attempts: Int
    /// The largest body read, in bytes.
    public var maxBody: Int

    /// A fetcher.
    public init(timeout: Int64 = 10, attempts: Int = 3, maxBody: Int = 16 << 20) {
        self.timeout = timeout
        self.attempts = max(1, attempts)
        self.maxBody = maxBody
    }

    /// Sends `method` to `url` with `body`; returns the status code and body.
    /// Throws `PublicationError(.unavailable)` when every attempt failed to get an answer below 500.
    public func exchange(_ url: String, method: HTTPMethod = .GET, body: [UInt8]? = nil) async throws -> (status: Int, body: [UInt8], contentType: String?) {
        var lastProblem = ""
        for attempt in 1...attempts {
            if attempt > 1 { try await Task.sleep(nanoseconds: UInt64(200_000_000) << UInt64(attempt - 2)) }
            var request = HTTPClientRequest(url: url)
            request.method = method
            if let body {
                request.body = .bytes(ByteBuffer(bytes: body))
                request.headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
            }
            do {
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(timeout))
                let buffer = try await response.body.collect(upTo: maxBody)
                let status = Int(response.status.code)
                if status >= 500 {
                    lastProblem = "HTTP \(status)"
                    continue
                }
                return (status, Array(buffer.readableBytesView), response.headers.first(name: "Content-Type"))
            } catch {
                lastProblem = "\(error)"
            }
        }
        throw PublicationError(.unavailable, "\(url) is unavailable after \(attempts) attempt\(attempts == 1 ? "" : "s") (\(lastProblem)); check the address and that the server runs")
    }
}

/// A published tree served over http(s).
public struct HTTPTileSource: TileSource {
    /// The URL prefix of the tree (the checkpoint is at `<base>/checkpoint`).
    public let base: String
    let http: HTTPFetch

    /// A source at `base`.
    public init(base: String, http: HTTPFetch) {
        self.base = base.hasSuffix("/") ? String(base.dropLast()) : base
        self.http = http
    }

    public var location: String { base }

    public func fetch(_ path: String) async throws -> [UInt8]? {
        let answer = try await http.exchange(base + "/" + path)
        switch answer.status {
        case 200: return answer.body
        case 404, 410: return nil
        default: throw PublicationError(.unavailable, "\(base)/\(path) answered HTTP \(answer.status)")
        }
    }
}
