package image_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"debug/elf"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/portico-apim/portico/server/image"
)

// readTar returns an archive's regular files by name.
func readTar(t *testing.T, r io.Reader) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return files
		}
		if err != nil {
			t.Fatal(err)
		}
		if h.Typeflag == tar.TypeReg {
			b, err := io.ReadAll(tr)
			if err != nil {
				t.Fatal(err)
			}
			files[h.Name] = b
		}
	}
}

// TestArchiveRunsPortico builds the static binary, writes the image
// archive, reads its index, manifest and config back (checking every blob's
// digest), then runs the binary unpacked from the layer until /healthz
// answers.
func TestArchiveRunsPortico(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the server binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "portico-linux")
	// CGO off, as the Makefile builds everything, so that this build
	// shares the test run's build cache.
	build := exec.Command("go", "build", "-o", bin, "github.com/portico-apim/portico/server/cmd/portico")
	build.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH=amd64")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	img, err := image.Build(image.Options{Binary: bin, CACerts: "/etc/ssl/certs/ca-certificates.crt", Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	var archive bytes.Buffer
	if err := image.WriteArchive(&archive, img, "portico:test"); err != nil {
		t.Fatal(err)
	}
	files := readTar(t, &archive)
	for name, b := range files {
		if hexDigest, ok := strings.CutPrefix(name, "blobs/sha256/"); ok {
			if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != hexDigest {
				t.Errorf("blob %s has digest %x", name, sum)
			}
		}
	}
	blob := func(digest string) []byte {
		t.Helper()
		b, ok := files["blobs/sha256/"+strings.TrimPrefix(digest, "sha256:")]
		if !ok {
			t.Fatalf("no blob %s in the archive", digest)
		}
		return b
	}
	if string(files["oci-layout"]) != `{"imageLayoutVersion":"1.0.0"}` {
		t.Errorf("oci-layout: %q", files["oci-layout"])
	}
	var index struct {
		Manifests []struct {
			MediaType, Digest string
			Annotations       map[string]string
		}
	}
	if err := json.Unmarshal(files["index.json"], &index); err != nil || len(index.Manifests) != 1 {
		t.Fatalf("index.json: %v %s", err, files["index.json"])
	}
	if m := index.Manifests[0]; m.MediaType != "application/vnd.oci.image.manifest.v1+json" || m.Annotations["org.opencontainers.image.ref.name"] != "portico:test" {
		t.Errorf("index entry %+v", m)
	}
	var manifest struct {
		Config struct{ MediaType, Digest string }
		Layers []struct{ MediaType, Digest string }
	}
	if err := json.Unmarshal(blob(index.Manifests[0].Digest), &manifest); err != nil {
		t.Fatal(err)
	}
	if manifest.Config.MediaType != "application/vnd.oci.image.config.v1+json" || len(manifest.Layers) != 1 ||
		manifest.Layers[0].MediaType != "application/vnd.oci.image.layer.v1.tar+gzip" {
		t.Fatalf("manifest %+v", manifest)
	}
	var config struct {
		Architecture, OS string
		Config           struct {
			Entrypoint   []string
			User         string
			ExposedPorts map[string]struct{}
			Volumes      map[string]struct{}
			Env          []string
			Labels       map[string]string
		}
	}
	if err := json.Unmarshal(blob(manifest.Config.Digest), &config); err != nil {
		t.Fatal(err)
	}
	c := config.Config
	if config.OS != "linux" || len(c.Entrypoint) != 1 || c.Entrypoint[0] != "/portico" || c.User != "65532:65532" {
		t.Errorf("config: os %s, entrypoint %v, user %q", config.OS, c.Entrypoint, c.User)
	}
	if _, ok := c.ExposedPorts["8080/tcp"]; !ok {
		t.Errorf("exposed ports %v", c.ExposedPorts)
	}
	if _, ok := c.Volumes["/data"]; !ok || c.Labels["org.opencontainers.image.version"] != "test" {
		t.Errorf("volumes %v, labels %v", c.Volumes, c.Labels)
	}
	var docker []struct {
		Config   string
		RepoTags []string
		Layers   []string
	}
	if err := json.Unmarshal(files["manifest.json"], &docker); err != nil || len(docker) != 1 || docker[0].RepoTags[0] != "portico:test" {
		t.Fatalf("manifest.json: %v %s", err, files["manifest.json"])
	}

	// The layer: the binary (static), certificates, passwd, /data.
	zr, err := gzip.NewReader(bytes.NewReader(blob(manifest.Layers[0].Digest)))
	if err != nil {
		t.Fatal(err)
	}
	root := readTar(t, zr)
	for _, name := range []string{"portico", "etc/ssl/certs/ca-certificates.crt", "etc/passwd"} {
		if len(root[name]) == 0 {
			t.Fatalf("the layer has no %s", name)
		}
	}
	if !strings.Contains(string(root["etc/passwd"]), ":65532:65532:") {
		t.Errorf("etc/passwd: %s", root["etc/passwd"])
	}
	unpacked := filepath.Join(dir, "unpacked-portico")
	if err := os.WriteFile(unpacked, root["portico"], 0o755); err != nil {
		t.Fatal(err)
	}
	ef, err := elf.Open(unpacked)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ef.Progs {
		if p.Type == elf.PT_INTERP {
			t.Error("the binary in the image is dynamically linked: FROM scratch has no loader")
		}
	}
	ef.Close()

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(unpacked)
	cmd.Env = []string{"PORTICO_DATA_DIR=" + filepath.Join(dir, "data"), "PORTICO_ADDR=" + addr, "PORTICO_LOG_LEVEL=warn"}
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
	}()
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(fmt.Sprintf("http://%s/healthz", addr))
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("/healthz never answered 200 (%v); server output:\n%s", err, &logs)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
