package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExamples runs each of the chapter's examples and looks for the
// numbers the book prints (or the ones its code gives where it prints
// none), and for the figure each reports on stderr.
func TestExamples(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		args   []string
		stdout []string
		figure string
	}{
		{[]string{"loss"}, []string{"0.09750000000000003", "0.5975", "0.510825457099338", "2.302584092994546",
			"x_train [60000 784], t_train [60000 10]", "x_batch [10 784], t_batch [10 10]",
			"np.random.seed(0); batch_mask = np.random.choice(60000, 10) = [2732 43567 42613 52416 45891 21243 30403 32103 41993 57043]",
			"one-hot t [2 10]  1.406704775046942", "labels t  [2]     1.406704775046942"}, ""},
		{[]string{"diff", "-out", dir}, []string{"0.1999999999990898", "0.2999999999986347", "float32(1e-50)           = 0"}, "function1.svg"},
		{[]string{"gradient", "-out", dir}, []string{"[6.00000000000378 7.999999999999119]", "[0 4.000000000004]", "[6.000000000012662 0]"}, "gradient_field.svg"},
		{[]string{"descent", "-out", dir}, []string{"[-6.111107928998789e-10 8.148143905314271e-10]", "[-2.58983747e+13 -1.29524862e+12]", "[-2.99999994  3.99999992]"}, "descent.svg"},
		{[]string{"simplenet"}, []string{"loss = 0.9280682857864075", "np.argmax(p) = 2", "[1.05414809 0.63071653 1.1328074 ]",
			"The book prints loss = 0.92806853663411326", "[[ 0.21924763  0.14356247 -0.36281009]\n [ 0.32887144  0.2153437  -0.54421514]]"}, ""},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		if code := run(tt.args, &stdout, &stderr, false); code != 0 {
			t.Fatalf("%v: exit %d: %s", tt.args, code, stderr.String())
		}
		for _, s := range tt.stdout {
			if !strings.Contains(stdout.String(), s) {
				t.Errorf("%v: output lacks %q:\n%s", tt.args, s, stdout.String())
			}
		}
		wantErr := ""
		if tt.figure != "" {
			wantErr = "wrote " + filepath.Join(dir, tt.figure) + "\n"
			if _, err := os.Stat(filepath.Join(dir, tt.figure)); err != nil {
				t.Error(err)
			}
		}
		if stderr.String() != wantErr {
			t.Errorf("%v: stderr %q, want %q", tt.args, stderr.String(), wantErr)
		}
	}
}

// TestGradcheckCommand: `gradcheck` prints, for each parameter in the
// book's order, the largest difference between the numerical and the
// backprop gradient, and the claim under them holds: W1's and b1's are
// far below 1e-7, W2's and b2's of order 1e-7 (the δ inside the log).
func TestGradcheckCommand(t *testing.T) {
	code, stdout, stderr := runCommand("gradcheck")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != 6 || !strings.HasPrefix(lines[0], "gradient check (§5.7.3): 784-50-10 net (seed 0)") ||
		!strings.Contains(lines[5], "δ = 1e-07") {
		t.Fatalf("printed\n%s", stdout)
	}
	for i, name := range []string{"W1", "b1", "W2", "b2"} {
		var got string
		var diff float64
		if _, err := fmt.Sscanf(lines[1+i], "%s %g", &got, &diff); err != nil || got != name {
			t.Errorf("line %q, want %s's difference", lines[1+i], name)
			continue
		}
		small := name == "W1" || name == "b1"
		if small && !(diff > 0 && diff < 1e-8) || !small && !(diff > 1e-8 && diff < 1e-6) {
			t.Errorf("%s: a difference of %g", name, diff)
		}
	}
}
