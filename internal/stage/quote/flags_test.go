package quote

import "flag"

var (
	update   = flag.Bool("update", false, "rewrite the golden files in testdata/")
	dumpFlag = flag.Bool("dump", false, "write the quotes of the dev set to $TMPDIR/warta_dev_quotes.txt")
)
