//! Build script: links the four binaries with packed relative relocations (`DT_RELR`)
//! when the C library they link against reads them (glibc 2.36 and later, Debian 12's).
//!
//! It owns nothing else: no code generation, no features. Why: a position-independent
//! binary carries one 24-byte `RELA` entry per pointer in its data, about 140 KiB that the
//! loader reads at every start; packed, they take about 2 KiB, so hh-refresh starts sooner
//! and idle hh-callback keeps less resident (`scripts/bench-footprint.sh`). Address-space
//! layout randomization and full RELRO are unchanged. Where the C library is older, or
//! when cross-compiling, the binaries are linked as before: a binary with `DT_RELR`
//! refuses to start on a glibc that lacks `GLIBC_ABI_DT_RELR`.
#![forbid(unsafe_code)]

use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    let linux_gnu = var("CARGO_CFG_TARGET_OS") == "linux" && var("CARGO_CFG_TARGET_ENV") == "gnu";
    let native = var("HOST") == var("TARGET");
    if linux_gnu && native && glibc_reads_dt_relr(&var("CARGO_CFG_TARGET_ARCH")) {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}

/// Whether this machine's `libc.so.6` defines the `GLIBC_ABI_DT_RELR` version, which the
/// linker makes a binary with packed relocations require.
fn glibc_reads_dt_relr(arch: &str) -> bool {
    let multiarch = format!("/lib/{arch}-linux-gnu");
    let usr_multiarch = format!("/usr/lib/{arch}-linux-gnu");
    [
        multiarch.as_str(),
        usr_multiarch.as_str(),
        "/lib64",
        "/usr/lib64",
        "/lib",
        "/usr/lib",
    ]
    .iter()
    .map(|dir| Path::new(dir).join("libc.so.6"))
    .find_map(|path| std::fs::read(path).ok())
    .is_some_and(|libc| {
        let needle = b"GLIBC_ABI_DT_RELR";
        libc.windows(needle.len()).any(|window| window == needle)
    })
}
