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
    let digits: UInt8
    let period: UInt64
    let time: UInt64
    let expected: String

    enum CodingKeys: String, CodingKey {
        case name, kind, pin, algorithm, digits, period, time, expected
        case secretBase32 = "secret_base32"
    }

    var params: OtpParameters {
        OtpParameters(
            otpType: parseOtpType(kind), algorithm: parseAlgorithm(algorithm), digits: digits,
            period: period, t0: 0, counter: 0)
    }

    var description: String { name }
}

/// What codes.json and snapshot vectors have in common: the key and the code parameters.
protocol KeyedVector {
    var name: String { get }
    var kind: String { get }
    var secretBase32: String { get }
    var algorithm: String { get }
    var digits: UInt8 { get }
    var period: UInt64? { get }
    var t0: UInt64? { get }
    var counter: UInt64? { get }
    var time: UInt64? { get }
}

extension KeyedVector {
    var otpType: OtpType { parseOtpType(kind) }
    var hashAlgorithm: HashAlgorithm { parseAlgorithm(algorithm) }

    /// The flat FFI parameters (null period/t0/counter become 0).
    var params: OtpParameters {
        OtpParameters(
            otpType: otpType, algorithm: hashAlgorithm, digits: digits,
            period: period ?? 0, t0: t0 ?? 0, counter: counter ?? 0)
    }

    /// HOTP counter, or TOTP/Steam time step at `time` (times before t0 are step 0).
    var movingFactor: UInt64 {
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
    let digits: UInt8
    let period: UInt64?
    let t0: UInt64?
    let counter: UInt64?
    let time: UInt64?
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
    let digits: UInt8
    let period: UInt64?
    let t0: UInt64?
    let counter: UInt64?
    let time: UInt64?
    let expectedCurrent: String
    let expectedNext: String
    let expectedRemaining: UInt64
    let expectedCounter: UInt64
    let expectedValidFrom: UInt64

    var description: String { name }

    var expectedSnapshot: CodeSnapshot {
        CodeSnapshot(
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
        let digits: UInt8
        let period: UInt64?
        let counter: UInt64?
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
        let digits: UInt8
        let counter: UInt64?

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

func parseOtpType(_ s: String) -> OtpType {
    switch s.lowercased() {
    case "totp": return .totp
    case "hotp": return .hotp
    case "steam": return .steam
    case "motp": return .motp
    case "yandex": return .yandex
    default: fatalError("unknown OTP type in vectors: \(s)")
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

let steamAlphabet = Array("23456789BCDFGHJKMNPQRTVWXY")

/// Renders CodeGenerator.codeNumberAt's value like the code string: zero-padded decimal digits,
/// or for Steam the symbols taken from the 31-bit value, least significant first.
func formatCodeNumber(_ value: UInt64, kind: String, digits: UInt8) -> String {
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

/// The OtpError case name ("InvalidSecret", ...) and message. By reflection rather than a
/// switch, so the tests keep compiling when the Rust side adds error cases.
func describe(_ error: OtpError) -> (kind: String, message: String) {
    guard let child = Mirror(reflecting: error).children.first, let kind = child.label else {
        return (String(describing: error), "")
    }
    if let message = child.value as? String { return (kind, message) }
    // A case with one labelled associated value reflects as the tuple `(message: String)`.
    let message = Mirror(reflecting: child.value).children.first?.value as? String
    return (kind, message ?? "")
}

/// The OtpError case a core `UriError` variant becomes (bindings/src/error.rs).
func expectedOtpErrorKind(forUriError core: String) -> String {
    switch core {
    case "InvalidSecret": return "InvalidSecret"
    case "Params": return "InvalidParameters"
    default: return "InvalidUri"
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

/// A Clock implemented in Swift (uniffi foreign trait): returns a settable time and counts calls.
final class FixedSwiftClock: Clock, @unchecked Sendable {
    private let lock = NSLock()
    private var time: UInt64
    private var calls = 0

    init(_ time: UInt64) { self.time = time }

    func nowUnix() -> UInt64 {
        lock.lock()
        defer { lock.unlock() }
        calls += 1
        return time
    }

    func set(_ t: UInt64) {
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

/// Accounts as the migration tests compare them: warnings are recomputed on decode and extras
/// are not exported, so those are left out.
struct AccountKey: Equatable, CustomStringConvertible {
    let secret: String
    let params: OtpParameters
    let issuer: String?
    let labelIssuer: String?
    let account: String

    init(_ a: OtpAccount) {
        secret = a.secret
        params = a.params
        issuer = a.issuer
        labelIssuer = a.labelIssuer
        account = a.account
    }

    var description: String { "\(account) [\(issuer ?? "-")/\(labelIssuer ?? "-")] \(params)" }
}

/// n simple TOTP accounts acct0...acct(n-1) with issuers Issuer0..., via parseUri.
func sampleAccounts(_ n: Int, prefix: String = "acct") throws -> [OtpAccount] {
    try (0..<n).map { i in
        try parseUri(uri: "otpauth://totp/\(prefix)\(i)?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Issuer\(i)")
    }
}
