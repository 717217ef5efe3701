package dev.otpkit.jvmtests

import dev.otpkit.CodeFormat
import dev.otpkit.CodeGenerator
import dev.otpkit.Delivery
import dev.otpkit.DeliveryChannel
import dev.otpkit.InvalidInputKind
import dev.otpkit.IssueOutcome
import dev.otpkit.LimitScope
import dev.otpkit.MalformedReason
import dev.otpkit.OobBinding
import dev.otpkit.OobCodes
import dev.otpkit.OobOutcome
import dev.otpkit.OobPolicy
import dev.otpkit.OtpException
import dev.otpkit.Pepper
import dev.otpkit.RateLimit
import dev.otpkit.Secret
import dev.otpkit.RedisStoreOptions
import dev.otpkit.SendLimits
import dev.otpkit.TimeSource
import dev.otpkit.VerificationStore
import dev.otpkit.Verifier
import dev.otpkit.VerifierConfig
import dev.otpkit.VerifyOutcome
import dev.otpkit.defaultOobPolicy
import dev.otpkit.defaultRedisStoreOptions
import dev.otpkit.defaultSendLimits
import dev.otpkit.defaultVerifierConfig
import dev.otpkit.noSendLimits
import dev.otpkit.strictVerifierConfig
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestFactory
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable
import java.io.File
import java.security.SecureRandom
import java.util.concurrent.Callable
import java.util.concurrent.CyclicBarrier
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

/*
 * The server helpers through the Kotlin binding (Kotlin servers): OtpVerifier, OobCodes and
 * VerificationStore. ServerScenarios holds every scenario; ServerMemoryTest runs them on the
 * in-memory store, ServerRedisTest on Redis (fresh random key prefix per store) when
 * OTPKIT_REDIS_URL is set (scripts/test.sh starts one; Surefire's forked JVM inherits the
 * environment). Time is injected: a Kotlin TimeSource, or an explicit unixTime argument.
 * These scenarios use the *Blocking forms; AsyncTest runs the suspend forms.
 * Window, look-ahead and backoff tables come from tests/vectors/server.json.
 */

/** A settable Kotlin time source (the foreign TimeSource trait). */
internal class SettableClock(@Volatile var now: Long) : TimeSource {
    @Volatile var calls = 0
        private set

    override fun nowUnix(): Long {
        calls++
        return now
    }
}

internal object ServerVectors {
    val json: JSONObject by lazy { JSONObject(File(Vectors.dir, "server.json").readText()) }
    val secret: Secret get() = Secret.fromBase32(json.getString("secret_base32"))
}

internal const val T: Long = 1_700_000_010L // the middle of a TOTP step

internal val LOGIN = OobBinding(purpose = "login", subject = "alice")

internal fun sms(to: String) = Delivery(channel = DeliveryChannel.SMS, destination = to)

internal fun randomPrefix(): String {
    val b = ByteArray(8).also { SecureRandom().nextBytes(it) }
    return "otpkit-kt-" + b.joinToString("") { "%02x".format(it) }
}

/** A Redis store with the default options and [prefix] (blocking constructor). */
internal fun redisStore(url: String, prefix: String): VerificationStore =
    VerificationStore.redisBlocking(url, defaultRedisStoreOptions().copy(prefix = prefix))

internal fun redisUrl(): String? = System.getenv("OTPKIT_REDIS_URL")?.takeIf { it.isNotEmpty() }

abstract class ServerScenarios {
    /** A fresh, empty store of the backend under test. */
    abstract fun newStore(): VerificationStore

    /** Whether two stores from [sameBackendAs] see the same data (Redis: same prefix). */
    abstract val shared: Boolean

    /** A second store object on the same data as [store] when the backend is shared. */
    abstract fun sameBackendAs(store: VerificationStore): VerificationStore

    private val secret = ServerVectors.secret

    private fun totp() = CodeGenerator(secret, totpParams())

    private fun verifier(
        store: VerificationStore = newStore(),
        config: VerifierConfig = defaultVerifierConfig(),
        clock: TimeSource = SettableClock(T),
    ) = Verifier(store, clock, config)

    private fun noBackoff() = defaultVerifierConfig().let { it.copy(throttle = it.throttle.copy(freeFailures = 100)) }

    private fun accepted(o: VerifyOutcome): VerifyOutcome.Accepted {
        assertTrue(o is VerifyOutcome.Accepted, "expected Accepted, got $o")
        return o as VerifyOutcome.Accepted
    }

