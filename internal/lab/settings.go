package lab

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"dlfs/internal/report"
	"dlfs/mnist"
	"dlfs/train"
)

// Settings are a run's settings as POST /api/runs takes them, named as
// the command's flags; a field left out takes `go run .`'s value.
type Settings struct {
	Iters   int     `json:"iters"`
	Batch   int     `json:"batch"`
	LR      float64 `json:"lr"`
	Hidden  int     `json:"hidden"`
	Seed    uint64  `json:"seed"`
	Replace bool    `json:"replace"`
	Grad    string  `json:"grad"` // "backprop" or "numerical"
	Book    bool    `json:"book"` // the book's own code, as -book
}

// defaultSettings are `go run .`'s.
func defaultSettings() Settings {
	c := train.DefaultConfig
	return Settings{Iters: c.Iters, Batch: c.Batch, LR: c.LR, Hidden: c.Hidden, Seed: c.Seed, Replace: c.Replace, Grad: "backprop"}
}

// config is the run's train.Config.
func (s Settings) config() train.Config {
	c := train.DefaultConfig
	c.Iters, c.Batch, c.LR, c.Hidden, c.Seed, c.Replace = s.Iters, s.Batch, s.LR, s.Hidden, s.Seed, s.Replace
	c.Numerical, c.Book = s.Grad == "numerical", s.Book
	return c
}

// maxSettings bounds the body of POST /api/runs.
const maxSettings = 4 << 10

// objectBody reads a request's body, a JSON object of at most maxSettings
// bytes with nothing after it, and returns a decoder of it that refuses
// unknown fields. what names the object in errors.
func objectBody(r io.Reader, what string) (*json.Decoder, error) {
	body, err := io.ReadAll(io.LimitReader(r, maxSettings+1))
	switch trimmed := bytes.TrimSpace(body); {
	case err != nil:
		return nil, fmt.Errorf("reading the body: %v", err)
	case len(body) > maxSettings:
		return nil, fmt.Errorf("the body is larger than %d bytes: %s are a few fields", maxSettings, what)
	case len(trimmed) == 0 || trimmed[0] != '{':
		return nil, fmt.Errorf("the body is not a JSON object of %s but %.20q", what, trimmed)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	return dec, nil
}

// decodeSettings reads a JSON object of settings over the defaults and
// checks them against the data and the memory there is (limit bytes).
// Its error names the field.
func decodeSettings(r io.Reader, data *mnist.Dataset, limit int64) (Settings, error) {
	s := defaultSettings()
	dec, err := objectBody(r, "settings")
	if err != nil {
		return s, err
	}
	if err := dec.Decode(&s); err != nil {
		var typ *json.UnmarshalTypeError
		var syn *json.SyntaxError
		switch {
		case errors.As(err, &typ) && typ.Field == "":
			return s, fmt.Errorf("the body is not a JSON object of settings but a JSON %s", typ.Value)
		case errors.As(err, &typ):
			return s, fmt.Errorf("%s: %s is not a %s", typ.Field, typ.Value, typ.Type)
		case errors.As(err, &syn), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
			return s, fmt.Errorf("the body is not a JSON object of settings: %v", err)
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			return s, fmt.Errorf("%s: not a setting (iters, batch, lr, hidden, seed, replace, grad, book)", strings.TrimPrefix(err.Error(), "json: unknown field "))
		}
		return s, fmt.Errorf("the settings: %v", err)
	}
	if dec.More() {
		return s, errors.New("the body holds more than one JSON object")
	}
	if _, err := dec.Token(); err != io.EOF {
		return s, errors.New("the body has more after its JSON object")
	}
	if s.Grad != "backprop" && s.Grad != "numerical" {
		return s, fmt.Errorf("grad %q: must be \"backprop\" or \"numerical\"", s.Grad)
	}
	cfg := s.config()
	if err := cfg.Validate(); err != nil {
		return s, err
	}
	if err := cfg.FitsData(data.Train.Len()); err != nil {
		return s, err
	}
	// Beside the run's own memory, the lab keeps its history: a loss an
	// update, and its networks from the evaluations.
	kept := 8*int64(s.Iters) + int64(snapLimit(s.Hidden))*netBytes(s.Hidden)
	if err := cfg.FitsMemory(limit-kept, data.Train.Len(), data.Test.Len()); err != nil {
		return s, err
	}
	return s, nil
}

// warning is what a learner should know before starting a run of s: for
// the numerical gradient, how long it will take on this machine, measured
// once for each batch and hidden size (a few of its updates, a fraction
// of a second, one measurement at a time).
func (l *Lab) warning(s Settings) string {
	if s.Grad != "numerical" {
		return ""
	}
	cfg := s.config()
	key := [2]int{cfg.Batch, cfg.Hidden}
	l.timing.Lock()
	per, ok := l.perUpdate[key]
	if !ok {
		per = train.NumericalUpdateTime(cfg, l.opt.Data)
		l.perUpdate[key] = per
	}
	l.timing.Unlock()
	total := time.Duration(cfg.Iters) * per
	msg := fmt.Sprintf("the numerical gradient takes about %s an update here, %s for %s", round(per), round(total), report.Updates(cfg.Iters))
	if total > time.Minute {
		msg += fmt.Sprintf(": try %s first (§4.5 uses backprop for the rest)", report.Updates(max(1, int(time.Minute/per)/10*10)))
	}
	return msg
}

// round rounds d to what a reader needs of it: milliseconds under 10 s,
// seconds above.
func round(d time.Duration) time.Duration {
	if d < 10*time.Second {
		return d.Round(time.Millisecond)
	}
	return d.Round(time.Second)
}
