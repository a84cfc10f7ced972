package browser

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// A Page is a tab of the browser, attached for commands.
type Page struct {
	b       *Browser
	Session string
}

// Open opens a tab at url and waits for its load; its console and its
// exceptions are reported as events from the start.
func (b *Browser) Open(ctx context.Context, url string) (*Page, error) {
	var target struct {
		TargetID string `json:"targetId"`
	}
	if err := b.Call(ctx, "", "Target.createTarget", map[string]any{"url": "about:blank"}, &target); err != nil {
		return nil, err
	}
	var att struct {
		SessionID string `json:"sessionId"`
	}
	if err := b.Call(ctx, "", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &att); err != nil {
		return nil, err
	}
	p := &Page{b: b, Session: att.SessionID}
	for _, domain := range []string{"Page.enable", "Runtime.enable", "Log.enable"} {
		if err := p.Call(ctx, domain, nil, nil); err != nil {
			return nil, err
		}
	}
	if err := p.Call(ctx, "Page.navigate", map[string]any{"url": url}, nil); err != nil {
		return nil, err
	}
	return p, p.Wait(ctx, `document.readyState === "complete"`)
}

// Call sends a command to the page.
func (p *Page) Call(ctx context.Context, method string, params, result any) error {
	return p.b.Call(ctx, p.Session, method, params, result)
}

