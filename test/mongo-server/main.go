// Command mongo-server runs FerretDB v1 (a MongoDB wire-protocol server) on SQLite for the
// integration tests: no mongod can be installed on this project's machines, and the FerretDB
// command itself panics at start when installed with `go install`, so we embed it.
//
// It listens on 127.0.0.1 (port from -port or MONGO_SERVER_PORT; 0 picks a free one), keeps its
// data in -data (or MONGO_SERVER_DATA), prints "listening mongodb://127.0.0.1:PORT/" on standard
// output once it accepts connections, and stops on SIGTERM or SIGINT (and, with
// -exit-on-stdin-close, when its standard input closes: the parent test run has gone). With
// -temporary-data it deletes the data folder when it stops.
//
// One command at a time: FerretDB v1 on SQLite reads a document and writes it back in separate
// steps, with no transaction between them (FerretDB issue #3040), so two concurrent conditional
// updates can both match and $inc can lose increments. MongoDB applies each single-document
// write atomically, and that is what our store relies on. So that the tests check our code
// against MongoDB's guarantee, FerretDB listens on an internal port and a small proxy in front
// of it passes one command at a time (-serialize=false turns it off, to see FerretDB's own
// behaviour). A client that reads and then writes in two commands is still caught: another
// client's commands can run between the two.
package main

import (
	"context"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	defaultPort := 0
	if env := os.Getenv("MONGO_SERVER_PORT"); env != "" {
		parsed, err := strconv.Atoi(env)
		if err != nil {
			fail("MONGO_SERVER_PORT is not a port number: %q", env)
		}
		defaultPort = parsed
	}
	port := flag.Int("port", defaultPort, "TCP port on 127.0.0.1; 0 picks a free one")
	dataDir := flag.String("data", os.Getenv("MONGO_SERVER_DATA"), "folder for the SQLite files (required)")
	logLevel := flag.String("log-level", "warn", "debug, info, warn or error")
	serialize := flag.Bool("serialize", true, "pass one command at a time to FerretDB")
	exitOnStdinClose := flag.Bool("exit-on-stdin-close", false, "stop when standard input closes")
	temporaryData := flag.Bool("temporary-data", false, "delete the data folder on exit")
	flag.Parse()

	if *dataDir == "" {
		fail("-data (or MONGO_SERVER_DATA) is required")
	}
	absoluteDataDir, err := filepath.Abs(*dataDir)
	if err != nil {
		fail("data folder: %s", err)
	}
	if err := os.MkdirAll(absoluteDataDir, 0o700); err != nil {
		fail("data folder: %s", err)
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fail("log level: %s", err)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	ferretAddress := fmt.Sprintf("127.0.0.1:%d", *port)
	if *serialize {
		ferretAddress = "127.0.0.1:0"
	}

	server, err := ferretdb.New(&ferretdb.Config{
		Listener: ferretdb.ListenerConfig{TCP: ferretAddress},
		Logger:   logger,
		Handler:  "sqlite",
		// A file: URI naming a directory; FerretDB keeps one SQLite file per database in it.
		SQLiteURL: "file:" + filepath.ToSlash(absoluteDataDir) + "/",
	})
	if err != nil {
		fail("%s", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	if *exitOnStdinClose {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			stop()
		}()
	}

	// New has bound FerretDB's listener already, so its address (with the port picked) is known.
	uri := server.MongoDBURI()
	if *serialize {
		proxy, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", *port))
		if err != nil {
			fail("%s", err)
		}
		backend, err := url.Parse(uri)
		if err != nil {
			fail("%s", err)
		}
		go serveOneCommandAtATime(ctx, proxy, backend.Host, logger)
		uri = fmt.Sprintf("mongodb://%s/", proxy.Addr().String())
	}
	fmt.Printf("listening %s\n", uri)

	if err := server.Run(ctx); err != nil {
		fail("%s", err)
	}
	if *temporaryData {
		_ = os.RemoveAll(absoluteDataDir)
	}
}

// Wire protocol: every message starts with a 16-byte header (length, requestID, responseTo,
// opCode, little-endian int32); an OP_MSG then has 32 bits of flags.
const (
	opMsg         = 2013
	moreToComeBit = 1 << 1
)

func readMessage(r io.Reader) ([]byte, error) {
	header := make([]byte, 16)
	if _, err := io.ReadFull(r, header); err != nil {
		return nil, err
	}
	length := int(binary.LittleEndian.Uint32(header[0:4]))
	if length < 16 || length > 64<<20 {
		return nil, fmt.Errorf("wire message of %d bytes", length)
	}
	message := make([]byte, length)
	copy(message, header)
	if _, err := io.ReadFull(r, message[16:]); err != nil {
		return nil, err
	}
	return message, nil
}

// moreToCome tells that no reply follows this request, or that more replies follow this reply.
func moreToCome(message []byte) bool {
	return binary.LittleEndian.Uint32(message[12:16]) == opMsg && len(message) >= 20 &&
		binary.LittleEndian.Uint32(message[16:20])&moreToComeBit != 0
}

func serveOneCommandAtATime(ctx context.Context, proxy net.Listener, backend string, logger *slog.Logger) {
	go func() {
		<-ctx.Done()
		_ = proxy.Close()
	}()

	var oneAtATime sync.Mutex
	for {
		client, err := proxy.Accept()
		if err != nil {
			if !errors.Is(err, net.ErrClosed) {
				logger.Error("proxy accept", "error", err)
			}
			return
		}
		go func() {
			defer client.Close()
			server, err := net.Dial("tcp", backend)
			if err != nil {
				logger.Error("proxy dial", "error", err)
				return
			}
			defer server.Close()
			go func() {
				<-ctx.Done()
				_ = client.Close()
			}()
			for {
				request, err := readMessage(client)
				if err != nil {
					return
				}
				replies, err := exchange(&oneAtATime, server, request)
				if err != nil {
					return
				}
				for _, reply := range replies {
					if _, err := client.Write(reply); err != nil {
						return
					}
				}
			}
		}()
	}
}

// exchange sends one request to FerretDB and reads its replies while no other command runs.
func exchange(oneAtATime *sync.Mutex, server net.Conn, request []byte) ([][]byte, error) {
	oneAtATime.Lock()
	defer oneAtATime.Unlock()
	if _, err := server.Write(request); err != nil {
		return nil, err
	}
	if moreToCome(request) {
		return nil, nil
	}
	var replies [][]byte
	for {
		reply, err := readMessage(server)
		if err != nil {
			return nil, err
		}
		replies = append(replies, reply)
		if !moreToCome(reply) {
			return replies, nil
		}
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "mongo-server: "+format+"\n", args...)
	os.Exit(1)
}
