//! What every Keystead process does first, whatever its shell.

/// Keeps the master key and decrypted values out of core dumps: the core file size limit is set to
/// 0 (soft and hard), which the kernel, systemd-coredump and apport all honour, and which the
/// processes this one starts (WebKit's, for the desktop app) inherit. Unlike making the process
/// non-dumpable, `/proc/<pid>` stays readable to its owner (memory figures, `ps`).
pub fn disable_core_dumps() -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use rustix::process::{Resource, Rlimit, setrlimit};
        setrlimit(
            Resource::Core,
            Rlimit {
                current: Some(0),
                maximum: Some(0),
            },
        )?;
    }
    Ok(())
}