// Eval evaluates the JavaScript expression js in the page, awaiting a
// promise, and decodes its value into result (unless nil). A thrown
// exception is an error.
func (p *Page) Eval(ctx context.Context, js string, result any) error {
	var r struct {
		Result struct {
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		Exception *struct {
			Text      string `json:"text"`
			Exception struct {
				Description string `json:"description"`
			} `json:"exception"`
		} `json:"exceptionDetails"`
	}
	err := p.Call(ctx, "Runtime.evaluate", map[string]any{"expression": js, "awaitPromise": true, "returnByValue": true}, &r)
	if err != nil {
		return err
	}
	if r.Exception != nil {
		return fmt.Errorf("%s: %s %s", js, r.Exception.Text, r.Exception.Exception.Description)
	}
	if result != nil && len(r.Result.Value) > 0 {
		return json.Unmarshal(r.Result.Value, result)
	}
	return nil
}

// Wait polls the expression js until it is true.
func (p *Page) Wait(ctx context.Context, js string) error {
	for {
		var ok bool
		if err := p.Eval(ctx, "Boolean("+js+")", &ok); err != nil {
			return err
		}
		if ok {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for %s: %w", js, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// Center returns the centre of the element selector matches, in the
// page's CSS pixels, scrolling it into view first.
func (p *Page) Center(ctx context.Context, selector string) (x, y float64, err error) {
	var r struct{ X, Y float64 }
	js := fmt.Sprintf(`(() => { const e = document.querySelector(%q); e.scrollIntoView({block: "center"});
		const r = e.getBoundingClientRect(); return {X: r.left + r.width / 2, Y: r.top + r.height / 2}; })()`, selector)
	err = p.Eval(ctx, js, &r)
	return r.X, r.Y, err
}

// Mouse sends a mouse event: kind mousePressed, mouseMoved or
// mouseReleased, at (x, y), with the left button.
func (p *Page) Mouse(ctx context.Context, kind string, x, y float64) error {
	params := map[string]any{"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1}
	if kind == "mouseMoved" {
		params["buttons"] = 1
	}
	return p.Call(ctx, "Input.dispatchMouseEvent", params, nil)
}

// keyCodes are the Windows virtual key codes of the keys Key presses.
var keyCodes = map[string]int{"ArrowLeft": 37, "ArrowUp": 38, "ArrowRight": 39, "ArrowDown": 40, " ": 32, "Delete": 46, "Enter": 13, "Tab": 9}

// Key presses and releases key (a KeyboardEvent.key: "ArrowUp", " ",
// "Delete", "Enter", "Tab") in the element that has the focus.
func (p *Page) Key(ctx context.Context, key string) error {
	code, ok := keyCodes[key]
	if !ok {
		return fmt.Errorf("browser: no key code for %q", key)
	}
	name := key
	if key == " " {
		name = "Space"
	}
	for _, kind := range []string{"rawKeyDown", "keyUp"} {
		params := map[string]any{"type": kind, "key": key, "code": name, "windowsVirtualKeyCode": code}
		if err := p.Call(ctx, "Input.dispatchKeyEvent", params, nil); err != nil {
			return err
		}
	}
	return nil
}

// Resize makes the page's viewport width × height CSS pixels, as a phone's
// (mobile) or a desktop's.
func (p *Page) Resize(ctx context.Context, width, height int, mobile bool) error {
	return p.Call(ctx, "Emulation.setDeviceMetricsOverride", map[string]any{"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}, nil)
}

// Click clicks the middle of the element selector matches.
func (p *Page) Click(ctx context.Context, selector string) error {
	x, y, err := p.Center(ctx, selector)
	if err != nil {
		return err
	}
	if err := p.Mouse(ctx, "mousePressed", x, y); err != nil {
		return err
	}
	return p.Mouse(ctx, "mouseReleased", x, y)
}

// Screenshot returns a PNG of the element selector matches.
func (p *Page) Screenshot(ctx context.Context, selector string) ([]byte, error) {
	var box struct{ X, Y, W, H float64 }
	js := fmt.Sprintf(`(() => { const e = document.querySelector(%q); e.scrollIntoView();
		const r = e.getBoundingClientRect(); return {X: r.left + scrollX, Y: r.top + scrollY, W: r.width, H: r.height}; })()`, selector)
	if err := p.Eval(ctx, js, &box); err != nil {
		return nil, err
	}
	var shot struct {
		Data string `json:"data"`
	}
	clip := map[string]any{"x": box.X, "y": box.Y, "width": box.W, "height": box.H, "scale": 1}
	if err := p.Call(ctx, "Page.captureScreenshot", map[string]any{"format": "png", "clip": clip, "captureBeyondViewport": true}, &shot); err != nil {
		return nil, err
	}
	return base64.StdEncoding.DecodeString(shot.Data)
}

// Problems lists what the page reported as wrong in events from index i:
// exceptions thrown, console errors, and the browser's own error entries
// (a resource that failed to load, a missing favicon among them).
func (p *Page) Problems(i int) []string {
	events, _ := p.b.Events(i)
	var out []string
	for _, e := range events {
		if e.Session != p.Session {
			continue
		}
		switch e.Method {
		case "Runtime.exceptionThrown":
			var v struct {
				Details struct {
					Text      string `json:"text"`
					Exception struct {
						Description string `json:"description"`
					} `json:"exception"`
				} `json:"exceptionDetails"`
			}
			json.Unmarshal(e.Params, &v)
			out = append(out, "exception: "+v.Details.Text+" "+v.Details.Exception.Description)
		case "Runtime.consoleAPICalled":
			var v struct {
				Type string `json:"type"`
				Args []struct {
					Value       any    `json:"value"`
					Description string `json:"description"`
				} `json:"args"`
			}
			json.Unmarshal(e.Params, &v)
			if v.Type == "error" || v.Type == "assert" {
				var parts []string
				for _, a := range v.Args {
					parts = append(parts, fmt.Sprint(a.Value, a.Description))
				}
				out = append(out, "console."+v.Type+": "+strings.Join(parts, " "))
			}
		case "Log.entryAdded":
			var v struct {
				Entry struct {
					Level, Text, URL string
				} `json:"entry"`
			}
			json.Unmarshal(e.Params, &v)
			if v.Entry.Level == "error" {
				out = append(out, "log: "+v.Entry.Text+" "+v.Entry.URL)
			}
		}
	}
	return out
}
