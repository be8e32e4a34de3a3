// Package image writes Portico's container image as an archive without a
// container engine or a base image: one layer holding the static binary,
// CA certificates, a passwd entry for a non-root user and the data
// directory, on an empty image. The archive is an OCI image layout that
// also carries Docker's manifest.json, so both `docker load` and `podman
// load` take it.
package image

import (
	"archive/tar"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// UID is the user the image runs as (and owns the data directory).
const UID = 65532

// Port is the port the image listens on.
const Port = 8080

// Options describe one image.
type Options struct {
	Binary  string // path of the static linux binary
	CACerts string // path of a PEM bundle of CA certificates
	Version string
	Tag     string // repository:tag written into the archive, e.g. portico:1.2.0
	// Created stamps the image; zero keeps the epoch so builds repeat.
	Created time.Time
}

// Build returns the image.
func Build(o Options) (v1.Image, error) {
	if o.Binary == "" || o.CACerts == "" {
		return nil, errors.New("image: the binary and the CA certificates are required")
	}
	bin, err := os.ReadFile(o.Binary)
	if err != nil {
		return nil, fmt.Errorf("image: %w", err)
	}
	if !bytes.HasPrefix(bin, []byte("\x7fELF")) {
		return nil, fmt.Errorf("image: %s is not a Linux executable", o.Binary)
	}
	certs, err := os.ReadFile(o.CACerts)
	if err != nil {
		return nil, fmt.Errorf("image: %w", err)
	}
	layerTar, err := rootfs(bin, certs)
	if err != nil {
		return nil, err
	}
	layer, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(layerTar)), nil
	}, tarball.WithMediaType(types.OCILayer))
	if err != nil {
		return nil, fmt.Errorf("image: layer: %w", err)
	}
	img := mutate.MediaType(empty.Image, types.OCIManifestSchema1)
	img = mutate.ConfigMediaType(img, types.OCIConfigJSON)
	img, err = mutate.Append(img, mutate.Addendum{Layer: layer, History: v1.History{
		CreatedBy: "portico image: static binary, CA certificates, user " + fmt.Sprint(UID) + ", /data", Created: v1.Time{Time: o.Created},
	}})
	if err != nil {
		return nil, fmt.Errorf("image: %w", err)
	}
	cf, err := img.ConfigFile()
	if err != nil {
		return nil, fmt.Errorf("image: %w", err)
	}
	cf = cf.DeepCopy()
	cf.Architecture, cf.OS = "amd64", "linux"
	cf.Created = v1.Time{Time: o.Created}
	cf.Config = v1.Config{
		Entrypoint:   []string{"/portico"},
		User:         fmt.Sprintf("%d:%d", UID, UID),
		WorkingDir:   "/data",
		ExposedPorts: map[string]struct{}{fmt.Sprintf("%d/tcp", Port): {}},
		Volumes:      map[string]struct{}{"/data": {}},
		Env: []string{
			"PORTICO_DATA_DIR=/data", fmt.Sprintf("PORTICO_ADDR=:%d", Port),
			"SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt",
		},
		Labels: map[string]string{
			"org.opencontainers.image.title":       "Portico",
			"org.opencontainers.image.description": "API management: the 3scale-compatible control plane and Service Management API",
			"org.opencontainers.image.version":     o.Version,
			"org.opencontainers.image.licenses":    "Apache-2.0",
		},
		StopSignal: "SIGTERM",
	}
	img, err = mutate.ConfigFile(img, cf)
	if err != nil {
		return nil, fmt.Errorf("image: %w", err)
	}
	return img, nil
}

// rootfs is the image's one layer.
func rootfs(bin, certs []byte) ([]byte, error) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	epoch := time.Unix(0, 0)
	dir := func(name string, uid int, mode int64) error {
		return tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: name + "/", Mode: mode, Uid: uid, Gid: uid, ModTime: epoch})
	}
	file := func(name string, mode int64, b []byte) error {
		if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: name, Mode: mode, Size: int64(len(b)), ModTime: epoch}); err != nil {
			return err
		}
		_, err := tw.Write(b)
		return err
	}
	passwd := fmt.Sprintf("root:x:0:0:root:/root:/sbin/nologin\nportico:x:%d:%d:portico:/data:/sbin/nologin\n", UID, UID)
	group := fmt.Sprintf("root:x:0:\nportico:x:%d:\n", UID)
	err := errors.Join(
		dir("etc", 0, 0o755), dir("etc/ssl", 0, 0o755), dir("etc/ssl/certs", 0, 0o755),
		file("etc/ssl/certs/ca-certificates.crt", 0o644, certs),
		file("etc/passwd", 0o644, []byte(passwd)), file("etc/group", 0o644, []byte(group)),
		dir("tmp", 0, 0o1777), dir("data", UID, 0o700),
		file("portico", 0o755, bin),
		tw.Close(),
	)
	if err != nil {
		return nil, fmt.Errorf("image: layer: %w", err)
	}
	return buf.Bytes(), nil
}

// WriteArchive writes img as an OCI image layout in a tar archive, with
// Docker's manifest.json beside index.json.
func WriteArchive(w io.Writer, img v1.Image, tag string) error {
	manifest, err := img.RawManifest()
	if err != nil {
		return err
	}
	mdigest, err := img.Digest()
	if err != nil {
		return err
	}
	config, err := img.RawConfigFile()
	if err != nil {
		return err
	}
	cdigest, err := img.ConfigName()
	if err != nil {
		return err
	}
	layers, err := img.Layers()
	if err != nil {
		return err
	}
	tw := tar.NewWriter(w)
	epoch := time.Unix(0, 0)
	put := func(name string, b []byte) error {
		if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: name, Mode: 0o644, Size: int64(len(b)), ModTime: epoch}); err != nil {
			return err
		}
		_, err := tw.Write(b)
		return err
	}
	blob := func(h v1.Hash) string { return path.Join("blobs", h.Algorithm, h.Hex) }
	if err := errors.Join(
		tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: "blobs/", Mode: 0o755, ModTime: epoch}),
		tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: "blobs/sha256/", Mode: 0o755, ModTime: epoch}),
		put(blob(cdigest), config), put(blob(mdigest), manifest),
	); err != nil {
		return err
	}
	var layerPaths []string
	for _, l := range layers {
		d, err := l.Digest()
		if err != nil {
			return err
		}
		rc, err := l.Compressed()
		if err != nil {
			return err
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return err
		}
		if err := put(blob(d), b); err != nil {
			return err
		}
		layerPaths = append(layerPaths, blob(d))
	}
	index, err := json.Marshal(map[string]any{
		"schemaVersion": 2,
		"mediaType":     types.OCIImageIndex,
		"manifests": []map[string]any{{
			"mediaType": types.OCIManifestSchema1, "digest": mdigest.String(), "size": len(manifest),
			"annotations": map[string]string{"org.opencontainers.image.ref.name": tag, "io.containerd.image.name": tag},
		}},
	})
	if err != nil {
		return err
	}
	dockerManifest, err := json.Marshal([]map[string]any{{"Config": blob(cdigest), "RepoTags": []string{tag}, "Layers": layerPaths}})
	if err != nil {
		return err
	}
	return errors.Join(
		put("oci-layout", []byte(`{"imageLayoutVersion":"1.0.0"}`)),
		put("index.json", index),
		put("manifest.json", dockerManifest),
		tw.Close(),
	)
}
