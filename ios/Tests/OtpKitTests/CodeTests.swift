// codes.json through CodeGenerator and the one-shot functions; snapshots with a Swift
// TimeSource; verifyAt offsets; signed-integer range checks (InvalidInput, never clamped).

import Foundation
import OtpKit
import XCTest

final class CodeVectorTests: XCTestCase {
    let vectors = Vectors.codes.codeVectors

    func testVectorFileIsTheExpectedFormat() {
        XCTAssertEqual(Vectors.codes.format, "otpkit-code-vectors")
        XCTAssertEqual(Vectors.codes.version, 1)
        XCTAssertGreaterThanOrEqual(vectors.count, 100)
        XCTAssertEqual(Set(vectors.map(\.kind)), ["hotp", "totp", "steam"])
        XCTAssertEqual(
            Set(vectors.map(\.algorithm)),
            ["SHA1", "SHA224", "SHA256", "SHA384", "SHA512", "SHA3-224", "SHA3-256", "SHA3-384", "SHA3-512"])
    }

    func testEveryVectorThroughCodeGenerator() throws {
        var checked = 0
        for v in vectors {
            let g = try CodeGenerator(secret: v.secret, params: v.params, pin: nil)
            XCTAssertEqual(g.params(), v.params, v.name)
            if v.kind == "hotp" {
                XCTAssertEqual(try g.codeForCounter(counter: v.counter!), v.expected, v.name)
                // HOTP: codeAt ignores the time and uses the stored counter.
                XCTAssertEqual(try g.codeAt(unixTime: 1_234_567_890), v.expected, v.name)
                XCTAssertEqual(try g.snapshotAt(unixTime: 0).current.reveal(), v.expected, v.name)
            } else {
                XCTAssertEqual(try g.codeAt(unixTime: v.time!), v.expected, v.name)
                XCTAssertEqual(try g.codeForCounter(counter: v.movingFactor), v.expected, v.name)
                XCTAssertEqual(try g.snapshotAt(unixTime: v.time!).current.reveal(), v.expected, v.name)
                XCTAssertEqual(try g.verifyAt(code: v.expected, unixTime: v.time!, window: 0), 0, v.name)
            }
            XCTAssertEqual(
                formatCodeNumber(try g.codeNumberAt(unixTime: v.time ?? 0), kind: v.kind, digits: v.digits),
                v.expected, "codeNumberAt \(v.name)")
            checked += 1
        }
        XCTAssertEqual(checked, vectors.count)
    }

    func testEveryVectorThroughOneShotFunctions() throws {
        for v in vectors {
            switch v.kind {
            case "hotp":
                XCTAssertEqual(
                    try hotpCode(secret: v.secret, counter: v.counter!, algorithm: v.hashAlgorithm, digits: v.digits),
                    v.expected, v.name)
                // totpCode with HOTP parameters gives the code for the stored counter.
                XCTAssertEqual(try totpCode(secret: v.secret, unixTime: 99, params: v.params), v.expected, v.name)
            case "totp":
                XCTAssertEqual(try totpCode(secret: v.secret, unixTime: v.time!, params: v.params), v.expected, v.name)
                // A TOTP code is the HOTP code of the time step.
                XCTAssertEqual(
                    try hotpCode(secret: v.secret, counter: v.movingFactor, algorithm: v.hashAlgorithm, digits: v.digits),
                    v.expected, v.name)
            default:  // steam
                XCTAssertEqual(try totpCode(secret: v.secret, unixTime: v.time!, params: v.params), v.expected, v.name)
                XCTAssertTrue(v.expected.allSatisfy { steamAlphabet.contains($0) }, v.name)
            }
        }
    }

    func testGeneratorFromUriAndFromAccountMatchVectors() throws {
        for v in vectors where v.kind != "steam" && (v.t0 ?? 0) == 0 {
            var uri = "otpauth://\(v.kind)/ACME:alice?secret=\(v.secretBase32)&algorithm=\(v.algorithm)&digits=\(v.digits)"
            if v.kind == "hotp" { uri += "&counter=\(v.counter!)" } else { uri += "&period=\(v.period!)" }
            let fromUri = try CodeGenerator.fromUri(uri: uri)
            let fromAccount = try CodeGenerator.fromAccount(account: try parseUri(uri: uri))
            XCTAssertEqual(fromUri.params(), v.params, v.name)
            XCTAssertEqual(try fromUri.codeAt(unixTime: v.time ?? 0), v.expected, v.name)
            XCTAssertEqual(try fromAccount.codeAt(unixTime: v.time ?? 0), v.expected, v.name)
        }
        let steam = try CodeGenerator.fromUri(uri: "steam://Z3ZBVSU5ZE7PW3276QDB5KZKFAMT7Y4L")
        XCTAssertEqual(try steam.codeAt(unixTime: 1_616_374_841), "2F9J5")
        XCTAssertEqual(steam.params(), .steam(period: 30))
    }

