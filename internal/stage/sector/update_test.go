package sector

// Every stage's tests accept -update, so that go test ./internal/stage/...
// -update runs; this package has no golden files for it to rewrite.
import _ "github.com/warta-dev/warta/internal/golden"
