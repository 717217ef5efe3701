package dev.otpkit.jvmtests

import dev.otpkit.HashAlgorithm
import dev.otpkit.OtpAccountStore
import dev.otpkit.OtpException
import dev.otpkit.OtpType
import dev.otpkit.OtpVault
import dev.otpkit.SecretStore
import dev.otpkit.SecretStoreException
import dev.otpkit.exportAegis
import dev.otpkit.exportOtpauthList
import dev.otpkit.importBackup
import dev.otpkit.memorySecretStore
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
        items.remove(id)
    }

    override fun listIds(): List<String> = items.keys.toList()
}

/** Storage and imports through the bindings: OtpVault, OtpAccountStore, backups. */
class StorageTest {
    private val secret = "JBSWY3DPEHPK3PXP"
    private val secretBytes = byteArrayOf(0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x21, 0xde.toByte(), 0xad.toByte(), 0xbe.toByte(), 0xef.toByte())
    private val now = 1_700_000_000UL
    private val fixtures: File by lazy { File(Vectors.dir.parentFile, "fixtures/import") }

    @TempDir
    lateinit var tmp: File

    private fun path(name: String = "v.otpkit") = File(tmp, name).path

    private fun expected(name: String) = JSONObject(File(fixtures, "$name.expected.json").readText())

    @Test
    fun `vault create add reopen list snapshot`() {
        val p = path()
        val (aId, bId) = OtpVault.create(p, "correct horse", FixedClock(now)).use { vault ->
            val a = vault.add("ACME", "alice@example.com", totpParams(), "note", null, listOf("Work"), secret)
            assertEquals(32, a.id.length)
            assertEquals(now, a.created)
            val b = vault.addUri("otpauth://hotp/Bank:bob?secret=GEZDGNBVGY3TQOJQ&counter=5&issuer=Bank")
            assertEquals(OtpType.HOTP, b.params.otpType)
            val snap = vault.snapshot(a.id)
            assertEquals(totpCode(secret, totpParams(), now), snap.current)
            assertEquals(30UL - now % 30UL, snap.remaining)
            assertEquals(6UL, vault.bumpCounter(b.id))
            a.id to b.id
        }
        OtpVault.open(p, "correct horse", FixedClock(now)).use { vault ->
            val records = vault.list()
            assertEquals(listOf(aId, bId), records.map { it.id })
            assertEquals("ACME", records[0].issuer)
            assertEquals(listOf("Work"), records[0].groups)
            assertEquals(6UL, vault.get(bId)!!.params.counter)
            assertEquals(secret, vault.secret(aId))
            assertEquals(bId, vault.remove(bId).id)
            assertNull(vault.get(bId))
            assertThrows<OtpException.AccountNotFound> { vault.snapshot(bId) }
        }
    }

    @Test
    fun `vault errors wrong passphrase lock corrupted`() {
        val p = path()
        OtpVault.create(p, "right", FixedClock(now)).use { vault ->
            assertThrows<OtpException.VaultLocked> { OtpVault.open(p, "right", FixedClock(now)) }
            assertThrows<OtpException.VaultLocked> { OtpVault.create(p, "again", FixedClock(now)) }
            assertThrows<OtpException.InvalidSecret> { vault.add(null, "x", totpParams(), null, null, emptyList(), "not base32!") }
            assertThrows<OtpException.InvalidAccount> { vault.add(null, "x", totpParams(digits = 0), null, null, emptyList(), secret) }
        }
        assertThrows<OtpException.WrongPassphrase> { OtpVault.open(p, "wrong", FixedClock(now)) }
        File(tmp, "junk").writeText("not a vault at all")
        assertThrows<OtpException.VaultCorrupted> { OtpVault.open(path("junk"), "right", FixedClock(now)) }
    }

