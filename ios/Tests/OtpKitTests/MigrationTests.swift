// migration.json through migrationDecode, migrationEncode (round trips) and MigrationAssembler
// (multi-QR batches, missing parts, IncompleteBatch with the missing indices).

import Foundation
import OtpKit
import XCTest

private let prefix = "otpauth-migration://offline?data="

/// Everything of an account the migration format keeps, for exact round-trip comparisons.
struct FullKey: Equatable {
    let key: AccountKey
    let extra: [UriParameter]
    let warnings: [UriWarning]

    init(_ a: OtpAuthUri) {
        key = AccountKey(a)
        extra = a.extra
        warnings = a.warnings
    }
}

/// The protobuf MigrationPayload of a migration URI with its top-level batch_id (field 5)
/// removed; nil if it is not a well-formed padded-base64 payload of varint/length fields.
func payloadWithoutBatchId(_ uri: String) -> [UInt8]? {
    guard uri.hasPrefix(prefix),
          let b64 = String(uri.dropFirst(prefix.count)).removingPercentEncoding,
          let data = Data(base64Encoded: b64)
    else { return nil }
    let bytes = [UInt8](data)
    var out: [UInt8] = []
    var i = 0
    func varint() -> UInt64? {
        var v: UInt64 = 0, shift: UInt64 = 0
        while i < bytes.count, shift < 64 {
            let b = bytes[i]
            i += 1
            v |= UInt64(b & 0x7f) << shift
            if b & 0x80 == 0 { return v }
            shift += 7
        }
        return nil
    }
    while i < bytes.count {
        let start = i
        guard let key = varint() else { return nil }
        switch key & 7 {
        case 0: guard varint() != nil else { return nil }
        case 2:
            guard let n = varint(), n <= UInt64(bytes.count - i) else { return nil }
            i += Int(n)
        default: return nil
        }
        if key >> 3 != 5 { out += bytes[start..<i] }
    }
    return out
}

final class MigrationVectorTests: XCTestCase {
    func testVectorFileCoversSuccessAndErrors() {
        XCTAssertGreaterThanOrEqual(Vectors.migrationOK.count, 15)
        XCTAssertGreaterThanOrEqual(Vectors.migrationErrors.count, 10)
        XCTAssertTrue(Vectors.migrationOK.contains { ($0.batch?.size ?? 0) > 1 })
    }

    func testDecode() throws {
        for v in Vectors.migrationOK {
            let got = try migrationDecode(uri: v.uri)
            let expect = v.expect!
            XCTAssertEqual(got.count, expect.count, v.name)
            for (a, x) in zip(got, expect) {
                let flat = flatParams(paramsOf(a))
                XCTAssertEqual(kindName(paramsOf(a)), x.type, v.name)
                XCTAssertEqual(a.issuer, x.issuer, v.name)
                XCTAssertEqual(a.labelIssuer, x.labelIssuer, v.name)
                XCTAssertEqual(a.account, x.account, v.name)
                XCTAssertEqual(a.secret.revealBase32(), x.secretBase32, v.name)
                XCTAssertEqual(flat.algorithm, parseAlgorithm(x.algorithm), v.name)
                XCTAssertEqual(flat.digits, x.digits, v.name)
                XCTAssertEqual(flat.counter, x.counter, v.name)
                XCTAssertEqual(flat.period, x.type == "totp" ? 30 : nil, v.name)
                if case let .totp(_, _, _, t0) = a.params { XCTAssertEqual(t0, 0, v.name) }
                XCTAssertEqual(a.extra, [], v.name)
            }
        }
    }

