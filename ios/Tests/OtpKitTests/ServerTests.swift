// The server helpers through the Swift binding: Verifier (TOTP/HOTP with throttling and replay
// protection), OobCodes (out-of-band codes) and VerificationStore. Every scenario lives once in
// ServerScenarios and runs on the in-memory store (ServerMemoryTests) and, when OTPKIT_REDIS_URL
// is set (ios/run-tests.sh passes it into the chroot), on Redis with a fresh random key prefix per
// store (ServerRedisTests; skipped otherwise). Time is injected: a Swift TimeSource
// (FixedSwiftClock) or an explicit unixTime. The blocking forms here; AsyncTests covers async. Window, look-ahead and backoff tables come from tests/vectors/server.json.

import Foundation
import OtpKit
import XCTest

struct ServerVectorsFile: Decodable {
    struct Window: Decodable {
        let name: String
        let profile: String
        let codeTime: Int64
        let checkTime: Int64
        let expect: String
        let offset: Int64?

        enum CodingKeys: String, CodingKey {
            case name, profile, expect, offset
            case codeTime = "code_time"
            case checkTime = "check_time"
        }
    }

    struct LookAhead: Decodable {
        let counter: Int64
        let expect: String
        let next: Int64?
    }

    let secretBase32: String
    let totpWindow: [Window]
    let hotpLookAhead: [LookAhead]
    let backoff: [Int64]

    enum CodingKeys: String, CodingKey {
        case backoff
        case secretBase32 = "secret_base32"
        case totpWindow = "totp_window"
        case hotpLookAhead = "hotp_look_ahead"
    }

    static let shared: ServerVectorsFile = Vectors.load(ServerVectorsFile.self, "server.json")
}

private let T: Int64 = 1_700_000_010  // the middle of a TOTP step
private let login = OobBinding(purpose: "login", subject: "alice")
private let redisURL: String? = ProcessInfo.processInfo.environment["OTPKIT_REDIS_URL"].flatMap { $0.isEmpty ? nil : $0 }

private func sms(_ to: String) -> Delivery { Delivery(channel: .sms, destination: to) }

private func randomPrefix() -> String {
    "otpkit-swift-" + (0..<8).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
}

/// The config with a different throttle (records are immutable in this binding).
private func with(_ c: VerifierConfig, throttle t: ThrottlePolicy) -> VerifierConfig {
    VerifierConfig(throttle: t, totp: c.totp, hotp: c.hotp)
}

private func throttle(_ t: ThrottlePolicy, freeFailures: Int32? = nil, maxFailures: Int32? = nil, rate: RateLimit? = nil) -> ThrottlePolicy {
    ThrottlePolicy(
        freeFailures: freeFailures ?? t.freeFailures, baseBackoff: t.baseBackoff, maxBackoff: t.maxBackoff,
        maxFailures: maxFailures ?? t.maxFailures, rate: rate ?? t.rate, stateTtl: t.stateTtl)
}

private func errorKind(_ body: () throws -> Any) -> String? { errorLabel(body) }

/// The scenarios, parameterised by the store backend.
struct ServerScenarios {
    let newStore: () throws -> VerificationStore
    /// Two stores from `sameBackend` see the same data (Redis: same prefix).
    let sameBackend: () throws -> (VerificationStore, VerificationStore, Bool)

    static let memory = ServerScenarios(
        newStore: { VerificationStore.memory() },
        sameBackend: { (VerificationStore.memory(), VerificationStore.memory(), false) })

    static func redis(_ url: String) -> ServerScenarios {
        ServerScenarios(
            newStore: { try VerificationStore.redisBlocking(url: url, options: RedisStoreOptions(prefix: randomPrefix())) },
            sameBackend: {
                let p = randomPrefix()
                return (try VerificationStore.redisBlocking(url: url, options: RedisStoreOptions(prefix: p)), try VerificationStore.redisBlocking(url: url, options: RedisStoreOptions(prefix: p)), true)
            })
    }

    let v = ServerVectorsFile.shared

