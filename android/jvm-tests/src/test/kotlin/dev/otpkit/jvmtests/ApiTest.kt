package dev.otpkit.jvmtests

import dev.otpkit.Clock
import dev.otpkit.CodeGenerator
import dev.otpkit.HashAlgorithm
import dev.otpkit.OtpException
import dev.otpkit.OtpParameters
import dev.otpkit.OtpType
import dev.otpkit.generateSecret
import dev.otpkit.hotpCode
import dev.otpkit.normalizeSecret
import dev.otpkit.parseUri
import dev.otpkit.systemClock
import dev.otpkit.totpCode
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.util.concurrent.Callable
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import kotlin.math.abs

/** The binding's glue beyond the vectors: foreign clock, errors, secrets, verification, lifetimes. */
class ApiTest {
    private val rfcSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ" // "12345678901234567890"

    // --- the Clock foreign trait ---------------------------------------------------------------

    @Test
    fun `a Kotlin clock drives snapshot`() {
        CodeGenerator(rfcSecret, totpParams()).use { gen ->
            val clock = FixedClock(59UL)
            val snap = gen.snapshot(clock)
            assertEquals("287082", snap.current) // RFC 6238 T=59 (6 digits of 94287082)
            assertEquals("359152", snap.next)
            assertEquals(1UL, snap.remaining)
            assertEquals(1UL, snap.counter)
            assertEquals(30UL, snap.validFrom)
            assertEquals(1, clock.calls)
        }
    }

    @Test
    fun `a Kotlin clock object can change time and be called from many threads`() {
        var now = 1_111_111_109UL
        val clock = object : Clock {
            override fun nowUnix(): ULong = synchronized(this) { now }
        }
        CodeGenerator(rfcSecret, totpParams(digits = 8)).use { gen ->
            assertEquals("07081804", gen.snapshot(clock).current) // RFC 6238 SHA1 T=1111111109
            synchronized(clock) { now = 1_234_567_890UL }
            assertEquals("89005924", gen.snapshot(clock).current)
            val pool = Executors.newFixedThreadPool(8)
            try {
                val results = (1..64).map { pool.submit(Callable { gen.snapshot(clock).current }) }.map { it.get(30, TimeUnit.SECONDS) }
                assertEquals(setOf("89005924"), results.toSet())
            } finally {
                pool.shutdownNow()
            }
        }
    }

    @Test
    fun `system clock is the wall clock`() {
        val rust = systemClock().nowUnix().toLong()
        val jvm = System.currentTimeMillis() / 1000
        assertTrue(abs(rust - jvm) <= 5, "systemClock() = $rust, JVM = $jvm")
        CodeGenerator(rfcSecret, totpParams()).use { gen ->
            val snap = gen.snapshot(systemClock())
            assertTrue(snap.remaining in 1UL..30UL)
            assertEquals(snap.counter * 30UL, snap.validFrom)
        }
    }

    // --- errors --------------------------------------------------------------------------------

    @Test
    fun `invalid base32 is InvalidSecret and the message does not contain the secret`() {
        val bad = "JBSWY3DP!HPK3PXP" // '!' at index 8
        val calls = listOf<Pair<String, () -> Any>>(
            "CodeGenerator" to { CodeGenerator(bad, totpParams()).close() },
            "hotpCode" to { hotpCode(bad, 0UL, HashAlgorithm.SHA1, 6u) },
            "totpCode" to { totpCode(bad, totpParams(), 59UL) },
            "normalizeSecret" to { normalizeSecret(bad) },
            "parseUri" to { parseUri("otpauth://totp/ACME:alice?secret=$bad&issuer=ACME") },
            "CodeGenerator.fromUri" to { CodeGenerator.fromUri("otpauth://totp/a?secret=$bad").close() },
        )
        for ((what, call) in calls) {
            val ex = assertThrows<OtpException.InvalidSecret>(what) { call() }
            val message = ex.message.orEmpty()
            assertTrue(message.isNotBlank(), "$what: empty message")
            assertFalse(message.contains(bad, ignoreCase = true), "$what: message leaks the secret: $message")
            assertFalse(message.contains("JBSWY3DP", ignoreCase = true), "$what: message leaks part of the secret: $message")
            assertFalse(message.contains('!'), "$what: message echoes the bad character: $message")
        }
    }

