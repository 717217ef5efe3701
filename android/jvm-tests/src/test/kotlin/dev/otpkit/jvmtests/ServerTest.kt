package dev.otpkit.jvmtests

import dev.otpkit.Clock
import dev.otpkit.CodeFormat
import dev.otpkit.CodeGenerator
import dev.otpkit.Delivery
import dev.otpkit.DeliveryChannel
import dev.otpkit.IssueOutcome
import dev.otpkit.LimitScope
import dev.otpkit.MalformedReason
import dev.otpkit.OobBinding
import dev.otpkit.OobCodes
import dev.otpkit.OobOutcome
import dev.otpkit.OobPolicy
import dev.otpkit.OtpException
import dev.otpkit.OtpVerifier
import dev.otpkit.Pepper
import dev.otpkit.RateLimit
import dev.otpkit.RedisStoreOptions
import dev.otpkit.SendLimits
import dev.otpkit.VerificationStore
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
 * environment). Time is injected: a Kotlin Clock, or explicit unixTime for the *At methods.
 * Window, look-ahead and backoff tables come from tests/vectors/server.json.
 */

/** A settable Kotlin clock (the foreign Clock trait). */
private class SettableClock(@Volatile var now: ULong) : Clock {
    @Volatile var calls = 0
        private set

    override fun nowUnix(): ULong {
        calls++
        return now
    }
}

private object ServerVectors {
    val json: JSONObject by lazy { JSONObject(File(Vectors.dir, "server.json").readText()) }
    val secret: String get() = json.getString("secret_base32")
}

private const val T: ULong = 1_700_000_010UL // the middle of a TOTP step

private val LOGIN = OobBinding(purpose = "login", subject = "alice")

private fun sms(to: String) = Delivery(channel = DeliveryChannel.SMS, destination = to)

private fun randomPrefix(): String {
    val b = ByteArray(8).also { SecureRandom().nextBytes(it) }
    return "otpkit-kt-" + b.joinToString("") { "%02x".format(it) }
}

