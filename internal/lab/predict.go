package lab

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"io"
	"net/http"
	"runtime"
	"strconv"

	"dlfs/internal/report"
	"dlfs/mnist"
	"dlfs/network"
)

// The bounds of a predict request: the body, the pixels an image may have,
// and the memory the server decodes images in at once, so that a flood of
// large images waits in turn while a drawing still gets in. An image of
// more than largeImage pixels is collected as soon as it is read, rather
// than left for the heap to grow to twice the data set first.
const (
	maxUpload    = 4 << 20
	maxPixels    = 1 << 20 // 1024×1024: a drawing is 280×280, a photo can be scaled down
	pixelBytes   = 40      // decoded, then its grey, opacity and ink levels
	decodeBudget = 48 << 20
	largeImage   = 1 << 18
)

// A prediction is what POST /api/predict answers.
type prediction struct {
	Digit         int       `json:"digit"`
	Probabilities []float64 `json:"probabilities"`
	Input         []float64 `json:"input"`
	Hidden        []float64 `json:"hidden"`  // σ(a1), the hidden layer
	Scores        []float64 `json:"scores"`  // a2, before the softmax
	Run           int       `json:"run"`     // the run whose network read it; 0 for -load's
	Updates       int       `json:"updates"` // the updates that network had taken
}

// network returns the network that reads for a predict request, the run
// it is of and the updates it had taken: run id's current one (with
// updates n ≥ 0, the one it kept at its last evaluation after at most n),
// else the latest run's current one (-load's is run 0).
func (l *Lab) network(id string, n int) (*network.TwoLayerNet, int, int, error) {
	if id != "" {
		k, err := strconv.Atoi(id)
		run := l.find(k)
		if err != nil || run == nil {
			return nil, 0, 0, fmt.Errorf("run %q: no such run", id)
		}
		if n >= 0 {
			net, done, ok := run.at(n)
			if !ok {
				return nil, 0, 0, fmt.Errorf("run %d kept no network from an evaluation after %d updates or fewer", k, n)
			}
			return net, k, done, nil
		}
		net, done := run.current()
		if net == nil {
			return nil, 0, 0, fmt.Errorf("run %d has no network yet: it has not done an update", k)
		}
		return net, k, done, nil
	}
	runs := l.all()
	for i := len(runs) - 1; i >= 0; i-- {
		if net, done := runs[i].current(); net != nil {
			return net, runs[i].id, done, nil
		}
	}
	return nil, 0, 0, errors.New("no network to read with: start a run, or serve with -load FILE")
}

// predict reads the body, an image, as the predict command reads a file:
// its header first, then, within the decoding budget, the rest.
func (l *Lab) predict(w http.ResponseWriter, r *http.Request) {
	n, err := updatesParam(r)
	if err == nil && n >= 0 && r.URL.Query().Get("run") == "" {
		err = errors.New("updates: a look back names its run")
	}
	if err != nil {
		jsonError(w, http.StatusBadRequest, err.Error())
		return
	}
	net, id, done, err := l.network(r.URL.Query().Get("run"), n)
	if err != nil {
		jsonError(w, http.StatusNotFound, err.Error())
		return
	}
	body := http.MaxBytesReader(w, r.Body, maxUpload)
	var head bytes.Buffer
	cfg, _, err := image.DecodeConfig(io.TeeReader(body, &head))
	if err != nil {
		if tooLarge(w, err) {
			return
		}
		jsonError(w, http.StatusUnsupportedMediaType, "not a PNG, JPEG or GIF image: "+err.Error())
		return
	}
	px := cfg.Width * cfg.Height
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > maxPixels/cfg.Height {
		jsonError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("an image of %d×%d pixels: at most %d in all", cfg.Width, cfg.Height, maxPixels))
		return
	}
	need := px*pixelBytes + maxUpload
	if err := l.decodes.acquire(r.Context(), need); err != nil {
		jsonError(w, http.StatusServiceUnavailable, "the image was not decoded: "+err.Error())
		return
	}
	defer l.decodes.release(need)
	rest, err := io.ReadAll(body)
	if err != nil {
		if !tooLarge(w, err) {
			jsonError(w, http.StatusBadRequest, "reading the body: "+err.Error())
		}
		return
	}
	if r.Context().Err() != nil {
		return // the client has gone: nobody to answer
	}
	rd, err := report.ReadImage(net, io.MultiReader(&head, bytes.NewReader(rest)))
	if px > largeImage {
		rest = nil
		head.Reset()
		runtime.GC()
	}
	switch {
	case errors.Is(err, report.ErrNotImage):
		jsonError(w, http.StatusUnsupportedMediaType, err.Error())
	case errors.Is(err, mnist.ErrNoInk):
		jsonError(w, http.StatusUnprocessableEntity, err.Error())
	case err != nil:
		jsonError(w, http.StatusUnprocessableEntity, err.Error())
	default:
		writeJSON(w, http.StatusOK, prediction{Digit: rd.Top()[0], Probabilities: rd.Probabilities, Input: rd.Input,
			Hidden: rd.Hidden, Scores: rd.Scores, Run: id, Updates: done})
	}
}

// tooLarge answers 413 if err is the body's limit, reporting whether it
// did.
func tooLarge(w http.ResponseWriter, err error) bool {
	var big *http.MaxBytesError
	if !errors.As(err, &big) {
		return false
	}
	jsonError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("the image is larger than %d bytes", maxUpload))
	return true
}
