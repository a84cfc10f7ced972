package train

import (
	"io"
	"os"
	"testing"

	"dlfs/internal/mnisttest"
	"dlfs/internal/regular"
	"dlfs/mnist"
	"dlfs/network"
)

// smallData is mnisttest.Small.
func smallData(t testing.TB) *mnist.Dataset { return mnisttest.Small(t) }

// saveModel writes net to path as params.npz.
func saveModel(path string, net *network.TwoLayerNet) error {
	return regular.Write(path, func(w io.Writer) error { return WriteModel(w, net) })
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