    @Test
    fun `vault passphrase change`() {
        val p = path()
        val id = OtpVault.create(p, "old", FixedClock(now)).use { vault ->
            val a = vault.addUri("otpauth://totp/x?secret=$secret")
            vault.changePassphrase("new")
            a.id
        }
        assertThrows<OtpException.WrongPassphrase> { OtpVault.open(p, "old", FixedClock(now)) }
        OtpVault.open(p, "new", FixedClock(now)).use { assertNotNull(it.get(id)) }
    }

    @Test
    fun `vault enroll key into a Kotlin store and open with it`() {
        val p = path()
        val store = MapSecretStore()
        val id = OtpVault.create(p, "pass", FixedClock(now)).use { vault ->
            val a = vault.addUri("otpauth://totp/x?secret=$secret")
            assertTrue(vault.enrollKey(store, "vault-key").isNotEmpty())
            a.id
        }
        assertEquals(32, store.items["vault-key"]!!.size)
        OtpVault.openWithKeyStore(p, store, "vault-key", FixedClock(now)).use { assertNotNull(it.get(id)) }
        assertThrows<OtpException.WrongPassphrase> { OtpVault.openWithKeyStore(p, store, "other", FixedClock(now)) }
        store.items["vault-key"] = ByteArray(32)
        assertThrows<OtpException.WrongPassphrase> { OtpVault.openWithKeyStore(p, store, "vault-key", FixedClock(now)) }
        OtpVault.open(p, "pass", FixedClock(now)).close()
        store.fail = true
        OtpVault.open(p, "pass", FixedClock(now)).use { vault ->
            val e = assertThrows<OtpException.StorageFailed> { vault.enrollKey(store, "k2") }
            assertTrue(e.message!!.contains("keystore is locked"), e.message)
        }
    }

    @Test
    fun `account store with a Kotlin secret store`() {
        val store = MapSecretStore()
        val meta = path("accounts.json")
        val id = OtpAccountStore.open(meta, store, FixedClock(now)).use { accounts ->
            val a = accounts.add("ACME", "alice", totpParams(), null, null, emptyList(), secret)
            assertEquals(setOf(a.id), store.items.keys)
            assertArrayEquals(secretBytes, store.items[a.id])
            assertEquals(secret, accounts.secret(a.id))
            assertEquals(totpCode(secret, totpParams(), now), accounts.snapshot(a.id).current)
            a.id
        }
        val text = File(meta).readText()
        assertTrue(text.contains("alice"))
        assertFalse(text.contains(secret))
        OtpAccountStore.open(meta, store, FixedClock(now)).use { accounts ->
            assertEquals(listOf(id), accounts.list().map { it.id })
            accounts.remove(id)
            assertTrue(store.items.isEmpty())
        }
        OtpAccountStore.inMemory(store, FixedClock(now)).use { accounts ->
            store.fail = true
            assertThrows<OtpException.StorageFailed> { accounts.addUri("otpauth://totp/x?secret=$secret") }
            assertTrue(accounts.list().isEmpty())
        }
    }

    @Test
    fun `memory secret store`() {
        val store = memorySecretStore()
        OtpAccountStore.inMemory(store, FixedClock(now)).use { accounts ->
            val a = accounts.addUri("otpauth://totp/ACME:alice?secret=$secret&issuer=ACME")
            assertEquals(listOf(a.id), store.listIds())
            assertArrayEquals(secretBytes, store.get(a.id))
            assertNull(store.get("nope"))
        }
    }

    @ParameterizedTest
    @ValueSource(strings = ["aegis_plain.json", "aegis_encrypted.json", "aegis_plain_v1.json", "otpauth_list.txt", "google_migration.txt", "twofas_plain.2fas", "proton_plain.json", "ente_plain.txt"])
    fun `import fixture`(name: String) {
        val exp = expected(name)
        val password = if (exp.isNull("password")) null else exp.getString("password")
        val backup = importBackup(exp.getString("format"), File(fixtures, name).readBytes(), password)
        val accounts = exp.getJSONArray("accounts").objects()
        val failures = exp.getJSONArray("failures").objects()
        assertEquals(accounts.size, backup.accounts.size)
        assertEquals(failures.map { it.getInt("index").toUInt() }, backup.failures.map { it.index })
        backup.failures.zip(failures).forEach { (got, want) ->
            assertEquals(want.stringOrNull("name"), got.name)
            assertTrue(got.reason.contains(want.getString("reason_contains")), got.reason)
        }
        backup.accounts.zip(accounts).forEach { (got, want) ->
            assertEquals(want.getString("secret"), got.secret)
            assertEquals(want.getString("account"), got.account)
        }
    }

