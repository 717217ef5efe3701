package dev.otpkit.android

import android.content.Context
import android.content.SharedPreferences
import android.security.keystore.KeyPermanentlyInvalidatedException
import android.util.Base64
import dev.otpkit.SecretStore
import dev.otpkit.SecretStoreException
import javax.crypto.AEADBadTagException
import javax.crypto.Cipher
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
 * reports them as `OtpException.Storage` with `kind = StorageFailureKind.BACKEND`), a lost key as
 * [SecretStoreException.KeyLost] (`StorageFailureKind.KEY_LOST`, see below). Calls are
 * synchronized; keystore operations can take tens of milliseconds, so call the `Accounts` methods
 * off the main thread.
 *
 * **Key loss.** The system invalidates a key that requires user authentication when the lock screen
 * is removed or changed, and a restore to a new device or a keystore wipe loses the key while the
 * ciphertexts remain. Then every call that needs the key throws [SecretStoreException.KeyLost]
 * (reason [REASON_KEY_LOST]; through `Accounts` it is `OtpException.Storage` with
 * `kind = StorageFailureKind.KEY_LOST`): no new key is made silently, nothing stored is deleted,
 * and the account metadata outside this store is untouched; [keyStatus] tells the state. Re-enrol: [resetKey]
 * deletes the lost key and the ciphertexts it sealed and returns their ids; the app then stores the
 * secrets again (e.g. `put(id, secret)` after the user re-scans each account's QR code).
 *
 * @param keySource where the key lives: [AndroidKeyStoreKeySource] by default.
 */
class KeystoreSecretStore(
    context: Context,
    private val keyAlias: String = DEFAULT_KEY_ALIAS,
    prefsName: String = DEFAULT_PREFS_NAME,
    private val keySource: KeySource = AndroidKeyStoreKeySource(),
) : SecretStore {
    private val prefs: SharedPreferences =
        context.applicationContext.getSharedPreferences(prefsName, Context.MODE_PRIVATE)
    private val lock = Any()

    /** The state of the store's key. */
    enum class KeyStatus {
        /** No key and no stored secrets: the first [put] creates the key. */
        NONE,

        /** The key is present and usable. */
        OK,

        /** Secrets are stored but their key is gone or invalidated: see [resetKey]. */
        LOST,
    }

    override fun put(id: String, secret: ByteArray) = guard("put") {
        val cipher = Cipher.getInstance(TRANSFORMATION)
        initOrLost { cipher.init(Cipher.ENCRYPT_MODE, key(create = true)) } // random 12-byte IV
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
        initOrLost { cipher.init(Cipher.DECRYPT_MODE, key(create = false), GCMParameterSpec(TAG_BITS, unb64(parts[0]))) }
        cipher.updateAAD(id.toByteArray(Charsets.UTF_8))
        try {
            cipher.doFinal(unb64(parts[1]))
        } catch (e: AEADBadTagException) {
            throw SecretStoreException.Backend("stored entry does not authenticate (damaged, or sealed for another id)")
        }
    }

    override fun delete(id: String) = guard("delete") {
        if (!prefs.edit().remove(PREFIX + id).commit()) {
            throw SecretStoreException.Backend("could not write the secret store file")
        }
    }

    override fun listIds(): List<String> = guard("list") { storedIds() }

    /** Whether the key is usable, absent (nothing stored yet) or lost; see the class comment. */
    fun keyStatus(): KeyStatus = guard("status") {
        val key = keySource.get(keyAlias)
        when {
            key == null && storedIds().isEmpty() -> KeyStatus.NONE
            key == null -> KeyStatus.LOST
            else -> try {
                Cipher.getInstance(TRANSFORMATION).init(Cipher.ENCRYPT_MODE, key)
                KeyStatus.OK
            } catch (e: KeyPermanentlyInvalidatedException) {
                KeyStatus.LOST
            }
        }
    }

    /**
     * Re-enrolment after key loss: deletes the lost key and every ciphertext (they can never be
     * decrypted again) and returns their ids, whose secrets the app must store again. Refused
     * (a `Backend` error) while the key is usable, so it cannot destroy readable secrets.
     */
    fun resetKey(): List<String> = guard("reset") {
        if (keyStatus() != KeyStatus.LOST) throw SecretStoreException.Backend("the key is not lost: nothing to reset")
        val ids = storedIds()
        keySource.delete(keyAlias)
        val edit = prefs.edit()
        ids.forEach { edit.remove(PREFIX + it) }
        if (!edit.commit()) throw SecretStoreException.Backend("could not write the secret store file")
        ids
    }

    /** Deletes every stored secret and the keystore key (for "reset app"). */
    fun clear() = guard("clear") {
        if (!prefs.edit().clear().commit()) throw SecretStoreException.Backend("could not write the secret store file")
        keySource.delete(keyAlias)
    }

    private fun storedIds(): List<String> =
        prefs.all.keys.filter { it.startsWith(PREFIX) }.map { it.removePrefix(PREFIX) }

    /**
     * The key; a new one only when [create] and nothing is stored yet (with secrets stored, a
     * missing key is a lost key: a new one would hide that they can no longer be read).
     */
    private fun key(create: Boolean): SecretKey {
        keySource.get(keyAlias)?.let { return it }
        if (!create || storedIds().isNotEmpty()) throw SecretStoreException.KeyLost(REASON_KEY_LOST)
        return keySource.create(keyAlias)
    }

    private inline fun initOrLost(init: () -> Unit) {
        try {
            init()
        } catch (e: KeyPermanentlyInvalidatedException) {
            throw SecretStoreException.KeyLost(REASON_KEY_LOST)
        }
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

        /**
         * The `reason` of the [SecretStoreException.KeyLost] thrown when secrets are stored but
         * their key is gone or was invalidated (e.g. the lock screen changed); see [resetKey].
         */
        const val REASON_KEY_LOST =
            "Android Keystore key lost or invalidated (e.g. lock screen changed): resetKey() and re-enrol"
        private const val TRANSFORMATION = "AES/GCM/NoPadding"
        private const val TAG_BITS = 128
        private const val PREFIX = "s:"
    }
}