    func totp() throws -> CodeGenerator { try CodeGenerator(secret: secret(v.secretBase32), params: totpParams(), pin: nil) }

    func verifier(_ store: VerificationStore? = nil, config: VerifierConfig = defaultVerifierConfig(), clock: TimeSource = FixedSwiftClock(T)) throws -> Verifier {
        try Verifier(store: store ?? newStore(), time: clock, config: config)
    }

    func oob(_ store: VerificationStore? = nil, policy: OobPolicy = defaultOobPolicy(), limits: SendLimits = noSendLimits(),
             clock: TimeSource = FixedSwiftClock(T), peppers: [Pepper]? = nil) throws -> OobCodes {
        try OobCodes(
            store: store ?? newStore(),
            peppers: peppers ?? [try Pepper(keyId: "k1", key: Data(repeating: 1, count: 32))],
            time: clock, policy: policy, limits: limits)
    }

    func issued(_ o: IssueOutcome, file: StaticString = #filePath, line: UInt = #line) -> (id: String, code: String, expiresAt: Int64) {
        guard case let .issued(id, code, expiresAt) = o else {
            XCTFail("expected issued, got \(o)", file: file, line: line)
            return ("", "", 0)
        }
        return (id, code.reveal(), expiresAt)
    }

    func isAccepted(_ o: VerifyOutcome) -> Bool {
        if case .accepted = o { return true }
        return false
    }

    func isInvalid(_ o: VerifyOutcome) -> Bool {
        if case .invalid = o { return true }
        return false
    }

    // MARK: TOTP / HOTP

    func totpWindowVectors() throws {
        XCTAssertGreaterThanOrEqual(v.totpWindow.count, 19)
        let store = try newStore()
        for (i, c) in v.totpWindow.enumerated() {
            let clock = FixedSwiftClock(c.checkTime)
            let ver = try verifier(store, config: c.profile == "strict" ? strictVerifierConfig() : defaultVerifierConfig(), clock: clock)
            let g = try totp()
            let code = try g.codeAt(unixTime: c.codeTime)
            let got = try ver.verifyTotpBlocking(credentialId: "window-\(i)", generator: g, code: code)
            XCTAssertEqual(clock.callCount, 1, c.name)
            if c.expect == "ok" {
                guard case let .accepted(step, offset, _, _) = got else {
                    XCTFail("\(c.name): \(got)")
                    continue
                }
                XCTAssertEqual(offset, c.offset, c.name)
                XCTAssertEqual(step, c.codeTime / 30, c.name)
            } else {
                XCTAssertEqual(got, .invalid(remaining: 99), c.name)
            }
            XCTAssertEqual(try ver.verifyTotpBlocking(credentialId: "window-at-\(i)", generator: g, code: code, unixTime: c.checkTime), got, c.name)
        }
    }

    func replay() throws {
        let clock = FixedSwiftClock(T)
        let ver = try verifier(clock: clock)
        let g = try totp()
        let code = try g.codeAt(unixTime: T)
        XCTAssertEqual(try ver.verifyTotpBlocking(credentialId: "alice", generator: g, code: code),
                       .accepted(step: T / 30, offset: 0, drift: 0, nextCounter: T / 30 + 1))
        XCTAssertEqual(try ver.verifyTotpBlocking(credentialId: "alice", generator: g, code: code), .replayed)
        XCTAssertEqual(try ver.stateBlocking(credentialId: "alice").failures, 1)
        clock.set(T + 30)
        XCTAssertTrue(isAccepted(try ver.verifyTotpBlocking(credentialId: "alice", generator: g, code: g.codeAt(unixTime: T + 30))))
        let s = try ver.stateBlocking(credentialId: "alice")
        XCTAssertEqual(s.failures, 0)
        XCTAssertEqual(s.highWater, (T + 30) / 30)
    }

