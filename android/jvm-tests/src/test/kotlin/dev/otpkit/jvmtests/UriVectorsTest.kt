package dev.otpkit.jvmtests

import dev.otpkit.CodeGenerator
import dev.otpkit.OtpAccount
import dev.otpkit.OtpException
import dev.otpkit.OtpType
import dev.otpkit.UriParameter
import dev.otpkit.accountToUri
import dev.otpkit.canonicalUri
import dev.otpkit.parseUri
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.DynamicTest.dynamicTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestFactory
import org.junit.jupiter.api.assertThrows
import kotlin.reflect.KClass

/** uri.json: parseUri fields, canonicalUri / accountToUri, and error vectors → OtpException subclasses. */
class UriVectorsTest {

    @Test
    fun `vector file has both kinds`() {
        assertTrue(Vectors.uris.any { it.has("expect") }, "no success vectors")
        assertTrue(Vectors.uris.any { it.has("error") }, "no error vectors")
    }

    @TestFactory
    fun `uri vectors`(): List<DynamicTest> = Vectors.uris.map { v ->
        val kind = if (v.has("error")) "error ${v.getString("error")}" else "parse"
        dynamicTest("$kind: ${v.getString("name")}") {
            if (v.has("error")) checkError(v) else checkParse(v)
        }
    }

    private fun checkParse(v: JSONObject) {
        val uri = v.getString("uri")
        val e = v.getJSONObject("expect")
        val account = parseUri(uri)
        assertAccount(e, account)

        val canonical = v.getString("canonical")
        assertEquals(canonical, canonicalUri(uri), "canonicalUri")
        assertEquals(canonical, accountToUri(account), "accountToUri(parseUri(uri))")
        assertEquals(canonical, canonicalUri(canonical), "canonical form is a fixed point")
        // The canonical secret has no dropped bits left, so only that warning may differ.
        assertEquals(account.copy(warnings = account.warnings - "secret_trailing_bits"), parseUri(canonical), "parseUri(canonical) == parseUri(uri)")

        if (usesPin(account.params.otpType) && account.pin == null) {
            // mOTP/Yandex without a PIN: the URI parses, but codes need the PIN.
            assertThrows<OtpException.InvalidParameters>("fromUri without PIN") { CodeGenerator.fromUri(uri).close() }
            CodeGenerator.fromAccount(account.copy(pin = "0000")).use { b ->
                CodeGenerator.withPin(account.secret, "0000", account.params).use { a ->
                    assertEquals(a.codeAt(59UL), b.codeAt(59UL), "withPin and fromAccount agree")
                }
            }
            return
        }
        // The generator built from the URI and from the parsed account agree.
        CodeGenerator.fromUri(uri).use { a ->
            CodeGenerator.fromAccount(account).use { b ->
                assertEquals(account.params, a.params(), "fromUri params")
                assertEquals(account.params, b.params(), "fromAccount params")
                for (t in listOf(0UL, 59UL, 1_111_111_109UL, 2_000_000_000UL)) {
                    assertEquals(a.codeAt(t), b.codeAt(t), "codeAt($t)")
                }
            }
        }
    }

    private fun assertAccount(e: JSONObject, a: OtpAccount) {
        val type = typeOf(e.getString("type"))
        assertEquals(type, a.params.otpType, "type")
        assertEquals(e.stringOrNull("issuer"), a.issuer, "issuer")
        assertEquals(e.stringOrNull("label_issuer"), a.labelIssuer, "label_issuer")
        assertEquals(e.getString("account"), a.account, "account")
        assertEquals(e.getString("secret"), a.secret, "secret (canonical base32)")
        assertEquals(algorithmOf(e.getString("algorithm")), a.params.algorithm, "algorithm")
        assertEquals(e.getInt("digits").toUByte(), a.params.digits, "digits")
        // The FFI record uses 0 where the vector (and the core) has no value.
        assertEquals(e.ulongOrNull("period") ?: 0UL, a.params.period, "period")
        assertEquals(e.ulongOrNull("counter") ?: 0UL, a.params.counter, "counter")
        assertEquals(0UL, a.params.t0, "t0 (not settable from a URI)")
        if (type == OtpType.HOTP) assertEquals(0UL, a.params.period, "hotp has no period")
        val extra = e.getJSONArray("extra").let { arr ->
            (0 until arr.length()).map { i -> arr.getJSONArray(i).let { UriParameter(it.getString(0), it.getString(1)) } }
        }
        assertEquals(extra, a.extra, "extra parameters, in order")
        assertEquals(e.getJSONArray("warnings").strings(), a.warnings, "warnings")
        assertEquals(e.stringOrNull("pin"), a.pin, "pin")
    }

    private fun checkError(v: JSONObject) {
        val uri = v.getString("uri")
        val expected: KClass<out OtpException> = uriErrorClass(v.getString("error"))
        for ((what, call) in listOf<Pair<String, () -> Any>>(
            "parseUri" to { parseUri(uri) },
            "canonicalUri" to { canonicalUri(uri) },
            "CodeGenerator.fromUri" to { CodeGenerator.fromUri(uri).close() },
        )) {
            val ex = assertThrows<OtpException>(what) { call() }
            assertEquals(expected, ex::class, "$what: exception class (message: ${ex.message})")
            val message = ex.message.orEmpty()
            assertTrue(message.isNotBlank(), "$what: message is empty")
            secretParamOf(uri)?.let { secret ->
                assertFalse(message.contains(secret, ignoreCase = true), "$what: message contains the secret: $message")
            }
        }
    }
}