private fun redisUrl(): String? = System.getenv("OTPKIT_REDIS_URL")?.takeIf { it.isNotEmpty() }

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
        clock: Clock = SettableClock(T),
    ) = OtpVerifier(store, clock, config)

    private fun noBackoff() = defaultVerifierConfig().let { it.copy(throttle = it.throttle.copy(freeFailures = 100u)) }

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
        clock: Clock = SettableClock(T),
        peppers: List<Pepper> = listOf(Pepper("k1", ByteArray(32) { 1 })),
    ) = OobCodes(store, clock, peppers, policy, limits)

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
                val clock = SettableClock(case.ulong("check_time"))
                val v = verifier(store, config, clock)
                val g = totp()
                val code = g.codeAt(case.ulong("code_time"))
                val got = v.verifyTotp("window-$i", g, code)
                assertEquals(1, clock.calls)
                if (case.getString("expect") == "ok") {
                    val ok = accepted(got)
                    assertEquals(case.getLong("offset"), ok.offset)
                    assertEquals(case.ulong("code_time") / 30UL, ok.step)
                } else {
                    assertEquals(VerifyOutcome.Invalid(99u), got)
                }
                assertEquals(got, v.verifyTotpAt("window-at-$i", g, code, case.ulong("check_time")))
            }
        }
    }

    @Test
    fun `replay is refused and counted`() {
        val clock = SettableClock(T)
        val v = verifier(clock = clock)
        totp().use { g ->
            val code = g.codeAt(T)
            assertEquals(0L, accepted(v.verifyTotp("alice", g, code)).offset)
            assertEquals(VerifyOutcome.Replayed, v.verifyTotp("alice", g, code))
            assertEquals(VerifyOutcome.Replayed, v.verifyTotp("alice", g, g.codeAt(T - 30UL)))
            assertEquals(2u, v.state("alice").failures)
            clock.now = T + 30UL
            val ok = accepted(v.verifyTotp("alice", g, g.codeAt(T + 30UL)))
            val s = v.state("alice")
            assertEquals(Triple(0u, 0UL, ok.step), Triple(s.failures, s.lockedUntil, s.highWater))
        }
    }

    @Test
    fun `hotp look-ahead vectors and counter floor`() {
        val v = verifier()
        val g = CodeGenerator(secret, hotpParams(0UL))
        for (case in ServerVectors.json.getJSONArray("hotp_look_ahead").objects()) {
            val got = v.verifyHotpAt("h", g, g.codeAtCounter(case.ulong("counter")), T)
            if (case.getString("expect") == "ok") {
                assertEquals(case.ulong("next"), accepted(got).nextCounter, "$case")
            } else {
                assertTrue(got is VerifyOutcome.Invalid, "$case: $got")
            }
        }
        val floored = CodeGenerator(secret, hotpParams(40UL))
        assertTrue(v.verifyHotp("h2", floored, g.codeAtCounter(35UL)) is VerifyOutcome.Invalid)
        assertEquals(41UL, accepted(v.verifyHotp("h2", floored, g.codeAtCounter(40UL))).nextCounter)
        // Resync: two consecutive codes far beyond the look-ahead.
        assertTrue(v.verifyHotpAt("r", g, g.codeAtCounter(50UL), T) is VerifyOutcome.Invalid)
        val ok = accepted(v.resyncHotpAt("r", g, g.codeAtCounter(50UL), g.codeAtCounter(51UL), T))
        assertEquals(52UL, ok.nextCounter)
    }

    @Test
    fun `backoff vectors give remaining tries and Locked until`() {
        val clock = SettableClock(T)
        val v = verifier(clock = clock)
        val g = totp()
        val table = ServerVectors.json.getJSONArray("backoff").let { a -> (0 until a.length()).map { a.getLong(it).toULong() } }
        var now = T
        table.forEachIndexed { i, lock ->
            val n = (i + 1).toUInt()
            clock.now = now
            assertEquals(VerifyOutcome.Invalid(100u - n), v.verifyTotp("b", g, "000000"), "failure $n")
            if (lock > 0UL) {
                clock.now = now + lock - 1UL
                assertEquals(VerifyOutcome.Locked(now + lock), v.verifyTotp("b", g, g.codeAt(now + lock - 1UL)))
                assertEquals(n, v.state("b").failures)
            }
            now += lock
        }
        clock.now = now
        accepted(v.verifyTotp("b", g, g.codeAt(now)))
        assertEquals(0u, v.state("b").failures)
    }

    @Test
    fun `hard cap exhausts until unlock, rate limit is typed`() {
        val capped = noBackoff().let { it.copy(throttle = it.throttle.copy(maxFailures = 5u)) }
        val v = verifier(config = capped)
        val g = totp()
        for (left in 4 downTo 0) {
            assertEquals(VerifyOutcome.Invalid(left.toUInt()), v.verifyTotpAt("cap", g, "000000", T))
        }
        assertEquals(VerifyOutcome.Exhausted, v.verifyTotpAt("cap", g, g.codeAt(T), T))
        v.unlock("cap")
        accepted(v.verifyTotpAt("cap", g, g.codeAt(T), T))

        val rated = noBackoff().let { it.copy(throttle = it.throttle.copy(rate = RateLimit(3u, 60UL))) }
        val r = verifier(config = rated)
        accepted(r.verifyTotpAt("rl", g, g.codeAt(T), T))
        r.verifyTotpAt("rl", g, "000000", T + 1UL)
        r.verifyTotpAt("rl", g, "000000", T + 2UL)
        assertEquals(VerifyOutcome.RateLimited(50UL), r.verifyTotpAt("rl", g, "000000", T + 10UL))
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
            assertEquals(VerifyOutcome.Malformed(reason), v.verifyTotpAt("m", g, typed, T), typed)
        }
        assertEquals(0u, v.state("m").failures)
        val code = g.codeAt(T)
        accepted(v.verifyTotpAt("m", g, " ${code.take(3)}-${code.drop(3)} ", T))
        assertThrows<OtpException.InvalidServerConfig> {
            v.verifyTotpAt("m", CodeGenerator(secret, hotpParams(0UL)), code, T)
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
                pool.submit(Callable { barrier.await(); v.verifyTotpAt("par", g, code, T) })
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
        val i = issued(s.issue(LOGIN, sms("+15550000001")))
        assertTrue(Regex("[0-9]{6}").matches(i.code))
        assertTrue(Regex("[0-9a-f]{32}").matches(i.challengeId))
        assertEquals(T + 300UL, i.expiresAt)
        clock.now = T + 10UL
        assertEquals(OobOutcome.Accepted(i.challengeId), s.verify(i.challengeId, LOGIN, i.code))
        assertEquals(OobOutcome.Invalid(null), s.verify(i.challengeId, LOGIN, i.code))
    }

    @Test
    fun `wrong purpose or transaction looks like an unknown challenge`() {
        val s = oob()
        val tx = "EUR 10.00 to DE89...".toByteArray()
        val pay = OobBinding("payment", "alice", tx)
        val i = issued(s.issueAt(pay, sms("+15550000004"), T))
        val unknown = s.verifyAt("0123456789abcdef0123456789abcdef", pay, "123456", T + 1UL)
        assertEquals(OobOutcome.Invalid(null), unknown)
        assertEquals(unknown, s.verifyAt("garbage", pay, "123456", T + 1UL))
        for (other in listOf(
            OobBinding("login", "alice", tx),
            OobBinding("payment", "alice", "EUR 99.00 to XX00...".toByteArray()),
            OobBinding("payment", "alice"),
        )) {
            assertEquals(unknown, s.verifyAt(i.challengeId, other, i.code, T + 1UL), other.purpose)
        }
        assertEquals(OobOutcome.Accepted(i.challengeId), s.verifyAt(i.challengeId, pay, i.code, T + 1UL))
    }

    @Test
    fun `oob detailed outcomes, expiry and malformed codes`() {
        val s = oob()
        val i = issued(s.issueAt(LOGIN, sms("+15550000003"), T))
        assertEquals(OobOutcome.Malformed(MalformedReason.BAD_CHARACTER), s.verifyAt(i.challengeId, LOGIN, "12a456", T + 1UL))
        for (left in 4 downTo 0) {
            assertEquals(OobOutcome.Invalid(left.toUInt()), s.verifyDetailedAt(i.challengeId, LOGIN, wrongCode(i.code), T + 1UL))
        }
        assertEquals(OobOutcome.Exhausted, s.verifyDetailedAt(i.challengeId, LOGIN, i.code, T + 2UL))
        assertEquals(OobOutcome.Invalid(null), s.verifyAt(i.challengeId, LOGIN, i.code, T + 2UL))
        val e = issued(s.issueAt(LOGIN, sms("+15550000003"), T))
        assertEquals(OobOutcome.Expired, s.verifyDetailedAt(e.challengeId, LOGIN, e.code, T + 300UL))
    }

    @Test
    fun `resend cooldown is RateLimited, then max sends, then unknown`() {
        val s = oob()
        val to = sms("+15550000006")
        val first = issued(s.issueAt(LOGIN, to, T))
        val id = first.challengeId
        assertEquals(IssueOutcome.RateLimited(LimitScope.COOLDOWN, 20UL), s.resendAt(id, LOGIN, to, T + 10UL))
        val second = issued(s.resendAt(id, LOGIN, to, T + 30UL))
        assertEquals(id, second.challengeId)
        assertEquals(T + 330UL, second.expiresAt)
        val third = issued(s.resendAt(id, LOGIN, to, T + 60UL))
        val refused = s.resendAt(id, LOGIN, to, T + 90UL)
        assertTrue(refused is IssueOutcome.RateLimited && refused.scope == LimitScope.CHALLENGE_SENDS, "$refused")
        assertEquals(OobOutcome.Accepted(id), s.verifyAt(id, LOGIN, third.code, T + 91UL))
        val other = issued(s.issueAt(LOGIN, to, T))
        s.verifyAt(other.challengeId, LOGIN, other.code, T + 1UL)
        assertEquals(IssueOutcome.UnknownChallenge, s.resendAt(other.challengeId, LOGIN, to, T + 100UL))
    }

    @Test
    fun `resends of dead challenges cost no send budget`() {
        val limits = noSendLimits().copy(
            perDestination = listOf(RateLimit(5u, 3600UL)),
            globalBudget = listOf(RateLimit(7u, 3600UL)),
        )
        val s = oob(policy = defaultOobPolicy().copy(ttl = 60UL, maxAttempts = 1u), limits = limits)
        val setup = sms("+442079460001")
        val used = issued(s.issueAt(LOGIN, setup, T))
        assertEquals(OobOutcome.Accepted(used.challengeId), s.verifyAt(used.challengeId, LOGIN, used.code, T + 1UL))
        val expired = issued(s.issueAt(LOGIN, setup, T))
        val victim = sms("+15550100099")
        for (id in listOf("0123456789abcdef0123456789abcdef", used.challengeId, expired.challengeId)) {
            repeat(3) { assertEquals(IssueOutcome.UnknownChallenge, s.resendAt(id, LOGIN, victim, T + 100UL)) }
        }
        repeat(5) { issued(s.issueAt(LOGIN, victim, T + 100UL)) }
        val refused = s.issueAt(LOGIN, victim, T + 100UL)
        assertTrue(refused is IssueOutcome.RateLimited && refused.scope == LimitScope.DESTINATION, "$refused")
    }

    @Test
    fun `short state ttl, empty credential id, stateAt and unlockAt`() {
        val c = defaultVerifierConfig()
        assertThrows<OtpException.InvalidServerConfig> {
            OtpVerifier(newStore(), SettableClock(T), c.copy(throttle = c.throttle.copy(stateTtl = 1UL)))
        }
        val clock = SettableClock(1UL)
        val v = verifier(config = c.copy(throttle = c.throttle.copy(freeFailures = 0u)), clock = clock)
        val g = totp()
        assertThrows<OtpException.InvalidRequest> { v.verifyTotpAt("", g, g.codeAt(T), T) }
        assertThrows<OtpException.InvalidRequest> { v.stateAt("", T) }
        assertTrue(v.verifyTotpAt("s", g, "000000", T) is VerifyOutcome.Invalid)
        assertEquals(T + 2UL, v.stateAt("s", T).lockedUntil)
        v.unlockAt("s", T + 1UL)
        assertEquals(0u, v.stateAt("s", T + 1UL).failures)
        assertEquals(0, clock.calls)
    }

    @Test
    fun `send limits, invalid requests, peppers`() {
        val s = oob(limits = noSendLimits().copy(perDestination = listOf(RateLimit(1u, 3600UL))))
        issued(s.issueAt(LOGIN, sms("+15551000001"), T))
        val refused = s.issueAt(LOGIN, Delivery(DeliveryChannel.VOICE, "+1 555 100 0001", ip = "192.0.2.7"), T + 1UL)
        assertTrue(refused is IssueOutcome.RateLimited && refused.scope == LimitScope.DESTINATION, "$refused")
        assertThrows<OtpException.InvalidRequest> { s.issueAt(LOGIN, sms("12ab"), T) }
        assertThrows<OtpException.InvalidRequest> { s.issueAt(OobBinding("", "alice"), sms("+15550000009"), T) }
        assertThrows<OtpException.InvalidServerConfig> { Pepper("k1", ByteArray(8)) }
        assertThrows<OtpException.InvalidServerConfig> { oob(peppers = emptyList()) }
        assertThrows<OtpException.InvalidServerConfig> { oob(policy = defaultOobPolicy().copy(ttl = 601UL)) }
        // Rotation: codes made with the old pepper verify while it stays in the ring.
        val store = newStore()
        val old = Pepper("2025", ByteArray(32) { 5 })
        val new = Pepper("2026", ByteArray(32) { 6 })
        assertEquals("2025", old.keyId())
        val a = issued(oob(store, peppers = listOf(old)).issueAt(LOGIN, sms("+15550000007"), T))
        val b = issued(oob(store, peppers = listOf(old)).issueAt(LOGIN, sms("+15550000007"), T))
        assertTrue(oob(store, peppers = listOf(new, old)).verifyAt(a.challengeId, LOGIN, a.code, T + 1UL) is OobOutcome.Accepted)
        assertFalse(oob(store, peppers = listOf(new)).verifyAt(b.challengeId, LOGIN, b.code, T + 1UL) is OobOutcome.Accepted)
        // Alphanumeric e-mail codes are typed case-insensitively.
        val alnum = oob(policy = defaultOobPolicy().copy(format = CodeFormat.Alphanumeric(8u)))
        val e = issued(alnum.issueAt(LOGIN, Delivery(DeliveryChannel.EMAIL, "alice@example.com"), T))
        assertTrue(alnum.verifyAt(e.challengeId, LOGIN, e.code.lowercase(), T + 1UL) is OobOutcome.Accepted)
    }

    // --- stores --------------------------------------------------------------------------------

    @Test
    fun `stores on the same backend share state, diagnostics are clean`() {
        val a = newStore()
        val b = sameBackendAs(a)
        // The test Redis has persistence off (a restart would forget high-water marks).
        assertEquals(if (shared) listOf("redis.persistence") else emptyList(), a.diagnostics().map { it.code })
        val g = totp()
        accepted(verifier(a).verifyTotpAt("shared", g, g.codeAt(T), T))
        val again = verifier(b).verifyTotpAt("shared", g, g.codeAt(T), T)
        assertEquals(shared, again == VerifyOutcome.Replayed, "$again")
        val i = issued(oob(a).issueAt(LOGIN, sms("+15550000008"), T))
        assertEquals(shared, oob(b).verifyAt(i.challengeId, LOGIN, i.code, T + 1UL) is OobOutcome.Accepted)
    }
}

