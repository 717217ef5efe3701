package dev.otpkit.jvmtests

import dev.otpkit.DeliveryChannel
import dev.otpkit.DeliveryStatus
import dev.otpkit.DispatchOutcome
import dev.otpkit.Dispatcher
import dev.otpkit.FallbackPolicy
import dev.otpkit.FallbackStep
import dev.otpkit.InvalidInputKind
import dev.otpkit.LimitScope
import dev.otpkit.MessageBirdVoice
import dev.otpkit.MessageBirdWhatsApp
import dev.otpkit.MessageSender
import dev.otpkit.MessageTemplate
import dev.otpkit.OobBinding
import dev.otpkit.OobOutcome
import dev.otpkit.OtpException
import dev.otpkit.Pepper
import dev.otpkit.ProviderConfig
import dev.otpkit.ProviderKind
import dev.otpkit.ReceiptOutcome
import dev.otpkit.RetryPolicy
import dev.otpkit.SendFailure
import dev.otpkit.SensitiveText
import dev.otpkit.TextlocalRegion
import dev.otpkit.TwilioApiKey
import dev.otpkit.VonageApplication
import dev.otpkit.WhatsAppTemplate
import dev.otpkit.VerificationStore
import dev.otpkit.checkSenderId
import dev.otpkit.defaultDispatchConfig
import dev.otpkit.defaultOobPolicy
import dev.otpkit.defaultRetryPolicy
import dev.otpkit.noSendLimits
import dev.otpkit.renderMessageTemplate
import kotlinx.coroutines.test.runTest
import org.json.JSONArray
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestFactory
import org.junit.jupiter.api.assertThrows
import java.io.File
import java.net.URI
import java.net.URLDecoder
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.util.UUID
import kotlin.time.Duration.Companion.seconds

/*
 * Out-of-band delivery through the Kotlin binding: sender-id, template and webhook vectors from
 * tests/vectors/delivery.json, and dispatcher journeys on the in-memory store against the
 * loopback provider fakes (tests/fakes/server.py; OTPKIT_FAKES_URL, which run-tests.sh sets,
 * starting the fakes when it is unset). Each journey uses its own fake namespace. The fakes
 * answer the documented provider bodies; their delivery reports are fetched with
 * POST /_receipt/... and handed to Dispatcher.receipt as a web server would.
 */

internal object DeliveryVectors {
    val json: JSONObject by lazy { JSONObject(File(Vectors.dir, "delivery.json").readText()) }
    fun list(key: String): List<JSONObject> = json.getJSONArray(key).objects()
    fun config(name: String): JSONObject = json.getJSONObject("configs").getJSONObject(name)
}

internal fun channelOf(name: String): DeliveryChannel = when (name) {
    "sms" -> DeliveryChannel.SMS
    "voice" -> DeliveryChannel.VOICE
    "whatsapp" -> DeliveryChannel.WHATS_APP
    "email" -> DeliveryChannel.EMAIL
    else -> error("unknown channel $name")
}

internal fun providerOf(name: String): ProviderKind = when (name) {
    "textlocal" -> ProviderKind.TEXTLOCAL
    "dexatel" -> ProviderKind.DEXATEL
    "labsmobile" -> ProviderKind.LABS_MOBILE
    "twilio" -> ProviderKind.TWILIO
    "vonage" -> ProviderKind.VONAGE
    "messagebird" -> ProviderKind.MESSAGE_BIRD
    "sleekflow" -> ProviderKind.SLEEK_FLOW
    else -> error("unknown provider $name")
}

private fun sens(text: String) = SensitiveText(text)

