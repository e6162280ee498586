# Holds the sockets the netstat conformance cases look at, inside the test's network namespace:
# TCP listeners, an established pair, a CLOSE_WAIT, UDP, long IPv6 addresses, UNIX stream, dgram
# and seqpacket sockets with paths and abstract names, and a listener of another user (nobody).
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
os.kill(child, 9)
os.waitpid(child, 0)
