// codes.json through CodeGenerator and the one-shot functions; snapshots with a Swift clock;
// verifyAt offsets.

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
            let g = try CodeGenerator(secret: v.secretBase32, params: v.params)
            XCTAssertEqual(g.params(), v.params, v.name)
            if v.kind == "hotp" {
                XCTAssertEqual(g.codeAtCounter(counter: v.counter!), v.expected, v.name)
                // HOTP: codeAt ignores the time and uses the stored counter.
                XCTAssertEqual(g.codeAt(unixTime: 1_234_567_890), v.expected, v.name)
                XCTAssertEqual(g.snapshotAt(unixTime: 0).current, v.expected, v.name)
            } else {
                XCTAssertEqual(g.codeAt(unixTime: v.time!), v.expected, v.name)
                XCTAssertEqual(g.codeAtCounter(counter: v.movingFactor), v.expected, v.name)
                XCTAssertEqual(g.snapshotAt(unixTime: v.time!).current, v.expected, v.name)
                XCTAssertEqual(try! g.verifyAt(code: v.expected, unixTime: v.time!, window: 0), 0, v.name)
            }
            XCTAssertEqual(
                formatCodeNumber(g.codeNumberAt(unixTime: v.time ?? 0), kind: v.kind, digits: v.digits),
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
                    try hotpCode(secret: v.secretBase32, counter: v.counter!, algorithm: v.hashAlgorithm, digits: v.digits),
                    v.expected, v.name)
                // totpCode with HOTP parameters gives the code for the stored counter.
                XCTAssertEqual(try totpCode(secret: v.secretBase32, params: v.params, unixTime: 99), v.expected, v.name)
            case "totp":
                XCTAssertEqual(try totpCode(secret: v.secretBase32, params: v.params, unixTime: v.time!), v.expected, v.name)
                // A TOTP code is the HOTP code of the time step.
                XCTAssertEqual(
                    try hotpCode(secret: v.secretBase32, counter: v.movingFactor, algorithm: v.hashAlgorithm, digits: v.digits),
                    v.expected, v.name)
            default:  // steam
                XCTAssertEqual(try totpCode(secret: v.secretBase32, params: v.params, unixTime: v.time!), v.expected, v.name)
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
            XCTAssertEqual(fromUri.codeAt(unixTime: v.time ?? 0), v.expected, v.name)
            XCTAssertEqual(fromAccount.codeAt(unixTime: v.time ?? 0), v.expected, v.name)
        }
        let steam = try CodeGenerator.fromUri(uri: "steam://Z3ZBVSU5ZE7PW3276QDB5KZKFAMT7Y4L")
        XCTAssertEqual(steam.codeAt(unixTime: 1_616_374_841), "2F9J5")
        XCTAssertEqual(steam.params().otpType, .steam)
    }

    func testBatchCodeNumbers() throws {
        for v in vectors {
            let g = try CodeGenerator(secret: v.secretBase32, params: v.params)
            let t = v.time ?? 0
            // codeNumbersFrom: consecutive steps (HOTP: consecutive counters from the stored one).
            let run = g.codeNumbersFrom(startUnix: t, count: 4)
            XCTAssertEqual(run.count, 4, v.name)
            XCTAssertEqual(formatCodeNumber(run[0], kind: v.kind, digits: v.digits), v.expected, v.name)
            if v.kind == "hotp" {
                for i in 0..<4 {
                    let code = g.codeAtCounter(counter: v.counter! + UInt64(i))
                    XCTAssertEqual(formatCodeNumber(run[i], kind: v.kind, digits: v.digits), code, v.name)
                }
            } else {
                let start = v.movingFactor
                for i in 0..<4 {
                    let code = g.codeAtCounter(counter: start + UInt64(i))
                    XCTAssertEqual(formatCodeNumber(run[i], kind: v.kind, digits: v.digits), code, "\(v.name) +\(i)")
                }
            }
        }
        let g = try CodeGenerator(secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", params: vectors[0].params)
        XCTAssertEqual(g.codeNumbersFrom(startUnix: 0, count: 0), [])
        XCTAssertEqual(g.codeNumbersFrom(startUnix: 0, count: 200_000).count, 100_000, "at most 100 000 per call")
    }

    func testSnapshotVectors() throws {
        let snapshots = Vectors.codes.snapshotVectors
        XCTAssertGreaterThanOrEqual(snapshots.count, 10)
        for v in snapshots {
            let g = try CodeGenerator(secret: v.secretBase32, params: v.params)
            XCTAssertEqual(g.snapshotAt(unixTime: v.time!), v.expectedSnapshot, v.name)
        }
    }
}