    private fun issued(o: IssueOutcome): IssueOutcome.Issued {
        assertTrue(o is IssueOutcome.Issued, "expected Issued, got $o")
        return o as IssueOutcome.Issued
    }

    private fun oob(
        store: VerificationStore = newStore(),
        policy: OobPolicy = defaultOobPolicy(),
        limits: SendLimits = noSendLimits(),
        clock: TimeSource = SettableClock(T),
        peppers: List<Pepper> = listOf(Pepper("k1", ByteArray(32) { 1 })),
    ) = OobCodes(store, peppers, clock, policy, limits)

    private fun wrongCode(right: String) = ((right[0] - '0' + 1) % 10).toString() + right.substring(1)

    // --- TOTP / HOTP ---------------------------------------------------------------------------

    @TestFactory
    fun `totp window vectors with an injected clock`(): List<DynamicTest> {
        val store = newStore()
        val cases = ServerVectors.json.getJSONArray("totp_window").objects()
        assertTrue(cases.size >= 19)
        return cases.mapIndexed { i, case ->
            DynamicTest.dynamicTest(case.getString("name")) {
                val config = if (case.getString("profile") == "strict") strictVerifierConfig() else defaultVerifierConfig()
                val clock = SettableClock(case.getLong("check_time"))
                val v = verifier(store, config, clock)
                val g = totp()
                val code = g.codeAt(case.getLong("code_time"))
                val got = v.verifyTotpBlocking("window-$i", g, code)
                assertEquals(1, clock.calls)
                if (case.getString("expect") == "ok") {
                    val ok = accepted(got)
                    assertEquals(case.getLong("offset"), ok.offset)
                    assertEquals(case.getLong("code_time") / 30L, ok.step)
                } else {
                    assertEquals(VerifyOutcome.Invalid(99), got)
                }
                assertEquals(got, v.verifyTotpBlocking("window-at-$i", g, code, case.getLong("check_time")))
            }
        }
    }

    @Test
    fun `replay is refused and counted`() {
        val clock = SettableClock(T)
        val v = verifier(clock = clock)
        totp().use { g ->
            val code = g.codeAt(T)
            assertEquals(0L, accepted(v.verifyTotpBlocking("alice", g, code)).offset)
            assertEquals(VerifyOutcome.Replayed, v.verifyTotpBlocking("alice", g, code))
            assertEquals(VerifyOutcome.Replayed, v.verifyTotpBlocking("alice", g, g.codeAt(T - 30L)))
            assertEquals(2, v.stateBlocking("alice").failures)
            clock.now = T + 30L
            val ok = accepted(v.verifyTotpBlocking("alice", g, g.codeAt(T + 30L)))
            val s = v.stateBlocking("alice")
            assertEquals(Triple(0, 0L, ok.step), Triple(s.failures, s.lockedUntil, s.highWater))
        }
    }

    @Test
    fun `hotp look-ahead vectors and counter floor`() {
        val v = verifier()
        val g = CodeGenerator(secret, hotpParams(0L))
        for (case in ServerVectors.json.getJSONArray("hotp_look_ahead").objects()) {
            val got = v.verifyHotpBlocking("h", g, g.codeForCounter(case.getLong("counter")), T)
            if (case.getString("expect") == "ok") {
                assertEquals(case.getLong("next"), accepted(got).nextCounter, "$case")
            } else {
                assertTrue(got is VerifyOutcome.Invalid, "$case: $got")
            }
        }
        val floored = CodeGenerator(secret, hotpParams(40L))
        assertTrue(v.verifyHotpBlocking("h2", floored, g.codeForCounter(35L)) is VerifyOutcome.Invalid)
        assertEquals(41L, accepted(v.verifyHotpBlocking("h2", floored, g.codeForCounter(40L))).nextCounter)
        // Resync: two consecutive codes far beyond the look-ahead.
        assertTrue(v.verifyHotpBlocking("r", g, g.codeForCounter(50L), T) is VerifyOutcome.Invalid)
        val ok = accepted(v.resyncHotpBlocking("r", g, g.codeForCounter(50L), g.codeForCounter(51L), T))
        assertEquals(52L, ok.nextCounter)
    }

