// Command portico-image writes Portico's container image as an archive
// (an OCI image layout with Docker's manifest.json) from a static Linux
// binary, without a container engine:
//
//	portico-image -bin bin/portico-linux-amd64 -o bin/portico-image.tar [-tag portico:dev] [-version dev]
//
// Load it with `docker load -i bin/portico-image.tar` or `podman load -i …`.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/portico-apim/portico/server/image"
)

func main() {
	var o image.Options
	var out string
	flag.StringVar(&o.Binary, "bin", "bin/portico-linux-amd64", "static Linux binary to put in the image")
	flag.StringVar(&o.CACerts, "ca-certs", "/etc/ssl/certs/ca-certificates.crt", "PEM bundle of CA certificates")
	flag.StringVar(&o.Version, "version", "dev", "version label")
	flag.StringVar(&o.Tag, "tag", "", "repository:tag in the archive (default portico:<version>)")
	flag.StringVar(&out, "o", "bin/portico-image.tar", "archive to write")
	flag.Parse()
	if o.Tag == "" {
		o.Tag = "portico:" + o.Version
	}
	if err := run(o, out); err != nil {
		fmt.Fprintln(os.Stderr, "portico-image:", err)
		os.Exit(1)
	}
	fmt.Printf("wrote %s (%s): docker load -i %s\n", out, o.Tag, out)
}

func run(o image.Options, out string) error {
	img, err := image.Build(o)
	if err != nil {
		return err
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	if err := image.WriteArchive(f, img, o.Tag); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