    func testBatchCodeNumbers() throws {
        for v in vectors {
            let g = try CodeGenerator(secret: v.secret, params: v.params, pin: nil)
            let t = v.time ?? 0
            // codeNumbersFrom: consecutive steps (HOTP: consecutive counters from the stored one).
            let run = try g.codeNumbersFrom(startUnix: t, count: 4)
            XCTAssertEqual(run.count, 4, v.name)
            XCTAssertEqual(formatCodeNumber(run[0], kind: v.kind, digits: v.digits), v.expected, v.name)
            let start = v.kind == "hotp" ? v.counter! : v.movingFactor
            for i in 0..<4 {
                let code = try g.codeForCounter(counter: start + Int64(i))
                XCTAssertEqual(formatCodeNumber(run[i], kind: v.kind, digits: v.digits), code, "\(v.name) +\(i)")
            }
        }
        let g = try CodeGenerator(secret: secret("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"), params: vectors[0].params, pin: nil)
        XCTAssertEqual(try g.codeNumbersFrom(startUnix: 0, count: 0), [])
        XCTAssertEqual(try g.codeNumbersFrom(startUnix: 0, count: 100_000).count, 100_000)
    }

    func testSnapshotVectors() throws {
        let snapshots = Vectors.codes.snapshotVectors
        XCTAssertGreaterThanOrEqual(snapshots.count, 10)
        for v in snapshots {
            let g = try CodeGenerator(secret: v.secret, params: v.params, pin: nil)
            XCTAssertEqual(SnapshotKey(try g.snapshotAt(unixTime: v.time!)), v.expectedSnapshot, v.name)
        }
    }
}

/// Integers are signed in the binding: negative or too large values are InvalidInput(parameters)
/// naming the argument, never clamped or wrapped.
final class RangeCheckTests: XCTestCase {
    let key = secret("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")

    func assertParameterError<T>(
        _ field: String, _ what: String, file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> T
    ) {
        let r = catchOtpError(body)
        guard let e = r.otp else {
            return XCTFail("\(what): expected InvalidInput(parameters, \(field)), got \(r.other.map { "\($0)" } ?? "no error")",
                           file: file, line: line)
        }
        let i = info(e)
        XCTAssertEqual(i.label, "InvalidInput.parameters", "\(what): \(i)", file: file, line: line)
        XCTAssertEqual(i.field, field, "\(what): \(i)", file: file, line: line)
        XCTAssertFalse(i.reason.isEmpty, what, file: file, line: line)
    }

    func testInvalidParametersNameTheField() throws {
        let bad: [(String, OtpParams)] = [
            ("digits", totpParams(digits: 0)), ("digits", totpParams(digits: 11)), ("digits", totpParams(digits: -6)),
            ("period", totpParams(period: 0)), ("period", totpParams(period: -30)), ("t0", totpParams(t0: -1)),
            ("digits", hotpParams(0, digits: 11)), ("counter", hotpParams(-1)),
            ("period", .steam(period: 0)), ("period", .motp(period: -10)),
        ]
        for (field, p) in bad {
            assertParameterError(field, "CodeGenerator \(p)") { try CodeGenerator(secret: key, params: p, pin: nil) }
            assertParameterError(field, "totpCode \(p)") { try totpCode(secret: key, unixTime: 59, params: p) }
        }
        assertParameterError("digits", "hotpCode digits 0") { try hotpCode(secret: key, counter: 0, algorithm: .sha1, digits: 0) }
        assertParameterError("counter", "hotpCode counter -1") { try hotpCode(secret: key, counter: -1, algorithm: .sha1, digits: 6) }
    }

    func testNegativeTimesCountersAndCounts() throws {
        let g = try CodeGenerator(secret: key, params: totpParams(), pin: nil)
        assertParameterError("counter", "codeForCounter(-1)") { try g.codeForCounter(counter: -1) }
        assertParameterError("count", "codeNumbersFrom(count: -1)") { try g.codeNumbersFrom(startUnix: 0, count: -1) }
        assertParameterError("count", "codeNumbersFrom(count: 100 001)") { try g.codeNumbersFrom(startUnix: 0, count: 100_001) }
        assertParameterError("window", "verifyAt(window: -1)") { try g.verifyAt(code: "123456", unixTime: 59, window: -1) }
        assertParameterError("unix_time", "codeAt(-1)") { try g.codeAt(unixTime: -1) }
        assertParameterError("unix_time", "snapshotAt(-1)") { try g.snapshotAt(unixTime: -1) }
        assertParameterError("start_unix", "codeNumbersFrom(startUnix: -30)") { try g.codeNumbersFrom(startUnix: -30, count: 1) }
        assertParameterError("bytes", "Secret.generate(0)") { try Secret.generate(bytes: 0) }
        assertParameterError("bytes", "Secret.generate(1025)") { try Secret.generate(bytes: 1025) }
        assertParameterError("batch_size", "migrationEncode(batchSize: 0)") {
            try migrationEncode(accounts: try sampleAccounts(2), batchSize: 0)
        }
    }

