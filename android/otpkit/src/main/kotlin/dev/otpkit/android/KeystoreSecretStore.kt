package dev.otpkit.android

import android.content.Context
import android.content.SharedPreferences
import android.security.keystore.KeyGenParameterSpec
import android.security.keystore.KeyProperties
import android.util.Base64
import dev.otpkit.SecretStore
import dev.otpkit.SecretStoreException
import java.security.KeyStore
import javax.crypto.Cipher
import javax.crypto.KeyGenerator
import javax.crypto.SecretKey
import javax.crypto.spec.GCMParameterSpec

/**
 * A [SecretStore] backed by the Android Keystore: one AES-256-GCM key that never leaves the
 * keystore (hardware-backed where the device has it) encrypts every secret; the ciphertexts
 * (`base64(iv) + ":" + base64(ciphertext || tag)`) live in an app-private SharedPreferences file.
 *
 * Pass it to `Accounts.withSecretStore(store, metadataPath)` (secrets in the keystore, account
 * metadata in a file) or `Accounts.inMemory(store)`.
 *
 * The account id is bound to its ciphertext as GCM associated data, so a ciphertext copied to
 * another id does not decrypt. Errors surface as [SecretStoreException.Backend] (the Rust side
 * reports them as `OtpException.Storage` with `kind = StorageFailureKind.BACKEND`). Calls are
 * synchronized; keystore operations can take tens of milliseconds, so call the `Accounts` methods
 * off the main thread.
 */
class KeystoreSecretStore(
    context: Context,
    private val keyAlias: String = DEFAULT_KEY_ALIAS,
    prefsName: String = DEFAULT_PREFS_NAME,
) : SecretStore {
    private val prefs: SharedPreferences =
        context.applicationContext.getSharedPreferences(prefsName, Context.MODE_PRIVATE)
    private val lock = Any()

    override fun put(id: String, secret: ByteArray) = guard("put") {
        val cipher = Cipher.getInstance(TRANSFORMATION)
        cipher.init(Cipher.ENCRYPT_MODE, key()) // the keystore picks a random 12-byte IV
        cipher.updateAAD(id.toByteArray(Charsets.UTF_8))
        val sealed = cipher.doFinal(secret)
        val value = b64(cipher.iv) + ":" + b64(sealed)
        // commit(), not apply(): put must be durable when it returns.
        if (!prefs.edit().putString(PREFIX + id, value).commit()) {
            throw SecretStoreException.Backend("could not write the secret store file")
        }
    }

    override fun get(id: String): ByteArray? = guard("get") {
        val value = prefs.getString(PREFIX + id, null) ?: return@guard null
        val parts = value.split(':')
        if (parts.size != 2) throw SecretStoreException.Backend("stored entry is malformed")
        val cipher = Cipher.getInstance(TRANSFORMATION)
        cipher.init(Cipher.DECRYPT_MODE, key(), GCMParameterSpec(TAG_BITS, unb64(parts[0])))
        cipher.updateAAD(id.toByteArray(Charsets.UTF_8))
        cipher.doFinal(unb64(parts[1]))
    }

    override fun delete(id: String) = guard("delete") {
        if (!prefs.edit().remove(PREFIX + id).commit()) {
            throw SecretStoreException.Backend("could not write the secret store file")
        }
    }

    override fun listIds(): List<String> = guard("list") {
        prefs.all.keys.filter { it.startsWith(PREFIX) }.map { it.removePrefix(PREFIX) }
    }

    /** Deletes every stored secret and the keystore key (for "reset app"). */
    fun clear() = guard("clear") {
        prefs.edit().clear().commit()
        KeyStore.getInstance(ANDROID_KEYSTORE).apply { load(null) }.deleteEntry(keyAlias)
    }

    private fun key(): SecretKey {
        val ks = KeyStore.getInstance(ANDROID_KEYSTORE).apply { load(null) }
        (ks.getKey(keyAlias, null) as? SecretKey)?.let { return it }
        val generator = KeyGenerator.getInstance(KeyProperties.KEY_ALGORITHM_AES, ANDROID_KEYSTORE)
        generator.init(
            KeyGenParameterSpec.Builder(
                keyAlias,
                KeyProperties.PURPOSE_ENCRYPT or KeyProperties.PURPOSE_DECRYPT,
            )
                .setBlockModes(KeyProperties.BLOCK_MODE_GCM)
                .setEncryptionPaddings(KeyProperties.ENCRYPTION_PADDING_NONE)
                .setKeySize(256)
                .setRandomizedEncryptionRequired(true)
                .build(),
        )
        return generator.generateKey()
    }

    private inline fun <T> guard(op: String, body: () -> T): T = synchronized(lock) {
        try {
            body()
        } catch (e: SecretStoreException) {
            throw e
        } catch (e: Exception) {
            // The message names the operation and the exception type only: never key or secret bytes.
            throw SecretStoreException.Backend("Android Keystore $op failed: ${e.javaClass.simpleName}")
        }
    }

    private fun b64(bytes: ByteArray) = Base64.encodeToString(bytes, Base64.NO_WRAP)
    private fun unb64(text: String): ByteArray = Base64.decode(text, Base64.NO_WRAP)

    companion object {
        const val DEFAULT_KEY_ALIAS = "dev.otpkit.secret-store"
        const val DEFAULT_PREFS_NAME = "dev.otpkit.secret-store"
        private const val ANDROID_KEYSTORE = "AndroidKeyStore"
        private const val TRANSFORMATION = "AES/GCM/NoPadding"
        private const val TAG_BITS = 128
        private const val PREFIX = "s:"
    }
}