    @Test
    fun `backoff vectors give remaining tries and Locked until`() {
        val clock = SettableClock(T)
        val v = verifier(clock = clock)
        val g = totp()
        val table = ServerVectors.json.getJSONArray("backoff").let { a -> (0 until a.length()).map { a.getLong(it).toLong() } }
        var now = T
        table.forEachIndexed { i, lock ->
            val n = (i + 1)
            clock.now = now
            assertEquals(VerifyOutcome.Invalid(100 - n), v.verifyTotpBlocking("b", g, "000000"), "failure $n")
            if (lock > 0L) {
                clock.now = now + lock - 1L
                assertEquals(VerifyOutcome.Locked(now + lock), v.verifyTotpBlocking("b", g, g.codeAt(now + lock - 1L)))
                assertEquals(n, v.stateBlocking("b").failures)
            }
            now += lock
        }
        clock.now = now
        accepted(v.verifyTotpBlocking("b", g, g.codeAt(now)))
        assertEquals(0, v.stateBlocking("b").failures)
    }

    @Test
    fun `hard cap exhausts until unlock, rate limit is typed`() {
        val capped = noBackoff().let { it.copy(throttle = it.throttle.copy(maxFailures = 5)) }
        val v = verifier(config = capped)
        val g = totp()
        for (left in 4 downTo 0) {
            assertEquals(VerifyOutcome.Invalid(left), v.verifyTotpBlocking("cap", g, "000000", T))
        }
        assertEquals(VerifyOutcome.Exhausted, v.verifyTotpBlocking("cap", g, g.codeAt(T), T))
        v.unlockBlocking("cap")
        accepted(v.verifyTotpBlocking("cap", g, g.codeAt(T), T))

        val rated = noBackoff().let { it.copy(throttle = it.throttle.copy(rate = RateLimit(3, 60L))) }
        val r = verifier(config = rated)
        accepted(r.verifyTotpBlocking("rl", g, g.codeAt(T), T))
        r.verifyTotpBlocking("rl", g, "000000", T + 1L)
        r.verifyTotpBlocking("rl", g, "000000", T + 2L)
        assertEquals(VerifyOutcome.RateLimited(50L), r.verifyTotpBlocking("rl", g, "000000", T + 10L))
    }

    @Test
    fun `malformed input is typed and not counted`() {
        val v = verifier()
        val g = totp()
        val cases = listOf(
            "" to MalformedReason.EMPTY,
            "12345" to MalformedReason.WRONG_LENGTH,
            "12345x" to MalformedReason.BAD_CHARACTER,
            "１２３４５６" to MalformedReason.BAD_CHARACTER,
            "1".repeat(65) to MalformedReason.TOO_LONG,
        )
        for ((typed, reason) in cases) {
            assertEquals(VerifyOutcome.Malformed(reason), v.verifyTotpBlocking("m", g, typed, T), typed)
        }
        assertEquals(0, v.stateBlocking("m").failures)
        val code = g.codeAt(T)
        accepted(v.verifyTotpBlocking("m", g, " ${code.take(3)}-${code.drop(3)} ", T))
        assertInvalidInput(InvalidInputKind.SERVER_CONFIG) {
            v.verifyTotpBlocking("m", CodeGenerator(secret, hotpParams(0L)), code, T)
        }
    }

    @Test
    fun `parallel checks of one code accept exactly once`() {
        val v = verifier()
        val g = totp()
        val code = g.codeAt(T)
        val n = 12
        val barrier = CyclicBarrier(n)
        val pool = Executors.newFixedThreadPool(n)
        try {
            val results = (1..n).map {
                pool.submit(Callable { barrier.await(); v.verifyTotpBlocking("par", g, code, T) })
            }.map { it.get(30, TimeUnit.SECONDS) }
            assertEquals(1, results.count { it is VerifyOutcome.Accepted }, "$results")
            assertTrue(results.all { it is VerifyOutcome.Accepted || it == VerifyOutcome.Replayed || it is VerifyOutcome.Locked })
        } finally {
            pool.shutdownNow()
        }
    }

    // --- out-of-band codes ---------------------------------------------------------------------

    @Test
    fun `oob issue, verify once, second verify fails`() {
        val clock = SettableClock(T)
        val s = oob(limits = defaultSendLimits(), clock = clock)
        val i = issued(s.issueBlocking(LOGIN, sms("+15550000001")))
        assertTrue(Regex("[0-9]{6}").matches(i.code.reveal()))
        assertTrue(Regex("[0-9a-f]{32}").matches(i.challengeId))
        assertEquals(T + 300L, i.expiresAt)
        clock.now = T + 10L
        assertEquals(OobOutcome.Accepted(i.challengeId), s.verifyBlocking(i.challengeId, LOGIN, i.code.reveal()))
        assertEquals(OobOutcome.Invalid(null), s.verifyBlocking(i.challengeId, LOGIN, i.code.reveal()))
    }

