package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/warta-dev/warta/internal/queue"
	"github.com/warta-dev/warta/internal/queue/qtest"
)

// runCLI runs warta with args and returns its exit code and output.
func runCLI(args ...string) (code int, stdout, stderr string) {
	var so, se bytes.Buffer
	code = Run(context.Background(), args, &so, &se)
	return code, so.String(), se.String()
}

// TestQueueCommands drives warta ingest --queue, warta queue and warta
// queue retry against a PostgreSQL database. (warta worker's work is
// tested in internal/queue.)
func TestQueueCommands(t *testing.T) {
	server := qtest.Start()
	t.Cleanup(server.Stop)
	db := server.Database(t)

	dir := t.TempDir()
	var lines strings.Builder
	for i := range 25 {
		fmt.Fprintf(&lines, `{"title": "Berita %d", "text": "Menteri luar negeri menerima delegasi nomor %d di Jakarta."}`+"\n", i, i)
	}
	jsonl := filepath.Join(dir, "berita.jsonl")
	if err := os.WriteFile(jsonl, []byte(lines.String()), 0o644); err != nil {
		t.Fatal(err)
	}

	code, out, errOut := runCLI("ingest", "--db", db, "--queue", "--slice-lines", "10", jsonl, filepath.Join(dir, "hilang.txt"))
	if code != 1 || out != "" || !strings.Contains(errOut, "queued 3 units, 0 already queued") ||
		!strings.Contains(errOut, "hilang.txt: no such file") {
		t.Errorf("warta ingest --queue = exit %d, stdout %q, stderr:\n%s\nwant exit 1, 3 units and the missing file", code, out, errOut)
	}
	code, _, errOut = runCLI("ingest", "--db", db, "--queue", "--slice-lines", "10", jsonl)
	if code != 0 || !strings.Contains(errOut, "queued 0 units, 3 already queued") {
		t.Errorf("warta ingest --queue again = exit %d, stderr:\n%s\nwant 0 new units", code, errOut)
	}
	if code, _, errOut = runCLI("ingest", "--db", filepath.Join(dir, "w.db"), "--queue", jsonl); code != 2 {
		t.Errorf("warta ingest --queue on SQLite = exit %d (%s), want 2", code, errOut)
	}

	// One unit fails for good, as a worker would record it.
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var failedID int64
	err = conn.QueryRow(ctx, `UPDATE river_job SET state = 'discarded', attempt = 8, finalized_at = now(),
		errors = ARRAY[jsonb_build_object('at', now(), 'attempt', 8, 'error', 'store 10 articles: connection refused', 'trace', '')]
		WHERE id = (SELECT min(id) FROM river_job) RETURNING id`).Scan(&failedID)
	if err != nil {
		t.Fatal(err)
	}

	code, out, errOut = runCLI("queue", "--db", db)
	if code != 0 {
		t.Fatalf("warta queue = exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"units: 2 pending, 0 running, 0 retrying, 1 failed, 0 done",
		fmt.Sprintf("%d failed 8/8 lines %s:1-10 store 10 articles", failedID, jsonl),
		"attempt 1: store 10 articles: connection refused",
		"pending 0/8 lines " + jsonl + ":21-25",
	} {
		// The table's columns are padded: compare words.
		if !strings.Contains(strings.Join(strings.Fields(out), " "), want) {
			t.Errorf("warta queue printed:\n%s\nwant it to contain %q", out, want)
		}
	}

	code, out, _ = runCLI("queue", "--db", db, "--json", "--state", "failed")
	var got queueJSON
	if err := json.Unmarshal([]byte(out), &got); code != 0 || err != nil {
		t.Fatalf("warta queue --json = exit %d, %v:\n%s", code, err, out)
	}
	if got.Counts.Failed != 1 || len(got.Units) != 1 || got.Units[0].ID != failedID || got.Units[0].State != queue.StateFailed {
		t.Errorf("warta queue --json --state failed = %+v, want the failed unit", got)
	}
	if code, _, _ = runCLI("queue", "--db", db, "--state", "lost"); code != 2 {
		t.Errorf("warta queue --state lost = exit %d, want 2", code)
	}

	code, _, errOut = runCLI("queue", "retry", "--db", db, "--failed")
	if code != 0 || !strings.Contains(errOut, "queued 1 failed units again") {
		t.Errorf("warta queue retry --failed = exit %d: %s", code, errOut)
	}
	code, out, _ = runCLI("queue", "--db", db, "--json")
	if err := json.Unmarshal([]byte(out), &got); code != 0 || err != nil || got.Counts.Pending != 3 {
		t.Errorf("after retry: warta queue --json = exit %d, %v, counts %+v; want 3 pending", code, err, got.Counts)
	}
	if code, _, _ = runCLI("queue", "retry", "--db", db, "999999"); code != 1 {
		t.Errorf("warta queue retry 999999 = exit %d, want 1", code)
	}
}
