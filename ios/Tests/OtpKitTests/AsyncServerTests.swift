// The async forms of the server (Swift async/await over uniffi futures): Verifier and OobCodes
// on the in-memory store and, when OTPKIT_REDIS_URL is set, on Redis (async connect). Many
// concurrent tasks on one verifier: a code is accepted exactly once. AsyncStorageTests: vaults,
// imports and exports.

import Foundation
import OtpKit
import XCTest

private let T: Int64 = 1_700_000_010
private let key = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
private let login = OobBinding(purpose: "login", subject: "alice")

/// The async server scenarios, for one store backend.
struct AsyncServerScenarios {
    let newStore: () async throws -> VerificationStore

    func generator() throws -> CodeGenerator { try CodeGenerator(secret: secret(key), params: totpParams(), pin: nil) }

    func verifyTotpReplayAndState() async throws {
        let clock = FixedSwiftClock(T)
        let v = try Verifier(store: try await newStore(), time: clock, config: defaultVerifierConfig())
        let g = try generator()
        let code = try g.codeAt(unixTime: T)
        let first = try await v.verifyTotp(credentialId: "alice", generator: g, code: code, unixTime: nil)
        XCTAssertEqual(first, .accepted(step: T / 30, offset: 0, drift: 0, nextCounter: T / 30 + 1))
        XCTAssertEqual(clock.callCount, 1, "unixTime nil reads the verifier's time source")
        let again = try await v.verifyTotp(credentialId: "alice", generator: g, code: code, unixTime: T)
        XCTAssertEqual(again, .replayed)
        let got1 = try await v.state(credentialId: "alice", unixTime: T).failures
        XCTAssertEqual(got1, 1)
        let got2 = try await v.verifyTotp(credentialId: "alice", generator: g, code: "000000", unixTime: T)
        XCTAssertEqual(got2, .invalid(remaining: 98))
        try await v.unlock(credentialId: "alice", unixTime: T)
        let got3 = try await v.state(credentialId: "alice", unixTime: T).failures
        XCTAssertEqual(got3, 0)
        let bad = await errorLabelAsync { try await v.verifyTotp(credentialId: "", generator: g, code: code, unixTime: T) }
        XCTAssertEqual(bad, "InvalidInput.request")
        let negative = await errorLabelAsync { try await v.verifyTotp(credentialId: "x", generator: g, code: code, unixTime: -1) }
        XCTAssertEqual(negative, "InvalidInput.parameters")
    }

    func verifyHotpAndResync() async throws {
        let v = try Verifier(store: try await newStore(), time: FixedSwiftClock(T), config: defaultVerifierConfig())
        let g = try CodeGenerator(secret: secret(key), params: hotpParams(0), pin: nil)
        let ok = try await v.verifyHotp(credentialId: "h", generator: g, code: try g.codeForCounter(counter: 3), unixTime: T)
        guard case let .accepted(_, _, _, next) = ok else { return XCTFail("\(ok)") }
        XCTAssertEqual(next, 4)
        let resync = try await v.resyncHotp(credentialId: "r", generator: g, first: try g.codeForCounter(counter: 50),
                                            second: try g.codeForCounter(counter: 51), unixTime: T)
        XCTAssertEqual(resync, .accepted(step: 51, offset: 51, drift: 0, nextCounter: 52))
    }

    /// 16 tasks submit the same code at once: exactly one is accepted, the others are refused.
    func concurrentVerifyAcceptsOnce() async throws {
        let v = try Verifier(store: try await newStore(), time: FixedSwiftClock(T), config: defaultVerifierConfig())
        let g = try generator()
        let code = try g.codeAt(unixTime: T)
        let outcomes = try await withThrowingTaskGroup(of: VerifyOutcome.self) { group in
            for _ in 0..<16 {
                group.addTask { try await v.verifyTotp(credentialId: "race", generator: g, code: code, unixTime: T) }
            }
            var all: [VerifyOutcome] = []
            for try await o in group { all.append(o) }
            return all
        }
        // Exactly one acceptance; every other task sees the replay (which counts as a failure, so
        // after the free failures the credential is briefly locked).
        let accepted = outcomes.filter { if case .accepted = $0 { return true } else { return false } }
        XCTAssertEqual(accepted.count, 1, "\(outcomes)")
        let refused = outcomes.filter { o in
            if case .locked = o { return true }
            return o == .replayed
        }
        XCTAssertEqual(refused.count, 15, "\(outcomes)")
        XCTAssertGreaterThanOrEqual(outcomes.filter { $0 == .replayed }.count, 1, "\(outcomes)")
    }

    func oobIssueResendVerify() async throws {
        let clock = FixedSwiftClock(T)
        let s = try OobCodes(store: try await newStore(), peppers: [try Pepper(keyId: "k1", key: Data(repeating: 1, count: 32))],
                             time: clock, policy: defaultOobPolicy(), limits: noSendLimits())
        let to = Delivery(channel: .sms, destination: "+15550000001")
        let issued = try await s.issue(binding: login, delivery: to, unixTime: nil)
        guard case let .issued(id, code, expiresAt) = issued else { return XCTFail("\(issued)") }
        XCTAssertEqual(expiresAt, T + 300)
        XCTAssertEqual(code.length(), 6)
        let cooldown = try await s.resend(challengeId: id, binding: login, delivery: to, unixTime: T + 10)
        XCTAssertEqual(issueKey(cooldown), .rateLimited(scope: .cooldown, retryAfter: 20))
        let resent = try await s.resend(challengeId: id, binding: login, delivery: to, unixTime: T + 30)
        guard case let .issued(sameId, newCode, _) = resent else { return XCTFail("\(resent)") }
        XCTAssertEqual(sameId, id)
        let wrong = newCode.reveal() == "000000" ? "111111" : "000000"
        let got4 = try await s.verifyDetailed(challengeId: id, binding: login, code: wrong, unixTime: T + 31)
        XCTAssertEqual(got4, .invalid(remaining: 4))
        let got5 = try await s.verify(challengeId: id, binding: login, code: newCode.reveal(), unixTime: T + 32)
        XCTAssertEqual(got5, .accepted(challengeId: id))
        let got6 = try await s.verify(challengeId: id, binding: login, code: newCode.reveal(), unixTime: T + 33)
        XCTAssertEqual(got6, .invalid(remaining: nil))
        let badNumber = await errorLabelAsync {
            try await s.issue(binding: login, delivery: Delivery(channel: .sms, destination: "12ab"), unixTime: T)
        }
        XCTAssertEqual(badNumber, "InvalidInput.request")
    }
}