/** A provider config from the vectors' `configs` (real API hosts: never contacted here). */
internal fun vectorConfig(name: String, region: String? = null): ProviderConfig {
    val c = DeliveryVectors.config(name)
    return when (name) {
        "textlocal" -> ProviderConfig.Textlocal(
            apiKey = sens(c.getString("api_key")), receiptToken = sens(c.getString("receipt_token")),
            region = if ((region ?: c.getString("region")) == "india") TextlocalRegion.INDIA else TextlocalRegion.INTERNATIONAL,
            baseUrl = null,
        )
        "dexatel" -> ProviderConfig.Dexatel(
            apiKey = sens(c.getString("api_key")), webhookSecret = sens(c.getString("webhook_secret")),
            baseUrl = null, whatsappTemplate = null, voice = false,
        )
        "labsmobile" -> ProviderConfig.LabsMobile(
            username = c.getString("username"), apiToken = sens(c.getString("api_token")),
            ackToken = sens(c.getString("ack_token")), baseUrl = null,
        )
        "twilio" -> ProviderConfig.Twilio(
            accountSid = c.getString("account_sid"), authToken = sens(c.getString("auth_token")), apiKey = null,
            baseUrl = null, whatsappContentSid = null, voice = false, voiceLanguage = null, voiceName = null, voiceRepeat = null,
        )
        "vonage" -> ProviderConfig.Vonage(
            apiKey = c.getString("api_key"), apiSecret = sens(c.getString("api_secret")),
            signatureSecret = sens(c.getString("signature_secret")), application = null, jwtAuth = false, baseUrl = null,
            whatsappTemplate = null, voiceLanguage = null, voiceStyle = null, voiceRepeat = null, webhookMaxAge = null, jwtTtl = null,
        )
        "messagebird" -> ProviderConfig.MessageBird(
            accessKey = sens(c.getString("access_key")), signingKey = sens(c.getString("signing_key")), baseUrl = null,
            conversationsUrl = null, smsValidity = null, voice = null, whatsapp = null, legacySignatureMaxAge = null,
        )
        "sleekflow" -> ProviderConfig.SleekFlow(
            apiKey = sens(c.getString("api_key")), webhookToken = sens(c.getString("webhook_token")), baseUrl = null,
            template = WhatsAppTemplate(c.getString("template_name"), c.getString("template_language")), copyCodeButton = true,
        )
        else -> error("no config for $name")
    }
}

/** The loopback provider fakes: their base URL, scripted failures, logs and receipts. */
internal class Fakes(val ns: String) {
    companion object {
        val url: String by lazy {
            System.getenv("OTPKIT_FAKES_URL")?.takeIf { it.isNotEmpty() }
                ?: error("OTPKIT_FAKES_URL is not set (run through android/jvm-tests/run-tests.sh, which starts the fakes)")
        }
        private val http: HttpClient = HttpClient.newHttpClient()
    }

    fun base(provider: String) = "$url/ns/$ns/$provider"

    private fun call(method: String, path: String, body: String? = null): String {
        val b = HttpRequest.newBuilder(URI.create("$url$path"))
        if (body != null) b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
        else b.GET()
        val r = http.send(b.build(), HttpResponse.BodyHandlers.ofString())
        check(r.statusCode() == 200) { "$method $path: HTTP ${r.statusCode()} ${r.body()}" }
        return r.body()
    }

    fun control(provider: String, config: JSONObject) = call("POST", "/_control/$ns/$provider", config.toString())
    fun requests(provider: String): List<JSONObject> = JSONArray(call("GET", "/_requests/$ns/$provider")).objects()
    fun messages(provider: String): List<JSONObject> = JSONArray(call("GET", "/_messages/$ns/$provider")).objects()
    fun violations(): List<JSONObject> = JSONArray(call("GET", "/_violations/$ns")).objects()

    /** The delivery report the provider would send for its last accepted message. */
    fun receipt(provider: String, status: String): JSONObject =
        JSONObject(call("POST", "/_receipt/$ns/$provider", JSONObject().put("status", status).toString()))
}

/** Hands a fake's webhook request to the dispatcher as an HTTP server would. */
internal fun Dispatcher.deliver(provider: ProviderKind, hook: JSONObject, unixTime: Long): ReceiptOutcome {
    val h = hook.getJSONObject("headers")
    val headers = h.keySet().associateWith { h.getString(it) }
    return receiptBlocking(provider, hook.getString("method"), hook.getString("url"), headers,
        hook.getString("body").toByteArray(), unixTime)
}

private const val TO = "+447700900123"
private const val NOW = 1_796_140_800L
private val BINDING = OobBinding(purpose = "login", subject = "alice")

class DeliveryTest {
    private val pepper = Pepper("k1", ByteArray(32) { it.toByte() })

