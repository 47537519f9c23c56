package ner

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// Regenerating the embedded model is a test run so that it needs no extra
// command: go test ./internal/ner -run TestRegenerateModel -ner.train -v
var (
	trainFlag  = flag.Bool("ner.train", false, "retrain the embedded model from the NER data folder and write model/ner.bin.gz")
	epochsFlag = flag.Int("ner.epochs", 0, "epochs for -ner.train (0: default)")
	bitsFlag   = flag.Int("ner.bits", 0, "hash bits for -ner.train (0: default)")
	outFlag    = flag.String("ner.out", "model/ner.bin.gz", "where -ner.train writes the model")
	runsFlag   = flag.Int("ner.runs", 0, "averaged runs for -ner.train (0: default)")
	seedFlag   = flag.Uint64("ner.seed", 0, "training seed for -ner.train (0: default)")
	vocabFlag  = flag.Int("ner.vocab", 0, "clustered words for -ner.train (0: default, -1: all)")
	cluFlag    = flag.String("ner.clusters", "", "comma-separated cluster counts for -ner.train (\"\": default)")
	vecFlag    = flag.String("ner.vec", "", "comma-separated k-means cluster counts of word vectors for -ner.train (\"\": default, \"none\": none)")
	cacheFlag  = flag.String("ner.clustercache", "", "folder where -ner.train keeps learnt clusters between experiments")
	denseFlag  = flag.Float64("ner.dense", -1, "scale of the word-vector features for -ner.train (-1: default, 0: none)")
	dradFlag   = flag.Int("ner.denseradius", 0, "radius of the word-vector features for -ner.train (0: default)")
	dcapFlag   = flag.String("ner.densecaps", "", "capitalisation-specific word-vector weights for -ner.train (\"\": default, true, false)")
	corpusFlag = flag.String("ner.corpus", "", "unlabelled JSON Lines text for the clusters (\"\": default, \"none\": none)")
)

// dataDir returns the NER data folder: $WARTA_NER_DATA, else shared/ beside
// the repository.
func dataDir() string {
	if d := os.Getenv("WARTA_NER_DATA"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "..", "shared", "data", "ner")
}

