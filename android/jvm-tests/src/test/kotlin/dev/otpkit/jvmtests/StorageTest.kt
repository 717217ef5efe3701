package dev.otpkit.jvmtests

import dev.otpkit.AccountUpdate
import dev.otpkit.Accounts
import dev.otpkit.AuthenticationKind
import dev.otpkit.ExportFormat
import dev.otpkit.ImportFormat
import dev.otpkit.InvalidInputKind
import dev.otpkit.KdfParams
import dev.otpkit.OtpException
import dev.otpkit.OtpParams
import dev.otpkit.Secret
import dev.otpkit.SecretStore
import dev.otpkit.SecretStoreException
import dev.otpkit.StorageFailureKind
import dev.otpkit.UriWarning
import dev.otpkit.hotpCode
import dev.otpkit.memorySecretStore
import dev.otpkit.parseUri
import dev.otpkit.readBackupBlocking
import dev.otpkit.totpCode
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.ValueSource
import java.io.File
import java.util.concurrent.ConcurrentHashMap

/** A SecretStore implemented in Kotlin (a map), as an Android Keystore adapter would be. */
class MapSecretStore : SecretStore {
    val items = ConcurrentHashMap<String, ByteArray>()
    @Volatile var fail = false

    override fun put(id: String, secret: ByteArray) {
        if (fail) throw SecretStoreException.Backend("keystore is locked")
        items[id] = secret.copyOf()
    }

    override fun get(id: String): ByteArray? = items[id]?.copyOf()

    override fun delete(id: String) {
        if (fail) throw SecretStoreException.Backend("keystore is locked")
        items.remove(id)
    }

    override fun listIds(): List<String> = items.keys.toList()
}

/** Argon2id at its cheapest (8 KiB, one pass): tests only. */
val FAST_KDF = KdfParams(memoryKib = 8, iterations = 1, parallelism = 1)

/** The fixtures' import format names → ImportFormat. */
fun importFormatOf(name: String): ImportFormat = when (name) {
    "auto" -> ImportFormat.AUTO
    "otpauth" -> ImportFormat.OTPAUTH
    "google" -> ImportFormat.GOOGLE
    "aegis" -> ImportFormat.AEGIS
    "2fas" -> ImportFormat.TWO_FAS
    "ente" -> ImportFormat.ENTE
    "proton" -> ImportFormat.PROTON
    "andotp" -> ImportFormat.AND_OTP
    "freeotp-plus" -> ImportFormat.FREE_OTP_PLUS
    "freeotp" -> ImportFormat.FREE_OTP
    "bitwarden" -> ImportFormat.BITWARDEN
    "authy" -> ImportFormat.AUTHY
    "stratum" -> ImportFormat.STRATUM
    "steam" -> ImportFormat.STEAM
    "lastpass" -> ImportFormat.LAST_PASS
    "proton-pass" -> ImportFormat.PROTON_PASS
    else -> error("unknown import format $name in the fixtures")
}

/** Storage and imports through the one `Accounts` object: vault, Kotlin secret store, backups (blocking forms). */
class StorageTest {
    private val secret = "JBSWY3DPEHPK3PXP"
    private val secretBytes = byteArrayOf(0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x21, 0xde.toByte(), 0xad.toByte(), 0xbe.toByte(), 0xef.toByte())
    private val now = 1_700_000_000L
    private val fast = FAST_KDF
    private val fixtures: File by lazy { File(Vectors.dir.parentFile, "fixtures/import") }

    @TempDir
    lateinit var tmp: File

    private fun path(name: String = "v.otpkit") = File(tmp, name).path

    private fun expected(name: String) = JSONObject(File(fixtures, "$name.expected.json").readText())

    private fun vault(p: String = path(), pass: String = "correct horse") = Accounts.createVaultBlocking(p, pass, fast, FixedClock(now))

    private fun acme() = parseUri("otpauth://totp/ACME:alice%40example.com?secret=$secret&issuer=ACME")