    func testEncodeRoundTrip() throws {
        var checked = 0
        for v in Vectors.migrationOK where !(v.expect ?? []).isEmpty {
            let decoded = try migrationDecode(uri: v.uri)
            let uris = try migrationEncode(accounts: decoded, batchSize: 10)
            XCTAssertEqual(uris.count, 1, v.name)
            XCTAssertTrue(uris[0].hasPrefix(prefix), v.name)
            let again = try migrationDecode(uri: uris[0])
            // Everything survives; an account without an issuer field exports its label issuer as issuer.
            XCTAssertEqual(again.count, decoded.count, v.name)
            for (a, d) in zip(again, decoded) {
                XCTAssertEqual(a.secret, d.secret, v.name)
                XCTAssertEqual(paramsOf(a), paramsOf(d), v.name)
                XCTAssertEqual(a.issuer, d.issuer ?? d.labelIssuer, v.name)
                XCTAssertEqual(a.labelIssuer, d.labelIssuer, v.name)
                XCTAssertEqual(a.account, d.account, v.name)
            }
            if v.canonical == true {
                // Canonical payloads re-encode to the same accounts, issuer included, and to the
                // same bytes except the batch id (migrationEncode picks a random one).
                XCTAssertEqual(again.map(AccountKey.init), decoded.map(AccountKey.init), v.name)
                let ours = try XCTUnwrap(payloadWithoutBatchId(uris[0]), v.name)
                let theirs = try XCTUnwrap(payloadWithoutBatchId(v.uri), v.name)
                XCTAssertEqual(ours, theirs, v.name)
            }
            // From there on the round trip is exact.
            XCTAssertEqual(try migrationDecode(uri: try migrationEncode(accounts: again, batchSize: 10)[0]).map(FullKey.init),
                           again.map(FullKey.init), v.name)
            // One account per QR code: as many URIs, same accounts in order.
            let singles = try migrationEncode(accounts: again, batchSize: 1)
            XCTAssertEqual(singles.count, again.count, v.name)
            XCTAssertEqual(try singles.flatMap { try migrationDecode(uri: $0) }.map(FullKey.init), again.map(FullKey.init), v.name)
            checked += 1
        }
        XCTAssertGreaterThanOrEqual(checked, 15)
    }

    func testDecodeErrorsAreInvalidMigration() {
        for v in Vectors.migrationErrors {
            let r = catchOtpError { try migrationDecode(uri: v.uri) }
            XCTAssertEqual(r.otp.map { info($0).label }, "InvalidInput.migration", "\(v.name) (\(v.error!))")
            XCTAssertFalse(r.otp.map { info($0).reason.isEmpty } ?? true, v.name)
            let a = MigrationAssembler()
            XCTAssertEqual(errorLabel { try a.add(uri: v.uri) }, "InvalidInput.migration", v.name)
            XCTAssertEqual(a.missing(), [], v.name)
            XCTAssertFalse(a.isComplete(), v.name)
        }
    }

    func testEncodeNothingAndBadBatchSize() throws {
        XCTAssertEqual(try migrationEncode(accounts: [], batchSize: 10), [])
        for size: Int32 in [0, -1] {
            let r = catchOtpError { try migrationEncode(accounts: try sampleAccounts(2), batchSize: size) }
            XCTAssertEqual(r.otp.map { info($0).label }, "InvalidInput.parameters", "batch size \(size): \(String(describing: r.otp))")
            XCTAssertEqual(r.otp.flatMap { info($0).field }, "batch_size", "batch size \(size)")
        }
    }

    func testEncodeRejectsUnrepresentableAndInvalidAccounts() throws {
        let good = try sampleAccounts(1)[0]
        let seven = copy(good, params: totpParams(digits: 7), account: "seven", issuer: .some(nil))
        XCTAssertEqual(errorLabel { try migrationEncode(accounts: [good, seven], batchSize: 10) }, "InvalidInput.migration")
        let badDigits = copy(good, params: totpParams(digits: 11), account: "b")
        XCTAssertEqual(errorLabel { try migrationEncode(accounts: [good, badDigits], batchSize: 10) }, "InvalidInput.parameters")
    }
}

