package dev.otpkit.jvmtests

import dev.otpkit.CodeGenerator
import dev.otpkit.InvalidInputKind
import dev.otpkit.SensitiveText
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.DynamicTest.dynamicTest
import org.junit.jupiter.api.TestFactory

/** codes.json pin_vectors (mOTP, Yandex Key; Aegis' published values and the hashlib reference). */
class PinVectorsTest {

    @TestFactory
    fun `pin vectors`(): List<DynamicTest> {
        val vectors = Vectors.pinVectors()
        assertTrue(vectors.size >= 20, "pin_vectors unexpectedly small")
        return vectors.map { v -> dynamicTest("${v.getString("kind")}: ${v.getString("name")}") { check(v) } }
    }

    private fun check(v: JSONObject) {
        val params = paramsOf(v)
        val time = v.getLong("time")
        val expected = v.getString("expected")
        val secret = secretOf(v.getString("secret_base32"))
        CodeGenerator(secret, params, SensitiveText(v.getString("pin"))).use { g ->
            assertEquals(params, g.params(), "params")
            assertEquals(expected, g.codeAt(time), "codeAt")
            assertEquals(expected, g.snapshotAt(time).current.reveal(), "snapshot")
            assertEquals(0, g.verifyAt(expected, time, 0), "verifyAt")
        }
        assertInvalidInput(InvalidInputKind.PARAMETERS, what = "no PIN") { CodeGenerator(secret, params).close() }
    }
}
