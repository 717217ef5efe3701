// Out-of-band delivery through the Swift binding: sender-id, template and webhook vectors from
// tests/vectors/delivery.json, and dispatcher journeys on the in-memory store against the
// loopback provider fakes (tests/fakes/server.py). ios/run-tests.sh starts the fakes on the host
// when OTPKIT_FAKES_URL is unset and passes the URL into the chroot, which shares the host's
// network namespace (as for Redis), so 127.0.0.1 reaches them. The fakes' delivery reports are
// fetched with POST /_receipt/... and handed to Dispatcher.receipt as a web server would.

import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import OtpKit
import XCTest

struct DeliveryVectorsFile: Decodable {
    struct SenderIdCase: Decodable {
        let senderId: String
        let channel: String
        let country: String?
        let rule: String?
        let provider: String?
        let region: String?

        enum CodingKeys: String, CodingKey {
            case channel, country, rule, provider, region
            case senderId = "sender_id"
        }
    }

    struct TemplateCase: Decodable {
        let template: String
        let channel: String
        let code: String
        let text: String?
        let error: Bool?
    }

    struct Webhook: Decodable {
        let name: String
        let provider: String
        let method: String
        let url: String
        let headers: [String: String]
        let body: String
        let unixTime: Int64
        let expect: String

        enum CodingKeys: String, CodingKey {
            case name, provider, method, url, headers, body, expect
            case unixTime = "unix_time"
        }
    }

    let configs: [String: [String: String]]
    let senderIds: [SenderIdCase]
    let providerSenderIds: [SenderIdCase]
    let templates: [TemplateCase]
    let webhooks: [Webhook]

    enum CodingKeys: String, CodingKey {
        case configs, templates, webhooks
        case senderIds = "sender_ids"
        case providerSenderIds = "provider_sender_ids"
    }

    static let shared: DeliveryVectorsFile = Vectors.load(DeliveryVectorsFile.self, "delivery.json")
}

func channelOf(_ name: String) -> DeliveryChannel {
    switch name {
    case "sms": return .sms
    case "voice": return .voice
    case "whatsapp": return .whatsApp
    default: return .email
    }
}

func providerOf(_ name: String) -> ProviderKind {
    switch name {
    case "textlocal": return .textlocal
    case "dexatel": return .dexatel
    case "twilio": return .twilio
    case "vonage": return .vonage
    case "messagebird": return .messageBird
    case "sleekflow": return .sleekFlow
    case "labsmobile": return .labsMobile
    default: fatalError("unknown provider \(name)")
    }
}

private func sens(_ s: String) -> SensitiveText { SensitiveText(text: s) }

/// A provider config from the vectors (real API hosts: never contacted here).
func vectorConfig(_ name: String, region: String? = nil) -> ProviderConfig {
    let c = DeliveryVectorsFile.shared.configs[name]!
    switch name {
    case "textlocal":
        return .textlocal(
            apiKey: sens(c["api_key"]!), receiptToken: sens(c["receipt_token"]!),
            region: (region ?? c["region"]!) == "india" ? .india : .international, baseUrl: nil)
    case "dexatel":
        return .dexatel(
            apiKey: sens(c["api_key"]!), webhookSecret: sens(c["webhook_secret"]!), baseUrl: nil,
            whatsappTemplate: nil, voice: false)
    case "twilio":
        return .twilio(
            accountSid: c["account_sid"]!, authToken: sens(c["auth_token"]!), apiKey: nil, baseUrl: nil,
            whatsappContentSid: nil, voice: false, voiceLanguage: nil, voiceName: nil, voiceRepeat: nil)
    case "vonage":
        return .vonage(
            apiKey: c["api_key"]!, apiSecret: sens(c["api_secret"]!), signatureSecret: sens(c["signature_secret"]!),
            application: nil, jwtAuth: false, baseUrl: nil, whatsappTemplate: nil,
            voiceLanguage: nil, voiceStyle: nil, voiceRepeat: nil, webhookMaxAge: nil, jwtTtl: nil)
    case "messagebird":
        return .messageBird(
            accessKey: sens(c["access_key"]!), signingKey: sens(c["signing_key"]!), baseUrl: nil,
            conversationsUrl: nil, smsValidity: nil, voice: nil, whatsapp: nil, legacySignatureMaxAge: nil)
    case "sleekflow":
        return .sleekFlow(
            apiKey: sens(c["api_key"]!), webhookToken: sens(c["webhook_token"]!), baseUrl: nil,
            template: WhatsAppTemplate(name: c["template_name"]!, language: c["template_language"]!), copyCodeButton: true)
    default:
        return .labsMobile(
            username: c["username"]!, apiToken: sens(c["api_token"]!), ackToken: sens(c["ack_token"]!), baseUrl: nil)
    }
}