    func hotpLookAhead() throws {
        let ver = try verifier()
        let g = try CodeGenerator(secret: secret(v.secretBase32), params: hotpParams(0), pin: nil)
        for c in v.hotpLookAhead {
            let got = try ver.verifyHotpBlocking(credentialId: "h", generator: g, code: g.codeForCounter(counter: c.counter), unixTime: T)
            if c.expect == "ok" {
                guard case let .accepted(_, _, _, next) = got else {
                    XCTFail("counter \(c.counter): \(got)")
                    continue
                }
                XCTAssertEqual(next, c.next)
            } else {
                XCTAssertTrue(isInvalid(got), "counter \(c.counter): \(got)")
            }
        }
        let resync = try ver.resyncHotpBlocking(
            credentialId: "r", generator: g, first: g.codeForCounter(counter: 50), second: g.codeForCounter(counter: 51), unixTime: T)
        XCTAssertEqual(resync, .accepted(step: 51, offset: 51, drift: 0, nextCounter: 52))
    }

    func backoffLockedUntil() throws {
        let clock = FixedSwiftClock(T)
        let ver = try verifier(clock: clock)
        let g = try totp()
        var now = T
        for (i, lock) in v.backoff.enumerated() {
            let n = Int32(i + 1)
            clock.set(now)
            XCTAssertEqual(try ver.verifyTotpBlocking(credentialId: "b", generator: g, code: "000000"), .invalid(remaining: 100 - n), "failure \(n)")
            if lock > 0 {
                clock.set(now + lock - 1)
                XCTAssertEqual(try ver.verifyTotpBlocking(credentialId: "b", generator: g, code: g.codeAt(unixTime: now + lock - 1)), .locked(until: now + lock))
                XCTAssertEqual(try ver.stateBlocking(credentialId: "b").failures, n)
            }
            now += lock
        }
        clock.set(now)
        XCTAssertTrue(isAccepted(try ver.verifyTotpBlocking(credentialId: "b", generator: g, code: g.codeAt(unixTime: now))))
    }

    func hardCapAndRateLimit() throws {
        let d = defaultVerifierConfig()
        let ver = try verifier(config: with(d, throttle: throttle(d.throttle, freeFailures: 100, maxFailures: 5)))
        let g = try totp()
        for left in (0..<5).reversed() {
            XCTAssertEqual(try ver.verifyTotpBlocking(credentialId: "cap", generator: g, code: "000000", unixTime: T), .invalid(remaining: Int32(left)))
        }
        XCTAssertEqual(try ver.verifyTotpBlocking(credentialId: "cap", generator: g, code: g.codeAt(unixTime: T), unixTime: T), .exhausted)
        try ver.unlockBlocking(credentialId: "cap")
        XCTAssertTrue(isAccepted(try ver.verifyTotpBlocking(credentialId: "cap", generator: g, code: g.codeAt(unixTime: T), unixTime: T)))

        let rated = try verifier(config: with(d, throttle: throttle(d.throttle, freeFailures: 100, rate: RateLimit(max: 3, window: 60))))
        XCTAssertTrue(isAccepted(try rated.verifyTotpBlocking(credentialId: "rl", generator: g, code: g.codeAt(unixTime: T), unixTime: T)))
        _ = try rated.verifyTotpBlocking(credentialId: "rl", generator: g, code: "000000", unixTime: T + 1)
        _ = try rated.verifyTotpBlocking(credentialId: "rl", generator: g, code: "000000", unixTime: T + 2)
        XCTAssertEqual(try rated.verifyTotpBlocking(credentialId: "rl", generator: g, code: "000000", unixTime: T + 10), .rateLimited(retryAfter: 50))
    }

    func malformed() throws {
        let ver = try verifier()
        let g = try totp()
        let cases: [(String, MalformedReason)] = [
            ("", .empty), ("12345", .wrongLength), ("12345x", .badCharacter), ("１２３４５６", .badCharacter),
            (String(repeating: "1", count: 65), .tooLong),
        ]
        for (typed, reason) in cases {
            XCTAssertEqual(try ver.verifyTotpBlocking(credentialId: "m", generator: g, code: typed, unixTime: T), .malformed(reason: reason), typed)
        }
        XCTAssertEqual(try ver.stateBlocking(credentialId: "m").failures, 0)
        let code = try g.codeAt(unixTime: T)
        let spaced = " \(code.prefix(3))-\(code.dropFirst(3)) "
        XCTAssertTrue(isAccepted(try ver.verifyTotpBlocking(credentialId: "m", generator: g, code: spaced, unixTime: T)))
        let hotp = try CodeGenerator(secret: secret(v.secretBase32), params: hotpParams(0), pin: nil)
        XCTAssertEqual(errorKind { try ver.verifyTotpBlocking(credentialId: "m", generator: hotp, code: code, unixTime: T) }, "InvalidInput.serverConfig")
    }

