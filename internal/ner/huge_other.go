//go:build !linux

package ner

import "unsafe"

// adviseHuge is a no-op outside Linux.
func adviseHuge(unsafe.Pointer, uintptr) {}