/// The loopback provider fakes of one namespace.
struct Fakes {
    static let url: String? = ProcessInfo.processInfo.environment["OTPKIT_FAKES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    let ns = "sw-" + UUID().uuidString.prefix(8).lowercased()

    func base(_ provider: String) -> String { "\(Fakes.url!)/ns/\(ns)/\(provider)" }

    private func call(_ path: String, json: [String: Any]? = nil) throws -> Any {
        var request = URLRequest(url: URL(string: Fakes.url! + path)!)
        request.timeoutInterval = 10
        if let json {
            request.httpMethod = "POST"
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = try JSONSerialization.data(withJSONObject: json)
        }
        let done = DispatchSemaphore(value: 0)
        let result = Reply()
        URLSession.shared.dataTask(with: request) { d, r, e in
            (result.data, result.response, result.error) = (d, r, e)
            done.signal()
        }.resume()
        done.wait()
        if let e = result.error { throw e }
        let status = (result.response as? HTTPURLResponse)?.statusCode ?? 0
        guard status == 200, let data = result.data else {
            throw NSError(domain: "fakes", code: status, userInfo: [NSLocalizedDescriptionKey: "\(path): HTTP \(status)"])
        }
        return try JSONSerialization.jsonObject(with: data)
    }

    func requests(_ provider: String) throws -> [[String: Any]] { try call("/_requests/\(ns)/\(provider)") as! [[String: Any]] }
    func messages(_ provider: String) throws -> [[String: Any]] { try call("/_messages/\(ns)/\(provider)") as! [[String: Any]] }
    func violations() throws -> [[String: Any]] { try call("/_violations/\(ns)") as! [[String: Any]] }

    /// The delivery report the provider would send for its last accepted message.
    func receipt(_ provider: String, _ status: String) throws -> Hook {
        let j = try call("/_receipt/\(ns)/\(provider)", json: ["status": status]) as! [String: Any]
        return Hook(method: j["method"] as! String, url: j["url"] as! String,
                    headers: j["headers"] as! [String: String], body: j["body"] as! String)
    }
}

/// One URLSession answer, written by its completion handler before the semaphore is signalled.
private final class Reply: @unchecked Sendable {
    var data: Data?
    var response: URLResponse?
    var error: Error?
}

struct Hook {
    var method: String
    var url: String
    var headers: [String: String]
    var body: String
}

extension Dispatcher {
    func deliver(_ provider: ProviderKind, _ h: Hook, at t: Int64) throws -> ReceiptOutcome {
        try receiptBlocking(provider: provider, method: h.method, url: h.url, headers: h.headers,
                            body: Data(h.body.utf8), unixTime: t)
    }
}

private let to = "+447700900123"
private let now: Int64 = 1_796_140_800
private let binding = OobBinding(purpose: "login", subject: "alice")
private let pepperKey = Data((0..<32).map { UInt8($0) })
private let smsTemplate = MessageTemplate(channel: .sms, template: "{code} is your Acme code")

final class DeliveryVectorTests: XCTestCase {
    func testSenderIdVectors() {
        let cases = DeliveryVectorsFile.shared.senderIds
        XCTAssertGreaterThanOrEqual(cases.count, 20)
        for v in cases {
            let r = catchOtpError { try checkSenderId(senderId: v.senderId, channel: channelOf(v.channel), country: v.country) }
            if let rule = v.rule {
                XCTAssertEqual(r.otp.map { info($0).label }, "InvalidInput.senderId", "\(v)")
                XCTAssertEqual(r.otp.flatMap { info($0).field }, rule, "\(v)")
            } else {
                XCTAssertNil(r.otp, "\(v)")
            }
        }
    }

    func testProviderSenderIdVectors() throws {
        for v in DeliveryVectorsFile.shared.providerSenderIds {
            let sender = try MessageSender(config: vectorConfig(v.provider!, region: v.region), retry: nil)
            let r = catchOtpError { try sender.checkSender(channel: channelOf(v.channel), senderId: v.senderId, country: v.country) }
            XCTAssertEqual(r.otp.flatMap { info($0).field }, v.rule, "\(v)")
        }
    }

