package article

import (
	"encoding/json"
	"testing"
	"time"
)

func TestPublishedJSON(t *testing.T) {
	wib := time.FixedZone("WIB", 7*3600)
	tests := []struct {
		name string
		p    Published
		want string
	}{
		{"unknown", Published{}, `null`},
		{"date", Published{Time: time.Date(2019, 9, 16, 0, 0, 0, 0, time.UTC)}, `"2019-09-16"`},
		{"clock", Published{Time: time.Date(2024, 11, 28, 13, 5, 0, 0, wib), HasClock: true}, `"2024-11-28T13:05:00+07:00"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(tt.p)
			if err != nil || string(b) != tt.want {
				t.Fatalf("Marshal(%v) = %s, %v; want %s", tt.p, b, err, tt.want)
			}
			var back Published
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatal(err)
			}
			if back.String() != tt.p.String() {
				t.Errorf("round trip of %s = %q", tt.want, back.String())
			}
		})
	}
}

func FuzzParsePublished(f *testing.F) {
	f.Add("2019-09-16")
	f.Add("2024-11-28T13:05:00+07:00")
	f.Add("28/11/2024")
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePublished(s)
		if err != nil {
			return
		}
		again, err := ParsePublished(p.String())
		if err != nil || again.String() != p.String() {
			t.Fatalf("ParsePublished(%q) = %q, which re-parses to %q, %v", s, p.String(), again.String(), err)
		}
	})
}