    @TestFactory
    fun `sender id vectors`(): List<DynamicTest> = DeliveryVectors.list("sender_ids").map { v ->
        DynamicTest.dynamicTest("${v.getString("sender_id")} ${v.getString("channel")} ${v.stringOrNull("country")}") {
            val call = { checkSenderId(v.getString("sender_id"), channelOf(v.getString("channel")), v.stringOrNull("country")) }
            val rule = v.stringOrNull("rule")
            if (rule == null) call()
            else assertInvalidInput(InvalidInputKind.SENDER_ID, field = rule, what = v.toString()) { call() }
        }
    }

    @TestFactory
    fun `provider sender id vectors`(): List<DynamicTest> = DeliveryVectors.list("provider_sender_ids").map { v ->
        DynamicTest.dynamicTest("${v.getString("provider")} ${v.getString("sender_id")} ${v.getString("channel")}") {
            val sender = MessageSender(vectorConfig(v.getString("provider"), v.stringOrNull("region")))
            val call = { sender.checkSender(channelOf(v.getString("channel")), v.getString("sender_id"), v.stringOrNull("country")) }
            val rule = v.stringOrNull("rule")
            if (rule == null) call()
            else assertInvalidInput(InvalidInputKind.SENDER_ID, field = rule, what = v.toString()) { call() }
        }
    }

    @TestFactory
    fun `template vectors`(): List<DynamicTest> = DeliveryVectors.list("templates").map { v ->
        DynamicTest.dynamicTest(v.getString("template").take(40)) {
            val template = MessageTemplate(channel = channelOf(v.getString("channel")), template = v.getString("template"))
            if (v.optBoolean("error")) {
                assertInvalidInput(InvalidInputKind.SERVER_CONFIG) { renderMessageTemplate(template, v.getString("code")) }
            } else {
                val text = renderMessageTemplate(template, v.getString("code"))
                assertEquals(v.getString("text"), text.reveal())
                assertFalse(text.toString().contains(v.getString("code")), text.toString())
            }
        }
    }

    /**
     * A dispatcher whose policy has one step per vector provider (never sends here): SMS, and
     * WhatsApp from a number for SleekFlow, which sends nothing else.
     */
    private fun vectorDispatcher(): Dispatcher {
        val steps = DeliveryVectors.json.getJSONObject("configs").keySet().sorted().map {
            if (it == "sleekflow") FallbackStep(DeliveryChannel.WHATS_APP, MessageSender(vectorConfig(it)), "+14155550100", 60)
            else FallbackStep(channel = DeliveryChannel.SMS, sender = MessageSender(vectorConfig(it)), senderId = "Acme", wait = 60)
        }
        val policy = FallbackPolicy("login", steps, listOf(
            MessageTemplate(DeliveryChannel.SMS, "{code} is your Acme code"),
            MessageTemplate(DeliveryChannel.WHATS_APP, "{code} is your Acme code"),
        ))
        return Dispatcher(VerificationStore.memory(), listOf(pepper), listOf(policy))
    }

    @Test
    fun `webhook vectors cover every provider and expectation`() {
        val seen = DeliveryVectors.list("webhooks").map { it.getString("provider") to it.getString("expect") }.toSet()
        for (name in DeliveryVectors.json.getJSONObject("configs").keySet()) {
            providerOf(name)
            for (expect in listOf("valid", "unauthenticated", "malformed")) assertTrue(name to expect in seen, "$name $expect")
        }
    }

    @TestFactory
    fun `webhook vectors`(): List<DynamicTest> {
        val dispatcher = vectorDispatcher()
        return DeliveryVectors.list("webhooks").map { v ->
            DynamicTest.dynamicTest(v.getString("name")) {
                val got = dispatcher.deliver(providerOf(v.getString("provider")), v, v.getLong("unix_time"))
                when (v.getString("expect")) {
                    // Authentic, but this store never sent that message.
                    "valid" -> assertEquals(ReceiptOutcome.UnknownMessage, got)
                    "unauthenticated" -> assertTrue(got is ReceiptOutcome.Unauthenticated, "$got")
                    "malformed" -> assertTrue(got is ReceiptOutcome.Malformed, "$got")
                    else -> error("unknown expectation in $v")
                }
            }
        }
    }

    // --- journeys against the loopback fakes ----------------------------------------------

    private fun textlocal(f: Fakes) = MessageSender(
        ProviderConfig.Textlocal(sens("tl-fake-key-0001"), sens("rcpt_0123456789abcdef"), TextlocalRegion.INTERNATIONAL, f.base("textlocal")),
        RetryPolicy(attempts = 2, timeoutMs = 2_000, initialBackoffMs = 10, maxBackoffMs = 50),
    )

