// The shared vectors in <repo>/tests/vectors/*.json, decoded with Foundation's JSONDecoder, and
// helpers that turn them into binding types. Used by the XCTest classes and the Swift Testing
// suites alike.
//
// The directory is $OTPKIT_VECTORS_DIR when set, otherwise found from this file's path
// (<repo>/ios/Tests/OtpKitTests/Vectors.swift): tests/swift/chroot.sh mounts the repo at the same
// absolute path inside the chroot, so #filePath is valid there too.

import Foundation
import OtpKit

enum Vectors {
    static let directory: URL = {
        if let dir = ProcessInfo.processInfo.environment["OTPKIT_VECTORS_DIR"], !dir.isEmpty {
            return URL(fileURLWithPath: dir, isDirectory: true)
        }
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // OtpKitTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // ios
            .deletingLastPathComponent()  // <repo>
            .appendingPathComponent("tests/vectors", isDirectory: true)
    }()

    static func load<T: Decodable>(_ type: T.Type, _ name: String) -> T {
        let url = directory.appendingPathComponent(name)
        do {
            let data = try Data(contentsOf: url)
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            // A missing or malformed vector file is a broken checkout, not a test failure to skip.
            fatalError("cannot load \(url.path): \(error)")
        }
    }

    static let codes: CodesFile = load(CodesFile.self, "codes.json")
    static let uri: [UriVector] = load([UriVector].self, "uri.json")
    static let migration: [MigrationVector] = load([MigrationVector].self, "migration.json")

    static var uriOK: [UriVector] { uri.filter { $0.error == nil } }
    static var uriErrors: [UriVector] { uri.filter { $0.error != nil } }
    static var migrationOK: [MigrationVector] { migration.filter { $0.error == nil } }
    static var migrationErrors: [MigrationVector] { migration.filter { $0.error != nil } }
}

// MARK: - codes.json

struct CodesFile: Decodable, Sendable {
    let format: String
    let version: Int
    let codeVectors: [CodeVector]
    let snapshotVectors: [SnapshotVector]
    let pinVectors: [PinVector]

    enum CodingKeys: String, CodingKey {
        case format, version
        case codeVectors = "code_vectors"
        case snapshotVectors = "snapshot_vectors"
        case pinVectors = "pin_vectors"
    }
}

/// An mOTP or Yandex Key code vector (needs the PIN).
struct PinVector: Decodable, Sendable, CustomStringConvertible {
    let name: String
    let kind: String
    let secretBase32: String
    let pin: String
    let algorithm: String
    let digits: Int32
    let period: Int64
    let time: Int64
    let expected: String

    enum CodingKeys: String, CodingKey {
        case name, kind, pin, algorithm, digits, period, time, expected
        case secretBase32 = "secret_base32"
    }

    var params: OtpParams { makeParams(kind: kind, algorithm: algorithm, digits: digits, period: period) }

    var description: String { name }
}

/// What codes.json and snapshot vectors have in common: the key and the code parameters.
protocol KeyedVector {
    var name: String { get }
    var kind: String { get }
    var secretBase32: String { get }
    var algorithm: String { get }
    var digits: Int32 { get }
    var period: Int64? { get }
    var t0: Int64? { get }
    var counter: Int64? { get }
    var time: Int64? { get }
}

extension KeyedVector {
    var hashAlgorithm: HashAlgorithm { parseAlgorithm(algorithm) }
    var secret: Secret { try! Secret.fromBase32(text: secretBase32) }

    /// The parameters as the OtpParams enum (each kind carries only its own fields).
    var params: OtpParams {
        makeParams(kind: kind, algorithm: algorithm, digits: digits, period: period, t0: t0, counter: counter)
    }

    /// HOTP counter, or TOTP/Steam time step at `time` (times before t0 are step 0).
    var movingFactor: Int64 {
        if kind == "hotp" { return counter! }
        let t = time!, start = t0 ?? 0
        return (t > start ? t - start : 0) / period!
    }
}

struct CodeVector: Decodable, Sendable, KeyedVector, CustomStringConvertible {
    let name: String
    let kind: String
    let secretBase32: String
    let algorithm: String
    let digits: Int32
    let period: Int64?
    let t0: Int64?
    let counter: Int64?
    let time: Int64?
    let expected: String

    var description: String { name }

    enum CodingKeys: String, CodingKey {
        case name, kind, algorithm, digits, period, t0, counter, time, expected
        case secretBase32 = "secret_base32"
    }
}

struct SnapshotVector: Decodable, Sendable, KeyedVector, CustomStringConvertible {
    let name: String
    let kind: String
    let secretBase32: String
    let algorithm: String
    let digits: Int32
    let period: Int64?
    let t0: Int64?
    let counter: Int64?
    let time: Int64?
    let expectedCurrent: String
    let expectedNext: String
    let expectedRemaining: Int64
    let expectedCounter: Int64
    let expectedValidFrom: Int64