    func testDefaultsAreTheStandardValues() throws {
        XCTAssertEqual(defaultTotp(), .totp(algorithm: nil, digits: 6, period: 30, t0: 0))
        XCTAssertEqual(defaultTotp(), .totp())
        XCTAssertEqual(OtpParams.hotp(), hotpParams(0))
        XCTAssertEqual(OtpParams.steam(), .steam(period: 30))
        XCTAssertEqual(OtpParams.motp(), .motp(period: 10))
        XCTAssertEqual(OtpParams.yandex(), .yandex(period: 30))
        XCTAssertEqual(hashAlgorithm(params: defaultTotp()), .sha1)
        XCTAssertEqual(hashAlgorithm(params: .yandex()), .sha256)
        XCTAssertEqual(try codeLength(params: .steam()), 5)
        // Default arguments: CodeGenerator(secret:) is TOTP/SHA1/6/30; hotpCode SHA1/6; window 1.
        let plain = try CodeGenerator(secret: key)
        XCTAssertEqual(plain.params(), defaultTotp())
        XCTAssertEqual(try plain.verifyAt(code: try plain.codeAt(unixTime: 89), unixTime: 59), 1)
        XCTAssertEqual(try hotpCode(secret: key, counter: 0), "755224")
        XCTAssertEqual(try totpCode(secret: key, unixTime: 59), "287082")
        let g = try CodeGenerator(secret: key, params: defaultTotp(), pin: nil)
        XCTAssertEqual(try g.codeAt(unixTime: 59), "287082")
        XCTAssertEqual(try totpCode(secret: key, unixTime: 59, params: defaultTotp()), "287082")
    }
}

final class TimeSourceTests: XCTestCase {
    /// The foreign trait: a TimeSource implemented in Swift, called back from Rust.
    func testSwiftTimeSourceDrivesSnapshot() throws {
        for v in Vectors.codes.snapshotVectors {
            let g = try CodeGenerator(secret: v.secret, params: v.params, pin: nil)
            let clock = FixedSwiftClock(v.time!)
            XCTAssertEqual(SnapshotKey(g.snapshot(time: clock)), v.expectedSnapshot, v.name)
            XCTAssertEqual(clock.callCount, 1, "the time source is read exactly once per snapshot (\(v.name))")
        }
    }

    func testSwiftTimeSourceIsReadOnEveryCall() throws {
        let g = try CodeGenerator(secret: secret("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"), params: totpParams(digits: 8), pin: nil)
        let clock = FixedSwiftClock(59)
        XCTAssertEqual(g.snapshot(time: clock).current.reveal(), "94287082")
        clock.set(1_111_111_109)
        XCTAssertEqual(g.snapshot(time: clock).current.reveal(), "07081804")
        clock.set(20_000_000_000)
        let s = g.snapshot(time: clock)
        XCTAssertEqual(s.current.reveal(), "65353130")
        XCTAssertEqual(s.remaining, 10)
        XCTAssertEqual(clock.callCount, 3)
    }

    func testSwiftTimeSourceFromManyThreads() throws {
        let g = try CodeGenerator(secret: secret("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"), params: totpParams(), pin: nil)
        let clock = FixedSwiftClock(59)
        var results: [String] = []
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: 64) { _ in
            let s = g.snapshot(time: clock)
            lock.lock()
            results.append(s.current.reveal())
            lock.unlock()
        }
        XCTAssertEqual(results, Array(repeating: "287082", count: 64))
        XCTAssertEqual(clock.callCount, 64)
    }

    func testFixedAndSystemTimeSources() throws {
        let g = try CodeGenerator(secret: secret("JBSWY3DPEHPK3PXP"), params: totpParams(), pin: nil)
        XCTAssertEqual(fixedTimeSource(unixTime: 1_700_000_000).nowUnix(), 1_700_000_000)
        XCTAssertEqual(SnapshotKey(g.snapshot(time: fixedTimeSource(unixTime: 1_700_000_000))),
                       SnapshotKey(try g.snapshotAt(unixTime: 1_700_000_000)))
        let before = Int64(Date().timeIntervalSince1970)
        let s = g.snapshot(time: systemTimeSource())
        let after = Int64(Date().timeIntervalSince1970)
        let now = systemTimeSource().nowUnix()
        XCTAssertTrue((before...after + 1).contains(now), "systemTimeSource \(now) vs Date \(before)...\(after)")
        XCTAssertGreaterThanOrEqual(s.validFrom + 30, before)
        XCTAssertLessThanOrEqual(s.validFrom, after)
        XCTAssertTrue((1...30).contains(s.remaining))
        XCTAssertEqual(s.current.length(), 6)
        // The snapshot's code is the code at its own start time.
        XCTAssertEqual(try g.codeAt(unixTime: s.validFrom), s.current.reveal())
    }
}

