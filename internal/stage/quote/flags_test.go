package quote

import "flag"

// dumpFlag is -dump; -update comes from package golden.
var dumpFlag = flag.Bool("dump", false, "write the quotes of the dev set to $TMPDIR/warta_dev_quotes.txt")