    // MARK: out-of-band codes

    func oobSingleUse() throws {
        let clock = FixedSwiftClock(T)
        let s = try oob(limits: defaultSendLimits(), clock: clock)
        let i = issued(try s.issueBlocking(binding: login, delivery: sms("+15550000001")))
        XCTAssertEqual(i.code.count, 6)
        XCTAssertTrue(i.code.allSatisfy(\.isASCII) && i.code.allSatisfy(\.isNumber))
        XCTAssertEqual(i.id.count, 32)
        XCTAssertEqual(i.expiresAt, T + 300)
        clock.set(T + 10)
        XCTAssertEqual(try s.verifyBlocking(challengeId: i.id, binding: login, code: i.code), .accepted(challengeId: i.id))
        XCTAssertEqual(try s.verifyBlocking(challengeId: i.id, binding: login, code: i.code), .invalid(remaining: nil))
    }

    func oobBinding() throws {
        let s = try oob()
        let tx = Data("EUR 10.00 to DE89...".utf8)
        let pay = OobBinding(purpose: "payment", subject: "alice", transaction: tx)
        let i = issued(try s.issueBlocking(binding: pay, delivery: sms("+15550000004"), unixTime: T))
        let unknown = try s.verifyBlocking(challengeId: "0123456789abcdef0123456789abcdef", binding: pay, code: "123456", unixTime: T + 1)
        XCTAssertEqual(unknown, .invalid(remaining: nil))
        for other in [
            OobBinding(purpose: "login", subject: "alice", transaction: tx),
            OobBinding(purpose: "payment", subject: "alice", transaction: Data("EUR 99.00 to XX00...".utf8)),
            OobBinding(purpose: "payment", subject: "alice"),
        ] {
            XCTAssertEqual(try s.verifyBlocking(challengeId: i.id, binding: other, code: i.code, unixTime: T + 1), unknown, other.purpose)
        }
        XCTAssertEqual(try s.verifyBlocking(challengeId: i.id, binding: pay, code: i.code, unixTime: T + 1), .accepted(challengeId: i.id))
        // Detailed view (logs only) and malformed codes.
        let j = issued(try s.issueBlocking(binding: login, delivery: sms("+15550000004"), unixTime: T))
        XCTAssertEqual(try s.verifyBlocking(challengeId: j.id, binding: login, code: "12a456", unixTime: T + 1), .malformed(reason: .badCharacter))
        let wrong = String((Int(String(j.code.first!))! + 1) % 10) + j.code.dropFirst()
        XCTAssertEqual(try s.verifyDetailedBlocking(challengeId: j.id, binding: login, code: wrong, unixTime: T + 1), .invalid(remaining: 4))
        XCTAssertEqual(try s.verifyDetailedBlocking(challengeId: j.id, binding: login, code: j.code, unixTime: T + 300), .expired)
    }

    func oobResend() throws {
        let s = try oob()
        let to = sms("+15550000006")
        let first = issued(try s.issueBlocking(binding: login, delivery: to, unixTime: T))
        XCTAssertEqual(issueKey(try s.resendBlocking(challengeId: first.id, binding: login, delivery: to, unixTime: T + 10)),
                       .rateLimited(scope: .cooldown, retryAfter: 20))
        let second = issued(try s.resendBlocking(challengeId: first.id, binding: login, delivery: to, unixTime: T + 30))
        XCTAssertEqual(second.id, first.id)
        XCTAssertEqual(second.expiresAt, T + 330)
        XCTAssertEqual(issueKey(try s.resendBlocking(challengeId: "zz", binding: login, delivery: to, unixTime: T + 100)), .unknownChallenge)
        XCTAssertEqual(try s.verifyBlocking(challengeId: first.id, binding: login, code: second.code, unixTime: T + 31), .accepted(challengeId: first.id))
    }

