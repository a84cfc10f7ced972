package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"dlfs/internal/lab"
	"dlfs/internal/report"
	"dlfs/network"
)

// serveCommand is `go run . serve [-addr ADDR] [-out DIR] [-data DIR]
// [-load FILE]`: the learning lab, a page on which to train the network
// and watch it learn, draw digits for it to read, and work the chapter's
// examples by hand. Ctrl-C stops a run in progress as it stops the
// command (its files written) and exits with status 130.
func serveCommand(args []string, stderr io.Writer) error {
	fs := newFlags("dlfs serve", stderr, func(fs *flag.FlagSet) {
		fmt.Fprintf(stderr, "usage: go run . serve [-addr ADDRESS] [-out DIR] [-data DIR] [-load FILE]   the learning lab\n")
		fs.PrintDefaults()
	})
	addr := fs.String("addr", "127.0.0.1:8080", "the `ADDRESS` to listen on")
	out := fs.String("out", "out/lab", "the `DIR` in which each run gets a folder, run-1, run-2, …")
	dataDir := fs.String("data", "", "`DIR` with MNIST's four IDX files (default: the embedded MNIST)")
	load := fs.String("load", "", "trained parameters to read digits with before any run, a params.npz")
	if err := fs.parse(args, false); err != nil {
		return err
	}
	var net *network.TwoLayerNet
	if *load != "" {
		var err error
		if net, err = loadNet(*load); err != nil {
			return err
		}
	}
	data, err := loadData(*dataDir)
	if err != nil {
		return err
	}
	logger := log.New(stderr, "", log.LstdFlags)
	// The address first: one in use leaves -out as it was.
	srv := lab.NewServer(nil)
	ln, err := srv.Listen(*addr)
	if err != nil {
		return err
	}
	// A folder that cannot be one is a bad -out; one another dlfs holds is
	// no mistake of the flag's, as for a run.
	if err := report.PrepareOutput(*out); err != nil {
		ln.Close()
		return fs.bad("-out: %v", err)
	}
	l, err := lab.New(lab.Options{Data: data, DataDir: absolute(*dataDir), Out: *out, Limit: memoryLimit(),
		Model: net, ModelName: *load, Logger: logger})
	if err != nil {
		ln.Close()
		return err
	}
	srv.Handler = l.Handler()
	logger.Printf("serving the lab on http://%s/ (runs in %s)", ln.Addr(), *out)

	sig := make(chan os.Signal, 2)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sig)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-sig:
	}
	logger.Printf("stopping: a run in progress stops after its update, its files written; interrupt again to quit at once")
	go func() {
		<-sig
		os.Exit(130)
	}()
	l.Shutdown()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		logger.Printf("stopping: %v", err)
	}
	return errInterrupted
}
