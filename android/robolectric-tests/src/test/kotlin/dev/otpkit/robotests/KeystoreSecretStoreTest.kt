package dev.otpkit.robotests

import android.content.Context
import android.security.keystore.KeyProperties
import dev.otpkit.Accounts
import dev.otpkit.OtpException
import dev.otpkit.Secret
import dev.otpkit.SecretStoreException
import dev.otpkit.StorageFailureKind
import dev.otpkit.android.KeySource
import dev.otpkit.android.KeystoreSecretStore
import dev.otpkit.android.KeystoreSecretStore.KeyStatus
import dev.otpkit.totpCode
import org.junit.After
import org.junit.Assert.assertArrayEquals
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNull
import org.junit.Assert.assertThrows
import org.junit.Assert.assertTrue
import org.junit.Before
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.RobolectricTestRunner
import org.robolectric.RuntimeEnvironment
import org.robolectric.annotation.Config
import java.io.File
import javax.crypto.KeyGenerator
import javax.crypto.SecretKey

/**
 * [KeystoreSecretStore] through its default key source ([dev.otpkit.android.AndroidKeyStoreKeySource])
 * against [FakeAndroidKeyStore], a JCA provider installed under the name `AndroidKeyStore`, with
 * Robolectric's real SharedPreferences and android.util.Base64; and with an injected [KeySource].
 */
@RunWith(RobolectricTestRunner::class)
@Config(sdk = [35])
class KeystoreSecretStoreTest {
    private val context: Context = RuntimeEnvironment.getApplication()
    private val now = 1_700_000_000L
    private val base32 = "JBSWY3DPEHPK3PXP"
    private val secretBytes = Secret.fromBase32(base32).use { it.revealBytes() }
    private val alias = KeystoreSecretStore.DEFAULT_KEY_ALIAS
    private lateinit var dir: File

    @Before
    fun setUp() {
        FakeAndroidKeyStore.install()
        dir = File(context.filesDir, "t").apply { mkdirs() }
    }

    @After
    fun tearDown() {
        FakeAndroidKeyStore.uninstall()
        dir.deleteRecursively()
    }

    private fun rawPrefs() = context.getSharedPreferences(KeystoreSecretStore.DEFAULT_PREFS_NAME, Context.MODE_PRIVATE)

    private fun expectedCode() = Secret.fromBase32(base32).use { totpCode(it, now) }

    @Test
    fun `round trip through the AndroidKeyStore provider, key made with the right spec`() {
        val store = KeystoreSecretStore(context)
        assertEquals(KeyStatus.NONE, store.keyStatus())
        store.put("a", secretBytes)
        store.put("b", byteArrayOf(1, 2, 3))
        assertArrayEquals(secretBytes, store.get("a"))
        assertArrayEquals(byteArrayOf(1, 2, 3), store.get("b"))
        assertNull(store.get("missing"))
        assertEquals(setOf("a", "b"), store.listIds().toSet())
        assertEquals(KeyStatus.OK, store.keyStatus())

        val spec = checkNotNull(FakeAndroidKeyStore.lastSpec)
        assertEquals(alias, spec.keystoreAlias)
        assertEquals(256, spec.keySize)
        assertEquals(KeyProperties.PURPOSE_ENCRYPT or KeyProperties.PURPOSE_DECRYPT, spec.purposes)
        assertArrayEquals(arrayOf(KeyProperties.BLOCK_MODE_GCM), spec.blockModes)
        assertArrayEquals(arrayOf(KeyProperties.ENCRYPTION_PADDING_NONE), spec.encryptionPaddings)
        assertTrue(spec.isRandomizedEncryptionRequired)
        assertEquals(1, FakeAndroidKeyStore.keys.size)

        // The file holds no secret bytes; two puts of the same secret differ (random IVs).
        val stored = rawPrefs().getString("s:a", null)!!
        assertFalse(stored.contains(base32))
        store.put("c", secretBytes)
        assertFalse(stored == rawPrefs().getString("s:c", null))

        store.delete("a")
        assertNull(store.get("a"))
        assertEquals(setOf("b", "c"), store.listIds().toSet())
        // A second store object on the same file and key reads the same secrets.
        assertArrayEquals(byteArrayOf(1, 2, 3), KeystoreSecretStore(context).get("b"))
    }

    @Test
    fun `a ciphertext moved to another id or damaged is refused with a clear error`() {
        val store = KeystoreSecretStore(context)
        store.put("a", secretBytes)
        val sealed = rawPrefs().getString("s:a", null)!!
        rawPrefs().edit().putString("s:b", sealed).putString("s:c", "no-colon").putString("s:d", "!!!:???").commit()
        val moved = assertThrows(SecretStoreException.Backend::class.java) { store.get("b") }
        assertTrue(moved.reason, moved.reason.contains("does not authenticate"))
        assertTrue(assertThrows(SecretStoreException.Backend::class.java) { store.get("c") }.reason.contains("malformed"))
        val bad = assertThrows(SecretStoreException.Backend::class.java) { store.get("d") }
        assertTrue(bad.reason, bad.reason.startsWith("Android Keystore get failed"))
        assertArrayEquals(secretBytes, store.get("a"))
    }