    @Test
    fun `wrong purpose or transaction looks like an unknown challenge`() {
        val s = oob()
        val tx = "EUR 10.00 to DE89...".toByteArray()
        val pay = OobBinding("payment", "alice", tx)
        val i = issued(s.issueBlocking(pay, sms("+15550000004"), T))
        val unknown = s.verifyBlocking("0123456789abcdef0123456789abcdef", pay, "123456", T + 1L)
        assertEquals(OobOutcome.Invalid(null), unknown)
        assertEquals(unknown, s.verifyBlocking("garbage", pay, "123456", T + 1L))
        for (other in listOf(
            OobBinding("login", "alice", tx),
            OobBinding("payment", "alice", "EUR 99.00 to XX00...".toByteArray()),
            OobBinding("payment", "alice"),
        )) {
            assertEquals(unknown, s.verifyBlocking(i.challengeId, other, i.code.reveal(), T + 1L), other.purpose)
        }
        assertEquals(OobOutcome.Accepted(i.challengeId), s.verifyBlocking(i.challengeId, pay, i.code.reveal(), T + 1L))
    }

    @Test
    fun `oob detailed outcomes, expiry and malformed codes`() {
        val s = oob()
        val i = issued(s.issueBlocking(LOGIN, sms("+15550000003"), T))
        assertEquals(OobOutcome.Malformed(MalformedReason.BAD_CHARACTER), s.verifyBlocking(i.challengeId, LOGIN, "12a456", T + 1L))
        for (left in 4 downTo 0) {
            assertEquals(OobOutcome.Invalid(left), s.verifyDetailedBlocking(i.challengeId, LOGIN, wrongCode(i.code.reveal()), T + 1L))
        }
        assertEquals(OobOutcome.Exhausted, s.verifyDetailedBlocking(i.challengeId, LOGIN, i.code.reveal(), T + 2L))
        assertEquals(OobOutcome.Invalid(null), s.verifyBlocking(i.challengeId, LOGIN, i.code.reveal(), T + 2L))
        val e = issued(s.issueBlocking(LOGIN, sms("+15550000003"), T))
        assertEquals(OobOutcome.Expired, s.verifyDetailedBlocking(e.challengeId, LOGIN, e.code.reveal(), T + 300L))
    }

    @Test
    fun `resend cooldown is RateLimited, then max sends, then unknown`() {
        val s = oob()
        val to = sms("+15550000006")
        val first = issued(s.issueBlocking(LOGIN, to, T))
        val id = first.challengeId
        assertEquals(IssueOutcome.RateLimited(LimitScope.COOLDOWN, 20L), s.resendBlocking(id, LOGIN, to, T + 10L))
        val second = issued(s.resendBlocking(id, LOGIN, to, T + 30L))
        assertEquals(id, second.challengeId)
        assertEquals(T + 330L, second.expiresAt)
        val third = issued(s.resendBlocking(id, LOGIN, to, T + 60L))
        val refused = s.resendBlocking(id, LOGIN, to, T + 90L)
        assertTrue(refused is IssueOutcome.RateLimited && refused.scope == LimitScope.CHALLENGE_SENDS, "$refused")
        assertEquals(OobOutcome.Accepted(id), s.verifyBlocking(id, LOGIN, third.code.reveal(), T + 91L))
        val other = issued(s.issueBlocking(LOGIN, to, T))
        s.verifyBlocking(other.challengeId, LOGIN, other.code.reveal(), T + 1L)
        assertEquals(IssueOutcome.UnknownChallenge, s.resendBlocking(other.challengeId, LOGIN, to, T + 100L))
    }

    @Test
    fun `resends of dead challenges cost no send budget`() {
        val limits = noSendLimits().copy(
            perDestination = listOf(RateLimit(5, 3600L)),
            globalBudget = listOf(RateLimit(7, 3600L)),
        )
        val s = oob(policy = defaultOobPolicy().copy(ttl = 60L, maxAttempts = 1), limits = limits)
        val setup = sms("+442079460001")
        val used = issued(s.issueBlocking(LOGIN, setup, T))
        assertEquals(OobOutcome.Accepted(used.challengeId), s.verifyBlocking(used.challengeId, LOGIN, used.code.reveal(), T + 1L))
        val expired = issued(s.issueBlocking(LOGIN, setup, T))
        val victim = sms("+15550100099")
        for (id in listOf("0123456789abcdef0123456789abcdef", used.challengeId, expired.challengeId)) {
            repeat(3) { assertEquals(IssueOutcome.UnknownChallenge, s.resendBlocking(id, LOGIN, victim, T + 100L)) }
        }
        repeat(5) { issued(s.issueBlocking(LOGIN, victim, T + 100L)) }
        val refused = s.issueBlocking(LOGIN, victim, T + 100L)
        assertTrue(refused is IssueOutcome.RateLimited && refused.scope == LimitScope.DESTINATION, "$refused")
    }

