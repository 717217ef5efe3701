package dev.otpkit.jvmtests

import dev.otpkit.CodeGenerator
import dev.otpkit.OtpException
import dev.otpkit.OtpParameters
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.DynamicTest.dynamicTest
import org.junit.jupiter.api.TestFactory
import org.junit.jupiter.api.assertThrows

/** codes.json pin_vectors (mOTP, Yandex Key; Aegis' published values and the hashlib reference). */
class PinVectorsTest {

    @TestFactory
    fun `pin vectors`(): List<DynamicTest> {
        val vectors = Vectors.pinVectors()
        assertTrue(vectors.size >= 20, "pin_vectors unexpectedly small")
        return vectors.map { v -> dynamicTest("${v.getString("kind")}: ${v.getString("name")}") { check(v) } }
    }

    private fun check(v: JSONObject) {
        val params = OtpParameters(
            otpType = typeOf(v.getString("kind")),
            algorithm = algorithmOf(v.getString("algorithm")),
            digits = v.getInt("digits").toUByte(),
            period = v.getLong("period").toULong(),
            t0 = 0UL,
            counter = 0UL,
        )
        val time = v.getLong("time").toULong()
        val expected = v.getString("expected")
        CodeGenerator.withPin(v.getString("secret_base32"), v.getString("pin"), params).use { g ->
            assertEquals(params, g.params(), "params")
            assertEquals(expected, g.codeAt(time), "codeAt")
            assertEquals(expected, g.snapshotAt(time).current, "snapshot")
            assertEquals(0L, g.verifyAt(expected, time, 0UL), "verifyAt")
        }
        assertThrows<OtpException.InvalidParameters>("no PIN") {
            CodeGenerator(v.getString("secret_base32"), params).close()
        }
    }
}
