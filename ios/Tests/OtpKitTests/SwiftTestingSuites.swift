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
        let g = try CodeGenerator(secret: v.secret, params: v.params, pin: nil)
        if v.kind == "hotp" {
            #expect(try g.codeForCounter(counter: v.counter!) == v.expected)
            #expect(try g.codeAt(unixTime: 0) == v.expected)
        } else {
            #expect(try g.codeAt(unixTime: v.time!) == v.expected)
            // Window 0: with few digits a neighbouring step can have the same code.
            #expect(try g.verifyAt(code: v.expected, unixTime: v.time!, window: 0) == 0)
        }
        #expect(formatCodeNumber(try g.codeNumberAt(unixTime: v.time ?? 0), kind: v.kind, digits: v.digits) == v.expected)
    }

    @Test("codes.json through hotpCode/totpCode", arguments: Vectors.codes.codeVectors)
    func oneShot(_ v: CodeVector) throws {
        if v.kind == "hotp" {
            let code = try hotpCode(secret: v.secret, counter: v.counter!, algorithm: v.hashAlgorithm, digits: v.digits)
            #expect(code == v.expected)
        } else {
            #expect(try totpCode(secret: v.secret, unixTime: v.time!, params: v.params) == v.expected)
        }
    }

    @Test("snapshot(time:) with a Swift TimeSource", arguments: Vectors.codes.snapshotVectors)
    func swiftClock(_ v: SnapshotVector) throws {
        let g = try CodeGenerator(secret: v.secret, params: v.params, pin: nil)
        let clock = FixedSwiftClock(v.time!)
        #expect(SnapshotKey(g.snapshot(time: clock)) == v.expectedSnapshot)
        #expect(SnapshotKey(try g.snapshotAt(unixTime: v.time!)) == v.expectedSnapshot)
        #expect(clock.callCount == 1)
    }

    @Test("verifyAt returns the step offset", arguments: -2...2)
    func verifyOffsets(_ offset: Int) throws {
        let g = try CodeGenerator(
            secret: secret("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"), params: totpParams(.sha256, digits: 8), pin: nil)
        let t: Int64 = 2_000_000_000
        let code = try g.codeAt(unixTime: t + Int64(offset) * 30)
        #expect(try g.verifyAt(code: code, unixTime: t, window: 2) == Int32(offset))
        #expect((try g.verifyAt(code: code, unixTime: t, window: 0) == nil) == (offset != 0))
    }

    @Test("one generator shared by concurrent tasks")
    func concurrentTasks() async throws {
        let g = try CodeGenerator.fromUri(uri: "otpauth://totp/ACME:a?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8")
        let codes = await withTaskGroup(of: (Int64, String).self) { group in
            for t in [59, 1_111_111_109, 1_111_111_111, 1_234_567_890, 2_000_000_000, 20_000_000_000] as [Int64] {
                group.addTask { (t, try! g.codeAt(unixTime: t)) }
            }
            var out: [Int64: String] = [:]
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
        #expect(kindName(paramsOf(a)) == x.type)
        #expect(a.account == x.account)
        #expect(a.issuer == x.issuer)
        #expect(a.labelIssuer == x.labelIssuer)
        #expect(a.secret.revealBase32() == x.secret)
        #expect(a.warnings.map(warningName) == x.warnings)
        #expect(try canonicalUri(uri: v.uri) == v.canonical)
    }

    @Test("uri.json errors map to OtpError.InvalidInput kinds", arguments: Vectors.uriErrors)
    func uriError(_ v: UriVector) throws {
        let r = catchOtpError { try parseUri(uri: v.uri) }
        let e = try #require(r.otp, "expected an OtpError, got \(String(describing: r.other))")
        #expect(info(e).label == expectedErrorLabel(forUriError: v.error!))
    }

    @Test("invalid base32 is InvalidInput(secret) and never echoed")
    func invalidSecret() {
        let secret = "MZXW6YTBOI1MZXW6YTBOI8QWERTYZX"
        let r = catchOtpError { try Secret.fromBase32(text: secret) }
        guard case .InvalidInput(.secret, _, _, let message)? = r.otp else {
            Issue.record("expected OtpError.InvalidInput(secret), got \(String(describing: r.otp ?? r.other))")
            return
        }
        #expect(!message.isEmpty)
        #expect(!message.contains(secret))
        #expect(!"\(r.otp!)".contains(secret))
    }

    @Test("Secret.generate gives distinct secrets with canonical base32")
    func generated() throws {
        let a = try Secret.generate(bytes: 20), b = try Secret.generate(bytes: 20)
        #expect(a != b)
        #expect(a.revealBase32().count == 32)
        #expect(try Secret.fromBase32(text: a.revealBase32().lowercased()) == a)
    }

    @Test("migration.json decodes", arguments: Vectors.migrationOK)
    func migration(_ v: MigrationVector) throws {
        let got = try migrationDecode(uri: v.uri)
        let expect = try #require(v.expect)
        #expect(got.map(\.account) == expect.map(\.account))
        #expect(got.map { $0.secret.revealBase32() } == expect.map(\.secretBase32))
        if !got.isEmpty {
            let again = try migrationEncode(accounts: got, batchSize: 2).flatMap { try migrationDecode(uri: $0) }
            #expect(again.map { $0.secret.revealBase32() } == got.map { $0.secret.revealBase32() })
        }
    }

    @Test("migration.json errors are InvalidInput(migration)", arguments: Vectors.migrationErrors)
    func migrationError(_ v: MigrationVector) {
        #expect(errorLabel { try migrationDecode(uri: v.uri) } == "InvalidInput.migration")
    }

    @Test("MigrationAssembler reports missing parts, then finishes")
    func assembler() throws {
        let accounts = try sampleAccounts(5)
        let uris = try migrationEncode(accounts: accounts, batchSize: 2)
        #expect(uris.count == 3)
        let a = MigrationAssembler()
        try a.add(uri: uris[1])
        #expect(a.missing() == [0, 2])
        #expect(errorLabel { try a.finish() } == "IncompleteBatch")
        try a.add(uri: uris[2])
        try a.add(uri: uris[0])
        #expect(a.isComplete())
        #expect(try a.finish().map(AccountKey.init) == accounts.map(AccountKey.init))
    }
}
#endif