    @Test
    fun `short state ttl, empty credential id, stateAt and unlockAt`() {
        val c = defaultVerifierConfig()
        assertInvalidInput(InvalidInputKind.SERVER_CONFIG) {
            Verifier(newStore(), SettableClock(T), c.copy(throttle = c.throttle.copy(stateTtl = 1L)))
        }
        val clock = SettableClock(1L)
        val v = verifier(config = c.copy(throttle = c.throttle.copy(freeFailures = 0)), clock = clock)
        val g = totp()
        assertInvalidInput(InvalidInputKind.REQUEST) { v.verifyTotpBlocking("", g, g.codeAt(T), T) }
        assertInvalidInput(InvalidInputKind.REQUEST) { v.stateBlocking("", T) }
        assertTrue(v.verifyTotpBlocking("s", g, "000000", T) is VerifyOutcome.Invalid)
        assertEquals(T + 2L, v.stateBlocking("s", T).lockedUntil)
        v.unlockBlocking("s", T + 1L)
        assertEquals(0, v.stateBlocking("s", T + 1L).failures)
        assertEquals(0, clock.calls)
    }

    @Test
    fun `send limits, invalid requests, peppers`() {
        val s = oob(limits = noSendLimits().copy(perDestination = listOf(RateLimit(1, 3600L))))
        issued(s.issueBlocking(LOGIN, sms("+15551000001"), T))
        val refused = s.issueBlocking(LOGIN, Delivery(DeliveryChannel.VOICE, "+1 555 100 0001", ip = "192.0.2.7"), T + 1L)
        assertTrue(refused is IssueOutcome.RateLimited && refused.scope == LimitScope.DESTINATION, "$refused")
        assertInvalidInput(InvalidInputKind.REQUEST) { s.issueBlocking(LOGIN, sms("12ab"), T) }
        assertInvalidInput(InvalidInputKind.REQUEST) { s.issueBlocking(OobBinding("", "alice"), sms("+15550000009"), T) }
        assertInvalidInput(InvalidInputKind.SERVER_CONFIG) { Pepper("k1", ByteArray(8)) }
        assertInvalidInput(InvalidInputKind.SERVER_CONFIG) { oob(peppers = emptyList()) }
        assertInvalidInput(InvalidInputKind.SERVER_CONFIG) { oob(policy = defaultOobPolicy().copy(ttl = 601L)) }
        // Rotation: codes made with the old pepper verify while it stays in the ring.
        val store = newStore()
        val old = Pepper("2025", ByteArray(32) { 5 })
        val new = Pepper("2026", ByteArray(32) { 6 })
        assertEquals("2025", old.keyId())
        val a = issued(oob(store, peppers = listOf(old)).issueBlocking(LOGIN, sms("+15550000007"), T))
        val b = issued(oob(store, peppers = listOf(old)).issueBlocking(LOGIN, sms("+15550000007"), T))
        assertTrue(oob(store, peppers = listOf(new, old)).verifyBlocking(a.challengeId, LOGIN, a.code.reveal(), T + 1L) is OobOutcome.Accepted)
        assertFalse(oob(store, peppers = listOf(new)).verifyBlocking(b.challengeId, LOGIN, b.code.reveal(), T + 1L) is OobOutcome.Accepted)
        // Alphanumeric e-mail codes are typed case-insensitively.
        val alnum = oob(policy = defaultOobPolicy().copy(format = CodeFormat.Alphanumeric(8)))
        val e = issued(alnum.issueBlocking(LOGIN, Delivery(DeliveryChannel.EMAIL, "alice@example.com"), T))
        assertTrue(alnum.verifyBlocking(e.challengeId, LOGIN, e.code.reveal().lowercase(), T + 1L) is OobOutcome.Accepted)
    }

    // --- stores --------------------------------------------------------------------------------

