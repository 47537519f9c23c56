package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/warta-dev/warta/internal/article"
	"github.com/warta-dev/warta/internal/store"
)

// benchWords is the vocabulary of the benchmarks' synthetic articles, the
// same for every backend, so that their rates compare.
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

// BenchArticle builds the i-th realistic record of a benchmark: about 2 KB
// of text drawn from a vocabulary of a few hundred words, so that the
// full-text index does the work a real article gives it, published on a day
// of 2024. The same i gives the same article.
func BenchArticle(i int) *article.Article {
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
	return Full(b.String(), article.Published{Time: time.Date(2024, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC)})
}

// BenchBatch is the number of articles a benchmark stores per Put.
const BenchBatch = 256

// BenchPut stores batches of BenchBatch articles in the empty store open
// returns, and reports articles/s. open must arrange (with b.Cleanup) for
// the store to be closed.
func BenchPut(b *testing.B, open func(b *testing.B) store.Store) {
	ctx := context.Background()
	db := open(b)

	b.ResetTimer()
	for i := range b.N {
		// Building the articles is not the store's cost.
		b.StopTimer()
		batch := make([]*article.Article, BenchBatch)
		for j := range batch {
			batch[j] = BenchArticle(i*BenchBatch + j)
		}
		b.StartTimer()
		res, err := db.Put(ctx, batch)
		if err != nil {
			b.Fatalf("Put() error: %v", err)
		}
		if res.Stored != BenchBatch {
			b.Fatalf("Put() = %+v, want %d stored", res, BenchBatch)
		}
	}
	b.ReportMetric(float64(b.N*BenchBatch)/b.Elapsed().Seconds(), "articles/s")
}
