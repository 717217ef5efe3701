package dev.otpkit.robotests

import android.content.Context
import android.os.Looper
import dev.otpkit.Accounts
import dev.otpkit.ExportFormat
import dev.otpkit.ImportFormat
import dev.otpkit.OtpException
import dev.otpkit.Secret
import dev.otpkit.android.KeystoreSecretStore
import dev.otpkit.totpCode
import kotlinx.coroutines.async
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.runTest
import org.junit.After
import org.junit.Assert.assertEquals
import org.junit.Assert.assertSame
import org.junit.Assert.assertTrue
import org.junit.Before
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.RobolectricTestRunner
import org.robolectric.RuntimeEnvironment
import org.robolectric.annotation.Config
import java.io.File
import kotlin.time.Duration.Companion.seconds

/**
 * The binding's `suspend` forms (uniffi async exports) as an app uses them on Android, under
 * kotlinx-coroutines-test in the Robolectric sandbox (the test runs on Android's main thread):
 * the slow calls suspend instead of blocking the dispatcher, and they work with the Keystore store.
 */
@RunWith(RobolectricTestRunner::class)
@Config(sdk = [35])
class CoroutinesTest {
    private val context: Context = RuntimeEnvironment.getApplication()
    private val now = 1_700_000_000L
    private val base32 = "JBSWY3DPEHPK3PXP"
    private lateinit var dir: File

    @Before
    fun setUp() {
        FakeAndroidKeyStore.install()
        dir = File(context.filesDir, "c").apply { mkdirs() }
    }

    @After
    fun tearDown() {
        FakeAndroidKeyStore.uninstall()
        dir.deleteRecursively()
    }

    @Test
    fun `vault create and open suspend on the main thread without blocking it`() = runTest(timeout = 120.seconds) {
        assertSame(Looper.getMainLooper().thread, Thread.currentThread())
        val path = File(dir, "v.otpkit").path
        var otherRan = false
        // The default (interactive) KDF is slow enough that a blocking call would starve the dispatcher.
        val created = async { Accounts.createVault(path, "pass phrase", time = FixedTime(now)).also { check(otherRan) { "createVault blocked" } } }
        launch { otherRan = true }
        val id = created.await().use { v -> v.addUri("otpauth://totp/ACME:alice?secret=$base32&issuer=ACME").id }

        otherRan = false
        val opened = async { Accounts.openVault(path, "pass phrase", FixedTime(now)).also { check(otherRan) { "openVault blocked" } } }
        launch { otherRan = true }
        opened.await().use { v ->
            assertEquals(Secret.fromBase32(base32).use { totpCode(it, now) }, v.code(id).code!!.current.reveal())
        }
        val wrong = try {
            Accounts.openVault(path, "wrong", FixedTime(now)); null
        } catch (e: OtpException.Authentication) { e }
        assertTrue(wrong != null)
    }

    @Test
    fun `suspend export and import into accounts backed by the Keystore store`() = runTest(timeout = 120.seconds) {
        val source = Accounts.withSecretStore(KeystoreSecretStore(context, prefsName = "src"), File(dir, "src.json").path, FixedTime(now))
        val exported = source.use { s ->
            s.addUri("otpauth://totp/ACME:alice?secret=$base32&issuer=ACME")
            s.addUri("otpauth://hotp/Bank:bob?secret=GEZDGNBVGY3TQOJQ&counter=5&issuer=Bank")
            s.export(ExportFormat.OTPAUTH)
        }
        val store = KeystoreSecretStore(context, keyAlias = "dst", prefsName = "dst")
        Accounts.withSecretStore(store, File(dir, "dst.json").path, FixedTime(now)).use { d ->
            val summary = d.importBackup(ImportFormat.AUTO, exported.toByteArray())
            assertEquals(2, d.list().size)
            assertEquals(2, summary.added.size)
            val alice = d.list().single { it.label.contains("alice") }
            assertEquals(Secret.fromBase32(base32).use { totpCode(it, now) }, d.code(alice.id).code!!.current.reveal())
        }
        assertEquals(2, store.listIds().size)
    }
}
