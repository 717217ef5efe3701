package dev.otpkit.jvmtests

import dev.otpkit.CodeGenerator
import dev.otpkit.HashAlgorithm
import dev.otpkit.InvalidInputKind
import dev.otpkit.OtpException
import dev.otpkit.OtpParams
import dev.otpkit.Secret
import dev.otpkit.TimeSource
import dev.otpkit.defaultTotp
import dev.otpkit.fixedTimeSource
import dev.otpkit.hotpCode
import dev.otpkit.parseUri
import dev.otpkit.systemTimeSource
import dev.otpkit.totpCode
import org.junit.jupiter.api.Assertions.assertArrayEquals
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

/** The binding's glue beyond the vectors: time sources, errors, secrets, verification, lifetimes. */
class ApiTest {
    private val rfcBase32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ" // "12345678901234567890"
    private val rfcSecret = Secret.fromBase32(rfcBase32)

    // --- the TimeSource foreign trait ----------------------------------------------------------

    @Test
    fun `a Kotlin time source drives snapshot`() {
        CodeGenerator(rfcSecret).use { gen ->
            val clock = FixedClock(59L)
            val snap = gen.snapshot(clock)
            assertEquals("287082", snap.current.reveal()) // RFC 6238 T=59 (6 digits of 94287082)
            assertEquals("359152", snap.next.reveal())
            assertEquals(1L, snap.remaining)
            assertEquals(1L, snap.counter)
            assertEquals(30L, snap.validFrom)
            assertEquals(1, clock.calls)
        }
    }

    @Test
    fun `a Kotlin time source can change time and be called from many threads`() {
        var now = 1_111_111_109L
        val clock = object : TimeSource {
            override fun nowUnix(): Long = synchronized(this) { now }
        }
        CodeGenerator(rfcSecret, totpParams(digits = 8)).use { gen ->
            assertEquals("07081804", gen.snapshot(clock).current.reveal()) // RFC 6238 SHA1 T=1111111109
            synchronized(clock) { now = 1_234_567_890L }
            assertEquals("89005924", gen.snapshot(clock).current.reveal())
            val pool = Executors.newFixedThreadPool(8)
            try {
                val results = (1..64).map { pool.submit(Callable { gen.snapshot(clock).current.reveal() }) }
                    .map { it.get(30, TimeUnit.SECONDS) }
                assertEquals(setOf("89005924"), results.toSet())
            } finally {
                pool.shutdownNow()
            }
        }
    }

    @Test
    fun `system and fixed time sources`() {
        val rust = systemTimeSource().nowUnix()
        val jvm = System.currentTimeMillis() / 1000
        assertTrue(abs(rust - jvm) <= 5, "systemTimeSource() = $rust, JVM = $jvm")
        assertEquals(59L, fixedTimeSource(59L).nowUnix())
        CodeGenerator(rfcSecret).use { gen ->
            val snap = gen.snapshot(systemTimeSource())
            assertTrue(snap.remaining in 1L..30L)
            assertEquals(snap.counter * 30L, snap.validFrom)
            assertEquals(gen.snapshotAt(59L), gen.snapshot(fixedTimeSource(59L)))
        }
    }

    // --- errors --------------------------------------------------------------------------------

    @Test
    fun `invalid base32 is InvalidInput SECRET with the position and no secret text`() {
        val bad = "JBSWY3DP!HPK3PXP" // '!' at index 8
        val calls = listOf<Pair<String, () -> Any>>(
            "Secret.fromBase32" to { Secret.fromBase32(bad) },
            "parseUri" to { parseUri("otpauth://totp/ACME:alice?secret=$bad&issuer=ACME") },
            "CodeGenerator.fromUri" to { CodeGenerator.fromUri("otpauth://totp/a?secret=$bad").close() },
        )
        for ((what, call) in calls) {
            val ex = assertInvalidInput(InvalidInputKind.SECRET, what = what, call = call)
            if (what == "Secret.fromBase32") assertEquals(8, ex.position, "$what: position of '!'")
            for (text in listOf(ex.reason, ex.message.orEmpty(), ex.toString())) {
                assertFalse(text.contains(bad, ignoreCase = true), "$what: leaks the secret: $text")
                assertFalse(text.contains("JBSWY3DP", ignoreCase = true), "$what: leaks part of the secret: $text")
                assertFalse(text.contains('!'), "$what: echoes the bad character: $text")
            }
        }
    }

    @Test
    fun `every OtpException is catchable as the sealed base class`() {
        val thrown: OtpException = try {
            Secret.fromBase32("")
            error("empty secret accepted")
        } catch (e: OtpException) {
            e
        }
        assertTrue(thrown is OtpException.InvalidInput && thrown.kind == InvalidInputKind.SECRET, "empty secret: got $thrown")
    }

