//! The program's allocator: mimalloc, but for the rare large blocks aligned to a page,
//! which are mapped from the system directly.
//!
//! The batch allocates per document in one thread and frees in another (items read by
//! the reader thread and freed by a worker; rows and their formatted forms made by the
//! workers and freed by the writer): mimalloc handles that, and the many small
//! allocations of the rules, faster than the system allocator.
//!
//! A block of a mebibyte or more aligned to a page (4 kB) is mapped (`mmap`) instead,
//! and unmapped when freed. The one such block of a run is polars' buffer of zeroes
//! (8 MiB, taken the first time a column of a row group is all nulls and kept to the
//! end): mimalloc zeroed it byte by byte, faulting in all of its 2,048 pages, where a
//! fresh mapping is zeroes already and a page is faulted in only if written. In a cold
//! run over 10 MB of generated articles that was about 2,000 of 17,000 page faults and
//! 6-8 MB of the peak (a run over the bundled article alone never asks for the buffer).
//! Blocks aligned to less than a page (all the others) are mimalloc's, as before; on a
//! system without `mmap` (not Unix), all are.

use std::alloc::{GlobalAlloc, Layout};

/// The global allocator of the binary, its benchmarks and examples.
///
/// # Example
///
/// ```
/// use std::alloc::{GlobalAlloc, Layout};
/// use figures::alloc::Allocator;
///
/// let a = Allocator;
/// let layout = Layout::from_size_align(8 << 20, 4096).unwrap();
/// unsafe {
///     let p = a.alloc_zeroed(layout);
///     assert!(!p.is_null() && *p.add(12345) == 0);
///     a.dealloc(p, layout);
/// }
/// ```
#[derive(Debug, Default, Clone, Copy)]
pub struct Allocator;

/// The alignment of the blocks that are mapped: a page (a mapping starts at a page of
/// the system, 4 kB or a multiple of it).
const PAGE: usize = 4096;

/// The least size of a block that is mapped.
const MAPPED_BYTES: usize = 1 << 20;

/// Whether a block of `layout` is mapped rather than mimalloc's: decided by the layout
/// alone, which a block keeps from its allocation to its release.
fn mapped(layout: Layout) -> bool {
    cfg!(unix) && layout.align() == PAGE && layout.size() >= MAPPED_BYTES
}

/// A fresh mapping of `size` bytes, zeroes, or null.
#[cfg(unix)]
fn map(size: usize) -> *mut u8 {
    // SAFETY: an anonymous private mapping at an address the kernel chooses touches no
    // memory of the program
    let p = unsafe {
        libc::mmap(
            std::ptr::null_mut(),
            size,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        )
    };
    if p == libc::MAP_FAILED {
        std::ptr::null_mut()
    } else {
        p.cast()
    }
}

#[cfg(not(unix))]
fn map(_size: usize) -> *mut u8 {
    unreachable!("no block is mapped without mmap")
}

/// Unmaps a block [`map`] made.
///
/// # Safety
///
/// `p` and `size` are a mapping's, and nothing reads it after.
#[cfg(unix)]
unsafe fn unmap(p: *mut u8, size: usize) {
    // SAFETY: the caller's
    unsafe { libc::munmap(p.cast(), size) };
}

#[cfg(not(unix))]
unsafe fn unmap(_p: *mut u8, _size: usize) {
    unreachable!("no block is mapped without mmap")
}

// SAFETY: each block is released by the allocator that made it (mimalloc's or a
// mapping), which its layout tells; a mapping is page-aligned, which is the alignment
// its layout asks, and zeroed, as `alloc_zeroed` promises.
unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if mapped(layout) {
            map(layout.size())
        } else {
            // SAFETY: the caller's (a layout of non-zero size)
            unsafe { mimalloc::MiMalloc.alloc(layout) }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if mapped(layout) {
            map(layout.size())
        } else {
            // SAFETY: the caller's
            unsafe { mimalloc::MiMalloc.alloc_zeroed(layout) }
        }
    }

    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        if mapped(layout) {
            // SAFETY: a block of this layout was mapped by `alloc`
            unsafe { unmap(p, layout.size()) }
        } else {
            // SAFETY: the caller's: mimalloc made it
            unsafe { mimalloc::MiMalloc.dealloc(p, layout) }
        }
    }

    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's: `new_size`, rounded up to the alignment, does not
        // overflow
        let new = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        if !mapped(layout) && !mapped(new) {
            // SAFETY: the caller's: mimalloc made it and keeps it
            return unsafe { mimalloc::MiMalloc.realloc(p, layout, new_size) };
        }
        // to or from a mapping: a new block, the bytes copied, the old one released
        // SAFETY: the caller's (a non-zero size); the blocks do not overlap
        unsafe {
            let q = self.alloc(new);
            if !q.is_null() {
                std::ptr::copy_nonoverlapping(p, q, layout.size().min(new_size));
                self.dealloc(p, layout);
            }
            q
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fill(p: *mut u8, n: usize) {
        for k in 0..n {
            // SAFETY: within a block of at least `n` bytes
            unsafe { *p.add(k) = (k % 251) as u8 };
        }
    }

    fn filled(p: *const u8, n: usize) -> bool {
        // SAFETY: within a block of at least `n` bytes
        (0..n).all(|k| unsafe { *p.add(k) } == (k % 251) as u8)
    }

    #[test]
    fn large_page_aligned_blocks_are_mapped_and_the_others_are_not() {
        let big = Layout::from_size_align(8 << 20, PAGE).unwrap();
        assert!(mapped(big) == cfg!(unix));
        assert!(!mapped(Layout::from_size_align(8 << 20, 64).unwrap()));
        assert!(!mapped(
            Layout::from_size_align(MAPPED_BYTES - 1, PAGE).unwrap()
        ));
        assert!(!mapped(Layout::from_size_align(8 << 20, 2 * PAGE).unwrap()));
    }

    #[test]
    fn blocks_hold_what_is_written_through_growth_and_shrinking() {
        let a = Allocator;
        for align in [8, PAGE] {
            // small to mapped, mapped to larger mapped, back to small
            let sizes = [100_000, MAPPED_BYTES + 5, 3 * MAPPED_BYTES, 1000];
            let mut layout = Layout::from_size_align(sizes[0], align).unwrap();
            // SAFETY: non-zero sizes; each block is used within its size and released
            // by the same allocator with its layout
            unsafe {
                let mut p = a.alloc(layout);
                assert!(!p.is_null());
                fill(p, layout.size());
                for &size in &sizes[1..] {
                    let keep = layout.size().min(size);
                    p = a.realloc(p, layout, size);
                    assert!(!p.is_null() && p as usize % align == 0);
                    assert!(filled(p, keep), "{align} {size}");
                    layout = Layout::from_size_align(size, align).unwrap();
                    fill(p, size);
                }
                a.dealloc(p, layout);
            }
        }
    }

    #[test]
    fn zeroed_blocks_are_zeroes() {
        let a = Allocator;
        for layout in [
            Layout::from_size_align(8 << 20, PAGE).unwrap(),
            Layout::from_size_align(3 << 20, 16).unwrap(),
            Layout::from_size_align(1000, 8).unwrap(),
        ] {
            // SAFETY: non-zero sizes, read within them, released with their layout
            unsafe {
                let p = a.alloc_zeroed(layout);
                assert!(!p.is_null() && p as usize % layout.align() == 0);
                let bytes = std::slice::from_raw_parts(p, layout.size());
                assert!(bytes.iter().all(|&b| b == 0));
                a.dealloc(p, layout);
            }
        }
    }
}