    private fun dexatel(f: Fakes) = MessageSender(
        ProviderConfig.Dexatel(sens("dx-fake-key-0001"), sens("dx-fake-webhook-secret-0001"), f.base("dexatel"),
            whatsappTemplate = "3f2b1c9e-8d7a-4b6c-9e5f-0a1b2c3d4e5f", voice = true),
        RetryPolicy(attempts = 2, timeoutMs = 2_000, initialBackoffMs = 10, maxBackoffMs = 50),
    )

    /** SMS (Textlocal) → WhatsApp (Dexatel) → voice (Dexatel), 60 s each. */
    private fun journey(f: Fakes, store: VerificationStore = VerificationStore.memory()): Dispatcher {
        val tl = textlocal(f)
        val dx = dexatel(f)
        val policy = FallbackPolicy(
            purpose = "login",
            steps = listOf(
                FallbackStep(DeliveryChannel.SMS, tl, "Acme", 60, "https://app.example/hooks/textlocal"),
                FallbackStep(DeliveryChannel.WHATS_APP, dx, "+14155550100", 60),
                FallbackStep(DeliveryChannel.VOICE, dx, "+14155550100", 60),
            ),
            templates = listOf(
                MessageTemplate(DeliveryChannel.SMS, "{code} is your Acme code"),
                MessageTemplate(DeliveryChannel.WHATS_APP, "{code} is your Acme code"),
                MessageTemplate(DeliveryChannel.VOICE, "Your Acme code is {code}"),
            ),
        )
        return Dispatcher(store, listOf(pepper), listOf(policy), policy = defaultOobPolicy(), limits = noSendLimits(),
            config = defaultDispatchConfig())
    }

    private fun ns() = "kt-" + UUID.randomUUID().toString().take(8)

    /** The code in the last SMS Textlocal received (its `message` form field). */
    private fun smsCode(f: Fakes): String {
        val body = f.requests("textlocal").last().getString("body")
        val message = body.split('&').map { it.split('=', limit = 2) }.first { it[0] == "message" }[1]
        return URLDecoder.decode(message, "UTF-8").substringBefore(' ')
    }

    @Test
    fun `delivered on the first try`() {
        val f = Fakes(ns())
        val d = journey(f)
        val sent = d.startBlocking(BINDING, TO, unixTime = NOW)
        assertTrue(sent is DispatchOutcome.Sent, "$sent")
        sent as DispatchOutcome.Sent
        assertEquals(DeliveryChannel.SMS, sent.channel)
        assertEquals(0, sent.step)
        assertEquals(NOW + 60, sent.waitUntil)
        assertEquals(DispatchOutcome.Waiting(sent.challengeId, 0, NOW + 60), d.advanceBlocking(sent.challengeId, BINDING, TO, unixTime = NOW + 1))

        val got = d.deliver(ProviderKind.TEXTLOCAL, f.receipt("textlocal", "delivered"), NOW + 5)
        assertTrue(got is ReceiptOutcome.Recorded, "$got")
        val update = (got as ReceiptOutcome.Recorded).updates.single()
        assertEquals(sent.challengeId, update.challengeId)
        assertEquals(DeliveryStatus.DELIVERED, update.status)
        assertTrue(update.changed)

        assertEquals(DispatchOutcome.Delivered(sent.challengeId, 0, DeliveryChannel.SMS), d.advanceBlocking(sent.challengeId, BINDING, TO, unixTime = NOW + 6))
        val state = d.statusBlocking(sent.challengeId, NOW + 6)
        assertTrue(state.delivered)
        val send = state.sends.single()
        assertEquals(ProviderKind.TEXTLOCAL, send.provider)
        assertEquals(DeliveryStatus.DELIVERED, send.status)
        assertEquals("${sent.challengeId}.0", send.messageId)

        // The code the provider carried verifies with the dispatcher's codes service, once.
        val code = smsCode(f)
        assertEquals(OobOutcome.Accepted(sent.challengeId), d.codes().verifyBlocking(sent.challengeId, BINDING, code, NOW + 7))
        assertEquals(emptyList<JSONObject>(), f.violations())
    }

