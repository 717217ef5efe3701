package dev.otpkit.jvmtests

import dev.otpkit.HashAlgorithm
import dev.otpkit.InvalidInputKind
import dev.otpkit.MigrationAssembler
import dev.otpkit.OtpAuthUri
import dev.otpkit.OtpException
import dev.otpkit.OtpParams
import dev.otpkit.migrationDecode
import dev.otpkit.migrationEncode
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

/** migration.json: migrationDecode, migrationEncode round trips and MigrationAssembler. */
class MigrationVectorsTest {

    @TestFactory
    fun `migration vectors`(): List<DynamicTest> = Vectors.migrations.map { v ->
        val kind = if (v.has("error")) "error ${v.getString("error")}" else "decode"
        dynamicTest("$kind: ${v.getString("name")}") {
            if (v.has("error")) checkError(v) else checkDecode(v)
        }
    }

    private fun checkDecode(v: JSONObject) {
        val uri = v.getString("uri")
        val accounts = migrationDecode(uri)
        val expect = v.getJSONArray("expect").objects()
        assertEquals(expect.size, accounts.size, "entry count")
        expect.zip(accounts).forEachIndexed { i, (e, a) -> assertEntry(i, e, a) }

        // A single part goes through the assembler unchanged when it is the whole batch.
        val batch = v.getJSONObject("batch")
        val size = maxOf(batch.getInt("size"), 1)
        MigrationAssembler().use { asm ->
            asm.add(uri)
            val index = batch.getInt("index")
            assertEquals((0 until size).filter { it != index }, asm.missing(), "missing after one part")
            assertEquals(size == 1, asm.isComplete())
            if (size == 1) {
                assertEquals(accounts, asm.finish(), "assembler finish == decode")
            } else {
                assertThrows<OtpException.IncompleteBatch> { asm.finish() }
            }
        }

        if (accounts.isNotEmpty()) {
            // Re-encoding (one part) and decoding gives the same accounts back, except that an
            // issuer known only from the label prefix is also written as the issuer field.
            val encoded = migrationEncode(accounts, 10)
            assertEquals(1, encoded.size, "one URI for <= 10 accounts")
            assertTrue(encoded[0].startsWith("otpauth-migration://offline?data="), encoded[0])
            val again = migrationDecode(encoded[0])
            assertEquals(accounts.map(::exported), again, "decode(encode(decode(uri)))")
            if (v.optBoolean("canonical", false)) {
                assertEquals(accounts, again, "canonical payload round-trips exactly")
            }
        }
    }

    private fun assertEntry(i: Int, e: JSONObject, a: OtpAuthUri) {
        assertEquals(e.getString("type"), kindOf(a.params), "[$i] type")
        assertEquals(e.stringOrNull("issuer"), a.issuer, "[$i] issuer")
        assertEquals(e.stringOrNull("label_issuer"), a.labelIssuer, "[$i] label_issuer")
        assertEquals(e.getString("account"), a.account, "[$i] account")
        assertEquals(e.getString("secret_base32"), a.secret.revealBase32(), "[$i] secret")
        when (val p = a.params ?: OtpParams.Totp()) {
            is OtpParams.Totp -> {
                assertEquals(algorithmOf(e.getString("algorithm")), algorithmIn(p.algorithm), "[$i] algorithm")
                assertEquals(e.getInt("digits"), p.digits, "[$i] digits")
                assertEquals(30L, p.period, "[$i] Google Authenticator TOTP period")
                assertEquals(0L, p.t0, "[$i] t0")
            }
            is OtpParams.Hotp -> {
                assertEquals(algorithmOf(e.getString("algorithm")), algorithmIn(p.algorithm), "[$i] algorithm")
                assertEquals(e.getInt("digits"), p.digits, "[$i] digits")
                assertEquals(e.getLong("counter"), p.counter, "[$i] counter")
            }
            else -> error("[$i] unexpected kind in a migration payload: $p")
        }
    }

    private fun checkError(v: JSONObject) {
        val uri = v.getString("uri")
        val expected = migrationErrorKind(v.getString("error")) ?: error("decode of one part never misses parts")
        assertInvalidInput(expected, what = "migrationDecode") { migrationDecode(uri) }
        MigrationAssembler().use { asm ->
            assertInvalidInput(expected, what = "assembler.add") { asm.add(uri) }
            assertEquals(emptyList<Int>(), asm.missing(), "a rejected part leaves the assembler empty")
            assertFalse(asm.isComplete())
        }
    }

    /** What an account looks like after export and re-import. */
    private fun exported(a: OtpAuthUri): OtpAuthUri =
        a.copy(issuer = a.issuer?.takeIf { it.isNotEmpty() } ?: a.labelIssuer?.takeIf { it.isNotEmpty() })

    // --- multi-part batches --------------------------------------------------------------------