    @Test
    fun `out-of-range and negative parameters are InvalidInput PARAMETERS naming the field`() {
        val bad = listOf(
            totpParams(digits = 0) to "digits",
            totpParams(digits = 11) to "digits",
            totpParams(digits = -6) to "digits",
            totpParams(period = 0L) to "period",
            totpParams(period = -30L) to "period",
            totpParams(t0 = -1L) to "t0",
            hotpParams(counter = -1L) to "counter",
            steamParams(period = -1L) to "period",
        )
        for ((p, field) in bad) {
            assertInvalidInput(InvalidInputKind.PARAMETERS, field, "$p") { CodeGenerator(rfcSecret, p).close() }
            assertInvalidInput(InvalidInputKind.PARAMETERS, field, "totpCode $p") { totpCode(rfcSecret, 59L, p) }
        }
        assertInvalidInput(InvalidInputKind.PARAMETERS, "digits") { hotpCode(rfcSecret, 0L, HashAlgorithm.SHA1, 11) }
        assertInvalidInput(InvalidInputKind.PARAMETERS, "digits") { hotpCode(rfcSecret, 0L, digits = 0) }
        assertInvalidInput(InvalidInputKind.PARAMETERS, "counter") { hotpCode(rfcSecret, -1L) }
        CodeGenerator(rfcSecret).use { gen ->
            // Negative times and counters are refused, never clamped.
            assertInvalidInput(InvalidInputKind.PARAMETERS) { gen.codeAt(-1L) }
            assertInvalidInput(InvalidInputKind.PARAMETERS, "counter") { gen.codeForCounter(-1L) }
            assertInvalidInput(InvalidInputKind.PARAMETERS, "count") { gen.codeNumbersFrom(0L, -1) }
            assertInvalidInput(InvalidInputKind.PARAMETERS, "count") { gen.codeNumbersFrom(0L, 100_001) }
        }
    }

    // --- secrets -------------------------------------------------------------------------------

    @Test
    fun `Secret generate gives fresh keys of the requested size`() {
        val a = Secret.generate()
        val b = Secret.generate()
        assertEquals(20, a.byteLength(), "default 20 bytes")
        assertEquals(32, a.revealBase32().length, "20 bytes = 32 base32 characters")
        assertTrue(a.revealBase32().all { it in 'A'..'Z' || it in '2'..'7' })
        assertNotEquals(a, b)
        assertEquals(a, Secret.fromBase32(a.revealBase32()), "== compares content")
        assertEquals(a, Secret.fromBytes(a.revealBytes()))
        assertEquals(10, Secret.generate(10).byteLength())
        assertEquals(52, Secret.generate(32).revealBase32().length)
        assertEquals(1024, Secret.generate(1024).byteLength())
        for (n in listOf(0, -1, 1025)) {
            assertInvalidInput(InvalidInputKind.PARAMETERS, what = "generate($n)") { Secret.generate(n) }
        }
        CodeGenerator(a).use { gen -> assertEquals(6, gen.codeAt(0L).length) }
    }

    @Test
    fun `Secret fromBase32 is lenient about case, spaces, dashes and padding`() {
        assertEquals("JBSWY3DPEHPK3PXP", Secret.fromBase32("jbsw y3dp-ehpk 3pxp").revealBase32())
        assertEquals("JBSWY3DPEHPK3PXP", Secret.fromBase32("JBSWY3DPEHPK3PXP====").revealBase32())
        assertEquals(rfcBase32, Secret.fromBase32(rfcBase32.lowercase()).revealBase32())
        assertArrayEquals("12345678901234567890".toByteArray(), rfcSecret.revealBytes())
        assertEquals(20, rfcSecret.byteLength())
    }

    // --- verification ----------------------------------------------------------------------------

    @Test
    fun `verifyAt reports the step offset of the matching code`() {
        val t = 1_700_000_000L
        val step = t / 30L
        CodeGenerator(rfcSecret).use { gen ->
            for (offset in -2..2) {
                val code = gen.codeForCounter(step + offset)
                assertEquals(offset, gen.verifyAt(code, t, 2), "offset $offset")
            }
            // Outside the window → null; window 0 accepts only the current step.
            val plus3 = gen.codeForCounter(step + 3L)
            val window = (-2..2).map { gen.codeForCounter(step + it) }
            if (plus3 !in window) assertNull(gen.verifyAt(plus3, t, 2))
            val plus1 = gen.codeForCounter(step + 1L)
            if (plus1 != gen.codeAt(t)) assertNull(gen.verifyAt(plus1, t, 0))
            assertEquals(0, gen.verifyAt(gen.codeAt(t), t, 0))
            assertEquals(0, gen.verifyAt(gen.codeAt(t), t), "default window 1")
            // Malformed input is simply not a match.
            assertNull(gen.verifyAt("", t, 1))
            assertNull(gen.verifyAt("12345", t, 1))
            assertNull(gen.verifyAt(gen.codeAt(t) + "0", t, 1))
            // Windows are bounded: 10 steps each way at most, a typed error beyond.
            assertEquals(-10, gen.verifyAt(gen.codeAt(t - 300L), t, 10))
            assertInvalidInput(InvalidInputKind.PARAMETERS, "window") { gen.verifyAt(gen.codeAt(t), t, 11) }
            assertInvalidInput(InvalidInputKind.PARAMETERS, "window") { gen.verifyAt(gen.codeAt(t), t, Int.MAX_VALUE) }
            assertInvalidInput(InvalidInputKind.PARAMETERS, "window") { gen.verifyAt(gen.codeAt(t), t, -1) }
        }
    }