func TestRegenerateModel(t *testing.T) {
	if !*trainFlag {
		t.Skip("run with -ner.train to retrain the embedded model")
	}
	opts := DefaultTrainOptions()
	if *epochsFlag > 0 {
		opts.Epochs = *epochsFlag
	}
	if *bitsFlag > 0 {
		opts.HashBits = *bitsFlag
	}
	if *runsFlag > 0 {
		opts.Runs = *runsFlag
	}
	if *seedFlag > 0 {
		opts.Seed = *seedFlag
	}
	switch {
	case *vocabFlag > 0:
		opts.ClusterVocab = *vocabFlag
	case *vocabFlag < 0:
		opts.ClusterVocab = 0
	}
	ints := func(name, s string) []int {
		var out []int
		for _, f := range strings.Split(s, ",") {
			k, err := strconv.Atoi(f)
			if err != nil {
				t.Fatalf("-%s: %v", name, err)
			}
			out = append(out, k)
		}
		return out
	}
	if *cluFlag != "" {
		opts.Clusters = ints("ner.clusters", *cluFlag)
	}
	switch *vecFlag {
	case "":
	case "none":
		opts.VecClusters = nil
	default:
		opts.VecClusters = ints("ner.vec", *vecFlag)
	}
	if *denseFlag >= 0 {
		opts.Dense = *denseFlag
	}
	if *dradFlag > 0 {
		opts.DenseRadius = *dradFlag
	}
	if *dcapFlag != "" {
		opts.DenseCaps = *dcapFlag == "true"
	}
	switch *corpusFlag {
	case "":
	case "none":
		opts.ClusterCorpus = ""
	default:
		opts.ClusterCorpus = *corpusFlag
	}
	// Learnt clusters are kept in two files: the exchange levels, and the
	// exchange and k-means levels together.
	cache, cacheAll := "", ""
	if *cacheFlag != "" {
		key := fmt.Sprintf("%v-%d-%x", opts.Clusters, opts.ClusterVocab, hashString(opts.ClusterCorpus))
		cache = filepath.Join(*cacheFlag, "clusters-"+key+".bin")
		cacheAll = filepath.Join(*cacheFlag, fmt.Sprintf("clusters-%s-vec%v-%d.bin", key, opts.VecClusters, vecDims))
		for _, p := range []string{cacheAll, cache} {
			if len(opts.VecClusters) == 0 && p == cacheAll {
				continue
			}
			if f, err := os.Open(p); err == nil {
				opts.learnt, err = readClusters(bufio.NewReader(f))
				f.Close()
				if err != nil {
					t.Fatal(err)
				}
				t.Logf("clusters from %s", p)
				break
			}
		}
	}
	cacheDense := ""
	if *cacheFlag != "" && opts.Dense > 0 {
		key := fmt.Sprintf("%d-%x", opts.ClusterVocab, hashString(opts.ClusterCorpus))
		cacheDense = filepath.Join(*cacheFlag, fmt.Sprintf("dense-%s-%d.bin", key, vecDims))
		if f, err := os.Open(cacheDense); err == nil {
			opts.learntDense, err = readDenseVecs(bufio.NewReader(f))
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("word vectors from %s", cacheDense)
		}
	}
	m, rep, err := TrainFromDir(context.Background(), dataDir(), opts, t.Logf)
	if err != nil {
		t.Fatalf("TrainFromDir: %v", err)
	}
	if cacheDense != "" && opts.learntDense == nil {
		var buf bytes.Buffer
		if err := m.clusters.dense.write(&buf); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(cacheDense, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if cache != "" {
		write := func(path string, c *clusters) {
			if _, err := os.Stat(path); err == nil {
				return
			}
			hashes, ids, sizes := c.flat()
			var buf bytes.Buffer
			for _, p := range []any{uint8(len(sizes)), sizes, uint32(len(hashes)), hashes, ids} {
				if err := binary.Write(&buf, binary.LittleEndian, p); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		ex, _ := m.clusters.levels()
		exOnly := &clusters{sizes: m.clusters.sizes[:ex], ids: map[uint64][maxClusterLevels]uint16{}}
		for h, v := range m.clusters.ids {
			var w [maxClusterLevels]uint16
			copy(w[:ex], v[:ex])
			if w != ([maxClusterLevels]uint16{}) {
				exOnly.ids[h] = w
			}
		}
		write(cache, exOnly)
		if m.clusters.vec > 0 {
			write(cacheAll, m.clusters)
		}
	}
	t.Logf("\n%s", rep)
	f, err := os.Create(*outFlag)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Save(f); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

var gazFlag = flag.Bool("ner.gazetteer", false, "rebuild gazetteer/regions.txt and gazetteer/villages.txt from shared/data/gazetteer/indonesia_admin")

// TestRegenerateRegions rebuilds the Indonesian region lists from the BPS
// administrative codes (shared/data/gazetteer/indonesia_admin, ODbL 1.0):
// go test ./internal/ner -run TestRegenerateRegions -ner.gazetteer
func TestRegenerateRegions(t *testing.T) {
	if !*gazFlag {
		t.Skip("run with -ner.gazetteer to rebuild the region lists")
	}
	dir := os.Getenv("WARTA_GAZETTEER_DATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "data", "gazetteer")
	}
	names := func(file string, col int) []string {
		b, err := os.ReadFile(filepath.Join(dir, "indonesia_admin", file))
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, line := range strings.Split(string(b), "\n") {
			f := strings.Split(strings.TrimSpace(line), ",")
			if len(f) <= col {
				continue
			}
			out = append(out, regionName(f[col]))
		}
		return out
	}
	seen := map[string]bool{}
	write := func(path, header string, lists ...[]string) {
		var set []string
		for _, l := range lists {
			for _, n := range l {
				if n != "" && !seen[n] {
					seen[n] = true
					set = append(set, n)
				}
			}
		}
		sort.Strings(set)
		body := header + strings.Join(set, "\n") + "\n"
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d names", path, len(set))
	}
	const src = "# Badan Pusat Statistik administrative codes (Jan 2018) via edwardsamuel/Wilayah-Administratif-Indonesia,\n" +
		"# ODbL 1.0 (shared/data/gazetteer/indonesia_admin); extracted for warta by TestRegenerateRegions.\n"
	write("gazetteer/regions.txt", "# Names of Indonesia's provinces, regencies/cities (without Kabupaten/Kota) and districts.\n"+src,
		names("provinces.csv", 1), names("regencies.csv", 2), names("districts.csv", 2))
	write("gazetteer/villages.txt", "# Names of Indonesia's villages (desa/kelurahan) not already in regions.txt.\n"+src,
		names("villages.csv", 2))
}

// regionName title-cases a BPS name and drops a Kabupaten/Kota prefix; it
// returns "" for names with characters other than letters, spaces, hyphens,
// dots and apostrophes (codes and notes such as "(SP6)").
func regionName(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	for _, r := range s {
		if !unicode.IsLetter(r) && !strings.ContainsRune(" -.'", r) {
			return ""
		}
	}
	for _, p := range []string{"KABUPATEN ", "KOTA ADMINISTRASI ", "KOTA "} {
		s = strings.TrimPrefix(s, p)
	}
	words := strings.Fields(strings.ToLower(s))
	for i, w := range words {
		r := []rune(w)
		r[0] = unicode.ToUpper(r[0])
		words[i] = string(r)
	}
	return strings.Join(words, " ")
}
