package dev.otpkit.android

import android.security.keystore.KeyGenParameterSpec
import android.security.keystore.KeyProperties
import java.security.KeyStore
import javax.crypto.KeyGenerator
import javax.crypto.SecretKey

/**
 * Where [KeystoreSecretStore] gets its AES-256-GCM key. The default, [AndroidKeyStoreKeySource],
 * uses the `AndroidKeyStore` JCA provider; tests (Robolectric has no such provider) install a
 * provider under that name or pass another source.
 */
interface KeySource {
    /** The key under [alias], or null when there is none. Throws when the keystore fails. */
    fun get(alias: String): SecretKey?

    /** Generates a new key under [alias] (replacing none: called only when [get] is null). */
    fun create(alias: String): SecretKey

    /** Deletes the key under [alias]; no error when there is none. */
    fun delete(alias: String)
}

/**
 * Keys in the Android Keystore (`KeyStore.getInstance(provider)`, `KeyGenerator.getInstance("AES",
 * provider)` with a [KeyGenParameterSpec]): AES-256, GCM, no padding, randomized IVs, usable for
 * encrypt and decrypt only. With [userAuthenticationRequired] the key also requires a secure lock
 * screen and is invalidated by the system when the lock screen is removed or changed
 * (`KeyPermanentlyInvalidatedException`, see [KeystoreSecretStore.keyStatus]).
 */
class AndroidKeyStoreKeySource(
    private val provider: String = ANDROID_KEYSTORE,
    private val userAuthenticationRequired: Boolean = false,
) : KeySource {
    override fun get(alias: String): SecretKey? = keyStore().getKey(alias, null) as? SecretKey

    override fun create(alias: String): SecretKey {
        val generator = KeyGenerator.getInstance(KeyProperties.KEY_ALGORITHM_AES, provider)
        generator.init(
            KeyGenParameterSpec.Builder(alias, KeyProperties.PURPOSE_ENCRYPT or KeyProperties.PURPOSE_DECRYPT)
                .setBlockModes(KeyProperties.BLOCK_MODE_GCM)
                .setEncryptionPaddings(KeyProperties.ENCRYPTION_PADDING_NONE)
                .setKeySize(256)
                .setRandomizedEncryptionRequired(true)
                .setUserAuthenticationRequired(userAuthenticationRequired)
                .build(),
        )
        return generator.generateKey()
    }

    override fun delete(alias: String) {
        val ks = keyStore()
        if (ks.containsAlias(alias)) ks.deleteEntry(alias)
    }

    private fun keyStore(): KeyStore = KeyStore.getInstance(provider).apply { load(null) }

    companion object {
        /** The Android Keystore's JCA provider name. */
        const val ANDROID_KEYSTORE = "AndroidKeyStore"
    }
}