    @Test
    fun `verifyAt works for Steam codes`() {
        val t = 1_700_000_000L
        CodeGenerator(rfcSecret, steamParams()).use { gen ->
            val previous = gen.codeAt(t - 30L)
            assertEquals(5, previous.length)
            assertEquals(-1, gen.verifyAt(previous, t, 1))
            assertEquals(0, gen.verifyAt(gen.codeAt(t), t, 1))
        }
    }

    // --- generator behaviour -------------------------------------------------------------------

    @Test
    fun `codeNumberAt keeps leading zeros out of the number, codeNumbersFrom is a run of steps`() {
        // RFC 6238 SHA1, 8 digits, T=1111111109 → 07081804.
        CodeGenerator(rfcSecret, totpParams(digits = 8)).use { gen ->
            assertEquals(7081804L, gen.codeNumberAt(1_111_111_109L))
            assertEquals("07081804", gen.codeAt(1_111_111_109L))
            val run = gen.codeNumbersFrom(1_111_111_109L, 5)
            assertEquals(5, run.size)
            run.forEachIndexed { i, n -> assertEquals(gen.codeNumberAt(1_111_111_109L + 30L * i), n, "step $i") }
            assertEquals(emptyList<Long>(), gen.codeNumbersFrom(0L, 0))
        }
    }

    @Test
    fun `defaults are TOTP SHA1 6 digits 30 s`() {
        assertEquals(OtpParams.Totp(), defaultTotp())
        assertEquals(OtpParams.Totp(digits = 6, period = 30L, t0 = 0L), defaultTotp())
        assertEquals(defaultTotp(), totpParams())
        CodeGenerator(rfcSecret).use { gen -> assertEquals(defaultTotp(), gen.params()) }
        assertEquals("287082", totpCode(rfcSecret, 59L))
        assertEquals("755224", hotpCode(rfcSecret, 0L))
    }

    @Test
    fun `custom T0 shifts the steps`() {
        CodeGenerator(rfcSecret, totpParams(t0 = 1000L)).use { shifted ->
            CodeGenerator(rfcSecret, totpParams()).use { plain ->
                assertEquals(plain.codeAt(59L), shifted.codeAt(1059L))
                val snap = shifted.snapshotAt(1059L)
                assertEquals(1L, snap.counter)
                assertEquals(1030L, snap.validFrom)
            }
        }
    }

    @Test
    fun `HOTP generator uses the stored counter`() {
        CodeGenerator(rfcSecret, hotpParams(counter = 1L)).use { gen ->
            assertEquals("287082", gen.codeAt(12345L))
            assertEquals("359152", gen.codeForCounter(2L))
            val snap = gen.snapshotAt(999L)
            assertEquals("287082", snap.current.reveal())
            assertEquals("359152", snap.next.reveal())
            assertEquals(OtpParams.Hotp(counter = 1L), gen.params())
        }
    }

    @Test
    fun `a held generator is safe to share between threads`() {
        CodeGenerator(rfcSecret, totpParams(digits = 8, algorithm = HashAlgorithm.SHA256)).use { gen ->
            val expected = (0 until 200).associateWith { gen.codeAt(it * 30L) }
            val pool = Executors.newFixedThreadPool(8)
            try {
                val futures = (0 until 8).map {
                    pool.submit(Callable { (0 until 200).all { i -> gen.codeAt(i * 30L) == expected[i] } })
                }
                assertTrue(futures.all { it.get(60, TimeUnit.SECONDS) })
            } finally {
                pool.shutdownNow()
            }
        }
    }

    @Test
    fun `a closed generator fails loudly instead of touching freed memory`() {
        val gen = CodeGenerator(rfcSecret)
        assertEquals("287082", gen.codeAt(59L))
        gen.close()
        assertThrows<IllegalStateException> { gen.codeAt(59L) }
        gen.close() // idempotent
    }

    @Test
    fun `fromUri and fromAccount build the same generator`() {
        val uri = "otpauth://totp/ACME:alice?secret=$rfcBase32&issuer=ACME&algorithm=SHA512&digits=8&period=60"
        val account = parseUri(uri)
        CodeGenerator.fromUri(uri).use { a ->
            CodeGenerator.fromAccount(account).use { b ->
                assertEquals(OtpParams.Totp(algorithm = HashAlgorithm.SHA512, digits = 8, period = 60L), a.params())
                assertEquals(a.params(), b.params())
                assertEquals(a.codeAt(1_700_000_000L), b.codeAt(1_700_000_000L))
                assertEquals(totpCode(rfcSecret, 1_700_000_000L, a.params()), a.codeAt(1_700_000_000L))
            }
        }
    }
}