    @Test
    fun `vault create add reopen list snapshot`() {
        val p = path()
        val (aId, bId) = vault(p).use { v ->
            val a = v.add(acme(), "note", listOf("Work"))
            assertEquals(32, a.id.length)
            assertEquals(now, a.created)
            assertEquals(now, a.updated)
            assertEquals(Triple("ACME", "alice@example.com", "note"), Triple(a.issuer, a.label, a.note))
            val b = v.addUri("otpauth://hotp/Bank:bob?secret=GEZDGNBVGY3TQOJQ&counter=5&issuer=Bank")
            assertEquals(OtpParams.Hotp(counter = 5L), b.params)
            val snap = v.snapshot(a.id)
            assertEquals(a, snap.account)
            assertEquals(totpCode(acme().secret, now), snap.code!!.current.reveal())
            assertEquals(30L - now % 30L, snap.code!!.remaining)
            assertEquals(snap, v.code(a.id), "TOTP: code == snapshot")
            // HOTP: snapshot has no code and does not advance; code() saves the next counter
            // first, then returns the code of the counter it had.
            val hotpSecret = v.otpAuthUri(b.id).secret
            assertNull(v.snapshot(b.id).code, "HOTP snapshot has no code")
            assertEquals(OtpParams.Hotp(counter = 5L), v.get(b.id)!!.params, "snapshot left the counter")
            assertEquals(hotpCode(hotpSecret, 5L), v.code(b.id).code!!.current.reveal())
            assertEquals(OtpParams.Hotp(counter = 6L), v.get(b.id)!!.params)
            assertEquals(listOf(a.id, b.id), v.snapshots().map { it.account.id })
            assertEquals(listOf(true, false), v.snapshots().map { it.code != null })
            a.id to b.id
        }
        Accounts.openVaultBlocking(p, "correct horse", FixedClock(now)).use { v ->
            val records = v.list()
            assertEquals(listOf(aId, bId), records.map { it.id })
            assertEquals("ACME", records[0].issuer)
            assertEquals(listOf("Work"), records[0].groups)
            assertEquals(OtpParams.Hotp(counter = 6L), v.get(bId)!!.params, "the counter was saved")
            assertEquals(secret, v.otpAuthUri(aId).secret.revealBase32())
            assertEquals(aId, v.find("acme").id, "find: issuer text, case-insensitive")
            assertEquals(bId, v.find(bId.take(8)).id, "find: id prefix")
            assertEquals(listOf(aId), v.search("ACME").map { it.id })
            assertEquals(listOf(aId, bId), v.search().map { it.id }, "search() lists all")
            assertEquals(emptyList<String>(), v.search("nobody").map { it.id })
            assertThrows<OtpException.NotFound> { v.find("nobody") }
            assertEquals(bId, v.remove(bId).id)
            assertNull(v.get(bId))
            val e = assertThrows<OtpException.NotFound> { v.snapshot(bId) }
            assertTrue(e.reason.isNotBlank())
        }
    }

    @Test
    fun `update changes metadata only`() {
        vault().use { v ->
            val a = v.add(acme())
            val u = v.update(a.id, AccountUpdate(issuer = "ACME Corp", label = "alice", note = "n", groups = listOf("G")))
            assertEquals(listOf("ACME Corp", "alice", "n"), listOf(u.issuer, u.label, u.note))
            assertEquals(listOf("G"), u.groups)
            assertEquals(a.params, u.params)
            assertEquals(a.created, u.created)
            assertEquals(totpCode(acme().secret, now), v.snapshot(a.id).code!!.current.reveal(), "same secret")
            assertThrows<OtpException.NotFound> { v.update("0".repeat(32), AccountUpdate(issuer = null, label = "x")) }
        }
    }

    @Test
    fun `vault errors wrong passphrase lock corrupted`() {
        val p = path()
        vault(p, "right").use { v ->
            val locked = assertThrows<OtpException.Storage> { Accounts.openVaultBlocking(p, "right", FixedClock(now)) }
            assertEquals(StorageFailureKind.LOCKED, locked.kind)
            assertThrows<OtpException.Storage> { vault(p, "again") }
            val bad = acme().copy(params = totpParams(digits = 0))
            val e = assertThrows<OtpException.InvalidInput> { v.add(bad) }
            assertTrue(e.kind == InvalidInputKind.PARAMETERS || e.kind == InvalidInputKind.ACCOUNT, "$e")
            assertTrue(v.list().isEmpty(), "nothing stored by the refused add")
        }
        val wrong = assertThrows<OtpException.Authentication> { Accounts.openVaultBlocking(p, "wrong", FixedClock(now)) }
        assertEquals(AuthenticationKind.WRONG_PASSPHRASE, wrong.kind)
        File(tmp, "junk").writeText("not a vault at all")
        val corrupted = assertThrows<OtpException.Storage> { Accounts.openVaultBlocking(path("junk"), "right", FixedClock(now)) }
        assertEquals(StorageFailureKind.CORRUPTED, corrupted.kind)
    }

    @Test
    fun `vault passphrase change`() {
        val p = path()
        val id = vault(p, "old").use { v ->
            val a = v.addUri("otpauth://totp/x?secret=$secret")
            v.changePassphraseBlocking("new", fast)
            a.id
        }
        val e = assertThrows<OtpException.Authentication> { Accounts.openVaultBlocking(p, "old", FixedClock(now)) }
        assertEquals(AuthenticationKind.WRONG_PASSPHRASE, e.kind)
        Accounts.openVaultBlocking(p, "new", FixedClock(now)).use { assertNotNull(it.get(id)) }
    }

