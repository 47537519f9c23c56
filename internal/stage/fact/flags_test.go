package fact

import "flag"

var (
	update   = flag.Bool("update", false, "rewrite the golden files in testdata/")
	dumpFlag = flag.Bool("dump", false, "write the facts of the dev set to $TMPDIR/warta_dev_facts.txt")
)