    @Test
    fun `stores on the same backend share state, diagnostics are clean`() {
        val a = newStore()
        val b = sameBackendAs(a)
        // The test Redis has persistence off (a restart would forget high-water marks).
        assertEquals(if (shared) listOf("redis.persistence") else emptyList(), a.diagnosticsBlocking().map { it.name })
        val g = totp()
        accepted(verifier(a).verifyTotpBlocking("shared", g, g.codeAt(T), T))
        val again = verifier(b).verifyTotpBlocking("shared", g, g.codeAt(T), T)
        assertEquals(shared, again == VerifyOutcome.Replayed, "$again")
        val i = issued(oob(a).issueBlocking(LOGIN, sms("+15550000008"), T))
        assertEquals(shared, oob(b).verifyBlocking(i.challengeId, LOGIN, i.code.reveal(), T + 1L) is OobOutcome.Accepted)
    }
}

class ServerMemoryTest : ServerScenarios() {
    override fun newStore(): VerificationStore = VerificationStore.memory()
    override val shared = false
    override fun sameBackendAs(store: VerificationStore): VerificationStore = VerificationStore.memory()

    @Test
    fun `defaults come from the core and bad configs are refused`() {
        val c = defaultVerifierConfig()
        assertEquals(Triple(1L, 1L, null), Triple(c.totp.back, c.totp.forward, c.totp.drift))
        assertEquals(100, c.throttle.maxFailures)
        assertEquals(0L, strictVerifierConfig().totp.forward)
        assertEquals(CodeFormat.Digits(6), defaultOobPolicy().format)
        assertEquals(listOf(RateLimit(10_000, 3600L)), defaultSendLimits().globalBudget)
        for (bad in listOf(
            c.copy(throttle = c.throttle.copy(maxFailures = 101)),
            c.copy(totp = c.totp.copy(back = 11L)),
            c.copy(hotp = c.hotp.copy(lookAhead = 101L)),
        )) {
            assertInvalidInput(InvalidInputKind.SERVER_CONFIG) { Verifier(newStore(), SettableClock(T), bad) }
        }
        assertNotEquals(c, strictVerifierConfig())
    }

    @Test
    fun `unreachable redis fails closed`() {
        // StoreFailure with the redis feature; InvalidServerConfig in a build without it.
        val e = assertThrows<OtpException> { redisStore("redis://127.0.0.1:1/", "otpkit-kt") }
        assertTrue(e is OtpException.StoreUnavailable || (e is OtpException.InvalidInput && e.kind == InvalidInputKind.SERVER_CONFIG), "$e")
    }
}

@EnabledIfEnvironmentVariable(named = "OTPKIT_REDIS_URL", matches = ".+")
class ServerRedisTest : ServerScenarios() {
    private val prefixes = java.util.Collections.synchronizedMap(HashMap<VerificationStore, String>())

    override fun newStore(): VerificationStore {
        val prefix = randomPrefix()
        return redisStore(redisUrl()!!, prefix).also { prefixes[it] = prefix }
    }

    override val shared = true

    override fun sameBackendAs(store: VerificationStore): VerificationStore =
        redisStore(redisUrl()!!, prefixes.getValue(store))

    @Test
    fun `bad prefix is a config error`() {
        assertInvalidInput(InvalidInputKind.SERVER_CONFIG) { redisStore(redisUrl()!!, "bad {prefix}") }
    }

    @Test
    fun `redis store options are settable`() {
        val d = defaultRedisStoreOptions()
        assertEquals(Triple("otpkit", 2000L, 32), Triple(d.prefix, d.timeoutMs, d.maxIdle))
        val prefix = randomPrefix()
        val a = VerificationStore.redisBlocking(redisUrl()!!, RedisStoreOptions(prefix, 500L, 0))
        val g = CodeGenerator(ServerVectors.secret, totpParams())
        val v = { s: VerificationStore -> Verifier(s, SettableClock(T), defaultVerifierConfig()) }
        assertTrue(v(a).verifyTotpBlocking("opt", g, g.codeAt(T), T) is VerifyOutcome.Accepted)
        assertEquals(VerifyOutcome.Replayed, v(redisStore(redisUrl()!!, prefix)).verifyTotpBlocking("opt", g, g.codeAt(T), T))
        assertInvalidInput(InvalidInputKind.SERVER_CONFIG) {
            VerificationStore.redisBlocking(redisUrl()!!, RedisStoreOptions(prefix, 0L, 4))
        }
    }
}
