package ner

import (
	"syscall"
	"unsafe"
)

// adviseHuge asks the kernel to back [p, p+n) with transparent huge pages:
// the tagger reads the weight table at random, and 2 MB pages spare it most
// TLB misses. It is only advice; errors are ignored.
func adviseHuge(p unsafe.Pointer, n uintptr) {
	const page = 4096
	off := (page - uintptr(p)%page) % page
	if n <= off+page {
		return
	}
	b := unsafe.Slice((*byte)(p), n)
	_ = syscall.Madvise(b[off:off+(n-off)&^(page-1)], syscall.MADV_HUGEPAGE)
}
