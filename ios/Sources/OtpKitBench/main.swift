// Call-overhead micro-benchmark of the Swift binding (not a test). Measures nanoseconds per call
// on one held CodeGenerator, which is the hot path the binding is designed for, plus a few
// comparison points. Build it in release mode:
//
//   swift run -c release --package-path ios OtpKitBench [SECONDS_PER_CASE]
//   ios/run-tests.sh --bench [SECONDS_PER_CASE]      (Linux: inside the Swift chroot)
//
// Each case is warmed up, then run in 5 rounds of SECONDS_PER_CASE/5 (default 1.0 s in all);
// the best round is reported, as thread CPU time per call (robust when other processes load the
// machine) and wall time per call.

import Dispatch
import Foundation
import OtpKit

let secondsPerCase = CommandLine.arguments.dropFirst().first.flatMap(Double.init) ?? 1.0

func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

/// CPU time of this thread in ns: unlike wall time, not inflated when other processes compete
/// for the CPUs (this benchmark often shares a small machine with compilers).
func cpuNow() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// Opaque sink, so the optimiser cannot drop the calls' results.
@inline(never)
func consume<T>(_ x: T) { withExtendedLifetime(x) {} }

struct Result {
    let name: String
    let cpuNsPerCall: Double
    let wallNsPerCall: Double
    let calls: Int
}

/// Runs `body(i)` with i = 0, 1, 2, ... in batches for the time budget; returns ns per call
/// (CPU and wall time) of the best of 5 rounds.
func measure(_ name: String, batch: Int, _ body: (UInt64) -> Void) -> Result {
    // Warm-up (page in code, fill caches, settle the CPU clock).
    for i in 0..<UInt64(batch) { body(i) }
    var bestCPU = Double.infinity
    var bestWall = Double.infinity
    var totalCalls = 0
    let budget = UInt64(secondsPerCase * 1e9 / 5)
    for _ in 0..<5 {
        var calls = 0
        var i: UInt64 = 0
        let start = now(), cpuStart = cpuNow()
        var elapsed: UInt64 = 0
        repeat {
            for _ in 0..<batch {
                body(i)
                i &+= 1
            }
            calls += batch
            elapsed = now() - start
        } while elapsed < budget
        let cpu = cpuNow() - cpuStart
        bestCPU = min(bestCPU, Double(cpu) / Double(calls))
        bestWall = min(bestWall, Double(elapsed) / Double(calls))
        totalCalls += calls
    }
    return Result(name: name, cpuNsPerCall: bestCPU, wallNsPerCall: bestWall, calls: totalCalls)
}

let secret = try! Secret.fromBase32(text: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
let params = defaultTotp()
let generator = try! CodeGenerator(secret: secret, params: params, pin: nil)
let base: Int64 = 1_700_000_000

// Sanity: the benchmarked calls give the right answers.
precondition(try! generator.codeAt(unixTime: 59) == "287082")
precondition(try! generator.codeNumberAt(unixTime: 59) == 287_082)

final class BenchClock: TimeSource, @unchecked Sendable {
    var t: Int64 = base
    func nowUnix() -> Int64 { t }
}
let clock = BenchClock()

// Every call uses a different time step (30 s apart), so nothing can be cached between calls.
var results: [Result] = []
// Baseline: about the cheapest exported call (an object handle in, a bool out, one mutex).
let assembler = MigrationAssembler()
results.append(measure("MigrationAssembler.isComplete() baseline", batch: 1000) { _ in
    consume(assembler.isComplete())
})
results.append(measure("codeAt(unixTime:) -> String", batch: 1000) { i in
    consume(try! generator.codeAt(unixTime: base &+ Int64(i) &* 30))
})
results.append(measure("codeNumberAt(unixTime:) -> Int64", batch: 1000) { i in
    consume(try! generator.codeNumberAt(unixTime: base &+ Int64(i) &* 30))
})
results.append(measure("codeForCounter(counter:) -> String", batch: 1000) { i in
    consume(try! generator.codeForCounter(counter: Int64(i)))
})
// The batch call (one FFI call for many codes); reported per code.
let batchSize = 1000
let perCodeFrom = measure("codeNumbersFrom(startUnix:count:) x\(batchSize) per code", batch: 10) { i in
    consume(try! generator.codeNumbersFrom(startUnix: base &+ Int64(i) &* 30, count: Int32(batchSize)))
}
results.append(Result(name: perCodeFrom.name, cpuNsPerCall: perCodeFrom.cpuNsPerCall / Double(batchSize),
                      wallNsPerCall: perCodeFrom.wallNsPerCall / Double(batchSize), calls: perCodeFrom.calls * batchSize))
// A record of integers and enums, no HMAC: the cost of lifting a record from a RustBuffer.
results.append(measure("params() -> OtpParams", batch: 1000) { _ in
    consume(generator.params())
})
results.append(measure("snapshotAt(unixTime:) -> CodeSnapshot", batch: 1000) { i in
    consume(try! generator.snapshotAt(unixTime: base &+ Int64(i) &* 30))
})
results.append(measure("snapshot(time:) Swift TimeSource", batch: 1000) { i in
    clock.t = base &+ Int64(i) &* 30
    consume(generator.snapshot(time: clock))
})
results.append(measure("verifyAt(code:unixTime:window: 1)", batch: 1000) { i in
    consume(try! generator.verifyAt(code: "123456", unixTime: base &+ Int64(i) &* 30, window: 1))
})
results.append(measure("totpCode(secret:unixTime:params:) one-shot", batch: 1000) { i in
    consume(try! totpCode(secret: secret, unixTime: base &+ Int64(i) &* 30, params: params))
})

extension String {
    func leftPad(_ n: Int) -> String { String(repeating: " ", count: max(0, n - count)) + self }
}

let swiftVersion: String = {
    #if compiler(>=6.0)
    return "Swift 6 compiler"
    #else
    return "Swift 5 compiler"
    #endif
}()
#if DEBUG
let mode = "DEBUG build: numbers are not representative, use -c release"
#else
let mode = "release build"
#endif
var load = ""
if let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) {
    load = ", load average \(text.split(separator: " ").prefix(3).joined(separator: " "))"
}
print("OtpKit call overhead (\(mode), \(swiftVersion), \(ProcessInfo.processInfo.activeProcessorCount) CPUs\(load))")
print("best of 5 rounds of \(secondsPerCase / 5) s; ns per call, thread CPU time and wall time")
print("  \("call".padding(toLength: 50, withPad: " ", startingAt: 0)) \("CPU ns".leftPad(9)) \("wall ns".leftPad(9))   calls")
for r in results {
    let name = r.name.padding(toLength: 50, withPad: " ", startingAt: 0)
    print("  \(name) \(String(format: "%9.1f", r.cpuNsPerCall)) \(String(format: "%9.1f", r.wallNsPerCall))   \(r.calls)")
}