    func oobLimitsAndErrors() throws {
        let none = noSendLimits()
        let limits = SendLimits(perDestination: [RateLimit(max: 1, window: 3600)], perIp: none.perIp, perPrefix: none.perPrefix,
                                prefixDigits: none.prefixDigits, perCountry: none.perCountry, globalBudget: none.globalBudget)
        let s = try oob(limits: limits)
        _ = issued(try s.issueBlocking(binding: login, delivery: sms("+15551000001"), unixTime: T))
        let refused = try s.issueBlocking(binding: login, delivery: Delivery(channel: .voice, destination: "+1 555 100 0001"), unixTime: T + 1)
        guard case let .rateLimited(scope, retryAfter) = refused else { return XCTFail("\(refused)") }
        XCTAssertEqual(scope, .destination)
        XCTAssertTrue(retryAfter > 0 && retryAfter <= 3600)
        XCTAssertEqual(errorKind { try s.issueBlocking(binding: login, delivery: sms("12ab"), unixTime: T) }, "InvalidInput.request")
        XCTAssertEqual(errorKind { try Pepper(keyId: "k1", key: Data(count: 8)) }, "InvalidInput.serverConfig")
        XCTAssertEqual(errorKind { try self.oob(peppers: []) }, "InvalidInput.serverConfig")
        // Pepper rotation.
        let store = try newStore()
        let old = try Pepper(keyId: "2025", key: Data(repeating: 5, count: 32))
        let new = try Pepper(keyId: "2026", key: Data(repeating: 6, count: 32))
        XCTAssertEqual(old.keyId(), "2025")
        let a = issued(try oob(store, peppers: [old]).issueBlocking(binding: login, delivery: sms("+15550000007"), unixTime: T))
        XCTAssertEqual(try oob(store, peppers: [new, old]).verifyBlocking(challengeId: a.id, binding: login, code: a.code, unixTime: T + 1),
                       .accepted(challengeId: a.id))
    }

    /// Resends of dead challenges count against no send budget; the victim keeps all 5 sends.
    func deadResendsCostNoBudget() throws {
        let limits = noSendLimits()
        let tight = SendLimits(
            perDestination: [RateLimit(max: 5, window: 3600)], perIp: limits.perIp, perPrefix: limits.perPrefix,
            prefixDigits: limits.prefixDigits, perCountry: limits.perCountry, globalBudget: [RateLimit(max: 7, window: 3600)])
        let d = defaultOobPolicy()
        let policy = OobPolicy(format: d.format, ttl: 60, maxAttempts: 1, resendCooldown: d.resendCooldown, maxSends: d.maxSends)
        let s = try oob(policy: policy, limits: tight)
        let used = issued(try s.issueBlocking(binding: login, delivery: sms("+442079460001"), unixTime: T))
        XCTAssertEqual(try s.verifyBlocking(challengeId: used.id, binding: login, code: used.code, unixTime: T + 1), .accepted(challengeId: used.id))
        let expired = issued(try s.issueBlocking(binding: login, delivery: sms("+442079460001"), unixTime: T))
        let victim = sms("+15550100099")
        for id in ["0123456789abcdef0123456789abcdef", used.id, expired.id] {
            for _ in 0..<3 {
                XCTAssertEqual(issueKey(try s.resendBlocking(challengeId: id, binding: login, delivery: victim, unixTime: T + 100)), .unknownChallenge)
            }
        }
        for _ in 0..<5 { _ = issued(try s.issueBlocking(binding: login, delivery: victim, unixTime: T + 100)) }
        let sixth = try s.issueBlocking(binding: login, delivery: victim, unixTime: T + 100)
        guard case let .rateLimited(scope, _) = sixth, scope == .destination else {
            return XCTFail("the sixth send to the victim was not refused by the destination limit: \(sixth)")
        }
    }