    var description: String { name }

    /// The expected snapshot, in the form `snapshotKey` gives.
    var expectedSnapshot: SnapshotKey {
        SnapshotKey(
            current: expectedCurrent, next: expectedNext, remaining: expectedRemaining,
            counter: expectedCounter, validFrom: expectedValidFrom)
    }

    enum CodingKeys: String, CodingKey {
        case name, kind, algorithm, digits, period, t0, counter, time
        case secretBase32 = "secret_base32"
        case expectedCurrent = "expected_current"
        case expectedNext = "expected_next"
        case expectedRemaining = "expected_remaining"
        case expectedCounter = "expected_counter"
        case expectedValidFrom = "expected_valid_from"
    }
}

// MARK: - uri.json

struct UriVector: Decodable, Sendable, CustomStringConvertible {
    struct Expect: Decodable, Sendable {
        let type: String
        let issuer: String?
        let labelIssuer: String?
        let account: String
        let secret: String
        let algorithm: String
        let digits: Int32
        let period: Int64?
        let counter: Int64?
        let extra: [[String]]
        let warnings: [String]
        /// mOTP / Yandex Key PIN (absent for other kinds).
        let pin: String?

        enum CodingKeys: String, CodingKey {
            case type, issuer, account, secret, algorithm, digits, period, counter, extra, warnings, pin
            case labelIssuer = "label_issuer"
        }
    }

    let name: String
    let uri: String
    let expect: Expect?
    let canonical: String?
    /// The core `UriError` variant for error vectors.
    let error: String?
    let detail: String?

    var description: String { name }
}

// MARK: - migration.json

struct MigrationVector: Decodable, Sendable, CustomStringConvertible {
    struct Entry: Decodable, Sendable {
        let type: String
        let issuer: String?
        let labelIssuer: String?
        let account: String
        let secretBase32: String
        let algorithm: String
        let digits: Int32
        let counter: Int64?

        enum CodingKeys: String, CodingKey {
            case type, issuer, account, algorithm, digits, counter
            case labelIssuer = "label_issuer"
            case secretBase32 = "secret_base32"
        }
    }

    struct Batch: Decodable, Sendable {
        let size: Int32
        let index: Int32
        let id: Int64
        let version: Int32
    }

    let name: String
    let uri: String
    let expect: [Entry]?
    let batch: Batch?
    /// true when re-encoding the decoded accounts must give back an equivalent payload.
    let canonical: Bool?
    /// The core `MigrationError` variant for error vectors.
    let error: String?

    var description: String { name }
}

// MARK: - helpers

/// The OtpParams of a vector's flat fields: each kind takes only what it has.
func makeParams(
    kind: String, algorithm: String, digits: Int32, period: Int64? = nil, t0: Int64? = nil, counter: Int64? = nil
) -> OtpParams {
    switch kind.lowercased() {
    case "totp":
        return .totp(algorithm: ffiAlgorithm(parseAlgorithm(algorithm)), digits: digits, period: period ?? 30, t0: t0 ?? 0)
    case "hotp":
        return .hotp(algorithm: ffiAlgorithm(parseAlgorithm(algorithm)), digits: digits, counter: counter ?? 0)
    case "steam": return .steam(period: period ?? 30)
    case "motp": return .motp(period: period ?? 10)
    case "yandex": return .yandex(period: period ?? 30)
    default: fatalError("unknown OTP type in vectors: \(kind)")
    }
}

/// The binding spells SHA1, the standard, as a null algorithm (so default parameters compare
/// equal); results always use null for SHA1.
func ffiAlgorithm(_ a: HashAlgorithm) -> HashAlgorithm? { a == .sha1 ? nil : a }

/// TOTP with the given fields (and the standard values for the rest).
func totpParams(_ algorithm: HashAlgorithm = .sha1, digits: Int32 = 6, period: Int64 = 30, t0: Int64 = 0) -> OtpParams {
    .totp(algorithm: ffiAlgorithm(algorithm), digits: digits, period: period, t0: t0)
}

func hotpParams(_ counter: Int64, algorithm: HashAlgorithm = .sha1, digits: Int32 = 6) -> OtpParams {
    .hotp(algorithm: ffiAlgorithm(algorithm), digits: digits, counter: counter)
}

/// An account's parameters (null means the default TOTP).
func paramsOf(_ a: OtpAuthUri) -> OtpParams { a.params ?? defaultTotp() }

