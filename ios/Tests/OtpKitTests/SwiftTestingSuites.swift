// Swift Testing (`import Testing`) suites over the same shared vectors, run by `swift test`
// after XCTest. Parameterised tests run one case per vector.

#if canImport(Testing)
import Foundation
import OtpKit
import Testing

@Suite("Codes (Swift Testing)")
struct CodeSuite {
    @Test("codes.json through CodeGenerator", arguments: Vectors.codes.codeVectors)
    func generator(_ v: CodeVector) throws {
        let g = try CodeGenerator(secret: v.secretBase32, params: v.params)
        if v.kind == "hotp" {
            #expect(g.codeAtCounter(counter: v.counter!) == v.expected)
            #expect(g.codeAt(unixTime: 0) == v.expected)
        } else {
            #expect(g.codeAt(unixTime: v.time!) == v.expected)
            // Window 0: with few digits a neighbouring step can have the same code.
            #expect(try! g.verifyAt(code: v.expected, unixTime: v.time!, window: 0) == 0)
        }
        #expect(formatCodeNumber(g.codeNumberAt(unixTime: v.time ?? 0), kind: v.kind, digits: v.digits) == v.expected)
    }

    @Test("codes.json through hotpCode/totpCode", arguments: Vectors.codes.codeVectors)
    func oneShot(_ v: CodeVector) throws {
        if v.kind == "hotp" {
            let code = try hotpCode(secret: v.secretBase32, counter: v.counter!, algorithm: v.hashAlgorithm, digits: v.digits)
            #expect(code == v.expected)
        } else {
            #expect(try totpCode(secret: v.secretBase32, params: v.params, unixTime: v.time!) == v.expected)
        }
    }

    @Test("snapshot(clock:) with a Swift Clock", arguments: Vectors.codes.snapshotVectors)
    func swiftClock(_ v: SnapshotVector) throws {
        let g = try CodeGenerator(secret: v.secretBase32, params: v.params)
        let clock = FixedSwiftClock(v.time!)
        #expect(g.snapshot(clock: clock) == v.expectedSnapshot)
        #expect(g.snapshotAt(unixTime: v.time!) == v.expectedSnapshot)
        #expect(clock.callCount == 1)
    }

    @Test("verifyAt returns the step offset", arguments: -2...2)
    func verifyOffsets(_ offset: Int) throws {
        let g = try CodeGenerator(
            secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
            params: OtpParameters(otpType: .totp, algorithm: .sha256, digits: 8, period: 30, t0: 0, counter: 0))
        let t: UInt64 = 2_000_000_000
        let code = g.codeAt(unixTime: UInt64(Int64(t) + Int64(offset) * 30))
        #expect(try! g.verifyAt(code: code, unixTime: t, window: 2) == Int64(offset))
        #expect((try! g.verifyAt(code: code, unixTime: t, window: 0) == nil) == (offset != 0))
    }

    @Test("one generator shared by concurrent tasks")
    func concurrentTasks() async throws {
        let g = try CodeGenerator.fromUri(uri: "otpauth://totp/ACME:a?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8")
        let codes = await withTaskGroup(of: (UInt64, String).self) { group in
            for t in [59, 1_111_111_109, 1_111_111_111, 1_234_567_890, 2_000_000_000, 20_000_000_000] as [UInt64] {
                group.addTask { (t, g.codeAt(unixTime: t)) }
            }
            var out: [UInt64: String] = [:]
            for await (t, c) in group { out[t] = c }
            return out
        }
        #expect(codes == [
            59: "94287082", 1_111_111_109: "07081804", 1_111_111_111: "14050471",
            1_234_567_890: "89005924", 2_000_000_000: "69279037", 20_000_000_000: "65353130",
        ])
    }
}

@Suite("URIs, secrets and migration (Swift Testing)")
struct UriMigrationSuite {
    @Test("uri.json parses and canonicalises", arguments: Vectors.uriOK)
    func parse(_ v: UriVector) throws {
        let x = try #require(v.expect)
        let a = try parseUri(uri: v.uri)
        #expect(a.params.otpType == parseOtpType(x.type))
        #expect(a.account == x.account)
        #expect(a.issuer == x.issuer)
        #expect(a.labelIssuer == x.labelIssuer)
        #expect(a.secret == x.secret)
        #expect(a.warnings == x.warnings)
        #expect(try canonicalUri(uri: v.uri) == v.canonical)
    }

    @Test("uri.json errors map to OtpError cases", arguments: Vectors.uriErrors)
    func uriError(_ v: UriVector) throws {
        let r = catchOtpError { try parseUri(uri: v.uri) }
        let e = try #require(r.otp, "expected an OtpError, got \(String(describing: r.other))")
        #expect(describe(e).kind == expectedOtpErrorKind(forUriError: v.error!))
    }

    @Test("invalid base32 is InvalidSecret and never echoed")
    func invalidSecret() {
        let secret = "MZXW6YTBOI1MZXW6YTBOI8QWERTYZX"
        let r = catchOtpError { try CodeGenerator(secret: secret, params: OtpParameters(
            otpType: .totp, algorithm: .sha1, digits: 6, period: 30, t0: 0, counter: 0)) }
        guard case .InvalidSecret(let message)? = r.otp else {
            Issue.record("expected OtpError.InvalidSecret, got \(String(describing: r.otp ?? r.other))")
            return
        }
        #expect(!message.isEmpty)
        #expect(!message.contains(secret))
        #expect(!"\(r.otp!)".contains(secret))
    }

    @Test("generateSecret gives distinct canonical base32")
    func generated() throws {
        let a = generateSecret(bytes: 20), b = generateSecret(bytes: 20)
        #expect(a != b)
        #expect(a.count == 32)
        #expect(try normalizeSecret(secret: a.lowercased()) == a)
    }

    @Test("migration.json decodes", arguments: Vectors.migrationOK)
    func migration(_ v: MigrationVector) throws {
        let got = try migrationDecode(uri: v.uri)
        let expect = try #require(v.expect)
        #expect(got.map(\.account) == expect.map(\.account))
        #expect(got.map(\.secret) == expect.map(\.secretBase32))
        if !got.isEmpty {
            let again = try migrationEncode(accounts: got, batchSize: 2).flatMap { try migrationDecode(uri: $0) }
            #expect(again.map(\.secret) == got.map(\.secret))
        }
    }

    @Test("migration.json errors are InvalidMigration", arguments: Vectors.migrationErrors)
    func migrationError(_ v: MigrationVector) {
        let r = catchOtpError { try migrationDecode(uri: v.uri) }
        #expect(r.otp.map { describe($0).kind } == "InvalidMigration")
    }

    @Test("MigrationAssembler reports missing parts, then finishes")
    func assembler() throws {
        let accounts = try sampleAccounts(5)
        let uris = try migrationEncode(accounts: accounts, batchSize: 2)
        #expect(uris.count == 3)
        let a = MigrationAssembler()
        try a.add(uri: uris[1])
        #expect(a.missing() == [0, 2])
        let r = catchOtpError { try a.finish() }
        #expect(r.otp.map { describe($0).kind } == "IncompleteBatch")
        try a.add(uri: uris[2])
        try a.add(uri: uris[0])
        #expect(a.isComplete())
        #expect(try a.finish().map(AccountKey.init) == accounts.map(AccountKey.init))
    }
}
#endif