private let redisURL: String? = ProcessInfo.processInfo.environment["OTPKIT_REDIS_URL"].flatMap { $0.isEmpty ? nil : $0 }
/// Comma-separated node URLs of a Redis Cluster (tests/redis/cluster-start.sh).
private let clusterURLs: [String]? = ProcessInfo.processInfo.environment["OTPKIT_REDIS_CLUSTER_URLS"]
    .map { $0.split(separator: ",").map(String.init) }.flatMap { $0.isEmpty ? nil : $0 }

private func randomPrefix() -> String {
    "otpkit-swift-async-" + (0..<8).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
}

final class AsyncServerMemoryTests: XCTestCase {
    let s = AsyncServerScenarios(newStore: { VerificationStore.memory() })

    func testVerifyTotpReplayAndState() async throws { try await s.verifyTotpReplayAndState() }
    func testVerifyHotpAndResync() async throws { try await s.verifyHotpAndResync() }
    func testConcurrentVerifyAcceptsOnce() async throws { try await s.concurrentVerifyAcceptsOnce() }
    func testOobIssueResendVerify() async throws { try await s.oobIssueResendVerify() }

    func testMemoryDiagnosticsAsync() async throws {
        let got7 = try await VerificationStore.memory().diagnostics().map(\.name)
        XCTAssertEqual(got7, [])
    }

    func testUnreachableRedisFailsClosedAsync() async throws {
        let kind = await errorLabelAsync {
            try await VerificationStore.redis(url: "redis://127.0.0.1:1/", options: RedisStoreOptions(prefix: "otpkit-swift", timeoutMs: 500))
        }
        XCTAssertTrue(kind == "StoreUnavailable" || kind == "InvalidInput.serverConfig", "\(kind ?? "no error")")
    }
}

final class AsyncServerRedisTests: XCTestCase {
    var s: AsyncServerScenarios!

    override func setUpWithError() throws {
        guard let url = redisURL else {
            throw XCTSkip("OTPKIT_REDIS_URL is not set (pass it with OTPKIT_SWIFT_PASSENV)")
        }
        s = AsyncServerScenarios(newStore: {
            try await VerificationStore.redis(url: url, options: RedisStoreOptions(prefix: randomPrefix()))
        })
    }

    func testVerifyTotpReplayAndState() async throws { try await s.verifyTotpReplayAndState() }
    func testVerifyHotpAndResync() async throws { try await s.verifyHotpAndResync() }
    func testConcurrentVerifyAcceptsOnce() async throws { try await s.concurrentVerifyAcceptsOnce() }
    func testOobIssueResendVerify() async throws { try await s.oobIssueResendVerify() }

    func testRedisDiagnosticsAsync() async throws {
        let store = try await VerificationStore.redis(url: redisURL!, options: RedisStoreOptions(prefix: randomPrefix()))
        // The test Redis has persistence off (a restart would forget high-water marks).
        let got8 = try await store.diagnostics().map(\.name)
        XCTAssertEqual(got8, ["redis.persistence"])
    }
}

/// The same scenarios on a Redis Cluster (async `redisCluster` connect), when
/// OTPKIT_REDIS_CLUSTER_URLS is set; plus the blocking twin sharing state with the async store.
final class AsyncServerRedisClusterTests: XCTestCase {
    var s: AsyncServerScenarios!

    override func setUpWithError() throws {
        guard let urls = clusterURLs else {
            throw XCTSkip("OTPKIT_REDIS_CLUSTER_URLS is not set (pass it with OTPKIT_SWIFT_PASSENV)")
        }
        s = AsyncServerScenarios(newStore: {
            try await VerificationStore.redisCluster(urls: urls, options: RedisStoreOptions(prefix: randomPrefix()))
        })
    }

    func testVerifyTotpReplayAndState() async throws { try await s.verifyTotpReplayAndState() }
    func testConcurrentVerifyAcceptsOnce() async throws { try await s.concurrentVerifyAcceptsOnce() }
    func testOobIssueResendVerify() async throws { try await s.oobIssueResendVerify() }

    func testBlockingTwinSharesState() async throws {
        let prefix = randomPrefix()
        let a = try await VerificationStore.redisCluster(urls: clusterURLs!, options: RedisStoreOptions(prefix: prefix))
        let b = try VerificationStore.redisClusterBlocking(urls: clusterURLs!, options: RedisStoreOptions(prefix: prefix))
        let g = try s.generator()
        let code = try g.codeAt(unixTime: T)
        let first = try await Verifier(store: a, time: FixedSwiftClock(T)).verifyTotp(credentialId: "c", generator: g, code: code)
        XCTAssertEqual(first, .accepted(step: T / 30, offset: 0, drift: 0, nextCounter: T / 30 + 1))
        let again = try Verifier(store: b, time: FixedSwiftClock(T)).verifyTotpBlocking(credentialId: "c", generator: g, code: code)
        XCTAssertEqual(again, .replayed)
    }
}