    func testTemplateVectors() throws {
        for v in DeliveryVectorsFile.shared.templates {
            let t = MessageTemplate(channel: channelOf(v.channel), template: v.template)
            if v.error == true {
                XCTAssertEqual(errorLabel { try renderMessageTemplate(template: t, code: v.code) }, "InvalidInput.serverConfig", v.template)
            } else {
                let text = try renderMessageTemplate(template: t, code: v.code)
                XCTAssertEqual(text.reveal(), v.text)
                assertRedacted(text, "rendered template", hiding: [v.code])
            }
        }
    }

    func testWebhookVectors() throws {
        // One step per vector provider: SMS, and WhatsApp from a number for SleekFlow (WhatsApp only).
        let providers = DeliveryVectorsFile.shared.configs.keys.sorted()
        let steps = try providers.map { name -> FallbackStep in
            let sender = try MessageSender(config: vectorConfig(name), retry: nil)
            return name == "sleekflow"
                ? FallbackStep(channel: .whatsApp, sender: sender, senderId: "+14155550100", wait: 60, callbackUrl: nil)
                : FallbackStep(channel: .sms, sender: sender, senderId: "Acme", wait: 60, callbackUrl: nil)
        }
        let d = try Dispatcher(
            store: VerificationStore.memory(), peppers: [try Pepper(keyId: "k1", key: pepperKey)],
            policies: [FallbackPolicy(purpose: "login", steps: steps,
                                      templates: [smsTemplate, MessageTemplate(channel: .whatsApp, template: "{code} is your Acme code")])])
        var seen: Set<String> = []
        for v in DeliveryVectorsFile.shared.webhooks {
            let got = try d.deliver(providerOf(v.provider), Hook(method: v.method, url: v.url, headers: v.headers, body: v.body), at: v.unixTime)
            switch (v.expect, got) {
            case ("valid", .unknownMessage), ("unauthenticated", .unauthenticated), ("malformed", .malformed):
                seen.insert("\(v.provider) \(v.expect)")
            default:
                XCTFail("\(v.name): expected \(v.expect), got \(got)")
            }
        }
        XCTAssertEqual(providers.count, 7, "\(providers)")
        XCTAssertEqual(seen.count, 3 * providers.count, "\(seen)")
    }
}

final class DeliveryJourneyTests: XCTestCase {
    var fakes = Fakes()

    override func setUpWithError() throws {
        try XCTSkipIf(Fakes.url == nil, "OTPKIT_FAKES_URL is not set (ios/run-tests.sh starts the fakes)")
        fakes = Fakes()
    }

    private let retry = RetryPolicy(attempts: 2, timeoutMs: 2_000, initialBackoffMs: 10, maxBackoffMs: 50)

    private func textlocal() throws -> MessageSender {
        try MessageSender(config: .textlocal(apiKey: sens("tl-fake-key-0001"), receiptToken: sens("rcpt_0123456789abcdef"),
                                             region: .international, baseUrl: fakes.base("textlocal")), retry: retry)
    }

    private func dexatel() throws -> MessageSender {
        try MessageSender(config: .dexatel(apiKey: sens("dx-fake-key-0001"), webhookSecret: sens("dx-fake-webhook-secret-0001"),
                                           baseUrl: fakes.base("dexatel"), whatsappTemplate: "3f2b1c9e-8d7a-4b6c-9e5f-0a1b2c3d4e5f",
                                           voice: true), retry: retry)
    }

    /// SMS (Textlocal) → WhatsApp (Dexatel) → voice (Dexatel), 60 s each.
    private func dispatcher() throws -> Dispatcher {
        let tl = try textlocal(), dx = try dexatel()
        let policy = FallbackPolicy(
            purpose: "login",
            steps: [
                FallbackStep(channel: .sms, sender: tl, senderId: "Acme", wait: 60, callbackUrl: "https://app.example/hooks/textlocal"),
                FallbackStep(channel: .whatsApp, sender: dx, senderId: "+14155550100", wait: 60, callbackUrl: nil),
                FallbackStep(channel: .voice, sender: dx, senderId: "+14155550100", wait: 60, callbackUrl: nil),
            ],
            templates: [smsTemplate, MessageTemplate(channel: .whatsApp, template: "{code} is your Acme code"),
                        MessageTemplate(channel: .voice, template: "Your Acme code is {code}")])
        return try Dispatcher(store: VerificationStore.memory(), peppers: [try Pepper(keyId: "k1", key: pepperKey)],
                              policies: [policy], limits: noSendLimits())
    }