    @Test
    fun `every OtpException is catchable as the sealed base class`() {
        val thrown: OtpException = try {
            CodeGenerator("", totpParams()).close()
            error("empty secret accepted")
        } catch (e: OtpException) {
            e
        }
        assertTrue(thrown is OtpException.InvalidSecret, "empty secret: got ${thrown::class}")
    }

    @Test
    fun `out-of-range parameters are InvalidParameters`() {
        val badParams = listOf(
            totpParams(digits = 0),
            totpParams(digits = 11),
            totpParams(period = 0UL),
        )
        for (p in badParams) {
            assertThrows<OtpException.InvalidParameters>("$p") { CodeGenerator(rfcSecret, p).close() }
            assertThrows<OtpException.InvalidParameters>("$p") { totpCode(rfcSecret, p, 59UL) }
        }
        assertThrows<OtpException.InvalidParameters> { hotpCode(rfcSecret, 0UL, HashAlgorithm.SHA1, 11u) }
        assertThrows<OtpException.InvalidParameters> { hotpCode(rfcSecret, 0UL, HashAlgorithm.SHA1, 0u) }
    }

    // --- secrets -------------------------------------------------------------------------------

    @Test
    fun `generateSecret gives fresh canonical base32 of the requested size`() {
        val a = generateSecret(20u)
        val b = generateSecret(20u)
        assertEquals(32, a.length, "20 bytes = 32 base32 characters")
        assertTrue(a.all { it in 'A'..'Z' || it in '2'..'7' }, a)
        assertNotEquals(a, b)
        assertEquals(a, normalizeSecret(a))
        assertEquals(16, generateSecret(10u).length)
        assertEquals(52, generateSecret(32u).length)
        assertEquals(2, generateSecret(0u).length, "0 bytes is clamped to 1")
        CodeGenerator(a, totpParams()).use { gen -> assertEquals(6, gen.codeAt(0UL).length) }
    }

    @Test
    fun `normalizeSecret is lenient about case, spaces, dashes and padding`() {
        assertEquals("JBSWY3DPEHPK3PXP", normalizeSecret("jbsw y3dp-ehpk 3pxp"))
        assertEquals("JBSWY3DPEHPK3PXP", normalizeSecret("JBSWY3DPEHPK3PXP===="))
        assertEquals(rfcSecret, normalizeSecret(rfcSecret.lowercase()))
    }

    // --- verification ----------------------------------------------------------------------------

    @Test
    fun `verifyAt reports the step offset of the matching code`() {
        val t = 1_700_000_000UL
        val step = t / 30UL
        CodeGenerator(rfcSecret, totpParams()).use { gen ->
            for (offset in -2..2) {
                val code = gen.codeAtCounter((step.toLong() + offset).toULong())
                assertEquals(offset.toLong(), gen.verifyAt(code, t, 2UL), "offset $offset")
            }
            // Outside the window → null; window 0 accepts only the current step.
            val plus3 = gen.codeAtCounter(step + 3UL)
            val window = (-2..2).map { gen.codeAtCounter((step.toLong() + it).toULong()) }
            if (plus3 !in window) assertNull(gen.verifyAt(plus3, t, 2UL))
            val plus1 = gen.codeAtCounter(step + 1UL)
            if (plus1 != gen.codeAt(t)) assertNull(gen.verifyAt(plus1, t, 0UL))
            assertEquals(0L, gen.verifyAt(gen.codeAt(t), t, 0UL))
            // Malformed input is simply not a match.
            assertNull(gen.verifyAt("", t, 1UL))
            assertNull(gen.verifyAt("12345", t, 1UL))
            assertNull(gen.verifyAt(gen.codeAt(t) + "0", t, 1UL))
            // Windows are bounded: 10 steps each way at most, a typed error beyond.
            assertEquals(-10L, gen.verifyAt(gen.codeAt(t - 300UL), t, 10UL))
            assertThrows<OtpException.InvalidParameters> { gen.verifyAt(gen.codeAt(t), t, 11UL) }
            assertThrows<OtpException.InvalidParameters> { gen.verifyAt(gen.codeAt(t), t, ULong.MAX_VALUE) }
        }
    }

