// swift-tools-version:5.9
//
// OtpKit: the Swift binding of otpkit (uniffi-generated Swift over the Rust library otpkit-ffi).
//
// Sources/OtpKit/OtpKit.swift and Sources/otpkit_ffiFFI/{otpkit_ffiFFI.h,module.modulemap} are
// generated (gitignored): copy-bindings.sh copies them from target/bindings/swift; run-tests.sh
// and build-xcframework.sh call it.
//
// Where the Rust code comes from (the C module `otpkit_ffiFFI` that OtpKit.swift imports):
//
//   * "xcframework" (default on Apple platforms): binaryTarget "OtpKitFFI" at
//     OtpKitFFI.xcframework next to this file, made by build-xcframework.sh on a Mac (static
//     libraries for iOS devices, the iOS simulator and macOS, plus header and module map). No
//     unsafe flags, so the package can be used as a dependency. Build the XCFramework first:
//     without it SwiftPM/Xcode report that the binary target's artifact does not exist.
//   * "static" (default on Linux, where there are no XCFrameworks): a systemLibrary target (the
//     header and module map in Sources/otpkit_ffiFFI) plus the host-built static library handed
//     straight to the linker by absolute path: $OTPKIT_FFI_LIB, default
//     ../target/release/libotpkit_ffi.a (`cargo build --release -p otpkit-ffi`). Uses
//     unsafeFlags, so only usable as the root package or a local dependency. On a Mac this runs
//     the tests against a plain `cargo build` without an XCFramework: OTPKIT_FFI=static swift test.
//
// OTPKIT_FFI=xcframework|static overrides the default. The choice depends only on the host OS
// (`#if os(...)` in a manifest tests the machine it is evaluated on, which is the build host, not
// the target platform) and the environment, never on which files exist: SwiftPM caches the
// evaluated manifest keyed on its text and the environment, so a file check would go stale.
import PackageDescription

let packageDir = Context.packageDirectory
let environment = Context.environment

enum FFISource: String { case xcframework, staticLibrary = "static" }

let ffiSource: FFISource = {
    if let forced = environment["OTPKIT_FFI"], !forced.isEmpty {
        guard let source = FFISource(rawValue: forced) else {
            fatalError("OTPKIT_FFI must be 'xcframework' or 'static', not '\(forced)'")
        }
        return source
    }
    #if os(Linux)
    return .staticLibrary
    #else
    return .xcframework
    #endif
}()

// Absolute, and the Linux chroot (tests/swift/chroot.sh) mounts the repo at the same path, so
// this is right both on the host and inside it.
let rustStaticLib = environment["OTPKIT_FFI_LIB"].flatMap { $0.isEmpty ? nil : $0 }
    ?? "\(packageDir)/../target/release/libotpkit_ffi.a"

let ffiTarget: Target
let otpKitLinkerSettings: [LinkerSetting]
switch ffiSource {
case .xcframework:
    ffiTarget = .binaryTarget(name: "OtpKitFFI", path: "OtpKitFFI.xcframework")
    otpKitLinkerSettings = []
case .staticLibrary:
    ffiTarget = .systemLibrary(name: "otpkit_ffiFFI", path: "Sources/otpkit_ffiFFI")
    // `-Xlinker PATH`, not `-L`/`linkedLibrary` (ld would prefer libotpkit_ffi.so, the crate is
    // also a cdylib) and not a bare path (swiftc would feed the archive's LLVM bitcode to
    // swift-autolink-extract). See tests/swift/README.md.
    otpKitLinkerSettings = [.unsafeFlags(["-Xlinker", rustStaticLib])]
}

let package = Package(
    name: "OtpKit",
    platforms: [.iOS(.v13), .macOS(.v10_15)],
    products: [
        .library(name: "OtpKit", targets: ["OtpKit"]),
    ],
    targets: [
        ffiTarget,
        .target(
            name: "OtpKit",
            dependencies: [.target(name: ffiTarget.name)],
            path: "Sources/OtpKit",
            linkerSettings: otpKitLinkerSettings
        ),
        .testTarget(
            name: "OtpKitTests",
            dependencies: ["OtpKit"],
            path: "Tests/OtpKitTests"
        ),
        // Call-overhead micro-benchmark (not a test): `swift run -c release OtpKitBench`,
        // or ios/run-tests.sh --bench.
        .executableTarget(
            name: "OtpKitBench",
            dependencies: ["OtpKit"],
            path: "Sources/OtpKitBench"
        ),
    ]
)