    private func sentId(_ o: DispatchOutcome, file: StaticString = #filePath, line: UInt = #line) -> String {
        guard case let .sent(id, _, _, _, _, _) = o else {
            XCTFail("expected sent, got \(o)", file: file, line: line)
            return ""
        }
        return id
    }

    /// The code in the last SMS Textlocal received.
    private func smsCode() throws -> String {
        let body = try fakes.requests("textlocal").last!["body"] as! String
        let message = body.split(separator: "&").map { $0.split(separator: "=", maxSplits: 1) }
            .first { $0[0] == "message" }![1]
        let text = String(message).replacingOccurrences(of: "+", with: " ").removingPercentEncoding!
        return String(text.split(separator: " ")[0])
    }

    func testDeliveredFirstTry() throws {
        let d = try dispatcher()
        let start = try d.startBlocking(binding: binding, to: to, unixTime: now)
        guard case let .sent(id, step, channel, seq, _, waitUntil) = start else { return XCTFail("\(start)") }
        XCTAssertEqual([step, seq], [0, 0])
        XCTAssertEqual(channel, .sms)
        XCTAssertEqual(waitUntil, now + 60)
        XCTAssertEqual(try d.advanceBlocking(challengeId: id, binding: binding, to: to, unixTime: now + 1),
                       .waiting(challengeId: id, step: 0, until: now + 60))

        let got = try d.deliver(.textlocal, try fakes.receipt("textlocal", "delivered"), at: now + 5)
        guard case let .recorded(updates) = got else { return XCTFail("\(got)") }
        XCTAssertEqual(updates.map(\.status), [.delivered])
        XCTAssertEqual(updates.map(\.challengeId), [id])

        XCTAssertEqual(try d.advanceBlocking(challengeId: id, binding: binding, to: to, unixTime: now + 6),
                       .delivered(challengeId: id, step: 0, channel: .sms))
        let state = try d.statusBlocking(challengeId: id, unixTime: now + 6)
        XCTAssertTrue(state.delivered)
        XCTAssertEqual(state.sends.map(\.provider), [.textlocal])
        XCTAssertEqual(state.sends.first?.messageId, "\(id).0")

        let code = try smsCode()
        XCTAssertEqual(try d.codes().verifyBlocking(challengeId: id, binding: binding, code: code, unixTime: now + 7),
                       .accepted(challengeId: id))
        assertRedacted(start, "outcome", hiding: [code])
        XCTAssertEqual(try fakes.violations().count, 0)
    }

    func testFailedSmsMovesToWhatsApp() throws {
        let d = try dispatcher()
        let id = sentId(try d.startBlocking(binding: binding, to: to, unixTime: now))
        guard case let .recorded(failed) = try d.deliver(.textlocal, try fakes.receipt("textlocal", "failed"), at: now + 3)
        else { return XCTFail("not recorded") }
        XCTAssertEqual(failed.map(\.status), [.failed])

        let next = try d.advanceBlocking(challengeId: id, binding: binding, to: to, unixTime: now + 31)
        guard case let .sent(_, step, channel, seq, _, _) = next else { return XCTFail("\(next)") }
        XCTAssertEqual([step, seq], [1, 1])
        XCTAssertEqual(channel, .whatsApp)
        XCTAssertEqual(try fakes.messages("dexatel").map { $0["channel"] as? String }, ["WHATSAPP"])

        guard case .recorded = try d.deliver(.dexatel, try fakes.receipt("dexatel", "delivered"), at: now + 35)
        else { return XCTFail("not recorded") }
        XCTAssertEqual(try d.advanceBlocking(challengeId: id, binding: binding, to: to, unixTime: now + 36),
                       .delivered(challengeId: id, step: 1, channel: .whatsApp))
        let sends = try d.statusBlocking(challengeId: id, unixTime: now + 36).sends
        XCTAssertEqual(sends.map(\.status), [.failed, .delivered])
        XCTAssertEqual(sends.map(\.error), ["I", nil])
        XCTAssertEqual(try fakes.violations().count, 0)
    }

