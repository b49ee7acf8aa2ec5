// tlogcheck: an independent reader of a published Albo log, written against Go's
// golang.org/x/mod/sumdb/tlog and note. It reads the C2SP tlog-tiles in a directory,
// verifies the signed checkpoint, the tiles against its root (tlog.TileHashReader),
// with -entries the inclusion of every entry of the entry bundles, and with -old the
// consistency of an older checkpoint. Build offline:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go run Tools/tlogcheck/main.go -dir DIR -vkey VKEY [-entries] [-old FILE]
package main

import (
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// c2spPath maps Go's tile path (tile/8/L/N[.p/W], with the height) to C2SP's (tile/L/N[.p/W]).
func c2spPath(t tlog.Tile) string {
	return strings.Replace(t.Path(), "tile/8/", "tile/", 1)
}

type dirReader struct{ dir string }

func (r dirReader) Height() int { return 8 }

func (r dirReader) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, t := range tiles {
		data, err := os.ReadFile(filepath.Join(r.dir, c2spPath(t)))
		if err != nil {
			return nil, err
		}
		out[i] = data
	}
	return out, nil
}

func (r dirReader) SaveTiles([]tlog.Tile, [][]byte) {}

// openCheckpoint verifies a signed checkpoint and returns its tree.
func openCheckpoint(path string, verifiers note.Verifiers) (string, tlog.Tree, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", tlog.Tree{}, err
	}
	n, err := note.Open(data, verifiers)
	if err != nil {
		return "", tlog.Tree{}, fmt.Errorf("%s: %v", path, err)
	}
	lines := strings.Split(n.Text, "\n")
	if len(lines) < 4 {
		return "", tlog.Tree{}, errors.New("checkpoint too short")
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil {
		return "", tlog.Tree{}, err
	}
	raw, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(raw) != tlog.HashSize {
		return "", tlog.Tree{}, errors.New("bad root hash")
	}
	var h tlog.Hash
	copy(h[:], raw)
	return lines[0], tlog.Tree{N: size, Hash: h}, nil
}

func bundlePath(index int64, width int) string {
	t := tlog.Tile{H: 8, L: 0, N: index, W: width}
	return strings.Replace(c2spPath(t), "tile/0/", "tile/entries/", 1)
}

func main() {
	dir := flag.String("dir", "", "the published directory")
	vkey := flag.String("vkey", "", "the log's verifier key text")
	old := flag.String("old", "", "an older signed checkpoint to prove consistency with")
	entries := flag.Bool("entries", false, "verify the inclusion of every entry")
	flag.Parse()
	fail := func(format string, args ...any) {
		fmt.Fprintf(os.Stderr, "tlogcheck: "+format+"\n", args...)
		os.Exit(1)
	}
	verifier, err := note.NewVerifier(*vkey)
	if err != nil {
		fail("verifier key: %v", err)
	}
	verifiers := note.VerifierList(verifier)
	origin, tree, err := openCheckpoint(filepath.Join(*dir, "checkpoint"), verifiers)
	if err != nil {
		fail("checkpoint: %v", err)
	}
	hashes := tlog.TileHashReader(tree, dirReader{*dir})
	root, err := tlog.TreeHash(tree.N, hashes)
	if err != nil || root != tree.Hash {
		fail("tree hash from tiles: %v (got %v, checkpoint %v)", err, root, tree.Hash)
	}
	checked := 0
	if *entries {
		for start := int64(0); start < tree.N; start += 256 {
			width := int(tree.N - start)
			if width > 256 {
				width = 256
			}
			data, err := os.ReadFile(filepath.Join(*dir, bundlePath(start/256, width)))
			if err != nil {
				fail("entry bundle: %v", err)
			}
			for i := 0; i < width; i++ {
				if len(data) < 2 {
					fail("bundle %d ends early", start/256)
				}
				n := int(data[0])<<8 | int(data[1])
				if len(data) < 2+n {
					fail("bundle %d entry %d runs past the end", start/256, i)
				}
				record := data[2 : 2+n]
				data = data[2+n:]
				index := start + int64(i)
				proof, err := tlog.ProveRecord(tree.N, index, hashes)
				if err != nil {
					fail("prove record %d: %v", index, err)
				}
				if err := tlog.CheckRecord(proof, tree.N, tree.Hash, index, tlog.RecordHash(record)); err != nil {
					fail("record %d: %v", index, err)
				}
				checked++
			}
			if len(data) != 0 {
				fail("bundle %d has %d bytes past its entries", start/256, len(data))
			}
		}
	}
	if *old != "" {
		oldOrigin, oldTree, err := openCheckpoint(*old, verifiers)
		if err != nil {
			fail("old checkpoint: %v", err)
		}
		if oldOrigin != origin {
			fail("old checkpoint is for %s", oldOrigin)
		}
		proof, err := tlog.ProveTree(tree.N, oldTree.N, hashes)
		if err != nil {
			fail("prove tree: %v", err)
		}
		if err := tlog.CheckTree(proof, tree.N, tree.Hash, oldTree.N, oldTree.Hash); err != nil {
			fail("consistency with size %d: %v", oldTree.N, err)
		}
		fmt.Printf("consistent with %d\n", oldTree.N)
	}
	fmt.Printf("ok %s %d %s entries=%d\n", origin, tree.N, tree.Hash, checked)
}