/// The vector spelling of an OtpParams kind: "totp", "hotp", "steam", "motp", "yandex".
func kindName(_ p: OtpParams) -> String {
    switch p {
    case .totp: return "totp"
    case .hotp: return "hotp"
    case .steam: return "steam"
    case .motp: return "motp"
    case .yandex: return "yandex"
    }
}

/// The algorithm, digits, period and counter an OtpParams stands for (what the vectors list):
/// Steam is SHA1/5, mOTP MD5/6, Yandex SHA256/8; HOTP has no period, the others no counter.
func flatParams(_ p: OtpParams) -> (algorithm: HashAlgorithm, digits: Int32, period: Int64?, counter: Int64?) {
    switch p {
    case let .totp(algorithm, digits, period, _): return (algorithm ?? .sha1, digits, period, nil)
    case let .hotp(algorithm, digits, counter): return (algorithm ?? .sha1, digits, nil, counter)
    case let .steam(period): return (.sha1, 5, period, nil)
    case let .motp(period): return (.md5, 6, period, nil)
    case let .yandex(period): return (.sha256, 8, period, nil)
    }
}

func parseAlgorithm(_ s: String) -> HashAlgorithm {
    switch s.uppercased() {
    case "SHA1": return .sha1
    case "SHA224": return .sha224
    case "SHA256": return .sha256
    case "SHA384": return .sha384
    case "SHA512": return .sha512
    case "SHA3-224": return .sha3224
    case "SHA3-256": return .sha3256
    case "SHA3-384": return .sha3384
    case "SHA3-512": return .sha3512
    case "MD5": return .md5
    default: fatalError("unknown algorithm in vectors: \(s)")
    }
}

/// A Secret from base32 text that is known to be valid (vectors, constants).
func secret(_ base32: String) -> Secret { try! Secret.fromBase32(text: base32) }

/// A CodeSnapshot with its codes revealed, for comparisons (the record holds OneTimeCode objects).
struct SnapshotKey: Equatable, CustomStringConvertible {
    let current: String
    let next: String
    let remaining: Int64
    let counter: Int64
    let validFrom: Int64

    init(current: String, next: String, remaining: Int64, counter: Int64, validFrom: Int64) {
        self.current = current
        self.next = next
        self.remaining = remaining
        self.counter = counter
        self.validFrom = validFrom
    }

    init(_ s: CodeSnapshot) {
        self.init(current: s.current.reveal(), next: s.next.reveal(), remaining: s.remaining,
                  counter: s.counter, validFrom: s.validFrom)
    }

    var description: String { "\(current)/\(next) remaining \(remaining) counter \(counter) from \(validFrom)" }
}

let steamAlphabet = Array("23456789BCDFGHJKMNPQRTVWXY")

/// Renders CodeGenerator.codeNumberAt's value like the code string: zero-padded decimal digits,
/// or for Steam the symbols taken from the 31-bit value, least significant first.
func formatCodeNumber(_ value: Int64, kind: String, digits: Int32) -> String {
    if kind == "steam" {
        var v = value
        var out = ""
        for _ in 0..<digits {
            out.append(steamAlphabet[Int(v % 26)])
            v /= 26
        }
        return out
    }
    let s = String(value)
    return String(repeating: "0", count: max(0, Int(digits) - s.count)) + s
}

// MARK: - errors

/// What an OtpError says, flattened: the case name plus its kind ("InvalidInput.secret",
/// "Authentication.wrongPassphrase", "NotFound", ...), the field and position when the case has
/// them, and the human-readable reason.
struct ErrorInfo: CustomStringConvertible {
    let label: String
    let field: String?
    let position: Int32?
    let reason: String

    var description: String {
        "\(label)(field: \(field ?? "nil"), position: \(position.map(String.init) ?? "nil"), reason: \(reason))"
    }
}

func info(_ e: OtpError) -> ErrorInfo {
    switch e {
    case let .InvalidInput(kind, field, position, reason):
        return ErrorInfo(label: "InvalidInput.\(kind)", field: field, position: position, reason: reason)
    case let .IncompleteBatch(count, missing, reason):
        return ErrorInfo(label: "IncompleteBatch", field: "\(count) \(missing)", position: nil, reason: reason)
    case let .Authentication(kind, reason):
        return ErrorInfo(label: "Authentication.\(kind)", field: nil, position: nil, reason: reason)
    case let .NotFound(_, reason):
        return ErrorInfo(label: "NotFound", field: nil, position: nil, reason: reason)
    case let .Storage(kind, reason):
        return ErrorInfo(label: "Storage.\(kind)", field: nil, position: nil, reason: reason)
    case let .StoreUnavailable(reason):
        return ErrorInfo(label: "StoreUnavailable", field: nil, position: nil, reason: reason)
    }
}