    func sharedState() throws {
        let (a, b, shared) = try sameBackend()
        // The test Redis has persistence off (a restart would forget high-water marks).
        XCTAssertEqual(try a.diagnosticsBlocking().map { $0.name }, shared ? ["redis.persistence"] : [])
        let g = try totp()
        XCTAssertTrue(isAccepted(try verifier(a).verifyTotpBlocking(credentialId: "shared", generator: g, code: g.codeAt(unixTime: T), unixTime: T)))
        let again = try verifier(b).verifyTotpBlocking(credentialId: "shared", generator: g, code: g.codeAt(unixTime: T), unixTime: T)
        XCTAssertEqual(again == .replayed, shared, "\(again)")
        let i = issued(try oob(a).issueBlocking(binding: login, delivery: sms("+15550000008"), unixTime: T))
        XCTAssertEqual(try oob(b).verifyBlocking(challengeId: i.id, binding: login, code: i.code, unixTime: T + 1) == .accepted(challengeId: i.id), shared)
    }
}

final class ServerMemoryTests: XCTestCase {
    let s = ServerScenarios.memory

    func testTotpWindowVectors() throws { try s.totpWindowVectors() }
    func testReplay() throws { try s.replay() }
    func testHotpLookAheadAndResync() throws { try s.hotpLookAhead() }
    func testBackoffLockedUntil() throws { try s.backoffLockedUntil() }
    func testHardCapAndRateLimit() throws { try s.hardCapAndRateLimit() }
    func testMalformed() throws { try s.malformed() }
    func testOobSingleUse() throws { try s.oobSingleUse() }
    func testOobBinding() throws { try s.oobBinding() }
    func testOobResend() throws { try s.oobResend() }
    func testOobLimitsAndErrors() throws { try s.oobLimitsAndErrors() }
    func testSharedState() throws { try s.sharedState() }
    func testDeadResendsCostNoBudget() throws { try s.deadResendsCostNoBudget() }

    func testShortStateTtlEmptyCredentialAndAtTwins() throws {
        let d = defaultVerifierConfig()
        let t = d.throttle
        let short = with(d, throttle: ThrottlePolicy(
            freeFailures: t.freeFailures, baseBackoff: t.baseBackoff, maxBackoff: t.maxBackoff,
            maxFailures: t.maxFailures, rate: t.rate, stateTtl: 1))
        XCTAssertEqual(errorKind { try Verifier(store: VerificationStore.memory(), time: FixedSwiftClock(T), config: short) }, "InvalidInput.serverConfig")
        let v = try s.verifier(config: with(d, throttle: throttle(t, freeFailures: 0)), clock: FixedSwiftClock(1))
        let g = try s.totp()
        XCTAssertEqual(errorKind { try v.verifyTotpBlocking(credentialId: "", generator: g, code: g.codeAt(unixTime: T), unixTime: T) }, "InvalidInput.request")
        XCTAssertTrue(s.isInvalid(try v.verifyTotpBlocking(credentialId: "s", generator: g, code: "000000", unixTime: T)))
        XCTAssertEqual(try v.stateBlocking(credentialId: "s", unixTime: T).lockedUntil, T + 2)
        try v.unlockBlocking(credentialId: "s", unixTime: T + 1)
        XCTAssertEqual(try v.stateBlocking(credentialId: "s", unixTime: T + 1).failures, 0)
    }

    func testPepperGenerateAndVerifierConfig() throws {
        let p = try Pepper.generate(keyId: "2027")
        XCTAssertEqual(p.keyId(), "2027")
        let q = try Pepper.generate(keyId: "2027")
        // Two generated peppers are different keys: a code issued under one does not verify under the other.
        let store = VerificationStore.memory()
        let a = s.issued(try s.oob(store, peppers: [p]).issueBlocking(binding: login, delivery: sms("+15550000009"), unixTime: T))
        XCTAssertNotEqual(try s.oob(store, peppers: [q]).verifyBlocking(challengeId: a.id, binding: login, code: a.code, unixTime: T + 1),
                          .accepted(challengeId: a.id))
        XCTAssertEqual(try s.verifier(config: strictVerifierConfig()).config(), strictVerifierConfig())
        XCTAssertEqual(try Verifier(store: VerificationStore.memory()).config(), defaultVerifierConfig())
    }