final class MigrationAssemblerTests: XCTestCase {
    func testBatchesShareAnIdAndAssembleInAnyOrder() throws {
        let accounts = try sampleAccounts(7)
        let uris = try migrationEncode(accounts: accounts, batchSize: 3)
        XCTAssertEqual(uris.count, 3)
        XCTAssertEqual(try uris.map { try migrationDecode(uri: $0).count }, [3, 3, 1])
        let a = MigrationAssembler()
        XCTAssertEqual(a.missing(), [])
        XCTAssertFalse(a.isComplete())
        try a.add(uri: uris[2])
        XCTAssertEqual(a.missing(), [0, 1])
        XCTAssertFalse(a.isComplete())
        try a.add(uri: uris[0])
        try a.add(uri: uris[0])  // scanning the same QR code twice is harmless
        XCTAssertEqual(a.missing(), [1])
        try a.add(uri: uris[1])
        XCTAssertEqual(a.missing(), [])
        XCTAssertTrue(a.isComplete())
        XCTAssertEqual(try a.finish().map(AccountKey.init), accounts.map(AccountKey.init))
    }

    func testVectorPartAloneIsIncomplete() throws {
        let v = try XCTUnwrap(Vectors.migrationOK.first { $0.batch?.size == 3 })
        let batch = v.batch!
        let a = MigrationAssembler()
        try a.add(uri: v.uri)
        XCTAssertEqual(a.missing(), (0..<batch.size).filter { $0 != batch.index })
        XCTAssertFalse(a.isComplete())
        let r = catchOtpError { try a.finish() }
        guard case let .IncompleteBatch(count, missing, message)? = r.otp else {
            return XCTFail("finish() on a partial batch: expected IncompleteBatch, got \(String(describing: r.otp ?? r.other))")
        }
        XCTAssertEqual(Int(count), a.missing().count)
        XCTAssertEqual(missing, a.missing())
        for i in a.missing() {
            XCTAssertTrue(message.contains(String(i)), "message lists missing part \(i): \(message)")
        }
    }

    func testIncompleteBatchKeepsParts() throws {
        let accounts = try sampleAccounts(4)
        let uris = try migrationEncode(accounts: accounts, batchSize: 2)
        let a = MigrationAssembler()
        try a.add(uri: uris[1])
        XCTAssertThrowsError(try a.finish()) { error in
            guard case let OtpError.IncompleteBatch(count, missing, message) = error else {
                return XCTFail("expected IncompleteBatch, got \(error)")
            }
            XCTAssertEqual(count, 1)
            XCTAssertEqual(missing, [0])
            XCTAssertTrue(message.contains("0"), message)
        }
        // A failed finish() must not lose the parts already scanned.
        XCTAssertEqual(a.missing(), [0])
        try a.add(uri: uris[0])
        XCTAssertEqual(try a.finish().map(AccountKey.init), accounts.map(AccountKey.init))
    }

    func testFinishWithoutParts() {
        XCTAssertEqual(errorLabel { try MigrationAssembler().finish() }, "InvalidInput.migration")
    }

    func testRejectsPartsOfAnotherBatch() throws {
        let first = try migrationEncode(accounts: try sampleAccounts(4, prefix: "x"), batchSize: 2)
        let other = try migrationEncode(accounts: try sampleAccounts(4, prefix: "y"), batchSize: 2)  // another random id
        let a = MigrationAssembler()
        try a.add(uri: first[0])
        XCTAssertEqual(errorLabel { try a.add(uri: other[1]) }, "InvalidInput.migration")
        XCTAssertEqual(a.missing(), [1])
        try a.add(uri: first[1])
        XCTAssertEqual(try a.finish().map(AccountKey.init), try sampleAccounts(4, prefix: "x").map(AccountKey.init))
    }

    func testAssemblerFromManyThreads() throws {
        let accounts = try sampleAccounts(16)
        let uris = try migrationEncode(accounts: accounts, batchSize: 1)
        let a = MigrationAssembler()
        DispatchQueue.concurrentPerform(iterations: uris.count) { i in
            try! a.add(uri: uris[uris.count - 1 - i])
        }
        XCTAssertTrue(a.isComplete())
        XCTAssertEqual(try a.finish().map(AccountKey.init), accounts.map(AccountKey.init))
    }
}