class ServerMemoryTest : ServerScenarios() {
    override fun newStore(): VerificationStore = VerificationStore.memory()
    override val shared = false
    override fun sameBackendAs(store: VerificationStore): VerificationStore = VerificationStore.memory()

    @Test
    fun `defaults come from the core and bad configs are refused`() {
        val c = defaultVerifierConfig()
        assertEquals(Triple(1UL, 1UL, null), Triple(c.totp.back, c.totp.forward, c.totp.drift))
        assertEquals(100u, c.throttle.maxFailures)
        assertEquals(0UL, strictVerifierConfig().totp.forward)
        assertEquals(CodeFormat.Digits(6u), defaultOobPolicy().format)
        assertEquals(listOf(RateLimit(10_000u, 3600UL)), defaultSendLimits().globalBudget)
        for (bad in listOf(
            c.copy(throttle = c.throttle.copy(maxFailures = 101u)),
            c.copy(totp = c.totp.copy(back = 11UL)),
            c.copy(hotp = c.hotp.copy(lookAhead = 101UL)),
        )) {
            assertThrows<OtpException.InvalidServerConfig> { OtpVerifier(newStore(), SettableClock(T), bad) }
        }
        assertNotEquals(c, strictVerifierConfig())
    }

    @Test
    fun `unreachable redis fails closed`() {
        // StoreFailure with the redis feature; InvalidServerConfig in a build without it.
        val e = assertThrows<OtpException> { VerificationStore.redis("redis://127.0.0.1:1/", "otpkit-kt") }
        assertTrue(e is OtpException.StoreFailure || e is OtpException.InvalidServerConfig, "$e")
    }
}

