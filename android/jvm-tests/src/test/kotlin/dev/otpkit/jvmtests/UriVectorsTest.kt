package dev.otpkit.jvmtests

import dev.otpkit.CodeGenerator
import dev.otpkit.InvalidInputKind
import dev.otpkit.OtpAuthUri
import dev.otpkit.OtpParams
import dev.otpkit.SensitiveText
import dev.otpkit.UriParameter
import dev.otpkit.UriWarning
import dev.otpkit.canonicalUri
import dev.otpkit.parseUri
import dev.otpkit.toUri
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.DynamicTest.dynamicTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestFactory

/** uri.json: parseUri fields, canonicalUri / toUri, and error vectors → InvalidInput of the right kind. */
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
        assertEquals(canonical, toUri(account), "toUri(parseUri(uri))")
        assertEquals(canonical, canonicalUri(canonical), "canonical form is a fixed point")
        // The canonical secret has no dropped bits left, so only that warning may differ.
        assertEquals(
            account.copy(warnings = account.warnings.filterNot { it is UriWarning.SecretTrailingBits }),
            parseUri(canonical),
            "parseUri(canonical) == parseUri(uri)",
        )
        // Warnings are output only: toUri ignores them.
        assertEquals(canonical, toUri(account.copy(warnings = emptyList())), "toUri ignores warnings")

        if (usesPin(account.params) && account.pin == null) {
            // mOTP/Yandex without a PIN: the URI parses, but codes need the PIN.
            assertInvalidInput(InvalidInputKind.PARAMETERS, what = "fromUri without PIN") { CodeGenerator.fromUri(uri).close() }
            CodeGenerator.fromAccount(account.copy(pin = SensitiveText("0000"))).use { b ->
                CodeGenerator(account.secret, account.params, SensitiveText("0000")).use { a ->
                    assertEquals(a.codeAt(59L), b.codeAt(59L), "new(pin) and fromAccount agree")
                }
            }
            return
        }
        // The generator built from the URI and from the parsed account agree.
        CodeGenerator.fromUri(uri).use { a ->
            CodeGenerator.fromAccount(account).use { b ->
                assertEquals(account.params, a.params(), "fromUri params")
                assertEquals(account.params, b.params(), "fromAccount params")
                for (t in listOf(0L, 59L, 1_111_111_109L, 2_000_000_000L)) {
                    assertEquals(a.codeAt(t), b.codeAt(t), "codeAt($t)")
                }
            }
        }
    }

    private fun assertAccount(e: JSONObject, a: OtpAuthUri) {
        assertEquals(e.getString("type"), kindOf(a.params), "type")
        assertEquals(e.stringOrNull("issuer"), a.issuer, "issuer")
        assertEquals(e.stringOrNull("label_issuer"), a.labelIssuer, "label_issuer")
        assertEquals(e.getString("account"), a.account, "account")
        assertEquals(e.getString("secret"), a.secret.revealBase32(), "secret (canonical base32)")
        when (val p = a.params ?: OtpParams.Totp()) {
            is OtpParams.Totp -> {
                assertEquals(algorithmOf(e.getString("algorithm")), algorithmIn(p.algorithm), "algorithm")
                assertEquals(e.getInt("digits"), p.digits, "digits")
                assertEquals(e.getLong("period"), p.period, "period")
                assertEquals(0L, p.t0, "t0 (not settable from a URI)")
            }
            is OtpParams.Hotp -> {
                assertEquals(algorithmOf(e.getString("algorithm")), algorithmIn(p.algorithm), "algorithm")
                assertEquals(e.getInt("digits"), p.digits, "digits")
                assertEquals(e.getLong("counter"), p.counter, "counter")
                assertTrue(e.isNull("period"), "hotp has no period")
            }
            is OtpParams.Steam -> assertEquals(e.getLong("period"), p.period, "period")
            is OtpParams.Motp -> assertEquals(e.getLong("period"), p.period, "period")
            is OtpParams.Yandex -> assertEquals(e.getLong("period"), p.period, "period")
        }
        val extra = e.getJSONArray("extra").let { arr ->
            (0 until arr.length()).map { i -> arr.getJSONArray(i).let { UriParameter(it.getString(0), it.getString(1)) } }
        }
        assertEquals(extra, a.extra, "extra parameters, in order")
        assertEquals(e.getJSONArray("warnings").strings(), a.warnings.map(::warningName), "warnings")
        for (w in a.warnings) {
            when (w) {
                is UriWarning.ShortSecret -> assertEquals(a.secret.byteLength() * 8, w.bits, "short secret bits")
                is UriWarning.SecretTrailingBits -> assertTrue(w.bits in 1..7, "trailing bits ${w.bits}")
                is UriWarning.IssuerMismatch -> assertEquals(listOf(a.labelIssuer, a.issuer), listOf(w.labelIssuer, w.issuer))
            }
        }
        assertEquals(e.optString("pin").takeIf { e.has("pin") && !e.isNull("pin") }, a.pin?.reveal(), "pin")
    }

    private fun checkError(v: JSONObject) {
        val uri = v.getString("uri")
        val expected = uriErrorKind(v.getString("error"))
        for ((what, call) in listOf<Pair<String, () -> Any>>(
            "parseUri" to { parseUri(uri) },
            "canonicalUri" to { canonicalUri(uri) },
            "CodeGenerator.fromUri" to { CodeGenerator.fromUri(uri).close() },
        )) {
            val ex = assertInvalidInput(expected, what = what, call = call)
            secretParamOf(uri)?.let { secret ->
                for (text in listOf(ex.reason, ex.message.orEmpty(), ex.toString())) {
                    assertFalse(text.contains(secret, ignoreCase = true), "$what: error contains the secret: $text")
                }
            }
        }
    }

    companion object {
        fun warningName(w: UriWarning): String = when (w) {
            is UriWarning.ShortSecret -> "short_secret"
            is UriWarning.IssuerMismatch -> "issuer_mismatch"
            is UriWarning.SecretTrailingBits -> "secret_trailing_bits"
        }
    }
}