    @Test
    fun `encrypted import errors`() {
        val data = File(fixtures, "aegis_encrypted.json").readBytes()
        assertThrows<OtpException.PasswordRequired> { importBackup("aegis", data, null) }
        assertThrows<OtpException.WrongPassword> { importBackup("aegis", data, "nope") }
        assertThrows<OtpException.ImportFailed> { importBackup("lastpass", data, null) }
    }

    @Test
    fun `import encrypted aegis into a vault`() {
        val exp = expected("aegis_encrypted.json")
        OtpVault.create(path(), "pass", FixedClock(now)).use { vault ->
            val summary = vault.importBackup("aegis", File(fixtures, "aegis_encrypted.json").readBytes(), exp.getString("password"))
            val accounts = exp.getJSONArray("accounts").objects()
            assertEquals(accounts.size.toUInt(), summary.imported)
            assertEquals(exp.getJSONArray("failures").objects().map { it.getInt("index").toUInt() }, summary.failures.map { it.index })
            val first = vault.list()[0]
            assertEquals(accounts[0].getString("issuer"), first.issuer)
            assertEquals(accounts[0].getJSONArray("groups").strings(), first.groups)
        }
    }

    @Test
    fun `import is one operation - rerun adds nothing, partial-byte secret is flagged`() {
        OtpVault.create(path(), "pass", FixedClock(now)).use { vault ->
            val text = "otpauth://totp/S:nine?secret=JBSWY3DPE\notpauth://totp/S:ok?secret=JBSWY3DPEHPK3PXP\n".toByteArray()
            val first = vault.importBackup("otpauth", text, null)
            assertEquals(2u, first.imported)
            assertEquals(0u, first.duplicates)
            val again = vault.importBackup("otpauth", text, null)
            assertEquals(0u, again.imported)
            assertEquals(2u, again.duplicates)
            assertEquals(2, vault.list().size)
            assertEquals(listOf("secret_trailing_bits"), vault.list()[0].warnings)
            assertTrue(vault.list()[1].warnings.isEmpty())
        }
    }

    @Test
    fun `export import round trip`() {
        OtpVault.create(path(), "pass", FixedClock(now)).use { vault ->
            vault.add("ACME", "alice", totpParams(period = 60UL, digits = 8), "n", null, listOf("G"), secret)
            vault.addUri("otpauth://hotp/Bank:bob?secret=GEZDGNBVGY3TQOJQ&counter=3&issuer=Bank")
            val text = vault.exportOtpauth()
            val back = importBackup("otpauth", text.toByteArray(), null)
            assertEquals(listOf(secret, "GEZDGNBVGY3TQOJQ"), back.accounts.map { it.secret })
            assertTrue(back.failures.isEmpty())

            val encrypted = vault.exportAegis("pw")
            assertFalse(encrypted.contains(secret))
            OtpAccountStore.inMemory(MapSecretStore(), FixedClock(now)).use { other ->
                val summary = other.importBackup("aegis", encrypted.toByteArray(), "pw")
                assertEquals(2u, summary.imported)
                assertEquals(vault.list().map { Triple(it.issuer, it.label, it.params) }, other.list().map { Triple(it.issuer, it.label, it.params) })
                assertEquals(listOf("G"), other.list()[0].groups)
            }
            assertEquals(text, exportOtpauthList(back.accounts))
            val again = importBackup("aegis", exportAegis(back.accounts, null).toByteArray(), null)
            assertEquals(listOf(secret, "GEZDGNBVGY3TQOJQ"), again.accounts.map { it.secret })
        }
    }
}