    @Test
    fun `accounts with a Kotlin secret store`() {
        val store = MapSecretStore()
        val meta = path("accounts.json")
        val id = Accounts.withSecretStore(store, meta, FixedClock(now)).use { accounts ->
            val a = accounts.add(acme())
            assertEquals(setOf(a.id), store.items.keys)
            assertArrayEquals(secretBytes, store.items[a.id])
            assertEquals(secret, accounts.otpAuthUri(a.id).secret.revealBase32())
            assertEquals(totpCode(acme().secret, now), accounts.snapshot(a.id).code!!.current.reveal())
            val manual = accounts.addSecret(Secret.fromBase32("GEZDGNBVGY3TQOJQ"), "bob", "Bank", hotpParams(3L))
            assertEquals(OtpParams.Hotp(counter = 3L), manual.params)
            accounts.remove(manual.id)
            val unsupported = assertThrows<OtpException.Storage> { accounts.changePassphraseBlocking("x", fast) }
            assertEquals(StorageFailureKind.UNSUPPORTED, unsupported.kind)
            a.id
        }
        val text = File(meta).readText()
        assertTrue(text.contains("alice"))
        assertFalse(text.contains(secret))
        Accounts.withSecretStore(store, meta, FixedClock(now)).use { accounts ->
            assertEquals(listOf(id), accounts.list().map { it.id })
            accounts.remove(id)
            assertTrue(store.items.isEmpty())
        }
        Accounts.inMemory(store, FixedClock(now)).use { accounts ->
            store.fail = true
            val e = assertThrows<OtpException.Storage> { accounts.addUri("otpauth://totp/x?secret=$secret") }
            assertEquals(StorageFailureKind.BACKEND, e.kind)
            assertTrue(e.reason.contains("keystore is locked"), e.reason)
            assertTrue(accounts.list().isEmpty(), "a failed add stores nothing")
        }
    }

    @Test
    fun `memory secret store`() {
        val store = memorySecretStore()
        Accounts.inMemory(store, FixedClock(now)).use { accounts ->
            val a = accounts.addUri("otpauth://totp/ACME:alice?secret=$secret&issuer=ACME")
            assertEquals(listOf(a.id), store.listIds())
            assertArrayEquals(secretBytes, store.get(a.id))
            assertNull(store.get("nope"))
        }
    }

    @ParameterizedTest
    @ValueSource(strings = ["aegis_plain.json", "aegis_encrypted.json", "aegis_plain_v1.json", "otpauth_list.txt", "google_migration.txt", "twofas_plain.2fas", "proton_plain.json", "ente_plain.txt", "freeotp_plus.json", "bitwarden.json", "steam.maFile"])
    fun `import fixture`(name: String) {
        val exp = expected(name)
        val password = if (exp.isNull("password")) null else exp.getString("password")
        val data = File(fixtures, name).readBytes()
        val format = importFormatOf(exp.getString("format"))
        val backup = readBackupBlocking(format, data, password)
        assertEquals(format, backup.format)
        val accounts = exp.getJSONArray("accounts").objects()
        val failures = exp.getJSONArray("failures").objects()
        assertEquals(accounts.size, backup.accounts.size)
        assertEquals(failures.map { it.getInt("index") }, backup.unreadable.map { it.index })
        backup.unreadable.zip(failures).forEach { (got, want) ->
            assertEquals(want.stringOrNull("name"), got.name)
            assertTrue(got.reason.contains(want.getString("reason_contains")), got.reason)
        }
        backup.accounts.zip(accounts).forEach { (got, want) ->
            assertEquals(want.getString("secret"), got.secret.revealBase32())
            assertEquals(want.getString("account"), got.account)
            assertEquals(want.getString("type"), kindOf(got.params))
        }
        // AUTO detects the same format for the self-describing (JSON/XML) ones; text lists are
        // ambiguous (a Google migration list also reads as otpauth lines).
        if (password == null && !name.endsWith(".txt")) assertEquals(backup, readBackupBlocking(ImportFormat.AUTO, data, null), "AUTO")
    }

    @Test
    fun `encrypted import errors`() {
        val data = File(fixtures, "aegis_encrypted.json").readBytes()
        val required = assertThrows<OtpException.Authentication> { readBackupBlocking(ImportFormat.AEGIS, data, null) }
        assertEquals(AuthenticationKind.PASSWORD_REQUIRED, required.kind)
        val wrong = assertThrows<OtpException.Authentication> { readBackupBlocking(ImportFormat.AEGIS, data, "nope") }
        assertEquals(AuthenticationKind.WRONG_PASSWORD, wrong.kind)
        assertInvalidInput(InvalidInputKind.BACKUP, what = "Aegis data read as LastPass") { readBackupBlocking(ImportFormat.LAST_PASS, data, null) }
    }

