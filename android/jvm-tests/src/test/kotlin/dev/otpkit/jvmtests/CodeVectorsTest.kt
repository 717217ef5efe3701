package dev.otpkit.jvmtests

import dev.otpkit.CodeGenerator
import dev.otpkit.OtpParams
import dev.otpkit.hotpCode
import dev.otpkit.totpCode
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.DynamicTest.dynamicTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestFactory

/** Every codes.json vector through the one-shot functions and a held [CodeGenerator]. */
class CodeVectorsTest {

    @Test
    fun `vector file is the expected format`() {
        assertEquals("otpkit-code-vectors", Vectors.codes.getString("format"))
        assertEquals(1, Vectors.codes.getInt("version"))
        assertTrue(Vectors.codeVectors().size >= 100, "code_vectors unexpectedly small")
        assertTrue(Vectors.snapshotVectors().isNotEmpty())
    }

    @TestFactory
    fun `code vectors`(): List<DynamicTest> = Vectors.codeVectors().map { v ->
        dynamicTest("${v.getString("kind")}: ${v.getString("name")}") { checkCode(v) }
    }

    @TestFactory
    fun `snapshot vectors`(): List<DynamicTest> = Vectors.snapshotVectors().map { v ->
        dynamicTest("snapshot: ${v.getString("name")}") { checkSnapshot(v) }
    }

    private fun checkCode(v: JSONObject) {
        val base32 = v.getString("secret_base32")
        val secret = secretOf(base32)
        val params = paramsOf(v)
        val expected = v.getString("expected")
        val digits = v.getInt("digits")
        assertEquals(v.getString("secret_hex"), secret.revealBytes().joinToString("") { "%02x".format(it) }, "secret bytes")
        CodeGenerator(secret, params).use { gen ->
            assertEquals(params, gen.params(), "params() round trip")
            when (params) {
                is OtpParams.Hotp -> {
                    val counter = v.getLong("counter")
                    assertEquals(expected, hotpCode(secret, counter, params.algorithm, params.digits), "hotpCode")
                    assertEquals(expected, gen.codeForCounter(counter), "codeForCounter")
                    // HOTP ignores the time: codeAt gives the code for the stored counter.
                    assertEquals(expected, gen.codeAt(0L), "codeAt (stored counter)")
                    assertEquals(expected, gen.codeAt(1_700_000_000L), "codeAt (stored counter, any time)")
                    assertEquals(expected, formatCode(gen.codeNumberAt(0L), digits), "codeNumberAt")
                }
                is OtpParams.Totp -> {
                    val time = v.getLong("time")
                    assertEquals(expected, totpCode(secret, time, params), "totpCode")
                    assertEquals(expected, gen.codeAt(time), "codeAt")
                    assertEquals(expected, formatCode(gen.codeNumberAt(time), digits), "codeNumberAt")
                    assertEquals(expected, formatCode(gen.codeNumbersFrom(time, 1).single(), digits), "codeNumbersFrom")
                    assertEquals(expected, gen.snapshotAt(time).current.reveal(), "snapshotAt.current")
                    assertEquals(0, gen.verifyAt(expected, time, 0), "verifyAt window 0")
                }
                is OtpParams.Steam -> {
                    val time = v.getLong("time")
                    assertEquals(expected, totpCode(secret, time, params), "totpCode (steam)")
                    assertEquals(expected, gen.codeAt(time), "codeAt (steam)")
                    // For Steam, codeNumberAt is the 31-bit value the symbols are taken from.
                    val number = gen.codeNumberAt(time)
                    assertTrue(number in 0L until (1L shl 31), "steam number is 31-bit")
                    assertEquals(expected, steamSymbols(number), "symbols of codeNumberAt")
                    assertEquals(0, gen.verifyAt(expected, time, 0), "verifyAt window 0 (steam)")
                }
                // PIN kinds are in pin_vectors (PinVectorsTest).
                is OtpParams.Motp, is OtpParams.Yandex -> error("code_vectors has no mOTP/Yandex entries")
            }
        }
    }

    private fun checkSnapshot(v: JSONObject) {
        val params = paramsOf(v)
        val time = v.getLong("time")
        CodeGenerator(secretOf(v.getString("secret_base32")), params).use { gen ->
            val byTime = gen.snapshotAt(time)
            assertEquals(v.getString("expected_current"), byTime.current.reveal(), "current")
            assertEquals(v.getString("expected_next"), byTime.next.reveal(), "next")
            assertEquals(v.getLong("expected_remaining"), byTime.remaining, "remaining")
            assertEquals(v.getLong("expected_counter"), byTime.counter, "counter")
            assertEquals(v.getLong("expected_valid_from"), byTime.validFrom, "validFrom")
            // The same snapshot with the time supplied by a Kotlin-implemented TimeSource.
            val clock = FixedClock(time)
            assertEquals(byTime, gen.snapshot(clock), "snapshot(clock) == snapshotAt(time)")
            assertEquals(1, clock.calls, "the Rust side asks the Kotlin time source exactly once")
        }
    }
}
