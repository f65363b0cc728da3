package cli

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// outputFile is a file a command writes when its work is done (--report, --csv). It is
// written beside its place under a temporary name, synced, then renamed into place: a run that
// is refused, fails or is killed leaves the previous file as it was, and a symbolic link at the
// path is replaced, never written through. A device (/dev/stdout, /dev/full, NUL) or a pipe is
// written directly: it holds nothing to keep, and cannot be renamed onto.
type outputFile struct {
	path  string
	errID string   // the message that says it could not be written ({{.Value}}, {{.Error}})
	file  *os.File // the temporary file, or the device; nil once written or discarded
	temp  bool     // file is to be renamed onto path
}

// createOutput prepares the file named by an output flag before any network traffic, so that
// a place that cannot be written is a usage error; "" gives none (nil, whose methods do
// nothing).
func createOutput(path, errID string) (*outputFile, error) {
	if path == "" {
		return nil, nil
	}
	o := &outputFile{path: path, errID: errID}
	var err error
	fi, statErr := os.Stat(path) // through a link: /dev/stdout is one
	switch {
	case statErr == nil && fi.IsDir():
		err = &fs.PathError{Op: "open", Path: path, Err: syscall.EISDIR}
	case isDevice(path, fi, statErr):
		o.file, err = os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0) // after what stdout already holds, when it is a file
	default:
		o.temp = true
		o.file, err = os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
		if err == nil {
			err = o.file.Chmod(outputMode(fi, statErr))
		}
	}
	if err != nil {
		o.discard()
		return nil, &usageError{errID, map[string]any{"Value": path, "Error": err.Error()}}
	}
	return o, nil
}

// isDevice tells a path that names a device or a pipe rather than a file: what it leads to is
// not a regular file, or it is in /dev (where /dev/stdout may lead to a file the shell opened).
func isDevice(path string, fi os.FileInfo, statErr error) bool {
	if abs, err := filepath.Abs(path); err == nil && strings.HasPrefix(abs, "/dev/") {
		return true
	}
	return statErr == nil && !fi.Mode().IsRegular()
}

// outputMode keeps the permissions of the file replaced; a new one is readable by all, as a
// file the shell creates (a report holds no secret).
func outputMode(fi os.FileInfo, statErr error) os.FileMode {
	if statErr == nil {
		return fi.Mode().Perm()
	}
	return 0o644
}

// write writes the content and puts the file in place. A failure is said on stderr and makes
// the run fail (see Env.finish).
func (o *outputFile) write(env *Env, content func(w io.Writer) error) {
	if o == nil || o.file == nil {
		return
	}
	err := content(o.file)
	if err == nil && o.temp {
		err = o.file.Sync() // the content on disk before the name points to it
	}
	if cerr := o.file.Close(); err == nil {
		err = cerr
	}
	if err == nil && o.temp {
		err = os.Rename(o.file.Name(), o.path)
	}
	if err != nil {
		if o.temp {
			_ = os.Remove(o.file.Name())
		}
		env.lostFile = true
		fmt.Fprintln(env.Stderr, env.tr.T(o.errID, map[string]any{"Value": o.path, "Error": err.Error()}))
	}
	o.file = nil
}

// discard removes the temporary file of an output that was not written; the previous file
// stays.
func (o *outputFile) discard() {
	if o == nil || o.file == nil {
		return
	}
	_ = o.file.Close()
	if o.temp {
		_ = os.Remove(o.file.Name())
	}
	o.file = nil
}

// fileArg is a file named on the command line, by its flag.
type fileArg struct {
	flag, path string
	output     bool
}

// distinctFiles refuses an output that is also another flag's file: writing it would destroy
// a file the command reads (a password, a token, certificates) or the other output.
func distinctFiles(files ...fileArg) error {
	for i, a := range files {
		for _, b := range files[i+1:] {
			if !a.output && !b.output || a.path == "" || b.path == "" || !sameFile(a.path, b.path) {
				continue
			}
			if !a.output {
				a, b = b, a
			}
			return &usageError{"cli.error.same_file", map[string]any{"Flag": "--" + a.flag, "Field": "--" + b.flag, "Value": a.path}}
		}
	}
	return nil
}

// sameFile tells whether two paths name one file: the same absolute path once cleaned, or,
// when both exist, the same file reached another way (a link, another case on Windows).
func sameFile(a, b string) bool {
	absA, errA := filepath.Abs(a)
	absB, errB := filepath.Abs(b)
	if errA == nil && errB == nil && absA == absB {
		return true
	}
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(fa, fb)
}