    @Test
    fun `accounts on the keystore store, key invalidated by a lock-screen change, re-enrol`() {
        val meta = File(dir, "accounts.json").path
        val store = KeystoreSecretStore(context)
        val id = Accounts.withSecretStore(store, meta, FixedTime(now)).use { accounts ->
            val a = accounts.addUri("otpauth://totp/ACME:alice?secret=$base32&issuer=ACME")
            assertEquals(expectedCode(), accounts.code(a.id).code!!.current.reveal())
            a.id
        }
        assertFalse(File(meta).readText().contains(base32))

        FakeAndroidKeyStore.invalidate(alias)
        assertEquals(KeyStatus.LOST, store.keyStatus())
        Accounts.withSecretStore(store, meta, FixedTime(now)).use { accounts ->
            // A typed error: the kind says "key lost, re-enrol", no reason text to parse.
            val e = assertThrows(OtpException.Storage::class.java) { accounts.code(id) }
            assertEquals(StorageFailureKind.KEY_LOST, e.kind)
            assertTrue(e.reason, e.reason.contains(KeystoreSecretStore.REASON_KEY_LOST))
            assertFalse(e.reason.contains(base32))
            val read = assertThrows(OtpException.Storage::class.java) { accounts.snapshot(id) }
            assertEquals(StorageFailureKind.KEY_LOST, read.kind)
            // Metadata kept: the account is still listed; the ciphertext is still there.
            assertEquals(listOf(id), accounts.list().map { it.id })
        }
        assertEquals(listOf(id), store.listIds())
        // No new key is made silently while the old secrets exist.
        val put = assertThrows(SecretStoreException.KeyLost::class.java) { store.put("other", secretBytes) }
        assertEquals(KeystoreSecretStore.REASON_KEY_LOST, put.reason)
        assertEquals(listOf(id), store.listIds())

        // Re-enrol: reset drops the dead key and ciphertexts, then the secret is stored again.
        assertEquals(listOf(id), store.resetKey())
        assertEquals(listOf(alias), FakeAndroidKeyStore.deletes)
        assertEquals(KeyStatus.NONE, store.keyStatus())
        store.put(id, secretBytes)
        assertEquals(KeyStatus.OK, store.keyStatus())
        Accounts.withSecretStore(store, meta, FixedTime(now)).use { accounts ->
            assertEquals(expectedCode(), accounts.code(id).code!!.current.reveal())
            assertEquals(listOf(id), accounts.list().map { it.id })
        }
    }

    @Test
    fun `a wiped keystore is key loss too, and a usable key cannot be reset`() {
        val store = KeystoreSecretStore(context)
        val reset = assertThrows(SecretStoreException.Backend::class.java) { store.resetKey() }
        assertTrue(reset.reason.contains("not lost"))
        store.put("a", secretBytes)
        assertThrows(SecretStoreException.Backend::class.java) { store.resetKey() }
        assertArrayEquals(secretBytes, store.get("a"))

        FakeAndroidKeyStore.wipe(alias)
        assertEquals(KeyStatus.LOST, store.keyStatus())
        assertEquals(KeystoreSecretStore.REASON_KEY_LOST, assertThrows(SecretStoreException.KeyLost::class.java) { store.get("a") }.reason)
        assertEquals(KeystoreSecretStore.REASON_KEY_LOST, assertThrows(SecretStoreException.KeyLost::class.java) { store.put("b", secretBytes) }.reason)
        Accounts.withSecretStore(store, File(dir, "wiped.json").path, FixedTime(now)).use { accounts ->
            val e = assertThrows(OtpException.Storage::class.java) { accounts.addUri("otpauth://totp/ACME:bob?secret=$base32") }
            assertEquals(StorageFailureKind.KEY_LOST, e.kind)
            assertTrue("nothing stored on a failed add", accounts.list().isEmpty())
        }
        assertTrue("no key was generated behind the caller's back", FakeAndroidKeyStore.keys.isEmpty())
        assertEquals(listOf("a"), store.listIds())
        assertEquals(listOf("a"), store.resetKey())
        store.put("b", secretBytes)
        assertArrayEquals(secretBytes, store.get("b"))
    }

    @Test
    fun `clear removes the secrets and the key`() {
        val store = KeystoreSecretStore(context)
        store.put("a", secretBytes)
        store.clear()
        assertTrue(store.listIds().isEmpty())
        assertTrue(FakeAndroidKeyStore.keys.isEmpty())
        assertEquals(KeyStatus.NONE, store.keyStatus())
    }

    @Test
    fun `no AndroidKeyStore provider is a Backend error naming the operation, not a crash`() {
        FakeAndroidKeyStore.uninstall()
        val store = KeystoreSecretStore(context)
        val e = assertThrows(SecretStoreException.Backend::class.java) { store.put("a", secretBytes) }
        assertEquals("Android Keystore put failed: KeyStoreException", e.reason)
        assertTrue(store.listIds().isEmpty())
    }

    @Test
    fun `an injected key source is used instead of the Android Keystore`() {
        val source = object : KeySource {
            var key: SecretKey? = null
            var creates = 0
            override fun get(alias: String) = key
            override fun create(alias: String) = KeyGenerator.getInstance("AES", "SunJCE").apply { init(256) }.generateKey()
                .also { key = it; creates++ }
            override fun delete(alias: String) { key = null }
        }
        FakeAndroidKeyStore.uninstall()
        val store = KeystoreSecretStore(context, keyAlias = "custom", prefsName = "custom-prefs", keySource = source)
        store.put("a", secretBytes)
        store.put("b", secretBytes)
        assertArrayEquals(secretBytes, store.get("a"))
        assertEquals(1, source.creates)
        source.key = null
        assertEquals(KeyStatus.LOST, store.keyStatus())
        assertEquals(listOf("a", "b"), store.resetKey().sorted())
    }
}