    @Test
    fun `failed SMS receipt moves to WhatsApp, then delivered`() {
        val f = Fakes(ns())
        val d = journey(f)
        val id = (d.startBlocking(BINDING, TO, unixTime = NOW) as DispatchOutcome.Sent).challengeId
        val failed = d.deliver(ProviderKind.TEXTLOCAL, f.receipt("textlocal", "failed"), NOW + 3)
        assertEquals(DeliveryStatus.FAILED, (failed as ReceiptOutcome.Recorded).updates.single().status)

        val next = d.advanceBlocking(id, BINDING, TO, unixTime = NOW + 31)
        assertTrue(next is DispatchOutcome.Sent, "$next")
        assertEquals(DeliveryChannel.WHATS_APP, (next as DispatchOutcome.Sent).channel)
        assertEquals(1, next.step)
        assertEquals(1, next.seq)
        assertEquals("WHATSAPP", f.messages("dexatel").single().getString("channel"))

        val ok = d.deliver(ProviderKind.DEXATEL, f.receipt("dexatel", "delivered"), NOW + 35)
        assertEquals(DeliveryStatus.DELIVERED, (ok as ReceiptOutcome.Recorded).updates.single().status)
        assertEquals(DispatchOutcome.Delivered(id, 1, DeliveryChannel.WHATS_APP), d.advanceBlocking(id, BINDING, TO, unixTime = NOW + 36))

        val sends = d.statusBlocking(id, NOW + 36).sends
        assertEquals(listOf(DeliveryStatus.FAILED, DeliveryStatus.DELIVERED), sends.map { it.status })
        assertEquals(listOf(ProviderKind.TEXTLOCAL, ProviderKind.DEXATEL), sends.map { it.provider })
        assertEquals("I", sends[0].error)
        assertEquals(emptyList<JSONObject>(), f.violations())
    }

    @Test
    fun `no receipt within the wait moves on, and the last step exhausts`() {
        val f = Fakes(ns())
        val d = journey(f)
        val id = (d.startBlocking(BINDING, TO, unixTime = NOW) as DispatchOutcome.Sent).challengeId
        // The user's resend inside the cooldown is refused with the cooldown's scope.
        val early = d.resendBlocking(id, BINDING, TO, unixTime = NOW + 1)
        assertTrue(early is DispatchOutcome.RateLimited && early.scope == LimitScope.COOLDOWN, "$early")
        val wa = d.advanceBlocking(id, BINDING, TO, unixTime = NOW + 60) as DispatchOutcome.Sent
        assertEquals(DeliveryChannel.WHATS_APP, wa.channel)
        val voice = d.advanceBlocking(id, BINDING, TO, unixTime = NOW + 120) as DispatchOutcome.Sent
        assertEquals(DeliveryChannel.VOICE, voice.channel)
        assertEquals(DispatchOutcome.Exhausted(id), d.advanceBlocking(id, BINDING, TO, unixTime = NOW + 180))
        assertEquals(3, d.statusBlocking(id, NOW + 180).sends.size)
        assertEquals(emptyList<JSONObject>(), f.violations())
    }

    @Test
    fun `forged receipts are refused and change nothing`() {
        val f = Fakes(ns())
        val d = journey(f)
        val id = (d.startBlocking(BINDING, TO, unixTime = NOW) as DispatchOutcome.Sent).challengeId
        val genuine = f.receipt("textlocal", "delivered")
        val wrongToken = JSONObject(genuine.toString()).put("url", genuine.getString("url").replace("rcpt_0123456789abcdef", "rcpt_0123456789abcdeX"))
        assertTrue(d.deliver(ProviderKind.TEXTLOCAL, wrongToken, NOW + 2) is ReceiptOutcome.Unauthenticated)
        val noToken = JSONObject(genuine.toString()).put("url", genuine.getString("url").substringBefore('?'))
        assertTrue(d.deliver(ProviderKind.TEXTLOCAL, noToken, NOW + 2) is ReceiptOutcome.Unauthenticated)
        // A genuine Textlocal receipt claimed to be Dexatel's.
        assertTrue(d.deliver(ProviderKind.DEXATEL, genuine, NOW + 2) is ReceiptOutcome.Unauthenticated)
        val state = d.statusBlocking(id, NOW + 3)
        assertFalse(state.delivered)
        assertEquals(DeliveryStatus.ACCEPTED, state.sends.single().status)
        assertTrue(d.advanceBlocking(id, BINDING, TO, unixTime = NOW + 3) is DispatchOutcome.Waiting)
    }

