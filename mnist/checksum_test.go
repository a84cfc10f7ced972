package mnist

import (
	"errors"
	"strings"
	"testing"
)

func TestEmbeddedChecksumMismatch(t *testing.T) {
	name := TrainLabels + ".gz"
	orig := embedded[name]
	t.Cleanup(func() { embedded[name] = orig })
	// One flipped bit in the gzip trailer: the sum is checked before the
	// format, so it must be what reports it.
	embedded[name] = orig[:len(orig)-1] + string(orig[len(orig)-1]^1)
	_, err := Load()
	var fe *FormatError
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), "embedded "+name+": SHA-256 ") ||
		!strings.Contains(err.Error(), "want "+embeddedSHA256[name]+": the embedded copy is corrupt") {
		t.Fatalf("error %v, want a checksum FormatError naming %s", err, name)
	}
}
