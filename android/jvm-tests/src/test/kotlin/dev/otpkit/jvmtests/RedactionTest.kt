package dev.otpkit.jvmtests

import dev.otpkit.Accounts
import dev.otpkit.CodeGenerator
import dev.otpkit.ImportFormat
import dev.otpkit.IssueOutcome
import dev.otpkit.OobCodes
import dev.otpkit.OneTimeCode
import dev.otpkit.OtpException
import dev.otpkit.Pepper
import dev.otpkit.Secret
import dev.otpkit.SensitiveText
import dev.otpkit.SmsBodyOptions
import dev.otpkit.VerificationStore
import dev.otpkit.android.SmsCodeHandler
import dev.otpkit.defaultOobPolicy
import dev.otpkit.extractCode
import dev.otpkit.findOriginBound
import dev.otpkit.formatSms
import dev.otpkit.memorySecretStore
import dev.otpkit.migrationDecode
import dev.otpkit.migrationEncode
import dev.otpkit.noSendLimits
import dev.otpkit.parseOriginBound
import dev.otpkit.parseUri
import dev.otpkit.readBackupBlocking
import dev.otpkit.voiceMessage
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.io.File

/**
 * The string form (toString, and the exception message) of every public value that holds a
 * secret or a live code never contains the secret or code text, nor an easily recognised
 * rendering of it (base32, hex, digits, lower case).
 */
class RedactionTest {
    private val base32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    private val secret = Secret.fromBase32(base32)
    private val now = 1_700_000_000L

    @TempDir
    lateinit var tmp: File

    /** Text forms of [secretText] a leaky toString could show. */
    private fun forms(secretText: String): List<String> = listOfNotNull(
        secretText,
        secretText.lowercase(),
        secretText.toByteArray().joinToString("") { "%02x".format(it) }.takeIf { secretText.length >= 8 },
        secretText.toByteArray().joinToString(", ").takeIf { secretText.length >= 8 }, // ByteArray/List<Byte> rendering
    )

    private fun assertRedacted(what: String, value: Any?, vararg secrets: String) {
        val texts = buildList {
            add(value.toString())
            if (value is Throwable) {
                add(value.message.orEmpty())
                add(value.localizedMessage.orEmpty())
            }
        }
        for (text in texts) for (s in secrets) for (f in forms(s)) {
            assertFalse(text.contains(f, ignoreCase = true), "$what leaks \"$f\": $text")
        }
    }

    @Test
    fun `Secret OneTimeCode SensitiveText show only redacted placeholders`() {
        assertEquals("Secret(<redacted>, 20 bytes)", secret.toString())
        assertRedacted("Secret", secret, base32, "12345678901234567890")
        val g = Secret.generate()
        assertRedacted("Secret.generate", g, g.revealBase32())
        CodeGenerator(secret).use { gen ->
            assertRedacted("CodeGenerator", gen, base32)
            val snap = gen.snapshotAt(59L)
            assertEquals("287082", snap.current.reveal())
            assertEquals("OneTimeCode(<redacted>)", snap.current.toString())
            assertRedacted("CodeSnapshot", snap, "287082", "359152")
            assertRedacted("OneTimeCode", snap.next, "359152")
        }
        val sms = formatSms("482913", SmsBodyOptions(service = "ACME"))
        val body = sms.body.reveal()
        assertTrue(body.contains("482913"))
        assertEquals("SensitiveText(<redacted>, ${body.length} chars)", sms.body.toString())
        assertRedacted("SmsMessage", sms, "482913")
        val voice = voiceMessage("4829", "ACME")
        assertRedacted("VoiceMessage", voice, "4829", "four, eight, two, nine", "four")
    }

    @Test
    fun `URI records and accounts`() {
        val uri = "otpauth://totp/ACME:alice?secret=$base32&issuer=ACME"
        val account = parseUri(uri)
        assertRedacted("OtpAuthUri", account, base32)
        val motp = parseUri("motp://ACME:alice?secret=E3152AFEE62599C8&pin=7351")
        assertEquals("7351", motp.pin!!.reveal())
        assertRedacted("OtpAuthUri with PIN", motp, "E3152AFEE62599C8", motp.secret.revealBase32(), "pin=7351")
        assertFalse(motp.toString().contains("7351"), motp.toString())
        val migrated = migrationDecode(migrationEncode(listOf(account)).single())
        assertRedacted("migrationDecode result", migrated, base32)
        Accounts.createVaultBlocking(File(tmp, "r.otpkit").path, "hunter2-passphrase", FAST_KDF, FixedClock(now)).use { v ->
            assertRedacted("Accounts (vault)", v, base32, "hunter2-passphrase")
            val a = v.add(account, note = "n")
            assertRedacted("Account", a, base32)
            assertRedacted("Accounts.list", v.list(), base32)
            val snap = v.snapshot(a.id)
            assertRedacted("Accounts.snapshot (AccountCode)", snap, snap.code!!.current.reveal(), snap.code!!.next.reveal())
            assertRedacted("Accounts.snapshots", v.snapshots(), snap.code!!.current.reveal())
            assertRedacted("Accounts.otpAuthUri", v.otpAuthUri(a.id), base32)
            val summary = v.importBackupBlocking(ImportFormat.OTPAUTH, "otpauth://totp/B:b?secret=JBSWY3DPEHPK3PXP\n".toByteArray())
            assertRedacted("ImportSummary", summary, "JBSWY3DPEHPK3PXP")
        }
        Accounts.inMemory(memorySecretStore(), FixedClock(now)).use { assertRedacted("Accounts (in memory)", it, base32) }
        val backup = readBackupBlocking(ImportFormat.OTPAUTH, "$uri\notpauth://totp/x?secret=JBSWY3DP!\n".toByteArray())
        assertEquals(1, backup.unreadable.size)
        assertRedacted("ImportedBackup (and its failures)", backup, base32, "JBSWY3DP!")
    }