/// The label of the OtpError `body` throws ("InvalidInput.parameters", ...), nil when it returns;
/// "other: ..." for an error of another type.
func errorLabel<T>(_ body: () throws -> T) -> String? {
    let r = catchOtpError(body)
    if let e = r.otp { return info(e).label }
    if let other = r.other { return "other: \(other)" }
    return nil
}

/// The async twin of errorLabel.
func errorLabelAsync<T>(_ body: () async throws -> T) async -> String? {
    do {
        _ = try await body()
        return nil
    } catch let e as OtpError {
        return info(e).label
    } catch {
        return "other: \(error)"
    }
}

/// The OtpError label a core `UriError` variant becomes (bindings/src/error.rs).
func expectedErrorLabel(forUriError core: String) -> String {
    switch core {
    case "InvalidSecret": return "InvalidInput.secret"
    case "Params": return "InvalidInput.parameters"
    default: return "InvalidInput.uri"
    }
}

/// Runs `body` and returns the OtpError it threw, or nil when it returned normally.
/// Any other error type is returned as-is in `other`.
func catchOtpError<T>(_ body: () throws -> T) -> (otp: OtpError?, other: Error?, value: T?) {
    do {
        return (nil, nil, try body())
    } catch let e as OtpError {
        return (e, nil, nil)
    } catch {
        return (nil, error, nil)
    }
}

// MARK: - time

/// A TimeSource implemented in Swift (uniffi foreign trait): returns a settable time and counts calls.
final class FixedSwiftClock: TimeSource, @unchecked Sendable {
    private let lock = NSLock()
    private var time: Int64
    private var calls = 0

    init(_ time: Int64) { self.time = time }

    func nowUnix() -> Int64 {
        lock.lock()
        defer { lock.unlock() }
        calls += 1
        return time
    }

    func set(_ t: Int64) {
        lock.lock()
        time = t
        lock.unlock()
    }

    var callCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return calls
    }
}

// MARK: - accounts

/// The vector spelling of a UriWarning ("short_secret", "issuer_mismatch", "secret_trailing_bits").
func warningName(_ w: UriWarning) -> String {
    switch w {
    case .shortSecret: return "short_secret"
    case .issuerMismatch: return "issuer_mismatch"
    case .secretTrailingBits: return "secret_trailing_bits"
    }
}

/// Accounts as the migration tests compare them: warnings are recomputed on decode and extras
/// are not exported, so those are left out. The secret is compared by its base32 text.
struct AccountKey: Equatable, CustomStringConvertible {
    let secret: String
    let params: OtpParams
    let issuer: String?
    let labelIssuer: String?
    let account: String

    init(_ a: OtpAuthUri) {
        secret = a.secret.revealBase32()
        params = paramsOf(a)
        issuer = a.issuer
        labelIssuer = a.labelIssuer
        account = a.account
    }

    var description: String { "\(account) [\(issuer ?? "-")/\(labelIssuer ?? "-")] \(params)" }
}

/// n simple TOTP accounts acct0...acct(n-1) with issuers Issuer0..., via parseUri.
func sampleAccounts(_ n: Int, prefix: String = "acct") throws -> [OtpAuthUri] {
    try (0..<n).map { i in
        try parseUri(uri: "otpauth://totp/\(prefix)\(i)?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Issuer\(i)")
    }
}

/// A copy of `a` with other fields (the record is immutable).
func copy(
    _ a: OtpAuthUri, secret: Secret? = nil, params: OtpParams? = nil, account: String? = nil,
    issuer: String?? = .none, labelIssuer: String?? = .none, extra: [UriParameter]? = nil,
    warnings: [UriWarning]? = nil
) -> OtpAuthUri {
    OtpAuthUri(
        secret: secret ?? a.secret, account: account ?? a.account, issuer: issuer ?? a.issuer,
        params: params ?? a.params, labelIssuer: labelIssuer ?? a.labelIssuer, extra: extra ?? a.extra,
        warnings: warnings ?? a.warnings, pin: a.pin)
}

// MARK: - server

/// An IssueOutcome with the code revealed: the enum holds a OneTimeCode object, so uniffi does
/// not make it Equatable.
enum IssueKey: Equatable {
    case issued(challengeId: String, code: String, expiresAt: Int64)
    case rateLimited(scope: LimitScope, retryAfter: Int64)
    case unknownChallenge
}

func issueKey(_ o: IssueOutcome) -> IssueKey {
    switch o {
    case let .issued(id, code, expiresAt): return .issued(challengeId: id, code: code.reveal(), expiresAt: expiresAt)
    case let .rateLimited(scope, retryAfter): return .rateLimited(scope: scope, retryAfter: retryAfter)
    case .unknownChallenge: return .unknownChallenge
    }
}