final class ClockTests: XCTestCase {
    /// The foreign trait: a Clock implemented in Swift, called back from Rust.
    func testSwiftClockDrivesSnapshot() throws {
        for v in Vectors.codes.snapshotVectors {
            let g = try CodeGenerator(secret: v.secretBase32, params: v.params)
            let clock = FixedSwiftClock(v.time!)
            XCTAssertEqual(g.snapshot(clock: clock), v.expectedSnapshot, v.name)
            XCTAssertEqual(clock.callCount, 1, "the clock is read exactly once per snapshot (\(v.name))")
        }
    }

    func testSwiftClockIsReadOnEveryCall() throws {
        let g = try CodeGenerator(
            secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
            params: OtpParameters(otpType: .totp, algorithm: .sha1, digits: 8, period: 30, t0: 0, counter: 0))
        let clock = FixedSwiftClock(59)
        XCTAssertEqual(g.snapshot(clock: clock).current, "94287082")
        clock.set(1_111_111_109)
        XCTAssertEqual(g.snapshot(clock: clock).current, "07081804")
        clock.set(20_000_000_000)
        let s = g.snapshot(clock: clock)
        XCTAssertEqual(s.current, "65353130")
        XCTAssertEqual(s.remaining, 10)
        XCTAssertEqual(clock.callCount, 3)
    }

    func testSwiftClockFromManyThreads() throws {
        let g = try CodeGenerator(
            secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
            params: OtpParameters(otpType: .totp, algorithm: .sha1, digits: 6, period: 30, t0: 0, counter: 0))
        let clock = FixedSwiftClock(59)
        let results = NSMutableArray()
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: 64) { _ in
            let s = g.snapshot(clock: clock)
            lock.lock()
            results.add(s.current)
            lock.unlock()
        }
        XCTAssertEqual(results.count, 64)
        XCTAssertTrue(results.allSatisfy { ($0 as? String) == "287082" })
        XCTAssertEqual(clock.callCount, 64)
    }

    func testSystemClock() throws {
        let g = try CodeGenerator(
            secret: "JBSWY3DPEHPK3PXP",
            params: OtpParameters(otpType: .totp, algorithm: .sha1, digits: 6, period: 30, t0: 0, counter: 0))
        let before = UInt64(Date().timeIntervalSince1970)
        let s = g.snapshot(clock: systemClock())
        let after = UInt64(Date().timeIntervalSince1970)
        let now = systemClock().nowUnix()
        XCTAssertTrue((before...after + 1).contains(now), "systemClock \(now) vs Date \(before)...\(after)")
        XCTAssertGreaterThanOrEqual(s.validFrom + 30, before)
        XCTAssertLessThanOrEqual(s.validFrom, after)
        XCTAssertTrue((1...30).contains(s.remaining))
        XCTAssertEqual(s.current.count, 6)
        // The snapshot's code is the code at its own start time.
        XCTAssertEqual(g.codeAt(unixTime: s.validFrom), s.current)
    }
}

final class VerifyTests: XCTestCase {
    let t: UInt64 = 1_111_111_111
    var generator: CodeGenerator!

    override func setUpWithError() throws {
        generator = try CodeGenerator(
            secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
            params: OtpParameters(otpType: .totp, algorithm: .sha1, digits: 6, period: 30, t0: 0, counter: 0))
    }

