//! Link the `annotty` executable at a fixed address (not position
//! independent) on Linux.
//!
//! A position-independent executable must have the dynamic loader patch
//! every pointer in its read-only data when it starts: about 8 700
//! relocations here, touching some 45 pages, which cost about a tenth of a
//! millisecond before the first screen. Linked at a fixed address, the
//! linker resolves them once. Libraries, stack and heap are still placed at
//! random addresses. Measured in docs/PERFORMANCE.md.

fn main() {
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
