package store

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
)

// Cursors are the last row's sort key, its fields joined by a unit
// separator and base64url-encoded, behind a version tag. Every backend
// writes and reads them here, so that they read the same whatever the store.
const cursorTag = "c1"

// EncodeCursor returns the cursor of a row whose sort key is fields.
func EncodeCursor(fields ...string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorTag + "\x1f" + strings.Join(fields, "\x1f")))
}

// DecodeCursor returns the n fields of a cursor, or an error wrapping
// ErrInvalid.
func DecodeCursor(c string, n int) ([]string, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return nil, fmt.Errorf("%w: cursor is not one this server gave", ErrInvalid)
	}
	f := strings.Split(string(b), "\x1f")
	if len(f) != n+1 || f[0] != cursorTag {
		return nil, fmt.Errorf("%w: cursor is not one this server gave", ErrInvalid)
	}
	return f[1:], nil
}

// DecodeCursorInts decodes a cursor of n fields whose first field is a
// string (a date, or empty) and whose others are integers.
func DecodeCursorInts(c string, n int) (string, []int64, error) {
	f, err := DecodeCursor(c, n)
	if err != nil {
		return "", nil, err
	}
	ints := make([]int64, n-1)
	for i := range ints {
		v, err := strconv.ParseInt(f[i+1], 10, 64)
		if err != nil {
			return "", nil, fmt.Errorf("%w: cursor is not one this server gave", ErrInvalid)
		}
		ints[i] = v
	}
	return f[0], ints, nil
}
