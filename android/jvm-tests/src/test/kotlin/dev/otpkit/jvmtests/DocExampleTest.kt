package dev.otpkit.jvmtests

import dev.otpkit.Secret
import dev.otpkit.totpCode
import kotlinx.coroutines.test.runTest
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.io.File
import kotlin.time.Duration.Companion.seconds

/** docs/kotlin.md: its example is DocExample.kt verbatim, and running it prints what the page says. */
class DocExampleTest {
    private val root: File get() = Vectors.dir.parentFile.parentFile
    private val exampleFile: File get() = File(root, "android/jvm-tests/src/test/kotlin/dev/otpkit/jvmtests/DocExample.kt")

    @TempDir
    lateinit var tmp: File

    @Test
    fun `the page includes the example file verbatim`() {
        val page = File(root, "docs/kotlin.md").readText()
        val blocks = Regex("```kotlin\n(.*?)```", RegexOption.DOT_MATCHES_ALL).findAll(page).map { it.groupValues[1] }.toList()
        assertTrue(blocks.contains(exampleFile.readText()), "docs/kotlin.md has no ```kotlin block equal to ${exampleFile.path}")
    }

    @Test
    fun `the example runs`() = runTest(timeout = 120.seconds) {
        val now = 1_700_000_000L // 20 s into its step
        val out = mutableListOf<String>()
        otpkitTour(File(tmp, "tour.otpkit").path, ExampleClock(now)) { out += it }
        val secret = Secret.fromBase32("JBSWY3DPEHPK3PXP")
        assertTrue(out[0].startsWith("scanned: OtpAuthUri("), out[0])
        assertTrue(out[0].startsWith("scanned: OtpAuthUri(secret=Secret(<redacted>, 10 bytes), account=alice@example.com, issuer=ACME, params=Totp("), out[0])
        assertFalse(out[0].contains("JBSWY3DPEHPK3PXP"), out[0])
        for (i in 0..2) {
            val t = now + i
            assertEquals(
                "ACME alice@example.com: ${totpCode(secret, t)} (${10 - i} s, next ${totpCode(secret, t + 30)})",
                out[1 + i],
            )
        }
        assertTrue(out[4].startsWith("SMS code 482913 (\"482913\") from acme.example, "), out[4])
        assertEquals("first try: Accepted", out[5])
        assertEquals("replay: Replayed", out[6])
        assertTrue(out[7].startsWith("oob: Accepted("), out[7])
        assertTrue(out[8].startsWith("refused: SECRET"), out[8])
        assertEquals("failures so far: 1", out[9])
        assertEquals(10, out.size, "$out")
    }
}