    @Test
    fun `a provider refusal is a typed outcome, a definitive failure falls through at once`() {
        val f = Fakes(ns())
        val d = journey(f)
        // Textlocal's fake answers error 7 (insufficient credits) for numbers ending 0007: the
        // same call hands the never-delivered code to WhatsApp.
        val sent = d.startBlocking(BINDING, "+447700900007", unixTime = NOW)
        assertTrue(sent is DispatchOutcome.Sent && sent.channel == DeliveryChannel.WHATS_APP, "$sent")
        val sends = d.statusBlocking((sent as DispatchOutcome.Sent).challengeId, NOW).sends
        assertEquals(listOf(DeliveryStatus.FAILED, DeliveryStatus.ACCEPTED), sends.map { it.status })
        assertEquals("7", sends[0].error)

        // Only SMS through Textlocal: the refusal is the outcome.
        val only = Dispatcher(VerificationStore.memory(), listOf(pepper), listOf(FallbackPolicy("login",
            listOf(FallbackStep(DeliveryChannel.SMS, textlocal(f), "Acme", 60)),
            listOf(MessageTemplate(DeliveryChannel.SMS, "{code} is your Acme code")))), limits = noSendLimits())
        val refused = only.startBlocking(BINDING, "+447700900007", unixTime = NOW)
        assertTrue(refused is DispatchOutcome.SendFailed, "$refused")
        refused as DispatchOutcome.SendFailed
        assertEquals(ProviderKind.TEXTLOCAL, refused.provider)
        assertEquals(SendFailure.REJECTED, refused.failure)
        assertEquals("7", refused.providerCode)
        assertFalse(refused.reason.contains("7700900007"), refused.reason)
        assertEquals(emptyList<JSONObject>(), f.violations())
    }

    @Test
    fun `suspend forms`() = runTest(timeout = 60.seconds) {
        val f = Fakes(ns())
        val d = journey(f)
        val id = (d.start(BINDING, TO, unixTime = NOW) as DispatchOutcome.Sent).challengeId
        val hook = f.receipt("textlocal", "delivered")
        val h = hook.getJSONObject("headers")
        val got = d.receipt(ProviderKind.TEXTLOCAL, hook.getString("method"), hook.getString("url"),
            h.keySet().associateWith { h.getString(it) }, hook.getString("body").toByteArray(), NOW + 1)
        assertTrue(got is ReceiptOutcome.Recorded, "$got")
        assertEquals(DispatchOutcome.Delivered(id, 0, DeliveryChannel.SMS), d.advance(id, BINDING, TO, unixTime = NOW + 2))
        assertTrue(d.status(id, NOW + 2).delivered)
        assertTrue(d.resend(id, BINDING, TO, unixTime = NOW + 3) is DispatchOutcome.RateLimited)
    }