final class VerifyTests: XCTestCase {
    let t: Int64 = 1_111_111_111
    var generator: CodeGenerator!

    override func setUpWithError() throws {
        generator = try CodeGenerator(secret: secret("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"), params: totpParams(), pin: nil)
    }

    func testOffsetsWithinWindow() throws {
        for offset in -3...3 {
            let code = try generator.codeAt(unixTime: t + Int64(offset) * 30)
            XCTAssertEqual(try generator.verifyAt(code: code, unixTime: t, window: 3), Int32(offset), "offset \(offset)")
            if abs(offset) > 1 {
                XCTAssertNil(try generator.verifyAt(code: code, unixTime: t, window: 1), "offset \(offset) outside ±1")
            }
        }
        XCTAssertEqual(try generator.verifyAt(code: "050471", unixTime: t, window: 0), 0)
        XCTAssertNil(try generator.verifyAt(code: try generator.codeAt(unixTime: t + 30), unixTime: t, window: 0))
    }

    func testRejectsWrongAndMalformedCodes() throws {
        let right = try generator.codeAt(unixTime: t)
        let wrong = String(right.dropLast()) + (right.last == "0" ? "1" : "0")
        XCTAssertNil(try generator.verifyAt(code: wrong, unixTime: t, window: 2))
        XCTAssertNil(try generator.verifyAt(code: "", unixTime: t, window: 2))
        XCTAssertNil(try generator.verifyAt(code: String(right.dropLast()), unixTime: t, window: 2))
        XCTAssertNil(try generator.verifyAt(code: right + "0", unixTime: t, window: 2))
        XCTAssertNil(try generator.verifyAt(code: "abcdef", unixTime: t, window: 2))
    }

    func testVerifyWindowIsBounded() throws {
        let old = try generator.codeAt(unixTime: t - 300)
        XCTAssertEqual(try generator.verifyAt(code: old, unixTime: t, window: 10), -10)
        for window: Int32 in [11, Int32.max, -1] {
            let r = catchOtpError { try self.generator.verifyAt(code: old, unixTime: self.t, window: window) }
            XCTAssertEqual(r.otp.map { info($0).label }, "InvalidInput.parameters", "window \(window)")
            XCTAssertEqual(r.otp.flatMap { info($0).field }, "window", "window \(window)")
        }
    }

    func testSteamAndNearEpoch() throws {
        let steam = try CodeGenerator.fromUri(uri: "steam://Z3ZBVSU5ZE7PW3276QDB5KZKFAMT7Y4L")
        XCTAssertEqual(try steam.verifyAt(code: "2F9J5", unixTime: 1_616_374_841, window: 0), 0)
        XCTAssertEqual(try steam.verifyAt(code: "2F9J5", unixTime: 1_616_374_841 + 30, window: 1), -1)
        // Near the epoch there is no step -1: the window is clamped, not wrapped.
        let code0 = try generator.codeAt(unixTime: 0)
        XCTAssertEqual(try generator.verifyAt(code: code0, unixTime: 5, window: 2), 0)
        XCTAssertEqual(try generator.verifyAt(code: try generator.codeAt(unixTime: 30), unixTime: 5, window: 2), 1)
    }
}

/// codes.json pin_vectors: mOTP and Yandex Key (Aegis' published values, hashlib reference).
final class PinVectorTests: XCTestCase {
    func testPinVectors() throws {
        let vectors = Vectors.codes.pinVectors
        XCTAssertGreaterThanOrEqual(vectors.count, 20)
        for v in vectors {
            let key = secret(v.secretBase32)
            let g = try CodeGenerator(secret: key, params: v.params, pin: SensitiveText(text: v.pin))
            XCTAssertEqual(g.params(), v.params, v.name)
            XCTAssertEqual(try g.codeAt(unixTime: v.time), v.expected, v.name)
            XCTAssertEqual(try g.snapshotAt(unixTime: v.time).current.reveal(), v.expected, v.name)
            XCTAssertEqual(try g.verifyAt(code: v.expected, unixTime: v.time, window: 0), 0, v.name)
            // Without the PIN there are no codes.
            XCTAssertEqual(errorLabel { try CodeGenerator(secret: key, params: v.params, pin: nil) },
                           "InvalidInput.parameters", v.name)
        }
    }
}