    func testOffsetsWithinWindow() {
        for offset in -3...3 {
            let at = UInt64(Int64(t) + Int64(offset) * 30)
            let code = generator.codeAt(unixTime: at)
            XCTAssertEqual(try! generator.verifyAt(code: code, unixTime: t, window: 3), Int64(offset), "offset \(offset)")
            if abs(offset) > 1 {
                XCTAssertNil(try! generator.verifyAt(code: code, unixTime: t, window: 1), "offset \(offset) outside ±1")
            }
        }
        XCTAssertEqual(try! generator.verifyAt(code: "050471", unixTime: t, window: 0), 0)
        XCTAssertNil(try! generator.verifyAt(code: generator.codeAt(unixTime: t + 30), unixTime: t, window: 0))
    }

    func testRejectsWrongAndMalformedCodes() {
        let right = generator.codeAt(unixTime: t)
        let wrong = String(right.dropLast()) + (right.last == "0" ? "1" : "0")
        XCTAssertNil(try! generator.verifyAt(code: wrong, unixTime: t, window: 2))
        XCTAssertNil(try! generator.verifyAt(code: "", unixTime: t, window: 2))
        XCTAssertNil(try! generator.verifyAt(code: String(right.dropLast()), unixTime: t, window: 2))
        XCTAssertNil(try! generator.verifyAt(code: right + "0", unixTime: t, window: 2))
        XCTAssertNil(try! generator.verifyAt(code: "abcdef", unixTime: t, window: 2))
    }

    func testVerifyWindowIsBounded() {
        let old = generator.codeAt(unixTime: t - 300)
        XCTAssertEqual(try generator.verifyAt(code: old, unixTime: t, window: 10), -10)
        for window: UInt64 in [11, UInt64.max] {
            XCTAssertThrowsError(try generator.verifyAt(code: old, unixTime: t, window: window)) { error in
                guard case OtpError.InvalidParameters = error else {
                    return XCTFail("expected InvalidParameters, got \(error)")
                }
            }
        }
    }

    func testSteamAndNearEpoch() throws {
        let steam = try CodeGenerator.fromUri(uri: "steam://Z3ZBVSU5ZE7PW3276QDB5KZKFAMT7Y4L")
        XCTAssertEqual(try! steam.verifyAt(code: "2F9J5", unixTime: 1_616_374_841, window: 0), 0)
        XCTAssertEqual(try! steam.verifyAt(code: "2F9J5", unixTime: 1_616_374_841 + 30, window: 1), -1)
        // Near the epoch there is no step -1: the window is clamped, not wrapped.
        let code0 = generator.codeAt(unixTime: 0)
        XCTAssertEqual(try! generator.verifyAt(code: code0, unixTime: 5, window: 2), 0)
        XCTAssertEqual(try! generator.verifyAt(code: generator.codeAt(unixTime: 30), unixTime: 5, window: 2), 1)
    }
}

/// codes.json pin_vectors: mOTP and Yandex Key (Aegis' published values, hashlib reference).
final class PinVectorTests: XCTestCase {
    func testPinVectors() throws {
        let vectors = Vectors.codes.pinVectors
        XCTAssertGreaterThanOrEqual(vectors.count, 20)
        for v in vectors {
            let g = try CodeGenerator.withPin(secret: v.secretBase32, pin: v.pin, params: v.params)
            XCTAssertEqual(g.params(), v.params, v.name)
            XCTAssertEqual(g.codeAt(unixTime: v.time), v.expected, v.name)
            XCTAssertEqual(g.snapshotAt(unixTime: v.time).current, v.expected, v.name)
            XCTAssertEqual(try g.verifyAt(code: v.expected, unixTime: v.time, window: 0), 0, v.name)
            XCTAssertNotNil(catchOtpError { _ = try CodeGenerator(secret: v.secretBase32, params: v.params) }.otp, v.name)
        }
    }
}
