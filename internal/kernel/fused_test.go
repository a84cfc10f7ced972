package kernel

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestNoFusedMultiplyAdd compiles every package of the project and its
// tests for arm64, where Go fuses x*y + z into one instruction wherever
// the expression lets it (across statements and inlined calls too), and
// reads the assembly: a fused multiply-add may appear only on a line that
// asks for one by name, math.FMA. Everywhere else a product that is added
// must be written float64(x*y) + z, or a run's bits would depend on the
// machine (the package's doc).
func TestNoFusedMultiplyAdd(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles the whole project for arm64")
	}
	gomod, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		t.Skipf("no go command to compile with: %v", err)
	}
	root := filepath.Dir(strings.TrimSpace(string(gomod)))
	cmd := exec.Command("go", "test", "-c", "-o", t.TempDir()+string(filepath.Separator), "-gcflags=dlfs/...=-S", "./...")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH=arm64", "GOEXPERIMENT=", "CGO_ENABLED=0")
	out, err := cmd.CombinedOutput()
	if err != nil {
		// The compiler's messages, without the assembly listed around them.
		var msgs []string
		for line := range strings.Lines(string(out)) {
			if !strings.HasPrefix(line, "\t") && !strings.Contains(line, " STEXT ") && !strings.Contains(line, " SRODATA ") {
				msgs = append(msgs, line)
			}
		}
		t.Fatalf("go test -c for arm64: %v\n%s", err, strings.Join(msgs, ""))
	}
	fused := regexp.MustCompile(`\((\S+\.go):(\d+)\)\s+(FN?M(ADD|SUB)[DS])\s`)
	lines := map[string][]string{}
	seen := 0
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		m := fused.FindStringSubmatch(sc.Text())
		if m == nil || !strings.HasPrefix(m[1], root) {
			continue
		}
		seen++
		if lines[m[1]] == nil {
			b, err := os.ReadFile(m[1])
			if err != nil {
				t.Fatal(err)
			}
			lines[m[1]] = strings.Split(string(b), "\n")
		}
		n, _ := strconv.Atoi(m[2])
		if src := lines[m[1]][n-1]; !strings.Contains(src, "math.FMA(") {
			t.Errorf("%s:%d: %s, a multiply-add the compiler fused:\n\t%s", m[1], n, m[3], strings.TrimSpace(src))
		}
	}
	if seen == 0 {
		t.Error("no fused instruction at all, not even math.FMA's: was the assembly printed?")
	}
}
