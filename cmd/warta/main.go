// Command warta turns news about international relations into a structured,
// source-linked record. See the README and `warta help`.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/warta-dev/warta/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