@EnabledIfEnvironmentVariable(named = "OTPKIT_REDIS_URL", matches = ".+")
class ServerRedisTest : ServerScenarios() {
    private val prefixes = java.util.Collections.synchronizedMap(HashMap<VerificationStore, String>())

    override fun newStore(): VerificationStore {
        val prefix = randomPrefix()
        return VerificationStore.redis(redisUrl()!!, prefix).also { prefixes[it] = prefix }
    }

    override val shared = true

    override fun sameBackendAs(store: VerificationStore): VerificationStore =
        VerificationStore.redis(redisUrl()!!, prefixes.getValue(store))

    @Test
    fun `bad prefix is a config error`() {
        assertThrows<OtpException.InvalidServerConfig> { VerificationStore.redis(redisUrl()!!, "bad {prefix}") }
    }

    @Test
    fun `redis store options are settable`() {
        val d = defaultRedisStoreOptions()
        assertEquals(Triple("otpkit", 2000UL, 32u), Triple(d.prefix, d.timeoutMs, d.maxIdle))
        val prefix = randomPrefix()
        val a = VerificationStore.redisWithOptions(redisUrl()!!, RedisStoreOptions(prefix, 500UL, 0u))
        val g = CodeGenerator(ServerVectors.secret, totpParams())
        val v = { s: VerificationStore -> OtpVerifier(s, SettableClock(T), defaultVerifierConfig()) }
        assertTrue(v(a).verifyTotpAt("opt", g, g.codeAt(T), T) is VerifyOutcome.Accepted)
        assertEquals(VerifyOutcome.Replayed, v(VerificationStore.redis(redisUrl()!!, prefix)).verifyTotpAt("opt", g, g.codeAt(T), T))
        assertThrows<OtpException.InvalidServerConfig> {
            VerificationStore.redisWithOptions(redisUrl()!!, RedisStoreOptions(prefix, 0UL, 4u))
        }
    }
}
