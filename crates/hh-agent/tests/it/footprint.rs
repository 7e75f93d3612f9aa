//! What the services load at every start, read from their ELF dynamic section: hh-callback
//! and hh-refresh need no libm (their runtime is `app::runtime`, which cannot reach tokio's
//! multi-thread scheduler and its `f64::powf`). Times and RSS are measured by
//! `scripts/bench-footprint.sh`, never here.

/// The `DT_NEEDED` names of a 64-bit little-endian ELF file.
fn needed_libraries(elf: &[u8]) -> Vec<String> {
    let u16_at = |at: usize| u16::from_le_bytes(elf[at..at + 2].try_into().unwrap()) as usize;
    let u32_at = |at: usize| u32::from_le_bytes(elf[at..at + 4].try_into().unwrap()) as usize;
    let u64_at = |at: usize| u64::from_le_bytes(elf[at..at + 8].try_into().unwrap()) as usize;
    assert_eq!(
        &elf[..6],
        b"\x7fELF\x02\x01",
        "a 64-bit little-endian ELF file"
    );
    let (sections, entry_size, count) = (u64_at(0x28), u16_at(0x3a), u16_at(0x3c));
    let section = |index: usize| sections + index * entry_size;
    let Some(dynamic) = (0..count).map(section).find(|&at| u32_at(at + 4) == 6) else {
        return Vec::new(); // SHT_DYNAMIC: none in a static binary
    };
    let strings = u64_at(section(u32_at(dynamic + 0x28)) + 0x18);
    let (start, size) = (u64_at(dynamic + 0x18), u64_at(dynamic + 0x20));
    (start..start + size)
        .step_by(16)
        .take_while(|&at| u64_at(at) != 0) // DT_NULL ends the table
        .filter(|&at| u64_at(at) == 1) // DT_NEEDED
        .map(|at| {
            let name = &elf[strings + u64_at(at + 8)..];
            let end = name.iter().position(|&byte| byte == 0).unwrap();
            String::from_utf8_lossy(&name[..end]).into_owned()
        })
        .collect()
}

#[test]
fn the_services_load_no_libm() {
    for binary in [
        env!("CARGO_BIN_EXE_hh-callback"),
        env!("CARGO_BIN_EXE_hh-refresh"),
    ] {
        let needed = needed_libraries(&std::fs::read(binary).unwrap());
        assert!(
            needed.iter().any(|name| name.starts_with("libc.so")),
            "{binary}: {needed:?}"
        );
        assert!(
            !needed.iter().any(|name| name.starts_with("libm.so")),
            "{binary} loads libm: {needed:?}"
        );
    }
    // The reader does see libm where it is needed: hh ranks with f64::powf.
    let hh = needed_libraries(&std::fs::read(env!("CARGO_BIN_EXE_hh")).unwrap());
    assert!(hh.iter().any(|name| name.starts_with("libm.so")), "{hh:?}");
}
