package fact

import "flag"

// dumpFlag is -dump; -update comes from package golden.
var dumpFlag = flag.Bool("dump", false, "write the facts of the dev set to $TMPDIR/warta_dev_facts.txt")