    func testNoReceiptMovesOnUntilExhausted() throws {
        let d = try dispatcher()
        let id = sentId(try d.startBlocking(binding: binding, to: to, unixTime: now))
        guard case .rateLimited(.cooldown, _) = try d.resendBlocking(challengeId: id, binding: binding, to: to, unixTime: now + 1)
        else { return XCTFail("resend inside the cooldown was not refused") }
        guard case .sent(_, _, .whatsApp, _, _, _) = try d.advanceBlocking(challengeId: id, binding: binding, to: to, unixTime: now + 60)
        else { return XCTFail("no WhatsApp send") }
        guard case .sent(_, _, .voice, _, _, _) = try d.advanceBlocking(challengeId: id, binding: binding, to: to, unixTime: now + 120)
        else { return XCTFail("no voice send") }
        XCTAssertEqual(try d.advanceBlocking(challengeId: id, binding: binding, to: to, unixTime: now + 180), .exhausted(challengeId: id))
        XCTAssertEqual(try d.statusBlocking(challengeId: id, unixTime: now + 180).sends.count, 3)
    }

    func testForgedReceiptsAreRefused() throws {
        let d = try dispatcher()
        let id = sentId(try d.startBlocking(binding: binding, to: to, unixTime: now))
        let genuine = try fakes.receipt("textlocal", "delivered")
        var wrongToken = genuine
        wrongToken.url = genuine.url.replacingOccurrences(of: "rcpt_0123456789abcdef", with: "rcpt_0123456789abcdeX")
        var noToken = genuine
        noToken.url = String(genuine.url.split(separator: "?")[0])
        for (provider, hook) in [(ProviderKind.textlocal, wrongToken), (.textlocal, noToken), (.dexatel, genuine)] {
            guard case .unauthenticated = try d.deliver(provider, hook, at: now + 2) else { return XCTFail("\(provider) \(hook.url) accepted") }
        }
        let state = try d.statusBlocking(challengeId: id, unixTime: now + 3)
        XCTAssertFalse(state.delivered)
        XCTAssertEqual(state.sends.map(\.status), [.accepted])
    }

    func testProviderRefusalIsAnOutcome() throws {
        let only = try Dispatcher(
            store: VerificationStore.memory(), peppers: [try Pepper(keyId: "k1", key: pepperKey)],
            policies: [FallbackPolicy(purpose: "login", steps: [FallbackStep(channel: .sms, sender: try textlocal(), senderId: "Acme", wait: 60, callbackUrl: nil)],
                                      templates: [smsTemplate])], limits: noSendLimits())
        let r = try only.startBlocking(binding: binding, to: "+447700900007", unixTime: now)
        guard case let .sendFailed(provider, failure, code, reason) = r else { return XCTFail("\(r)") }
        XCTAssertEqual(provider, .textlocal)
        XCTAssertEqual(failure, .rejected)
        XCTAssertEqual(code, "7")
        XCTAssertFalse(reason.contains("7700900007"), reason)
        XCTAssertEqual(errorLabel { try only.startBlocking(binding: binding, to: "not a number", unixTime: now) }, "InvalidInput.request")
        XCTAssertEqual(errorLabel { try only.statusBlocking(challengeId: "nope", unixTime: now) }, "InvalidInput.request")
        XCTAssertEqual(try only.advanceBlocking(challengeId: String(repeating: "0", count: 32), binding: binding, to: to, unixTime: now), .unknownChallenge)
    }

    func testAsyncForms() async throws {
        let d = try dispatcher()
        let start = try await d.start(binding: binding, to: to, unixTime: now)
        let id = sentId(start)
        let hook = try fakes.receipt("textlocal", "delivered")
        let got = try await d.receipt(provider: .textlocal, method: hook.method, url: hook.url, headers: hook.headers,
                                      body: Data(hook.body.utf8), unixTime: now + 1)
        guard case .recorded = got else { return XCTFail("\(got)") }
        let advanced = try await d.advance(challengeId: id, binding: binding, to: to, unixTime: now + 2)
        XCTAssertEqual(advanced, .delivered(challengeId: id, step: 0, channel: .sms))
        let state = try await d.status(challengeId: id, unixTime: now + 2)
        XCTAssertTrue(state.delivered)
    }