    @Test
    fun `bad requests and configurations raise OtpException`() {
        val f = Fakes(ns())
        val d = journey(f)
        assertInvalidInput(InvalidInputKind.REQUEST, field = "to") { d.startBlocking(BINDING, "not a number", unixTime = NOW) }
        assertInvalidInput(InvalidInputKind.REQUEST, field = "purpose") { d.startBlocking(OobBinding("payment", "alice"), TO, unixTime = NOW) }
        assertInvalidInput(InvalidInputKind.REQUEST) { d.statusBlocking("not-a-challenge", NOW) }
        assertEquals(DispatchOutcome.UnknownChallenge, d.advanceBlocking("0".repeat(32), BINDING, TO, unixTime = NOW))
        assertInvalidInput(InvalidInputKind.PARAMETERS, field = "unix_time") { d.statusBlocking("0".repeat(32), -1) }
        // A template without {code}, a step sender id the rules refuse, a sender without the channel.
        val tl = textlocal(f)
        val sms = MessageTemplate(DeliveryChannel.SMS, "{code} is your Acme code")
        assertInvalidInput(InvalidInputKind.SERVER_CONFIG) {
            Dispatcher(VerificationStore.memory(), listOf(pepper), listOf(FallbackPolicy("login",
                listOf(FallbackStep(DeliveryChannel.SMS, tl, "Acme", 60)), listOf(MessageTemplate(DeliveryChannel.SMS, "no code")))))
        }
        assertInvalidInput(InvalidInputKind.SENDER_ID, field = "too_long") {
            Dispatcher(VerificationStore.memory(), listOf(pepper), listOf(FallbackPolicy("login",
                listOf(FallbackStep(DeliveryChannel.SMS, tl, "ABCDEFGHIJKL", 60)), listOf(sms))))
        }
        assertInvalidInput(InvalidInputKind.SERVER_CONFIG) {
            Dispatcher(VerificationStore.memory(), listOf(pepper), listOf(FallbackPolicy("login",
                listOf(FallbackStep(DeliveryChannel.VOICE, tl, "+14155550100", 60)), listOf(MessageTemplate(DeliveryChannel.VOICE, "Code {code}")))))
        }
        assertInvalidInput(InvalidInputKind.SERVER_CONFIG, field = "config") {
            MessageSender(ProviderConfig.Textlocal(sens("k"), sens("short"), TextlocalRegion.INTERNATIONAL, null))
        }
        assertInvalidInput(InvalidInputKind.SERVER_CONFIG, field = "config") {
            MessageSender(ProviderConfig.Textlocal(sens("k"), sens("rcpt_0123456789abcdef"), TextlocalRegion.INTERNATIONAL, "http://sms.example"))
        }
        assertInvalidInput(InvalidInputKind.PARAMETERS, field = "attempts") {
            MessageSender(vectorConfig("textlocal"), RetryPolicy(attempts = -1))
        }
        assertEquals(defaultRetryPolicy(), RetryPolicy())
    }

    @Test
    fun `a Twilio SMS with its signed status callback`() {
        val f = Fakes(ns())
        val twilio = MessageSender(ProviderConfig.Twilio(
            accountSid = "AC0123456789abcdef0123456789abcdef", authToken = sens("fake-twilio-auth-token-0123456789"),
            apiKey = TwilioApiKey("SK0123456789abcdef0123456789abcdef", sens("fake-twilio-api-key-secret")),
            baseUrl = f.base("twilio"), whatsappContentSid = null, voice = false, voiceLanguage = null, voiceName = null,
            voiceRepeat = null), RetryPolicy(attempts = 2, timeoutMs = 2_000, initialBackoffMs = 10, maxBackoffMs = 50))
        assertEquals(ProviderKind.TWILIO, twilio.kind())
        val d = Dispatcher(VerificationStore.memory(), listOf(pepper), listOf(FallbackPolicy("login",
            listOf(FallbackStep(DeliveryChannel.SMS, twilio, "Acme", 60, "https://app.example/hooks/twilio")),
            listOf(MessageTemplate(DeliveryChannel.SMS, "{code} is your Acme code")))), limits = noSendLimits())
        val sent = d.startBlocking(BINDING, TO, unixTime = NOW) as DispatchOutcome.Sent
        val hook = f.receipt("twilio", "delivered")
        // Tampered (another status in the signed form) and unsigned callbacks are refused.
        val tampered = JSONObject(hook.toString()).put("body", hook.getString("body").replace("delivered", "failed"))
        assertTrue(d.deliver(ProviderKind.TWILIO, tampered, NOW + 1) is ReceiptOutcome.Unauthenticated)
        val unsigned = JSONObject(hook.toString()).put("headers", JSONObject().put("Content-Type", "application/x-www-form-urlencoded"))
        assertTrue(d.deliver(ProviderKind.TWILIO, unsigned, NOW + 1) is ReceiptOutcome.Unauthenticated)
        val got = d.deliver(ProviderKind.TWILIO, hook, NOW + 2)
        assertEquals(DeliveryStatus.DELIVERED, (got as ReceiptOutcome.Recorded).updates.single().status)
        assertEquals(DispatchOutcome.Delivered(sent.challengeId, 0, DeliveryChannel.SMS), d.advanceBlocking(sent.challengeId, BINDING, TO, unixTime = NOW + 3))
        assertEquals(f.messages("twilio").single().getString("id"), d.statusBlocking(sent.challengeId, NOW + 3).sends.single().messageId)
        assertEquals(emptyList<JSONObject>(), f.violations())
    }

