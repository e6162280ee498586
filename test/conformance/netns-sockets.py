# Holds the sockets the netstat conformance cases look at, inside the test's network namespace:
# TCP listeners (more than a page of /proc/net/tcp and tcp6), an established pair, a CLOSE_WAIT, UDP, long IPv6 addresses, UNIX stream, dgram
# and seqpacket sockets with paths and abstract names, and a listener of another user (nobody);
# processes whose argv[0] is not ASCII, not UTF-8 or long, and UNIX paths that are not ASCII.
# Prints "ready" once everything is in place and exits when stdin closes (the test ended).
import os
import socket
import sys

tmp = sys.argv[1]
keep = []

def tcp_listener(family, host, port, backlog=8):
    s = socket.socket(family, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((host, port))
    s.listen(backlog)
    keep.append(s)
    return s

server = tcp_listener(socket.AF_INET, "127.0.0.1", 18080)
client = socket.create_connection(("127.0.0.1", 18080))
accepted, _ = server.accept()
client.sendall(b"x" * 1000)  # unread: Recv-Q 1000 on the accepted side
keep += [client, accepted]

closer = socket.create_connection(("127.0.0.1", 18080))
half, _ = server.accept()
closer.close()  # the accepted end stays in CLOSE_WAIT
keep.append(half)

pending = socket.create_connection(("127.0.0.1", 18080))  # never accepted: no owner in -p
keep.append(pending)

tcp_listener(socket.AF_INET, "0.0.0.0", 2024)
# Enough listeners that /proc/net/tcp and tcp6 take several reads (a read holds one page of rows:
# 27 of 150 bytes for IPv4, fewer for IPv6), so the tables' ends are found past the first page.
for port in range(19000, 19040):
    tcp_listener(socket.AF_INET, "127.0.0.1", port)
for port in range(19100, 19140):
    tcp_listener(socket.AF_INET6, "::1", port)
long6 = "2001:db8:aaaa:bbbb:cccc:dddd:eeee:1"
server6 = tcp_listener(socket.AF_INET6, long6, 54321)
client6 = socket.create_connection((long6, 54321))
accepted6, _ = server6.accept()
keep += [client6, accepted6]
tcp_listener(socket.AF_INET6, "::", 8443)

for family, host, port in [(socket.AF_INET, "127.0.0.1", 15353), (socket.AF_INET6, long6, 5353), (socket.AF_INET, "0.0.0.0", 68)]:
    u = socket.socket(family, socket.SOCK_DGRAM)
    u.bind((host, port))
    keep.append(u)
connected = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
connected.connect(("127.0.0.1", 15353))
keep.append(connected)

for kind, name in [(socket.SOCK_STREAM, "stream.sock"), (socket.SOCK_SEQPACKET, "seq.sock")]:
    u = socket.socket(socket.AF_UNIX, kind)
    u.bind(os.path.join(tmp, name))
    u.listen(4)
    keep.append(u)
    peer = socket.socket(socket.AF_UNIX, kind)
    peer.connect(os.path.join(tmp, name))
    keep.append(peer)
    keep.append(u.accept()[0])
d = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
d.bind(os.path.join(tmp, "dgram.sock"))
keep.append(d)
abstract = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
abstract.bind("\0ptools-abstract-name")
abstract.listen(1)
keep.append(abstract)
keep += list(socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM))

# UNIX paths netstat prints as bytes: non-ASCII, not UTF-8, byte 0xa0 (which is no blank for
# sscanf's %s, though JavaScript's \s takes it for one), a space (where %s stops), and abstract
# names with such bytes and an inner NUL (shown as "@").
# A newline in a path splits its /proc/net/unix line: the rest is a bogus line netstat warns about.
for name in [b"caf\xc3\xa9.sock", b"bad\xff\xfe.sock", b"voil\xc3\xa0.sock", b"two words.sock", b"line\nbreak.sock"]:
    u = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    u.bind(os.path.join(os.fsencode(tmp), name))
    u.listen(1)
    keep.append(u)
for name in [b"\0abstract-\xff\xfe-caf\xc3\xa9", b"\0inner\0nul"]:
    u = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    u.bind(name)
    keep.append(u)

def labelled(argv0, port):
    """A process named ARGV0 (bytes) holding a TCP listener, a UDP socket and a UNIX listener on
    PORT: cat reading the shared stdin, so it ends with the test."""
    # The pipe's write end closes at the exec (os.pipe makes it close-on-exec): reading EOF from
    # it means the process shows its new name.
    execed, signal = os.pipe()
    pid = os.fork()
    if pid != 0:
        os.close(signal)
        os.read(execed, 1)
        os.close(execed)
        return pid
    os.close(execed)
    held = [tcp_listener(socket.AF_INET, "127.0.0.1", port)]
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind(("127.0.0.1", port))
    x = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    x.bind(os.path.join(tmp, "prog-%d.sock" % port))
    x.listen(1)
    held += [u, x]
    for s in held:
        s.set_inheritable(True)
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    if callable(argv0):
        argv0 = argv0(os.getpid())
    os.execv("/bin/cat", [argv0])

def straddling(pid):
    # netstat keeps 19 bytes of "PID/NAME": put the 2-byte e-acute on bytes 19 and 20.
    return b"x" * (18 - len(b"%d/" % pid)) + b"\xc3\xa9-serveur"

programs = [
    labelled(b"caf\xc3\xa9-serveur", 2101),
    labelled(straddling, 2102),
    labelled(b"bad\xff\xfe-prog", 2103),
    labelled(b"fifteen-bytes15", 2104),
    labelled(b"sixteen-bytes-16", 2105),
    labelled(b"x" * 64, 2106),
    labelled(b"/opt/r\xc3\xa9pertoire/\xce\xb1\xce\xb2\xce\xb3-daemon", 2107),
]

child = os.fork()
if child == 0:
    os.setgid(65534)
    os.setuid(65534)
    other = tcp_listener(socket.AF_INET, "127.0.0.1", 18443)
    sys.stdin.read()
    os._exit(0)

sys.stdout.write("ready\n")
sys.stdout.flush()
sys.stdin.read()
for pid in [child, *programs]:
    os.kill(pid, 9)
    os.waitpid(pid, 0)