    @Test
    fun `verifyAt works for Steam codes`() {
        val t = 1_700_000_000UL
        CodeGenerator(rfcSecret, steamParams()).use { gen ->
            val previous = gen.codeAt(t - 30UL)
            assertEquals(5, previous.length)
            assertEquals(-1L, gen.verifyAt(previous, t, 1UL))
            assertEquals(0L, gen.verifyAt(gen.codeAt(t), t, 1UL))
        }
    }

    // --- generator behaviour -------------------------------------------------------------------

    @Test
    fun `codeNumberAt keeps leading zeros out of the number`() {
        // RFC 6238 SHA1, 8 digits, T=1111111109 → 07081804.
        CodeGenerator(rfcSecret, totpParams(digits = 8)).use { gen ->
            assertEquals(7081804UL, gen.codeNumberAt(1_111_111_109UL))
            assertEquals("07081804", gen.codeAt(1_111_111_109UL))
        }
    }

    @Test
    fun `custom T0 shifts the steps`() {
        CodeGenerator(rfcSecret, totpParams(t0 = 1000UL)).use { shifted ->
            CodeGenerator(rfcSecret, totpParams()).use { plain ->
                assertEquals(plain.codeAt(59UL), shifted.codeAt(1059UL))
                val snap = shifted.snapshotAt(1059UL)
                assertEquals(1UL, snap.counter)
                assertEquals(1030UL, snap.validFrom)
            }
        }
    }

    @Test
    fun `HOTP generator uses the stored counter`() {
        CodeGenerator(rfcSecret, hotpParams(counter = 1UL)).use { gen ->
            assertEquals("287082", gen.codeAt(12345UL))
            assertEquals("359152", gen.codeAtCounter(2UL))
            val snap = gen.snapshotAt(999UL)
            assertEquals("287082", snap.current)
            assertEquals("359152", snap.next)
            assertEquals(OtpParameters(OtpType.HOTP, HashAlgorithm.SHA1, 6u, 0UL, 0UL, 1UL), gen.params())
        }
    }

    @Test
    fun `a held generator is safe to share between threads`() {
        CodeGenerator(rfcSecret, totpParams(digits = 8, algorithm = HashAlgorithm.SHA256)).use { gen ->
            val expected = (0 until 200).associateWith { gen.codeAt(it.toULong() * 30UL) }
            val pool = Executors.newFixedThreadPool(8)
            try {
                val futures = (0 until 8).map {
                    pool.submit(Callable { (0 until 200).all { i -> gen.codeAt(i.toULong() * 30UL) == expected[i] } })
                }
                assertTrue(futures.all { it.get(60, TimeUnit.SECONDS) })
            } finally {
                pool.shutdownNow()
            }
        }
    }

    @Test
    fun `a closed generator fails loudly instead of touching freed memory`() {
        val gen = CodeGenerator(rfcSecret, totpParams())
        assertEquals("287082", gen.codeAt(59UL))
        gen.close()
        assertThrows<IllegalStateException> { gen.codeAt(59UL) }
        gen.close() // idempotent
    }

    @Test
    fun `fromUri and fromAccount build the same generator`() {
        val uri = "otpauth://totp/ACME:alice?secret=$rfcSecret&issuer=ACME&algorithm=SHA512&digits=8&period=60"
        val account = parseUri(uri)
        CodeGenerator.fromUri(uri).use { a ->
            CodeGenerator.fromAccount(account).use { b ->
                assertEquals(OtpParameters(OtpType.TOTP, HashAlgorithm.SHA512, 8u, 60UL, 0UL, 0UL), a.params())
                assertEquals(a.params(), b.params())
                assertEquals(a.codeAt(1_700_000_000UL), b.codeAt(1_700_000_000UL))
                assertEquals(totpCode(rfcSecret, a.params(), 1_700_000_000UL), a.codeAt(1_700_000_000UL))
            }
        }
    }
}