    @Test
    fun `receiver results`() {
        val text = "Your ACME code is 482913.\n\n@acme.example #482913"
        val code = extractCode(text)!!
        assertEquals("482913", code.code.reveal())
        assertRedacted("SmsCode", code, "482913")
        assertRedacted("OriginBoundCode (find)", findOriginBound(text)!!, "482913")
        assertRedacted("OriginBoundCode (parse)", parseOriginBound("@acme.example #482913"), "482913")
        val result = SmsCodeHandler().onMessage(text)
        assertRedacted("SmsCodeResult.Code", result, "482913")
        assertRedacted("SmsCodeResult.NoCode", SmsCodeHandler().onMessage("ref 4006381 4006382"), "4006381")
    }

    @Test
    fun `server outcomes`() {
        val oob = OobCodes(VerificationStore.memory(), listOf(Pepper("k1", ByteArray(32) { 7 })), SettableClock(T), defaultOobPolicy(), noSendLimits())
        val issued = oob.issueBlocking(LOGIN, sms("+15550000001")) as IssueOutcome.Issued
        val code = issued.code.reveal()
        assertTrue(Regex("[0-9]{6}").matches(code))
        assertRedacted("IssueOutcome.Issued", issued, code)
        assertRedacted("OneTimeCode (issued)", issued.code, code)
        val pepper = Pepper("k2", "0123456789abcdef0123456789abcdef".toByteArray())
        assertRedacted("Pepper", pepper, "0123456789abcdef0123456789abcdef")
    }

    @Test
    fun `exceptions never carry the secret or the typed code`() {
        val bad = "JBSWY3DP!HPK3PXP"
        val errors = mutableListOf<Pair<String, Throwable>>()
        fun collect(what: String, block: () -> Any?) {
            try {
                block()
                error("$what did not throw")
            } catch (e: OtpException) {
                errors += what to e
            }
        }
        collect("Secret.fromBase32") { Secret.fromBase32(bad) }
        collect("parseUri") { parseUri("otpauth://totp/a?secret=$bad") }
        collect("parseUri bad digits") { parseUri("otpauth://totp/a?secret=$base32&digits=99") }
        collect("formatSms bad code") { formatSms("48 29!3", SmsBodyOptions(service = "ACME")) }
        collect("vault wrong passphrase") {
            val p = File(tmp, "e.otpkit").path
            Accounts.createVaultBlocking(p, "right-passphrase", FAST_KDF, FixedClock(now)).close()
            Accounts.openVaultBlocking(p, "wrong-passphrase-1234", FixedClock(now))
        }
        collect("encrypted backup wrong password") {
            readBackupBlocking(ImportFormat.AEGIS, File(Vectors.dir.parentFile, "fixtures/import/aegis_encrypted.json").readBytes(), "wrong-password-5678")
        }
        collect("migration incomplete") {
            dev.otpkit.MigrationAssembler().use { asm ->
                asm.add(migrationEncode(List(2) { parseUri("otpauth://totp/b$it?secret=$base32") }, 1)[0])
                asm.finish()
            }
        }
        assertTrue(errors.size >= 6)
        for ((what, e) in errors) {
            assertRedacted(what, e, bad, base32, "JBSWY3DP", "48 29!3", "wrong-passphrase-1234", "wrong-password-5678")
        }
    }

    @Test
    fun `OneTimeCode and Secret equality compare content`() {
        CodeGenerator(secret).use { gen ->
            val a: OneTimeCode = gen.snapshotAt(59L).current
            val b: OneTimeCode = gen.snapshotAt(60L - 1L).current
            assertEquals(a, b)
            assertFalse(a == gen.snapshotAt(59L).next)
        }
        assertEquals(secret, Secret.fromBase32(base32.lowercase()))
        assertFalse(secret == Secret.generate())
        val t: SensitiveText = voiceMessage("4829", "ACME").text
        assertTrue(t.reveal().isNotEmpty())
    }
}