    func testDefaultsAndBadConfig() throws {
        let d = defaultVerifierConfig()
        XCTAssertEqual(d.totp, TotpPolicy(back: 1, forward: 1, drift: nil))
        XCTAssertEqual(d.throttle.maxFailures, 100)
        XCTAssertEqual(strictVerifierConfig().totp.forward, 0)
        XCTAssertEqual(defaultOobPolicy().format, .digits(length: 6))
        let bad = with(d, throttle: throttle(d.throttle, maxFailures: 101))
        XCTAssertEqual(errorKind { try Verifier(store: VerificationStore.memory(), time: FixedSwiftClock(T), config: bad) }, "InvalidInput.serverConfig")
        // Unreachable Redis fails closed (InvalidServerConfig in a build without the redis feature).
        let kind = errorKind { try VerificationStore.redisBlocking(url: "redis://127.0.0.1:1/", options: RedisStoreOptions(prefix: "otpkit-swift")) }
        XCTAssertTrue(kind == "StoreUnavailable" || kind == "InvalidInput.serverConfig", "\(kind ?? "no error")")
    }
}

final class ServerRedisTests: XCTestCase {
    var s: ServerScenarios!

    override func setUpWithError() throws {
        guard let url = redisURL else {
            throw XCTSkip("OTPKIT_REDIS_URL is not set (pass it with OTPKIT_SWIFT_PASSENV)")
        }
        s = ServerScenarios.redis(url)
    }

    func testTotpWindowVectors() throws { try s.totpWindowVectors() }
    func testReplay() throws { try s.replay() }
    func testHotpLookAheadAndResync() throws { try s.hotpLookAhead() }
    func testBackoffLockedUntil() throws { try s.backoffLockedUntil() }
    func testHardCapAndRateLimit() throws { try s.hardCapAndRateLimit() }
    func testMalformed() throws { try s.malformed() }
    func testOobSingleUse() throws { try s.oobSingleUse() }
    func testOobBinding() throws { try s.oobBinding() }
    func testOobResend() throws { try s.oobResend() }
    func testOobLimitsAndErrors() throws { try s.oobLimitsAndErrors() }
    func testSharedState() throws { try s.sharedState() }

    func testDeadResendsCostNoBudget() throws { try s.deadResendsCostNoBudget() }

    func testBadPrefixIsAConfigError() throws {
        XCTAssertEqual(errorKind { try VerificationStore.redisBlocking(url: redisURL!, options: RedisStoreOptions(prefix: "bad {prefix}")) }, "InvalidInput.serverConfig")
    }

    func testRedisStoreOptions() throws {
        let d = defaultRedisStoreOptions()
        XCTAssertEqual([d.prefix, String(d.timeoutMs), String(d.maxIdle)], ["otpkit", "2000", "32"])
        let p = randomPrefix()
        let a = try VerificationStore.redisBlocking(url: redisURL!, options: RedisStoreOptions(prefix: p, timeoutMs: 500, maxIdle: 0))
        let g = try s.totp()
        XCTAssertTrue(s.isAccepted(try s.verifier(a).verifyTotpBlocking(credentialId: "opt", generator: g, code: g.codeAt(unixTime: T), unixTime: T)))
        let b = try VerificationStore.redisBlocking(url: redisURL!, options: RedisStoreOptions(prefix: p))
        XCTAssertEqual(try s.verifier(b).verifyTotpBlocking(credentialId: "opt", generator: g, code: g.codeAt(unixTime: T), unixTime: T), .replayed)
        XCTAssertEqual(errorKind { try VerificationStore.redisBlocking(url: redisURL!, options: RedisStoreOptions(prefix: p, timeoutMs: 0, maxIdle: 4)) }, "InvalidInput.serverConfig")
    }
}
