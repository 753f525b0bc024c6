package nn

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"unicode/utf8"
)

// tensorInfo is one entry of a safetensors header.
type tensorInfo struct {
	name        string
	dtype       string
	shape       []int64
	dataOffsets [2]int64
}

// parseHeader parses a safetensors header as the format's reference
// implementation does, and more strictly where Go's encoding/json would be
// lenient: head must be valid UTF-8 and start with '{'; it is one JSON
// object (followed only by white space) whose keys are unique, and whose
// values are, for "__metadata__", an object of strings or null and, for
// every other key (a tensor's name), an object with exactly the fields
// "dtype" (a string), "shape" (an array of integers ≥ 0) and "data_offsets"
// (an array of two integers ≥ 0), named in lower case, each once. The
// tensors are returned in the order of the header; offsets are checked by
// the caller.
func parseHeader(head []byte) ([]tensorInfo, error) {
	if !utf8.Valid(head) {
		i := 0
		for i < len(head) {
			r, size := utf8.DecodeRune(head[i:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			i += size
		}
		return nil, fmt.Errorf("header is not valid UTF-8 (byte %d)", i)
	}
	if len(head) == 0 || head[0] != '{' {
		return nil, errors.New("header does not start with '{'")
	}
	p := headerParser{dec: json.NewDecoder(bytes.NewReader(head))}
	p.dec.UseNumber()
	var tensors []tensorInfo
	seen := map[string]bool{}
	err := p.object("header", func(name string) error {
		if seen[name] {
			return fmt.Errorf("key %q appears twice", name)
		}
		seen[name] = true
		if name == "__metadata__" {
			return p.metadata()
		}
		info, err := p.tensor(name)
		if err != nil {
			return fmt.Errorf("tensor %q: %w", name, err)
		}
		tensors = append(tensors, info)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("header: %w", err)
	}
	if tok, err := p.dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("header: %v after the object", describe(tok, err))
	}
	return tensors, nil
}

// headerParser reads a header token by token.
type headerParser struct{ dec *json.Decoder }

// token returns the next token; a syntax error or the end of the header is
// an error.
func (p *headerParser) token() (json.Token, error) {
	tok, err := p.dec.Token()
	if err == io.EOF {
		return nil, io.ErrUnexpectedEOF
	}
	return tok, err
}

// delim reads the delimiter want (one of "{[]}"), or returns an error naming
// what of found instead.
func (p *headerParser) delim(of string, want json.Delim) error {
	tok, err := p.token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		kind := map[json.Delim]string{'{': "an object", '[': "an array"}[want]
		return fmt.Errorf("%s is %s, want %s", of, describe(tok, nil), kind)
	}
	return nil
}

// object reads an object, calling field for each key with the decoder
// before its value; field must read the value.
func (p *headerParser) object(of string, field func(key string) error) error {
	if err := p.delim(of, '{'); err != nil {
		return err
	}
	for p.dec.More() {
		tok, err := p.token()
		if err != nil {
			return err
		}
		if err := field(tok.(string)); err != nil { // More and Token guarantee a key
			return err
		}
	}
	return p.delim(of, '}')
}

// metadata reads the value of "__metadata__": null or an object of strings.
func (p *headerParser) metadata() error {
	var raw json.RawMessage
	if err := p.dec.Decode(&raw); err != nil {
		return fmt.Errorf("__metadata__: %w", err)
	}
	if string(raw) == "null" { // the one value other than an object allowed
		return nil
	}
	sub := headerParser{dec: json.NewDecoder(bytes.NewReader(raw))}
	sub.dec.UseNumber()
	return sub.object("__metadata__", func(key string) error {
		tok, err := sub.token()
		if err != nil {
			return err
		}
		if _, ok := tok.(string); !ok {
			return fmt.Errorf("__metadata__: value of %q is %s, want a string", key, describe(tok, nil))
		}
		return nil
	})
}

// tensor reads the object describing one tensor.
func (p *headerParser) tensor(name string) (tensorInfo, error) {
	info := tensorInfo{name: name}
	var have [3]bool
	fields := [3]string{"dtype", "shape", "data_offsets"}
	err := p.object("its entry", func(key string) error {
		i := 0
		for i < len(fields) && fields[i] != key {
			i++
		}
		if i == len(fields) {
			return fmt.Errorf("unknown field %q (the fields are dtype, shape and data_offsets)", key)
		}
		if have[i] {
			return fmt.Errorf("field %q appears twice", key)
		}
		have[i] = true
		switch i {
		case 0:
			tok, err := p.token()
			if err != nil {
				return err
			}
			s, ok := tok.(string)
			if !ok {
				return fmt.Errorf("dtype is %s, want a string", describe(tok, nil))
			}
			info.dtype = s
		case 1:
			shape, err := p.ints("shape")
			info.shape = shape
			return err
		case 2:
			offsets, err := p.ints("data_offsets")
			if err != nil {
				return err
			}
			if len(offsets) != 2 {
				return fmt.Errorf("data_offsets has %d numbers, want 2", len(offsets))
			}
			info.dataOffsets = [2]int64(offsets)
		}
		return nil
	})
	if err != nil {
		return info, err
	}
	for i, ok := range have {
		if !ok {
			return info, fmt.Errorf("no field %q", fields[i])
		}
	}
	return info, nil
}

// ints reads an array of integers from 0 to MaxInt64, the value of the
// field of.
func (p *headerParser) ints(of string) ([]int64, error) {
	if err := p.delim(of, '['); err != nil {
		return nil, err
	}
	v := []int64{}
	for p.dec.More() {
		tok, err := p.token()
		if err != nil {
			return nil, err
		}
		num, ok := tok.(json.Number)
		if !ok {
			return nil, fmt.Errorf("%s holds %s, want integers", of, describe(tok, nil))
		}
		n, err := strconv.ParseInt(string(num), 10, 64)
		if err != nil || n < 0 {
			return nil, fmt.Errorf("%s holds %s, want integers from 0 to %d", of, num, int64(math.MaxInt64))
		}
		v = append(v, n)
	}
	return v, p.delim(of, ']')
}

// describe names a JSON token for an error message.
func describe(tok json.Token, err error) string {
	switch t := tok.(type) {
	case nil:
		if err != nil {
			return err.Error()
		}
		return "null"
	case json.Delim:
		return map[json.Delim]string{'{': "an object", '[': "an array", '}': "'}'", ']': "']'"}[t]
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case json.Number:
		return "the number " + t.String()
	}
	return fmt.Sprint(tok)
}
