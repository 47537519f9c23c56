package postgres

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/warta-dev/warta/internal/article"
	"github.com/warta-dev/warta/internal/store/storetest"
)

// benchWords is the vocabulary of the benchmark's synthetic articles, the
// same as the SQLite store's benchmark, so that the two rates compare.
const benchWords = `presiden menteri luar negeri rusia kazakhstan indonesia amerika serikat china
jepang korea selatan utara india pakistan iran turki mesir arab saudi uni eropa nato asean
kerja sama bilateral perdagangan investasi energi nuklir minyak gas batu bara listrik pangan
gandum beras pupuk harga inflasi ekonomi pertumbuhan resesi bank sentral suku bunga dolar
rupiah rubel yuan euro ekspor impor tarif sanksi embargo perang damai gencatan senjata
pasukan militer latihan gabungan kapal perang pesawat tempur rudal drone serangan pertahanan
keamanan perbatasan wilayah kedaulatan laut natuna selat malaka pelabuhan bandara kereta cepat
jalan tol proyek infrastruktur pembangunan pabrik tambang nikel smelter baterai kendaraan
listrik teknologi digital satelit peluncuran luar angkasa kesehatan vaksin pandemi rumah sakit
pendidikan beasiswa mahasiswa universitas budaya pariwisata wisatawan visa imigrasi pekerja
migran diaspora kedutaan duta besar konsulat kunjungan kenegaraan pertemuan puncak konferensi
tingkat tinggi perjanjian nota kesepahaman penandatanganan kesepakatan negosiasi perundingan
mengatakan menyatakan menegaskan menyampaikan mengumumkan membantah menolak mendukung mengecam
memperingatkan mengancam menawarkan menyambut baik berharap sepakat siap akan telah sedang belum
tidak dalam dari untuk dengan pada oleh kepada tentang antara setelah sebelum ketika karena
sehingga namun tetapi juga yang ini itu tersebut para seluruh beberapa banyak sejumlah`

// benchArticle builds a realistic record: about 2 KB of text drawn from a
// vocabulary of a few hundred words, so that the full-text index does the
// work a real article gives it, published on a day of 2024.
func benchArticle(i int) *article.Article {
	words := strings.Fields(benchWords)
	rng := rand.New(rand.NewPCG(uint64(i), 42))
	var b strings.Builder
	fmt.Fprintf(&b, "Artikel sintetis nomor %d.", i)
	for b.Len() < 2048 {
		b.WriteByte(' ')
		b.WriteString(words[rng.IntN(len(words))])
		if rng.IntN(12) == 0 {
			fmt.Fprintf(&b, " %d.", rng.IntN(100000))
		}
	}
	return storetest.Full(b.String(), article.Published{Time: time.Date(2024, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC)})
}

// BenchmarkPut stores batches of 256 articles, as the SQLite store's
// benchmark does, and reports articles/s.
func BenchmarkPut(b *testing.B) {
	const batchSize = 256
	ctx := context.Background()
	db, err := Open(ctx, testDSN(b), nil)
	if err != nil {
		b.Fatalf("Open() error: %v", err)
	}
	b.Cleanup(func() { _ = db.Close() })

	b.ResetTimer()
	for i := range b.N {
		// Building the articles is not the store's cost.
		b.StopTimer()
		batch := make([]*article.Article, batchSize)
		for j := range batch {
			batch[j] = benchArticle(i*batchSize + j)
		}
		b.StartTimer()
		res, err := db.Put(ctx, batch)
		if err != nil {
			b.Fatalf("Put() error: %v", err)
		}
		if res.Stored != batchSize {
			b.Fatalf("Put() = %+v, want %d stored", res, batchSize)
		}
	}
	b.ReportMetric(float64(b.N*batchSize)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkPutWriters stores batches of 256 articles from 1, 2 and 3
// goroutines at once, as that many ingest workers would, and reports the
// total articles/s.
func BenchmarkPutWriters(b *testing.B) {
	const batchSize = 256
	for _, writers := range []int{1, 2, 3} {
		b.Run(fmt.Sprintf("writers=%d", writers), func(b *testing.B) {
			ctx := context.Background()
			db, err := Open(ctx, testDSN(b), nil)
			if err != nil {
				b.Fatalf("Open() error: %v", err)
			}
			b.Cleanup(func() { _ = db.Close() })
			// Every writer gets b.N batches of its own, built beforehand.
			batches := make([][][]*article.Article, writers)
			for w := range batches {
				batches[w] = make([][]*article.Article, b.N)
				for i := range b.N {
					batch := make([]*article.Article, batchSize)
					for j := range batch {
						batch[j] = benchArticle(((w*b.N)+i)*batchSize + j)
					}
					batches[w][i] = batch
				}
			}
			b.ResetTimer()
			var wg sync.WaitGroup
			for w := range writers {
				wg.Go(func() {
					for _, batch := range batches[w] {
						if _, err := db.Put(ctx, batch); err != nil {
							b.Errorf("Put() error: %v", err)
							return
						}
					}
				})
			}
			wg.Wait()
			b.ReportMetric(float64(writers*b.N*batchSize)/b.Elapsed().Seconds(), "articles/s")
		})
	}
}
