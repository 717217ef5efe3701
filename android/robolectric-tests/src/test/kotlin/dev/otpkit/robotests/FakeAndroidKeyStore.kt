package dev.otpkit.robotests

import android.security.keystore.KeyGenParameterSpec
import android.security.keystore.KeyPermanentlyInvalidatedException
import java.io.InputStream
import java.io.OutputStream
import java.nio.ByteBuffer
import java.security.AlgorithmParameters
import java.security.InvalidKeyException
import java.security.Key
import java.security.KeyStoreSpi
import java.security.Provider
import java.security.SecureRandom
import java.security.Security
import java.security.cert.Certificate
import java.security.spec.AlgorithmParameterSpec
import java.util.Collections
import java.util.Date
import java.util.Enumeration
import java.util.concurrent.ConcurrentHashMap
import javax.crypto.Cipher
import javax.crypto.CipherSpi
import javax.crypto.KeyGenerator
import javax.crypto.KeyGeneratorSpi
import javax.crypto.SecretKey
import javax.crypto.spec.SecretKeySpec

/**
 * A JCA provider installed under the name `AndroidKeyStore` (Robolectric has none): a `KeyStore`,
 * an AES `KeyGenerator` that takes a [KeyGenParameterSpec], and an `AES/GCM/NoPadding` `Cipher`
 * for its keys. Like the real one, its keys do not expose their bytes (`getEncoded()` is null),
 * so only this provider's cipher can use them; [invalidate] makes them throw
 * [KeyPermanentlyInvalidatedException] at `Cipher.init`, as the system does after a lock-screen
 * change.
 */
class FakeAndroidKeyStore : Provider("AndroidKeyStore", "1.0", "test stand-in for the Android Keystore") {
    init {
        put("KeyStore.AndroidKeyStore", Store::class.java.name)
        put("KeyGenerator.AES", Generator::class.java.name)
        put("Cipher.AES/GCM/NoPadding", GcmCipher::class.java.name)
    }

    /** A key held by the fake keystore: opaque outside it. */
    class OpaqueKey(val alias: String, internal val raw: SecretKeySpec) : SecretKey {
        override fun getAlgorithm() = "AES"
        override fun getFormat(): String? = null
        override fun getEncoded(): ByteArray? = null
    }

    class Store : KeyStoreSpi() {
        override fun engineGetKey(alias: String, password: CharArray?): Key? = keys[alias]
        override fun engineGetCertificateChain(alias: String?): Array<Certificate>? = null
        override fun engineGetCertificate(alias: String?): Certificate? = null
        override fun engineGetCreationDate(alias: String?): Date? = if (keys.containsKey(alias)) Date(0) else null
        override fun engineSetKeyEntry(alias: String?, key: Key?, password: CharArray?, chain: Array<out Certificate>?) =
            throw UnsupportedOperationException("import")
        override fun engineSetKeyEntry(alias: String?, key: ByteArray?, chain: Array<out Certificate>?) =
            throw UnsupportedOperationException("import")
        override fun engineSetCertificateEntry(alias: String?, cert: Certificate?) = throw UnsupportedOperationException("cert")
        override fun engineDeleteEntry(alias: String) {
            keys.remove(alias)
            invalidated.remove(alias) // a new key under this alias is a new, valid key
            deletes.add(alias)
        }
        override fun engineAliases(): Enumeration<String> = Collections.enumeration(keys.keys.toList())
        override fun engineContainsAlias(alias: String) = keys.containsKey(alias)
        override fun engineSize() = keys.size
        override fun engineIsKeyEntry(alias: String) = keys.containsKey(alias)
        override fun engineIsCertificateEntry(alias: String?) = false
        override fun engineGetCertificateAlias(cert: Certificate?): String? = null
        override fun engineStore(stream: OutputStream?, password: CharArray?) {}
        override fun engineLoad(stream: InputStream?, password: CharArray?) {
            require(stream == null) { "AndroidKeyStore is loaded with null" }
        }
    }

