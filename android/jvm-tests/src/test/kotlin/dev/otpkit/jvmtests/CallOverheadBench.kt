package dev.otpkit.jvmtests

import com.sun.jna.Native
import dev.otpkit.CodeGenerator
import dev.otpkit.HashAlgorithm
import dev.otpkit.Secret
import dev.otpkit.totpCode

/**
 * Call-overhead micro-benchmark of the Kotlin binding on the JVM (not a test; Surefire excludes
 * `*Bench`). Run: `android/jvm-tests/run-tests.sh --bench` (= `mvn -Pbench test-compile exec:exec`).
 *
 * Measures ns per call on one held [CodeGenerator] (TOTP, SHA-1, 6 digits): `codeAt(t)` returns a
 * String (RustBuffer allocation, copy and UTF-8 decode), `codeNumberAt(t)` returns an i64 (no
 * buffer), `codeForCounter` for comparison, `snapshot(clock)` with a Kotlin time source (one
 * Rust→Kotlin callback, a record of two OneTimeCode objects returned), the one-shot `totpCode`
 * (a held Secret object in, keying per call), and as
 * the floor a raw JNA direct-mapped call of an exported no-argument function (no uniffi call
 * status, no handle clone). Each case is warmed up, then timed over several rounds; min and median are reported.
 * Times vary per call so nothing can be hoisted; results feed a checksum so nothing is dead code.
 *
 * Wall-clock ns per call (min and median over rounds) and the calling thread's CPU ns per call
 * (all timed rounds; less sensitive to a loaded machine, but excludes JNA's cleaner thread).
 * Each round lasts about `bench.roundMs` (default 200 ms; the call count per round is calibrated
 * first); `bench.rounds` (default 11) timed rounds follow `bench.warmupMs` (default 1500 ms) of
 * warm-up per case.
 */
object CallOverheadBench {
    private const val SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

    @Volatile private var sink: Long = 0

    @JvmStatic
    fun main(args: Array<String>) {
        val rounds = Integer.getInteger("bench.rounds", 11)
        val roundNs = Integer.getInteger("bench.roundMs", 200) * 1_000_000L
        val warmupNs = Integer.getInteger("bench.warmupMs", 1500) * 1_000_000L
        val params = totpParams(algorithm = HashAlgorithm.SHA1)
        println("otpkit Kotlin/JVM call overhead: ${System.getProperty("java.vm.name")} ${System.getProperty("java.version")}, " +
            "${System.getProperty("os.arch")}, ${Runtime.getRuntime().availableProcessors()} CPUs; " +
            "$rounds rounds of ~${roundNs / 1_000_000} ms per case")
        val secret = Secret.fromBase32(SECRET)
        CodeGenerator(secret, params).use { gen ->
            val clock = FixedClock(1_700_000_000L)
            val cases = listOf<Pair<String, (Long) -> Long>>(
                "raw JNA direct call (floor)" to { _ -> RawLib.ffi_otpkit_ffi_uniffi_contract_version().toLong() },
                "codeAt(t) -> String" to { t -> gen.codeAt(t * 30).length.toLong() },
                "codeNumberAt(t) -> Long" to { t -> gen.codeNumberAt(t * 30) },
                "codeForCounter(c) -> String" to { t -> gen.codeForCounter(t).length.toLong() },
                "snapshot(kotlinTimeSource) -> record" to { _ -> gen.snapshot(clock).remaining },
                "totpCode(secret, t, params) one-shot" to { t -> totpCode(secret, t * 30, params).length.toLong() },
            )
            val results = cases.map { (name, call) ->
                // Calibrate: double the call count until one round takes ~roundNs.
                var iters = 1_000
                while (true) {
                    val ns = run(call, iters) * iters
                    if (ns >= roundNs / 2 || iters >= 50_000_000) break
                    iters *= 2
                }
                // Warm-up: enough calls for the JIT to compile the whole call path at its top tier.
                val warmupEnd = System.nanoTime() + warmupNs
                while (System.nanoTime() < warmupEnd) run(call, iters)
                val cpu0 = threads.currentThreadCpuTime
                val ns = (1..rounds).map { run(call, iters) }.sorted()
                val cpuPerCall = (threads.currentThreadCpuTime - cpu0).toDouble() / (rounds.toLong() * iters)
                Result(name, iters, ns.first(), ns[ns.size / 2], cpuPerCall)
            }
            val load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().systemLoadAverage
            println(String.format("system load average during the run: %.1f", load))
            println(String.format("%-38s %12s %10s %10s %12s", "call", "calls/round", "min ns", "median ns", "cpu ns/call"))
            for (r in results) {
                println(String.format("%-38s %12d %10.1f %10.1f %12.1f", r.name, r.iters, r.min, r.median, r.cpu))
            }
        }
        if (sink == 42L) println("(checksum $sink)")
    }

    /** The library's contract-version export through plain JNA direct mapping. */
    private object RawLib {
        init {
            Native.register(RawLib::class.java, "otpkit_ffi")
        }

        external fun ffi_otpkit_ffi_uniffi_contract_version(): Int
    }

    private class Result(val name: String, val iters: Int, val min: Double, val median: Double, val cpu: Double)

    private val threads = java.lang.management.ManagementFactory.getThreadMXBean()

    /** One round: ns per call. */
    private fun run(call: (Long) -> Long, iters: Int): Double {
        var acc = 0L
        val start = System.nanoTime()
        for (i in 0 until iters) acc += call(i.toLong())
        val elapsed = System.nanoTime() - start
        sink += acc
        return elapsed.toDouble() / iters
    }
}
