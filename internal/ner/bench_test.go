package ner

import (
	"strings"
	"testing"
)

// benchSentences are news-like sentences written for the benchmark, 18
// tokens on average.
func benchSentences() [][]string {
	raw := []string{
		"Presiden Joko Widodo bertemu Perdana Menteri Malaysia di Kuala Lumpur , Senin ( 12/6 ) .",
		"Menteri Luar Negeri Retno Marsudi mengatakan Indonesia mendukung resolusi PBB tentang Palestina .",
		"Bank Indonesia menahan suku bunga acuan di level 5,75 persen untuk menjaga stabilitas rupiah .",
		"Ribuan warga Gaza mengungsi ke selatan setelah serangan udara Israel menghancurkan rumah mereka .",
		"Kepala BNPB Suharyanto meninjau lokasi banjir di Kabupaten Bekasi , Jawa Barat , pada Kamis .",
		"Harga beras di pasar tradisional naik dua kali lipat dalam sebulan terakhir , kata pedagang .",
	}
	out := make([][]string, len(raw))
	for i, s := range raw {
		out[i] = strings.Fields(s)
	}
	return out
}

func BenchmarkTag(b *testing.B) {
	m := testModel(b)
	sents := benchSentences()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.Tag(sents[i%len(sents)])
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "sentences/s")
}

func BenchmarkDefault(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := Default(); err != nil {
			b.Fatal(err)
		}
	}
}
