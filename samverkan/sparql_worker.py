"""A SPARQL worker process: runs queries (and rdflib's parse check) where a crash or a runaway query cannot
take the server with it. Started by samverkan.sparql_pool, which calls main().

It first gives itself an empty network namespace where the kernel allows it (Linux user namespaces), so the
engine cannot make outgoing requests (SERVICE, LOAD) even if one got past the checks. It then answers
messages on stdin/stdout, each a 4-byte length and a pickle:

    ("open", None | ("path", DIR) | ("nquads", FILE))   → ("ok", None)
    ("check", TEXT, IS_UPDATE)                            → ("features", [names]) or ("unparsed", message)
    ("query", TEXT, OPTIONS)                              → ("select", SPARQL JSON) | ("ask", bool) | ("graph", N-Triples)
    ("answer", TEXT, OPTIONS, FORMATS, MAX_ROWS)          → ("chunk", bytes)… then ("answered", KIND, FORMAT, cut?)
                                                            | ("ask", bool) | ("unacceptable", KIND)
    ("probe-update", TEXT)                                → ("ok", None): the update parsed and ran on an empty store
Failures answer ("syntax", message) or ("error", message). The process exits when stdin closes.
"""

from __future__ import annotations

import ctypes
import os
import pickle
import struct
import sys
import threading

_HEADER = struct.Struct("!I")
_CLONE_NEWUSER, _CLONE_NEWNET = 0x10000000, 0x40000000
STACK_BYTES = 512 * 1024 * 1024
RECURSION_LIMIT = 200_000


def write_message(stream, message) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def read_message(stream):
    """The next message, or None at the end of the stream."""
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        return None
    (size,) = _HEADER.unpack(header)
    data = stream.read(size)
    if len(data) < size:
        return None
    return pickle.loads(data)  # noqa: S301 - the other end is our own parent process


def without_network() -> bool:
    """Move this (single-threaded) process into a new, empty network namespace; True when that worked."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return False
    flags = _CLONE_NEWNET if os.geteuid() == 0 else _CLONE_NEWUSER | _CLONE_NEWNET
    return libc.unshare(flags) == 0


def _open(spec):
    import pyoxigraph as ox  # noqa: PLC0415

    if spec is None:
        return None
    kind, where = spec
    if kind == "path":
        return ox.Store.read_only(where)
    store = ox.Store()
    store.bulk_load(path=where, format=ox.RdfFormat.N_QUADS)
    return store


def _run(store, text: str, options: dict):
    import pyoxigraph as ox  # noqa: PLC0415

    if store is None:
        raise OSError("this worker has no store")
    kwargs: dict = {"use_default_graph_as_union": options.get("union", True)}
    if options.get("default_graphs"):
        kwargs["default_graph"] = [ox.NamedNode(g) for g in options["default_graphs"]]
    if options.get("named_graphs"):
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in options["named_graphs"]]
    return store.query(text, **kwargs)


def _answer_query(store, out, text: str, options: dict, formats: dict, max_rows: int):
    """Run a query and send its answer as the endpoint sends it: bytes in the format chosen for its kind
    (formats: {"select": name, "graph": name}, None where the client accepts none), in chunks, at most
    `max_rows` rows or triples. The last message says the kind, the format and whether the answer was cut."""
    import pyoxigraph as ox  # noqa: PLC0415

    from samverkan.sparql_answer import graph_answer, select_answer  # noqa: PLC0415

    result = _run(store, text, options)
    if isinstance(result, ox.QueryBoolean):
        return ("ask", bool(result))
    kind = "graph" if isinstance(result, ox.QueryTriples) else "select"
    fmt = formats.get(kind)
    if fmt is None:
        return ("unacceptable", kind)
    if kind == "graph":
        chunks, cut = graph_answer(result, fmt, max_rows)
    else:
        chunks, cut = select_answer(result, lambda: _run(store, text, options), fmt, max_rows)
    del result
    for chunk in chunks:
        write_message(out, ("chunk", chunk))
    return ("answered", kind, fmt, cut)


def _query(store, text: str, options: dict):
    """Run a query; its results serialised by pyoxigraph (far faster to pass on than pickled terms)."""
    import pyoxigraph as ox  # noqa: PLC0415

    result = _run(store, text, options)
    if isinstance(result, ox.QueryBoolean):
        return ("ask", bool(result))
    if isinstance(result, ox.QueryTriples):
        return ("graph", result.serialize(format=ox.RdfFormat.N_TRIPLES) or b"")
    return ("select", result.serialize(format=ox.QueryResultsFormat.JSON))


def _answer(store, message, out):
    import pyoxigraph as ox  # noqa: PLC0415

    from samverkan.sparql_guard import parsed_features  # noqa: PLC0415

    op = message[0]
    if op == "check":
        try:
            return ("features", sorted(parsed_features(message[1], message[2])))
        except ValueError as exc:
            return ("unparsed", str(exc))
    if op == "query":
        return _query(store, *message[1:])
    if op == "answer":
        return _answer_query(store, out, *message[1:])
    if op == "probe-update":
        ox.Store().update(message[1])
        return ("ok", None)
    return ("error", f"unknown message {op!r}")


def serve(inp, out, isolated: bool) -> None:
    """Answer messages until the input ends."""
    sys.setrecursionlimit(RECURSION_LIMIT)
    write_message(out, ("ready", {"pid": os.getpid(), "isolated": isolated}))
    store = None
    while True:
        message = read_message(inp)
        if message is None:
            return
        try:
            if message[0] == "open":
                store = _open(message[1])
                reply = ("ok", None)
            else:
                reply = _answer(store, message, out)
        except SyntaxError as exc:
            reply = ("syntax", str(exc))
        except OSError as exc:
            reply = ("error", str(exc))
        except Exception as exc:  # noqa: BLE001 - every failure goes back to the parent as a message
            reply = ("error", f"{type(exc).__name__}: {exc}")
        write_message(out, reply)


def main() -> None:
    isolated = without_network()  # before any thread exists: unshare refuses multi-threaded processes
    inp, out = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing else may write into the message stream
    threading.stack_size(STACK_BYTES)  # parsers recurse: give them room (the bounds stay far below it)
    thread = threading.Thread(target=serve, args=(inp, out, isolated), name="sparql-worker")
    thread.start()
    thread.join()


if __name__ == "__main__":
    main()
