// Command stripe-testmode runs Stripe's stripe-mock behind the test-mode
// overlay of package stripetest, for the browser end-to-end tests: it prints
// the overlay's address on its first line and serves until it is stopped.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"syscall"

	"github.com/portico-apim/portico/server/payments/stripetest"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "where the overlay listens")
	flag.Parse()
	bin, err := stripetest.Binary()
	if err != nil {
		log.Fatal(err)
	}
	s, stop, err := stripetest.Run(bin, *addr)
	if err != nil {
		log.Fatal(err)
	}
	defer stop()
	fmt.Println(s.URL)
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	<-sig
}