    class Generator : KeyGeneratorSpi() {
        private var spec: KeyGenParameterSpec? = null
        override fun engineInit(random: SecureRandom?) = throw IllegalStateException("needs a KeyGenParameterSpec")
        override fun engineInit(params: AlgorithmParameterSpec?, random: SecureRandom?) {
            spec = params as? KeyGenParameterSpec ?: throw java.security.InvalidAlgorithmParameterException("not a KeyGenParameterSpec")
        }
        override fun engineInit(keysize: Int, random: SecureRandom?) = throw IllegalStateException("needs a KeyGenParameterSpec")
        override fun engineGenerateKey(): SecretKey {
            val s = checkNotNull(spec) { "not initialised" }
            lastSpec = s
            val raw = KeyGenerator.getInstance("AES", "SunJCE").apply { init(s.keySize) }.generateKey()
            return OpaqueKey(s.keystoreAlias, SecretKeySpec(raw.encoded, "AES")).also { keys[s.keystoreAlias] = it }
        }
    }

    /** AES-GCM for [OpaqueKey]s, delegating to SunJCE with the raw key. */
    class GcmCipher : CipherSpi() {
        private val inner: Cipher = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE")

        private fun unwrap(key: Key?): SecretKeySpec {
            val k = key as? OpaqueKey ?: throw InvalidKeyException("not an AndroidKeyStore key")
            if (k.alias in invalidated) throw KeyPermanentlyInvalidatedException()
            if (keys[k.alias] !== k) throw InvalidKeyException("key was deleted")
            return k.raw
        }

        override fun engineSetMode(mode: String?) {}
        override fun engineSetPadding(padding: String?) {}
        override fun engineGetBlockSize() = 16
        override fun engineGetOutputSize(inputLen: Int) = inner.getOutputSize(inputLen)
        override fun engineGetIV(): ByteArray? = inner.iv
        override fun engineGetParameters(): AlgorithmParameters? = inner.parameters
        override fun engineInit(opmode: Int, key: Key?, random: SecureRandom?) {
            // Like the Android Keystore, a random IV is chosen for encryption (randomized encryption required).
            inner.init(opmode, unwrap(key), random ?: SecureRandom())
        }
        override fun engineInit(opmode: Int, key: Key?, params: AlgorithmParameterSpec?, random: SecureRandom?) {
            if (opmode == Cipher.ENCRYPT_MODE && params != null) throw java.security.InvalidAlgorithmParameterException("caller-provided IV refused")
            inner.init(opmode, unwrap(key), params, random ?: SecureRandom())
        }
        override fun engineInit(opmode: Int, key: Key?, params: AlgorithmParameters?, random: SecureRandom?) =
            inner.init(opmode, unwrap(key), params, random ?: SecureRandom())
        override fun engineUpdate(input: ByteArray?, inputOffset: Int, inputLen: Int): ByteArray? = inner.update(input, inputOffset, inputLen)
        override fun engineUpdate(input: ByteArray?, inputOffset: Int, inputLen: Int, output: ByteArray?, outputOffset: Int) =
            inner.update(input, inputOffset, inputLen, output, outputOffset)
        override fun engineUpdateAAD(src: ByteArray?, offset: Int, len: Int) = inner.updateAAD(src, offset, len)
        override fun engineUpdateAAD(src: ByteBuffer?) = inner.updateAAD(src)
        override fun engineDoFinal(input: ByteArray?, inputOffset: Int, inputLen: Int): ByteArray = inner.doFinal(input, inputOffset, inputLen)
        override fun engineDoFinal(input: ByteArray?, inputOffset: Int, inputLen: Int, output: ByteArray?, outputOffset: Int) =
            inner.doFinal(input, inputOffset, inputLen, output, outputOffset)
    }

    companion object {
        val keys = ConcurrentHashMap<String, OpaqueKey>()
        val invalidated: MutableSet<String> = ConcurrentHashMap.newKeySet()
        val deletes: MutableList<String> = Collections.synchronizedList(mutableListOf())
        @Volatile var lastSpec: KeyGenParameterSpec? = null

        /** The system invalidates the key (e.g. the lock screen was removed or changed). */
        fun invalidate(alias: String) { invalidated += alias }

        /** The keystore lost the key (wiped, or a backup restored to another device). */
        fun wipe(alias: String) { keys.remove(alias) }

        fun install() {
            reset()
            Security.removeProvider("AndroidKeyStore")
            Security.insertProviderAt(FakeAndroidKeyStore(), 1)
        }

        fun uninstall() {
            Security.removeProvider("AndroidKeyStore")
            reset()
        }

        private fun reset() {
            keys.clear(); invalidated.clear(); deletes.clear(); lastSpec = null
        }
    }
}