    @Test
    fun `every provider's config builds a sender with its channels`() {
        val vonage = MessageSender(ProviderConfig.Vonage(
            apiKey = "abcd1234", apiSecret = sens("abcdef0123456789"), signatureSecret = sens("fake-vonage-signature-secret-0123456789"),
            application = null, jwtAuth = false, baseUrl = null, whatsappTemplate = WhatsAppTemplate("otp_code", "en_US"),
            voiceLanguage = null, voiceStyle = null, voiceRepeat = null, webhookMaxAge = 300, jwtTtl = null))
        assertEquals(ProviderKind.VONAGE, vonage.kind())
        assertTrue(vonage.supports(DeliveryChannel.SMS) && vonage.supports(DeliveryChannel.WHATS_APP))
        assertFalse(vonage.supports(DeliveryChannel.VOICE), "voice needs an application")
        // An application key that is not a PEM private key is refused when the sender is made.
        assertInvalidInput(InvalidInputKind.SERVER_CONFIG, field = "config") {
            MessageSender(ProviderConfig.Vonage("abcd1234", sens("abcdef0123456789"), sens("fake-vonage-signature-secret-0123456789"),
                VonageApplication("aaaaaaaa-bbbb-cccc-dddd-0123456789ab", sens("not a key")), true, null, null, null, null, null, null, null))
        }
        val bird = MessageSender(ProviderConfig.MessageBird(
            accessKey = sens("test_fakeMessageBirdKey01"), signingKey = sens("fake-messagebird-signing-key"), baseUrl = null,
            conversationsUrl = null, smsValidity = 600, voice = MessageBirdVoice(repeat = 3),
            whatsapp = MessageBirdWhatsApp("ch-1", "ns-1", "otp_code", "en"), legacySignatureMaxAge = null))
        assertEquals(ProviderKind.MESSAGE_BIRD, bird.kind())
        assertTrue(listOf(DeliveryChannel.SMS, DeliveryChannel.VOICE, DeliveryChannel.WHATS_APP).all { bird.supports(it) })
        val sleek = MessageSender(ProviderConfig.SleekFlow(sens("sf-fake-platform-api-key-0001"), sens("sf-webhook-token-0123456789"),
            null, WhatsAppTemplate("otp_code", "en"), copyCodeButton = true))
        assertEquals(ProviderKind.SLEEK_FLOW, sleek.kind())
        assertTrue(sleek.supports(DeliveryChannel.WHATS_APP))
        assertFalse(sleek.supports(DeliveryChannel.SMS))
        for (s in listOf(vonage, bird, sleek)) {
            val shown = s.toString()
            for (secret in listOf("abcdef0123456789", "signature-secret", "MessageBirdKey", "signing-key", "sf-fake-platform", "sf-webhook-token")) {
                assertFalse(shown.contains(secret), shown)
            }
        }
        assertInvalidInput(InvalidInputKind.PARAMETERS, field = "voice_repeat") {
            MessageSender(ProviderConfig.Twilio("AC0123456789abcdef0123456789abcdef", sens("fake-twilio-auth-token-0123456789"),
                null, null, null, true, null, null, voiceRepeat = 300))
        }
    }

    @Test
    fun `senders, configs and outcomes never show a credential or code`() {
        val f = Fakes(ns())
        val config = ProviderConfig.Dexatel(sens("dx-fake-key-0001"), sens("dx-fake-webhook-secret-0001"), f.base("dexatel"), null, false)
        val sender = MessageSender(config)
        for (shown in listOf(config.toString(), sender.toString())) {
            assertFalse(shown.contains("dx-fake-key") || shown.contains("webhook-secret"), shown)
        }
        assertEquals(ProviderKind.DEXATEL, sender.kind())
        assertTrue(sender.supports(DeliveryChannel.SMS))
        assertFalse(sender.supports(DeliveryChannel.VOICE))
        assertFalse(sender.supports(DeliveryChannel.WHATS_APP))
        val d = journey(f)
        val sent = d.startBlocking(BINDING, TO, unixTime = NOW)
        val code = smsCode(f)
        for (shown in listOf(sent.toString(), d.toString(), d.statusBlocking((sent as DispatchOutcome.Sent).challengeId, NOW).toString())) {
            assertFalse(shown.contains(code) || shown.contains("7700900123"), shown)
        }
        val e = assertThrows<OtpException.InvalidInput> { checkSenderId("ABCDEFGHIJKL", DeliveryChannel.SMS, null) }
        assertEquals("too_long", e.field)
    }
}