    private val sample: List<OtpAuthUri> by lazy {
        listOf(
            "otpauth://totp/ACME:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME",
            "otpauth://totp/Big:carol?secret=JBSWY3DPEHPK3PXP&issuer=Big&algorithm=SHA256&digits=8",
            "otpauth://hotp/ACME%20Co:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME%20Co&counter=42",
            "otpauth://totp/dave?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA&issuer=Dave&algorithm=SHA512",
            "otpauth://totp/Example:%C3%A9mile?secret=JBSWY3DPEHPK3PXP&issuer=Example",
        ).map(::parseUri)
    }

    @Test
    fun `encode splits into batches and the assembler reassembles them in any order`() {
        val parts = migrationEncode(sample, 2)
        assertEquals(3, parts.size, "5 accounts, 2 per QR code")
        MigrationAssembler().use { asm ->
            assertEquals(emptyList<Int>(), asm.missing(), "nothing known before the first part")
            assertFalse(asm.isComplete())
            asm.add(parts[2])
            assertEquals(listOf(0, 1), asm.missing())
            asm.add(parts[2]) // the same QR code scanned twice is harmless
            assertEquals(listOf(0, 1), asm.missing())
            asm.add(parts[0])
            assertEquals(listOf(1), asm.missing())
            assertFalse(asm.isComplete())
            asm.add(parts[1])
            assertEquals(emptyList<Int>(), asm.missing())
            assertTrue(asm.isComplete())
            assertEquals(sample.map(::exported), asm.finish(), "accounts in batch order")
        }
        // Each part also decodes on its own.
        assertEquals(sample.map(::exported), parts.flatMap(::migrationDecode))
    }

    @Test
    fun `finish with parts missing throws IncompleteBatch naming them`() {
        val parts = migrationEncode(sample, 1)
        assertEquals(5, parts.size)
        MigrationAssembler().use { asm ->
            asm.add(parts[1])
            asm.add(parts[3])
            assertEquals(listOf(0, 2, 4), asm.missing())
            val ex = assertThrows<OtpException.IncompleteBatch> { asm.finish() }
            assertEquals(3, ex.missingCount, "missing part count")
            assertEquals(listOf(0, 2, 4), ex.firstMissing, "the missing parts, typed")
            assertTrue(ex.reason.isNotBlank())
        }
    }

    @Test
    fun `an incomplete finish keeps the parts scanned so far`() {
        val parts = migrationEncode(sample, 3)
        assertEquals(2, parts.size)
        MigrationAssembler().use { asm ->
            asm.add(parts[1])
            assertThrows<OtpException.IncompleteBatch> { asm.finish() }
            assertEquals(listOf(0), asm.missing(), "part 1 is still there after the failed finish")
            asm.add(parts[0])
            assertTrue(asm.isComplete())
            assertEquals(sample.map(::exported), asm.finish())
        }
    }

    @Test
    fun `finish before any part is InvalidMigration, not IncompleteBatch`() {
        MigrationAssembler().use { asm ->
            assertInvalidInput(InvalidInputKind.MIGRATION) { asm.finish() }
        }
    }

    @Test
    fun `a part from another batch is rejected`() {
        val a = migrationEncode(sample, 2)
        val b = migrationEncode(sample, 2) // a new random batch id
        MigrationAssembler().use { asm ->
            asm.add(a[0])
            if (a[1] != b[1]) {
                assertInvalidInput(InvalidInputKind.MIGRATION) { asm.add(b[1]) }
            }
            assertEquals(listOf(1, 2), asm.missing(), "the rejected part changed nothing")
        }
    }

    @Test
    fun `accounts a migration payload cannot hold are rejected`() {
        val steam = parseUri("steam://GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
        assertInvalidInput(InvalidInputKind.MIGRATION, what = "steam") { migrationEncode(listOf(steam), 10) }
        val totp = sample[0].params as OtpParams.Totp
        val sevenDigits = sample[0].copy(params = totp.copy(digits = 7))
        assertInvalidInput(InvalidInputKind.MIGRATION, what = "7 digits") { migrationEncode(listOf(sevenDigits), 10) }
        val period60 = sample[0].copy(params = totp.copy(period = 60L))
        assertInvalidInput(InvalidInputKind.MIGRATION, what = "period 60") { migrationEncode(listOf(period60), 10) }
    }

    @Test
    fun `batch size below 1 is refused, not clamped`() {
        for (n in listOf(0, -1)) {
            assertInvalidInput(InvalidInputKind.PARAMETERS, "batch_size", "batch $n") { migrationEncode(sample, n) }
        }
        assertEquals(1, migrationEncode(sample).size, "default batch size 10")
    }

    @Test
    fun `no accounts encode to no URIs`() {
        assertEquals(emptyList<String>(), migrationEncode(emptyList(), 10))
    }

    @Test
    fun `sha512 and hotp survive export`() {
        val again = migrationEncode(sample, 10).flatMap(::migrationDecode)
        assertEquals(HashAlgorithm.SHA512, (again[3].params as OtpParams.Totp).algorithm)
        assertEquals(null, (again[0].params as OtpParams.Totp).algorithm, "SHA1 is the default (null)")
        assertEquals(42L, (again[2].params as OtpParams.Hotp).counter)
    }
}
