package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net/http"
	"time"

	"dlfs/internal/lab"
	"dlfs/network"
	"dlfs/train"
)

// maxUpload bounds a POST /predict body: 4 MiB.
const maxUpload = 4 << 20

// serveCommand is `go run . serve [-addr ADDR] [-load FILE]`: a page to
// draw a digit on, and the network reading it as you draw.
func serveCommand(args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("dlfs serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "the `ADDRESS` to listen on")
	load := fs.String("load", defaultModel, "the trained parameters, a params.npz")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: go run . serve [-addr ADDRESS] [-load FILE]   a page to draw a digit on\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "dlfs serve: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return errUsage
	}
	net, err := loadNet(*load)
	if err != nil {
		return err
	}
	logger := log.New(stderr, "", log.LstdFlags)
	logger.Printf("serving http://%s/ with %s", *addr, *load)
	srv := &http.Server{Addr: *addr, Handler: newHandler(net, logger), ReadHeaderTimeout: 10 * time.Second}
	return srv.ListenAndServe()
}

// newHandler serves the page at / and the network at POST /predict,
// logging one line per request.
func newHandler(net *network.TwoLayerNet, logger *log.Logger) http.Handler {
	mux := http.NewServeMux()
	files := http.FileServerFS(lab.Static())
	mux.Handle("GET /{$}", files)
	names, _ := fs.Glob(lab.Static(), "*.*")
	for _, name := range names {
		mux.Handle("GET /"+name, files)
	}
	mux.HandleFunc("POST /predict", func(w http.ResponseWriter, r *http.Request) {
		predictHandler(net, w, r)
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		mux.ServeHTTP(rec, r)
		logger.Printf("%s %s %d %s", r.Method, r.URL.Path, rec.status, time.Since(start).Round(time.Microsecond))
	})
}

// A prediction is POST /predict's answer.
type prediction struct {
	Digit         int       `json:"digit"`
	Probabilities []float64 `json:"probabilities"`
	Input         []float64 `json:"input"`
}

// predictHandler reads the body, an image, as predict reads a file.
func predictHandler(net *network.TwoLayerNet, w http.ResponseWriter, r *http.Request) {
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxUpload))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		jsonError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("the image is larger than %d bytes", maxUpload))
		return
	case err != nil:
		jsonError(w, http.StatusBadRequest, "reading the body: "+err.Error())
		return
	}
	rd, err := train.ReadImage(net, bytes.NewReader(data))
	switch {
	case errors.Is(err, train.ErrNotImage):
		jsonError(w, http.StatusUnsupportedMediaType, err.Error())
		return
	case err != nil:
		jsonError(w, http.StatusUnprocessableEntity, err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(prediction{Digit: rd.Top()[0], Probabilities: rd.Probabilities, Input: rd.Input})
}

// jsonError answers {"error": msg} with status.
func jsonError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"error": msg})
}

// statusRecorder remembers the status a handler wrote, for the log.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}
