//! How the process's allocator is set up (called once by the binary, before any thread starts),
//! and how big values are given back without the user waiting for it.
//!
//! A scan of a big export allocates a few hundred megabytes in millions of small pieces
//! (objects, references, names) on every core at once. glibc's malloc grows each thread's heap a
//! little at a time (an `mprotect` and fresh zeroed pages per step), gives vectors above 128 KB
//! their own `mmap` (faulted in again at every growth) and trims the heap at every large free:
//! on the 1 GB benchmark export those system calls and page faults were about 6 % of the scan's
//! CPU (docs/benchmark.md). mimalloc, tried instead, was slower there: it hands memory back to
//! the kernel eagerly.

/// Grow heaps 64 MB at a time, keep blocks up to 256 MB in the heap and trim it only when 1 GB
/// is free. Elsewhere than glibc on Linux this does nothing.
pub fn tune() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[allow(unsafe_code)]
    // SAFETY: mallopt only sets the allocator's parameters; it is called from `main` before any
    // other thread exists, and a value it refuses leaves the default in place.
    unsafe {
        libc::mallopt(libc::M_TOP_PAD, 64 << 20);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 256 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 1 << 30);
    }
}

/// Free `value` on a thread of its own: freeing millions of objects, or unmapping a 1 GB export
/// (the kernel clears one page-table entry at a time), takes time the caller need not wait for.
/// The binary exits right after printing; a library caller that goes on gets the memory back all
/// the same. If no thread can be started, `value` is freed right here, with the closure.
pub fn free_in_background<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new().spawn(move || drop(value));
}