    func testTwilioSmsWithSignedStatusCallback() throws {
        let twilio = try MessageSender(config: .twilio(
            accountSid: "AC0123456789abcdef0123456789abcdef", authToken: sens("fake-twilio-auth-token-0123456789"),
            apiKey: nil, baseUrl: fakes.base("twilio"), whatsappContentSid: nil, voice: false,
            voiceLanguage: nil, voiceName: nil, voiceRepeat: nil), retry: retry)
        let d = try Dispatcher(
            store: VerificationStore.memory(), peppers: [try Pepper(keyId: "k1", key: pepperKey)],
            policies: [FallbackPolicy(purpose: "login", steps: [FallbackStep(channel: .sms, sender: twilio, senderId: "Acme", wait: 60,
                                                                             callbackUrl: "https://app.example/hooks/twilio")],
                                      templates: [smsTemplate])], limits: noSendLimits())
        let id = sentId(try d.startBlocking(binding: binding, to: to, unixTime: now))
        let hook = try fakes.receipt("twilio", "delivered")
        var tampered = hook
        tampered.body = hook.body.replacingOccurrences(of: "delivered", with: "failed")
        guard case .unauthenticated = try d.deliver(.twilio, tampered, at: now + 1) else { return XCTFail("tampered accepted") }
        guard case let .recorded(updates) = try d.deliver(.twilio, hook, at: now + 2) else { return XCTFail("not recorded") }
        XCTAssertEqual(updates.map(\.status), [.delivered])
        XCTAssertEqual(try d.advanceBlocking(challengeId: id, binding: binding, to: to, unixTime: now + 3),
                       .delivered(challengeId: id, step: 0, channel: .sms))
        XCTAssertEqual(try fakes.violations().count, 0)
    }

    func testEveryProviderConfigBuildsASender() throws {
        let vonage = try MessageSender(config: .vonage(
            apiKey: "abcd1234", apiSecret: sens("abcdef0123456789"), signatureSecret: sens("fake-vonage-signature-secret-0123456789"),
            application: nil, jwtAuth: false, baseUrl: nil, whatsappTemplate: WhatsAppTemplate(name: "otp_code", language: "en_US"),
            voiceLanguage: nil, voiceStyle: nil, voiceRepeat: nil, webhookMaxAge: nil, jwtTtl: nil), retry: nil)
        let bird = try MessageSender(config: .messageBird(
            accessKey: sens("test_fakeMessageBirdKey01"), signingKey: sens("fake-messagebird-signing-key"), baseUrl: nil,
            conversationsUrl: nil, smsValidity: nil, voice: MessageBirdVoice(language: nil, voice: nil, repeat: 3, ifMachine: nil),
            whatsapp: nil, legacySignatureMaxAge: nil), retry: nil)
        let sleek = try MessageSender(config: .sleekFlow(
            apiKey: sens("sf-fake-platform-api-key-0001"), webhookToken: sens("sf-webhook-token-0123456789"), baseUrl: nil,
            template: WhatsAppTemplate(name: "otp_code", language: "en"), copyCodeButton: true), retry: nil)
        XCTAssertEqual([vonage.kind(), bird.kind(), sleek.kind()], [.vonage, .messageBird, .sleekFlow])
        XCTAssertEqual([vonage.supports(channel: .voice), bird.supports(channel: .voice), sleek.supports(channel: .whatsApp)], [false, true, true])
        for s in [vonage, bird, sleek] {
            assertRedacted(s, "sender", hiding: ["abcdef0123456789", "fake-vonage-signature-secret-0123456789",
                                                 "test_fakeMessageBirdKey01", "fake-messagebird-signing-key",
                                                 "sf-fake-platform-api-key-0001", "sf-webhook-token-0123456789"])
        }
    }

    func testSendersAndConfigsAreRedacted() throws {
        let config = ProviderConfig.dexatel(apiKey: sens("dx-fake-key-0001"), webhookSecret: sens("dx-fake-webhook-secret-0001"),
                                            baseUrl: fakes.base("dexatel"), whatsappTemplate: nil, voice: false)
        let sender = try MessageSender(config: config, retry: nil)
        assertRedacted(config, "config", hiding: ["dx-fake-key-0001", "dx-fake-webhook-secret-0001"])
        assertRedacted(sender, "sender", hiding: ["dx-fake-key-0001", "dx-fake-webhook-secret-0001"])
        XCTAssertEqual(sender.kind(), .dexatel)
        XCTAssertTrue(sender.supports(channel: .sms))
        XCTAssertFalse(sender.supports(channel: .voice))
    }
}