    @Test
    fun `import encrypted aegis into a vault`() {
        val exp = expected("aegis_encrypted.json")
        vault().use { v ->
            val summary = v.importBackupBlocking(ImportFormat.AEGIS, File(fixtures, "aegis_encrypted.json").readBytes(), exp.getString("password"))
            val accounts = exp.getJSONArray("accounts").objects()
            assertEquals(ImportFormat.AEGIS, summary.format)
            assertEquals(accounts.size, summary.added.size)
            assertEquals(v.list().map { it.id }.toSet(), summary.added.map { it.id }.toSet())
            assertEquals(exp.getJSONArray("failures").objects().map { it.getInt("index") }, summary.unreadable.map { it.index })
            val first = v.list()[0]
            assertEquals(accounts[0].getString("issuer"), first.issuer)
            assertEquals(accounts[0].getJSONArray("groups").strings(), first.groups)
        }
    }

    @Test
    fun `import is one operation - rerun adds nothing, partial-byte secret is flagged`() {
        vault().use { v ->
            val text = "otpauth://totp/S:nine?secret=JBSWY3DPE\notpauth://totp/S:ok?secret=JBSWY3DPEHPK3PXP\n".toByteArray()
            val first = v.importBackupBlocking(ImportFormat.OTPAUTH, text, null)
            assertEquals(2, first.added.size)
            assertEquals(0, first.duplicates.size)
            val again = v.importBackupBlocking(ImportFormat.OTPAUTH, text)
            assertEquals(0, again.added.size)
            assertEquals(listOf(0, 1), again.duplicates.map { it.index })
            assertEquals(2, v.list().size)
            assertTrue(v.list()[0].warnings.any { it is UriWarning.SecretTrailingBits }, "${v.list()[0].warnings}")
            assertTrue(v.list()[1].warnings.none { it is UriWarning.SecretTrailingBits })
        }
    }

    @Test
    fun `export import round trip`() {
        vault().use { v ->
            v.add(acme().copy(params = totpParams(period = 60L, digits = 8)), "n", listOf("G"))
            v.addUri("otpauth://hotp/Bank:bob?secret=GEZDGNBVGY3TQOJQ&counter=3&issuer=Bank")
            val lines = v.exportBlocking(ExportFormat.OTPAUTH)
            assertEquals(2, lines.trim().lines().size, lines)
            val back = readBackupBlocking(ImportFormat.OTPAUTH, lines.toByteArray())
            assertEquals(listOf(secret, "GEZDGNBVGY3TQOJQ"), back.accounts.map { it.secret.revealBase32() })
            assertTrue(back.unreadable.isEmpty())
            val one = v.exportBlocking(ExportFormat.OTPAUTH, only = v.list()[1].id)
            assertEquals(listOf("GEZDGNBVGY3TQOJQ"), readBackupBlocking(ImportFormat.OTPAUTH, one.toByteArray()).accounts.map { it.secret.revealBase32() })

            // Google Authenticator holds only 30 s TOTP: the HOTP account alone exports.
            assertInvalidInput(InvalidInputKind.EXPORT, what = "Google export of a 60 s TOTP") { v.exportBlocking(ExportFormat.GOOGLE) }
            val google = v.exportBlocking(ExportFormat.GOOGLE, only = v.list()[1].id)
            assertTrue(google.trim().lines().all { it.startsWith("otpauth-migration://offline?data=") }, google)
            assertEquals(listOf("GEZDGNBVGY3TQOJQ"), readBackupBlocking(ImportFormat.GOOGLE, google.toByteArray()).accounts.map { it.secret.revealBase32() })
            assertInvalidInput(InvalidInputKind.EXPORT, what = "password for a plain format") { v.exportBlocking(ExportFormat.OTPAUTH, password = "pw") }

            val encrypted = v.exportBlocking(ExportFormat.AEGIS, password = "pw")
            assertFalse(encrypted.contains(secret))
            Accounts.inMemory(MapSecretStore(), FixedClock(now)).use { other ->
                val summary = other.importBackupBlocking(ImportFormat.AEGIS, encrypted.toByteArray(), "pw")
                assertEquals(2, summary.added.size)
                assertEquals(v.list().map { Triple(it.issuer, it.label, it.params) }, other.list().map { Triple(it.issuer, it.label, it.params) })
                assertEquals(listOf("G"), other.list()[0].groups)
            }
            val plain = v.exportBlocking(ExportFormat.AEGIS)
            val again = readBackupBlocking(ImportFormat.AEGIS, plain.toByteArray())
            assertEquals(listOf(secret, "GEZDGNBVGY3TQOJQ"), again.accounts.map { it.secret.revealBase32() })
        }
    }
}
