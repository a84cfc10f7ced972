package train_test

import (
	"fmt"
	"strings"

	"dlfs/internal/report"
	"dlfs/mnist"
	"dlfs/train"
)

// A short run with the book's settings: 300 updates, evaluated at update 0
// and after the last. The lines are the ones `go run . -iters 300` prints,
// without their elapsed times.
func ExampleRun() {
	data, err := mnist.Load()
	if err != nil {
		fmt.Println(err)
		return
	}
	cfg := train.DefaultConfig
	cfg.Iters = 300
	res := train.Run(cfg, data, train.Hooks{})
	for _, e := range append(res.Evals, res.Final) {
		line, _, _ := strings.Cut(report.FormatEval(e), "  elapsed")
		fmt.Println(line)
	}
	fmt.Println(len(res.Losses), "losses, the first", fmt.Sprintf("%.4f", res.Losses[0]))
	// Output:
	// iter 0  loss 2.2907  train acc 0.0986  test acc 0.0958
	// iter 300  loss 1.7207  train acc 0.4748  test acc 0.4775
	// 300 losses, the first 2.2907
}
